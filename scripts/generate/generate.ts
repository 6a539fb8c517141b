import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AS_OF_DATE, WINDOW_END, WINDOW_START, formatDay } from './calendar.js';
import { CATEGORIES } from './catalog.js';
import { writeCustomers } from './customers.js';
import { writeOrderItems } from './order-items.js';
import { writeOrders } from './orders.js';
import { forkRng } from './prng.js';
import { productsPerCategory, writeProducts } from './products.js';
import { Progress } from './progress.js';

/** Options for one generation run. */
export interface GenerateOptions {
  readonly scale: number;
  readonly seed: number;
  readonly outDir: string;
  /** Draw a progress bar (default: when stdout is a TTY). */
  readonly progress?: boolean;
  /**
   * `flat` (default): `<outDir>/<entity>.csv`, the layout of `seeds/` and the raw_data_path var.
   * `landing`: `<outDir>/<entity>/base.csv`, the first file of each landing folder that the
   * landing_path var ingests file by file (increments are added beside it).
   */
  readonly layout?: Layout;
}

/** Where the raw files go: one folder of files, or one landing folder per entity. */
export type Layout = 'flat' | 'landing';

/** The path of an entity's base extract in a layout (creating its folder). */
export function baseFile(outDir: string, entity: string, layout: Layout = 'flat'): string {
  if (layout === 'flat') return join(outDir, `${entity}.csv`);
  mkdirSync(join(outDir, entity), { recursive: true });
  return join(outDir, entity, 'base.csv');
}

/** Per-file facts in the manifest. */
export interface FileSummary {
  readonly rows: number;
  /** Injected defects by kind: rows written with that problem (or extra rows for duplicates/missing keys). */
  readonly defects: Readonly<Record<string, number>>;
}

/**
 * `generator_manifest.json`, written next to the CSVs. Contains nothing run-dependent (no timestamps),
 * so it is byte-identical for the same seed and scale like the CSVs.
 */
export interface GeneratorManifest {
  readonly generator: 'mdl-shop';
  readonly version: 1;
  readonly seed: number;
  readonly scale: number;
  readonly as_of_date: string;
  readonly order_window: { readonly start: string; readonly end: string };
  readonly categories: readonly string[];
  readonly files: Readonly<Record<string, FileSummary>>;
  /** Clean rows rejected downstream because a row they depend on is dirty. */
  readonly cascades: { readonly order_items_of_future_dated_orders: number };
  /**
   * The rows the silver layer should quarantine, by entity and reason, derived from the defects:
   * malformed emails and inconsistent casing are repaired rather than rejected.
   */
  readonly expected_quarantine: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** How many customers and orders the base extract of a scale has (ids 1..count). */
export function baseCounts(scale: number): { readonly customerCount: number; readonly orderCount: number } {
  return { customerCount: Math.max(10, Math.round(500 * scale)), orderCount: Math.max(10, Math.round(1000 * scale)) };
}

export const MANIFEST_FILE = 'generator_manifest.json';

/** Writes customers.csv, products.csv, orders.csv, order_items.csv (or the landing layout) and the manifest into `outDir`. */
export function generate(options: GenerateOptions): GeneratorManifest {
  const { scale, seed, outDir } = options;
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${seed}`);
  mkdirSync(outDir, { recursive: true });

  const { customerCount, orderCount } = baseCounts(scale);
  const perCategory = productsPerCategory(scale);
  const estimatedWork = customerCount + perCategory * CATEGORIES.length + orderCount * 3.3;
  const progress = new Progress(estimatedWork, options.progress);

  progress.phase('customers.csv');
  const customers = writeCustomers(forkRng(seed, 1), customerCount, baseFile(outDir, 'customers', options.layout), progress.tick);
  progress.phase('products.csv');
  const products = writeProducts(forkRng(seed, 2), perCategory, baseFile(outDir, 'products', options.layout), progress.tick);
  progress.phase('orders.csv');
  const orders = writeOrders(forkRng(seed, 3), orderCount, customers.population, baseFile(outDir, 'orders', options.layout), progress.tick);
  progress.phase('order_items.csv');
  const items = writeOrderItems(forkRng(seed, 4), orders.book, products.catalog, baseFile(outDir, 'order_items', options.layout), progress.tick);
  progress.finish();

  const c = customers.defects;
  const p = products.defects;
  const o = orders.defects;
  const i = items.defects;
  const manifest: GeneratorManifest = {
    generator: 'mdl-shop',
    version: 1,
    seed,
    scale,
    as_of_date: AS_OF_DATE,
    order_window: { start: formatDay(WINDOW_START), end: formatDay(WINDOW_END) },
    categories: CATEGORIES.map((k) => k.name),
    files: {
      'customers.csv': { rows: customers.rows, defects: c },
      'products.csv': { rows: products.rows, defects: p },
      'orders.csv': { rows: orders.rows, defects: o },
      'order_items.csv': { rows: items.rows, defects: i },
    },
    cascades: { order_items_of_future_dated_orders: items.itemsOfFutureDatedOrders },
    expected_quarantine: {
      customers: { duplicate: c.duplicate_row, missing_key: c.missing_key },
      products: { duplicate: p.duplicate_row },
      orders: { duplicate: o.duplicate_row, future_date: o.future_date, missing_key: o.missing_key },
      order_items: {
        duplicate: i.duplicate_row,
        missing_key: i.missing_key,
        non_positive_quantity: i.non_positive_quantity,
        unknown_order: i.unknown_order + items.itemsOfFutureDatedOrders,
        unknown_product: i.unknown_product,
      },
    },
  };
  writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
