import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS_OF_DAY, HOUR_WEIGHTS, formatDay, formatTimestamp } from './calendar.js';
import { CITIES, MARKETING_SEGMENTS, ORDER_CHANNELS, ORDER_CHANNEL_WEIGHTS, PAYMENT_METHODS, PAYMENT_WEIGHTS } from './catalog.js';
import { CsvWriter, formatCents } from './csv-writer.js';
import { CUSTOMER_COLUMNS, writeCustomers } from './customers.js';
import { baseCounts } from './generate.js';
import { ORDER_ITEM_COLUMNS } from './order-items.js';
import { ORDER_COLUMNS, statusFor } from './orders.js';
import { Choice, forkRng } from './prng.js';
import { productsPerCategory, writeProducts } from './products.js';

/** Days one increment covers: increment K is the K-th week after the base extract's as_of_date. */
export const INCREMENT_DAYS = 7;

/** What `--increment K` wrote, also saved as `generator_increment_<K>.json` in the landing folder. */
export interface IncrementSummary {
  readonly increment: number;
  readonly first_day: string;
  /** The last day the increment covers: build with this as the as_of_date var. */
  readonly as_of_date: string;
  /** Rows per file, by path relative to the landing folder. */
  readonly files: Readonly<Record<string, number>>;
}

/** Options for one increment. */
export interface IncrementOptions {
  readonly scale: number;
  readonly seed: number;
  /** The landing folder (`<entity>/base.csv` from `--layout landing`; it need not exist yet). */
  readonly outDir: string;
  /** 1 for the first increment after the base extract, 2 for the next... */
  readonly increment: number;
}

/** The file name of increment K in each entity's landing folder; sorts after base.csv. */
export function incrementFileName(increment: number): string {
  return `increment-${String(increment).padStart(4, '0')}.csv`;
}

const HOUR = new Choice(HOUR_WEIGHTS);
const ITEMS_PER_ORDER = new Choice([35, 30, 18, 10, 7]);
const QUANTITY = new Choice([75, 17, 6, 2]);
const PAYMENT = new Choice(PAYMENT_WEIGHTS);
const CHANNEL = new Choice(ORDER_CHANNEL_WEIGHTS);

function writeCsv(path: string, header: readonly string[], lines: readonly string[]): number {
  mkdirSync(join(path, '..'), { recursive: true });
  const writer = new CsvWriter(path, header);
  for (const line of lines) writer.row(line);
  writer.close();
  return writer.rows;
}

/**
 * Writes increment K: about 1% new orders (one week after the previous extract) with their items,
 * and new versions of about 1% of the customers (moved city, new marketing segment), as
 * `<entity>/increment-<K>.csv`. Clean rows only, so every new row reaches silver. Deterministic:
 * the base's customers and catalog are regenerated from the same seed, never read from the folder.
 */
export function generateIncrement(options: IncrementOptions): IncrementSummary {
  const { scale, seed, outDir, increment } = options;
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(increment) || increment < 1) throw new Error(`--increment must be a whole number >= 1, got ${increment}`);
  const { customerCount, orderCount } = baseCounts(scale);
  const scratch = mkdtempSync(join(tmpdir(), 'mdl-increment-'));
  try {
    const customers = writeCustomers(forkRng(seed, 1), customerCount, join(scratch, 'customers.csv'), () => {});
    const products = writeProducts(forkRng(seed, 2), productsPerCategory(scale), join(scratch, 'products.csv'), () => {});
    const catalog = products.catalog;
    const rng = forkRng(seed, 100 + increment);
    const perIncrement = Math.max(10, Math.round(orderCount / 100));
    const firstDay = AS_OF_DAY + (increment - 1) * INCREMENT_DAYS + 1;
    const lastDay = firstDay + INCREMENT_DAYS - 1;
    // New ids never collide: base order ids are 1..count and its unknown_order defects point at
    // count + 1..1000; base item ids stay below 5 per order.
    const firstOrderId = orderCount + 1000 + (increment - 1) * perIncrement + 1;
    let itemId = 5 * orderCount + (increment - 1) * 5 * perIncrement;

    const days = Array.from({ length: perIncrement }, () => rng.int(firstDay, lastDay)).sort((a, b) => a - b);
    const orders: string[] = [];
    const items: string[] = [];
    days.forEach((day, i) => {
      const orderId = firstOrderId + i;
      const customerId = customers.population.propensity.sample(rng) + 1;
      const second = HOUR.pick(rng) * 3600 + rng.int(0, 3599);
      const loyalty = rng.chance(0.05);
      orders.push(`${orderId},${customerId},${formatTimestamp(day, second)},${statusFor(rng, lastDay - day)},` +
        `${PAYMENT_METHODS[PAYMENT.pick(rng)]},${ORDER_CHANNELS[CHANNEL.pick(rng)]},${loyalty ? 'LOYALTY5' : ''}`);
      const chosen: number[] = [];
      const count = 1 + ITEMS_PER_ORDER.pick(rng);
      for (let n = 0; n < count; n++) {
        let product = catalog.regular.sample(rng);
        for (let tries = 0; chosen.includes(product) && tries < 20; tries++) product = catalog.regular.sample(rng);
        if (chosen.includes(product)) continue;
        chosen.push(product);
        itemId += 1;
        items.push(`${itemId},${orderId},${product + 1},${1 + QUANTITY.pick(rng)},${formatCents(catalog.priceCents[product] as number)},${loyalty ? '0.05' : '0.00'}`);
      }
    });

    // Updated customers: the first base row of each chosen id, moved to another city and segment.
    const updates = Math.max(5, Math.round(customerCount / 100));
    const chosenIds = new Set<number>();
    while (chosenIds.size < Math.min(updates, customerCount)) chosenIds.add(rng.int(1, customerCount));
    const baseRows = new Map<number, string[]>();
    for (const line of readFileSync(join(scratch, 'customers.csv'), 'latin1').split('\n').slice(1)) {
      const id = Number(line.slice(0, line.indexOf(',')));
      if (chosenIds.has(id) && !baseRows.has(id)) baseRows.set(id, line.split(','));
    }
    const customerLines = [...chosenIds].sort((a, b) => a - b).map((id) => {
      const fields = [...(baseRows.get(id) as string[])];
      const [city, state, country] = rng.pick(CITIES.filter((c) => c[0] !== fields[6]));
      fields[6] = city;
      fields[7] = state;
      fields[8] = country;
      fields[11] = rng.pick(MARKETING_SEGMENTS.filter((s) => s !== fields[11]));
      return fields.join(',');
    });

    const name = incrementFileName(increment);
    const files: Record<string, number> = {
      [`customers/${name}`]: writeCsv(join(outDir, 'customers', name), CUSTOMER_COLUMNS, customerLines),
      [`orders/${name}`]: writeCsv(join(outDir, 'orders', name), ORDER_COLUMNS, orders),
      [`order_items/${name}`]: writeCsv(join(outDir, 'order_items', name), ORDER_ITEM_COLUMNS, items),
    };
    const summary: IncrementSummary = { increment, first_day: formatDay(firstDay), as_of_date: formatDay(lastDay), files };
    writeFileSync(join(outDir, `generator_increment_${String(increment).padStart(4, '0')}.json`), JSON.stringify(summary, null, 2) + '\n');
    return summary;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
