import { windowMonth } from './calendar.js';
import { CsvWriter, formatCents } from './csv-writer.js';
import { RowStream } from './delayed-rows.js';
import { DefectPlan } from './dirty.js';
import type { OrderBook } from './orders.js';
import type { Catalog } from './products.js';
import { Choice, type Rng } from './prng.js';

export const ORDER_ITEM_COLUMNS = ['order_item_id', 'order_id', 'product_id', 'quantity', 'unit_price', 'discount'] as const;

export const ORDER_ITEM_DEFECTS = {
  duplicate_row: 0.01,
  missing_key: 0.005,
  non_positive_quantity: 0.008,
  unknown_order: 0.004,
  unknown_product: 0.004,
} as const;
export type OrderItemDefect = keyof typeof ORDER_ITEM_DEFECTS;

const QUANTITY = new Choice([75, 17, 6, 2]);

/** Writes order_items.csv: 1 to 5 distinct products per order, quantities mostly 1, promotion discounts. */
export function writeOrderItems(rng: Rng, orders: OrderBook, catalog: Catalog, path: string, tick: () => void): {
  readonly rows: number;
  readonly defects: Readonly<Record<OrderItemDefect, number>>;
  /** Items of future-dated orders: clean themselves, rejected downstream because their order is. */
  readonly itemsOfFutureDatedOrders: number;
} {
  let eligible = 0;
  let cascaded = 0;
  for (let i = 0; i < orders.count; i++) {
    if (orders.futureDated[i]) cascaded += orders.itemCount[i] as number;
    else eligible += orders.itemCount[i] as number;
  }
  const writer = new CsvWriter(path, ORDER_ITEM_COLUMNS);
  const stream = new RowStream(writer);
  const plan = new DefectPlan(rng, eligible, ORDER_ITEM_DEFECTS);
  const chosen: number[] = [];
  let itemId = 0;

  const priceText = Array.from(catalog.priceCents, (cents) => formatCents(cents));

  for (let i = 0; i < orders.count; i++) {
    const month = windowMonth(orders.day[i] as number);
    const sampler = month >= 11 ? catalog.holiday : catalog.regular;
    const orderDiscount = orders.discounts[orders.discountIndex[i] as number] as string;
    const orderId = String(i + 1);
    chosen.length = 0;
    for (let n = 0; n < (orders.itemCount[i] as number); n++) {
      let product = sampler.sample(rng);
      // Distinct products within an order (a second unit raises the quantity instead).
      for (let tries = 0; chosen.includes(product) && tries < 20; tries++) product = sampler.sample(rng);
      if (chosen.includes(product)) product = (product + 1) % catalog.count;
      chosen.push(product);
      itemId += 1;
      const quantity = 1 + QUANTITY.pick(rng);
      // Without a promotion, a few items carry a clearance markdown.
      const discount = orderDiscount !== '0.00' ? orderDiscount : rng.chance(0.06) ? '0.10' : '0.00';
      const defect = orders.futureDated[i] ? undefined : plan.next();
      let line: string;
      if (defect === undefined || defect === 'duplicate_row') {
        line = `${itemId},${orderId},${product + 1},${quantity},${priceText[product]},${discount}`;
      } else {
        const fields = [String(itemId), orderId, String(product + 1), String(quantity), priceText[product] as string, discount];
        if (defect === 'missing_key') fields[rng.int(0, 2)] = '';
        else if (defect === 'non_positive_quantity') fields[3] = String(-rng.int(0, 2));
        else if (defect === 'unknown_order') fields[1] = String(orders.count + rng.int(1, 1000));
        else fields[2] = String(catalog.count + rng.int(1, 50));
        line = fields.join(',');
      }
      stream.write(line);
      if (defect === 'duplicate_row') stream.repeatLater(line, rng.int(0, 80));
      tick();
    }
  }
  stream.finish();
  return { rows: writer.rows, defects: plan.counts(), itemsOfFutureDatedOrders: cascaded };
}
