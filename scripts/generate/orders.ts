import { ORDER_CHANNELS, ORDER_CHANNEL_WEIGHTS, PAYMENT_METHODS, PAYMENT_WEIGHTS, STATUSES } from './catalog.js';
import { AS_OF_DAY, HOUR_WEIGHTS, WINDOW_START, formatTimestamp, orderDayWeights, promotionOn, type Promotion } from './calendar.js';
import { CsvWriter, csvField } from './csv-writer.js';
import type { CustomerPopulation } from './customers.js';
import { RowStream } from './delayed-rows.js';
import { DefectPlan } from './dirty.js';
import { Choice, WeightedSampler, type Rng } from './prng.js';

export const ORDER_COLUMNS = ['order_id', 'customer_id', 'order_date', 'status', 'payment_method', 'channel', 'promo_code'] as const;

export const ORDER_DEFECTS = { duplicate_row: 0.015, missing_key: 0.004, future_date: 0.004, inconsistent_status: 0.03 } as const;
export type OrderDefect = keyof typeof ORDER_DEFECTS;

/** Discount codes used outside the promotion calendar (loyalty coupons). */
const LOYALTY: Promotion = { code: 'LOYALTY5', discount: '0.05' };

/** What order items need per order (index = order id - 1). */
export interface OrderBook {
  readonly count: number;
  readonly day: Int32Array;
  readonly itemCount: Uint8Array;
  /** Index into {@link OrderBook.discounts}: the promotion's discount for the whole order. */
  readonly discountIndex: Uint8Array;
  readonly discounts: readonly string[];
  /** 1 when the order was given a future date: its items are kept clean and counted as a cascade. */
  readonly futureDated: Uint8Array;
}

const STATUS_BY_AGE = {
  lastDays: new Choice([0, 35, 58, 7, 0]),
  lastWeek: new Choice([45, 40, 8, 6, 1]),
  lastMonth: new Choice([83, 5, 0, 6, 6]),
  settled: new Choice([86, 0, 0, 6, 8]),
};

/** Older orders have settled (delivered, or cancelled/returned); the last days are still in flight. */
export function statusFor(rng: Rng, ageDays: number): string {
  const choice = ageDays < 3 ? STATUS_BY_AGE.lastDays : ageDays < 10 ? STATUS_BY_AGE.lastWeek
    : ageDays < 30 ? STATUS_BY_AGE.lastMonth : STATUS_BY_AGE.settled;
  return STATUSES[choice.pick(rng)] as string;
}

const HOUR = new Choice(HOUR_WEIGHTS);
const ITEMS_PER_ORDER = new Choice([35, 30, 18, 10, 7]);
const PAYMENT = new Choice(PAYMENT_WEIGHTS);
const CHANNEL = new Choice(ORDER_CHANNEL_WEIGHTS);

function messUp(rng: Rng, status: string): string {
  switch (rng.int(0, 3)) {
    case 0: return status.toUpperCase();
    case 1: return status.charAt(0).toUpperCase() + status.slice(1);
    case 2: return ` ${status}`;
    default: return `${status.toUpperCase()} `;
  }
}

/** Writes orders.csv: ids in time order, seasonal and weekday volume, customers by propensity. */
export function writeOrders(rng: Rng, count: number, customers: CustomerPopulation, path: string, tick: () => void): {
  readonly book: OrderBook;
  readonly rows: number;
  readonly defects: Readonly<Record<OrderDefect, number>>;
} {
  const daySampler = new WeightedSampler(orderDayWeights());
  const day = new Int32Array(count);
  for (let i = 0; i < count; i++) day[i] = WINDOW_START + daySampler.sample(rng);
  day.sort();

  const writer = new CsvWriter(path, ORDER_COLUMNS);
  const stream = new RowStream(writer);
  const plan = new DefectPlan(rng, count, ORDER_DEFECTS);
  const itemCount = new Uint8Array(count);
  const discountIndex = new Uint8Array(count);
  const futureDated = new Uint8Array(count);
  const discounts = ['0.00', LOYALTY.discount, '0.10', '0.15', '0.20', '0.25'];
  let eligible = 0;

  for (let i = 0; i < count; i++) {
    const orderDay = day[i] as number;
    // Only customers who have signed up by the order's day can place it.
    while (eligible < customers.count && (customers.signupDay[eligible] as number) <= orderDay) eligible++;
    const customerId = customers.propensity.sample(rng, Math.max(1, eligible)) + 1;
    const second = HOUR.pick(rng) * 3600 + rng.int(0, 3599);
    let status = statusFor(rng, AS_OF_DAY - orderDay);
    const promotion = promotionOn(orderDay);
    let promo: Promotion | undefined;
    if (promotion && rng.chance(0.45)) promo = promotion;
    else if (rng.chance(0.05)) promo = LOYALTY;
    discountIndex[i] = promo ? discounts.indexOf(promo.discount) : 0;
    itemCount[i] = 1 + ITEMS_PER_ORDER.pick(rng);

    const defect = plan.next();
    let timestamp = formatTimestamp(orderDay, second);
    if (defect === 'future_date') {
      futureDated[i] = 1;
      timestamp = formatTimestamp(AS_OF_DAY + rng.int(30, 900), second);
    }
    if (defect === 'inconsistent_status') status = csvField(messUp(rng, status));
    const withoutKey = `${customerId},${timestamp},${status},${PAYMENT_METHODS[PAYMENT.pick(rng)]},` +
      `${ORDER_CHANNELS[CHANNEL.pick(rng)]},${promo ? promo.code : ''}`;
    const line = `${i + 1},${withoutKey}`;
    stream.write(line);
    if (defect === 'duplicate_row') stream.repeatLater(line, rng.int(0, 60));
    if (defect === 'missing_key') stream.repeatLater(`,${withoutKey}`, rng.int(0, 60));
    tick();
  }
  stream.finish();
  return { book: { count, day, itemCount, discountIndex, discounts, futureDated }, rows: writer.rows, defects: plan.counts() };
}
