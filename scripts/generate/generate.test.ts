import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, MANIFEST_FILE, type GeneratorManifest } from './generate.js';

const SEEDS = join(import.meta.dirname, '..', '..', 'seeds');
const FILES = ['customers.csv', 'products.csv', 'orders.csv', 'order_items.csv', MANIFEST_FILE];
const CATEGORIES = ['Electronics', 'Home & Kitchen', 'Fashion', 'Sports & Outdoors', 'Books'];
const STATUSES = ['delivered', 'shipped', 'processing', 'cancelled', 'returned'];
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

type Row = Record<string, string>;

/** A small RFC 4180 reader: enough for the generator's output (quoted fields, no embedded newlines). */
function readCsv(path: string): { lines: string[]; rows: Row[] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const header = (lines.shift() as string).split(',');
  const rows = lines.map((line) => {
    const values: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
        else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') values.push(field), (field = '');
      else field += ch;
    }
    values.push(field);
    expect(values).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, values[i] as string]));
  });
  return { lines, rows };
}

const duplicates = (lines: readonly string[]): number => lines.length - new Set(lines).size;
const distinctCount = (rows: readonly Row[], pick: (r: Row) => boolean): number =>
  new Set(rows.filter(pick).map((r) => JSON.stringify(r))).size;

describe('generator at scale 1, seed 42', () => {
  let dir: string;
  let manifest: GeneratorManifest;
  let customers: ReturnType<typeof readCsv>;
  let products: ReturnType<typeof readCsv>;
  let orders: ReturnType<typeof readCsv>;
  let items: ReturnType<typeof readCsv>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-generate-'));
    manifest = generate({ scale: 1, seed: 42, outDir: dir, progress: false });
    customers = readCsv(join(dir, 'customers.csv'));
    products = readCsv(join(dir, 'products.csv'));
    orders = readCsv(join(dir, 'orders.csv'));
    items = readCsv(join(dir, 'order_items.csv'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduces the committed seeds byte for byte', () => {
    for (const file of FILES) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(SEEDS, file))), file).toBe(true);
    }
  });

  it('has the published entity counts', () => {
    expect(new Set(customers.rows.map((r) => r.customer_id).filter(Boolean)).size).toBe(500);
    expect(new Set(products.rows.map((r) => r.product_id)).size).toBe(100);
    expect(new Set(orders.rows.map((r) => r.order_id).filter(Boolean)).size).toBe(1000);
    expect(items.rows.length).toBeGreaterThanOrEqual(2000);
    const perCategory = new Map<string, Set<string>>();
    for (const r of products.rows) {
      const name = CATEGORIES.find((c) => c.toLowerCase() === (r.category as string).trim().toLowerCase());
      expect(name, r.category).toBeDefined();
      perCategory.set(name as string, (perCategory.get(name as string) ?? new Set()).add(r.product_id as string));
    }
    expect([...perCategory.values()].map((s) => s.size)).toEqual([20, 20, 20, 20, 20]);
  });

  it('shows November and December above the monthly average, and a long tail of customers', () => {
    const inWindow = orders.rows.filter((r) => r.order_id && (r.order_date as string) <= '2024-12-31 23:59:59');
    const byMonth = new Map<number, number>();
    for (const r of inWindow) {
      const m = Number((r.order_date as string).slice(5, 7));
      byMonth.set(m, (byMonth.get(m) ?? 0) + 1);
    }
    const average = inWindow.length / 12;
    expect(byMonth.get(11)).toBeGreaterThan(average * 1.2);
    expect(byMonth.get(12)).toBeGreaterThan(average * 1.2);

    const perCustomer = new Map<string, number>();
    for (const r of inWindow) perCustomer.set(r.customer_id as string, (perCustomer.get(r.customer_id as string) ?? 0) + 1);
    const counts = [...perCustomer.values()].sort((a, b) => b - a);
    const top20 = counts.slice(0, 100).reduce((a, b) => a + b, 0);
    expect(top20 / inWindow.length).toBeGreaterThan(0.5); // 20% of the 500 customers place most orders
    expect(perCustomer.size).toBeLessThan(500); // and some never order

    const perOrder = new Map<string, number>();
    for (const r of items.rows) perOrder.set(r.order_id as string, (perOrder.get(r.order_id as string) ?? 0) + 1);
    const sizes = new Set(orders.rows.map((r) => perOrder.get(r.order_id as string) ?? 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6); // 5 + at most one duplicated row
    expect(new Set(orders.rows.map((r) => r.status?.trim().toLowerCase()))).toEqual(new Set(STATUSES));
    expect(items.rows.some((r) => r.discount !== '0.00')).toBe(true);
  });

  it('contains each kind of dirty data, with the counts the manifest claims', () => {
    const f = manifest.files;
    expect(duplicates(customers.lines)).toBe(f['customers.csv']?.defects.duplicate_row);
    expect(customers.rows.filter((r) => !r.customer_id).length).toBe(f['customers.csv']?.defects.missing_key);
    expect(distinctCount(customers.rows, (r) => !EMAIL.test(r.email as string) && !!r.customer_id)).toBe(
      f['customers.csv']?.defects.malformed_email,
    );

    expect(duplicates(products.lines)).toBe(f['products.csv']?.defects.duplicate_row);
    expect(distinctCount(products.rows, (r) => !CATEGORIES.includes(r.category as string))).toBe(
      f['products.csv']?.defects.inconsistent_category,
    );

    const future = new Set(orders.rows.filter((r) => (r.order_date as string) > '2024-12-31 23:59:59').map((r) => r.order_id));
    expect(duplicates(orders.lines)).toBe(f['orders.csv']?.defects.duplicate_row);
    expect(orders.rows.filter((r) => !r.order_id).length).toBe(f['orders.csv']?.defects.missing_key);
    expect(future.size).toBe(f['orders.csv']?.defects.future_date);
    expect(distinctCount(orders.rows, (r) => !STATUSES.includes(r.status as string))).toBe(f['orders.csv']?.defects.inconsistent_status);

    const orderIds = new Set(orders.rows.map((r) => r.order_id).filter(Boolean));
    const productIds = new Set(products.rows.map((r) => r.product_id));
    const d = f['order_items.csv']?.defects;
    expect(duplicates(items.lines)).toBe(d?.duplicate_row);
    expect(items.rows.filter((r) => !r.order_item_id || !r.order_id || !r.product_id).length).toBe(d?.missing_key);
    expect(items.rows.filter((r) => Number(r.quantity) <= 0).length).toBe(d?.non_positive_quantity);
    expect(items.rows.filter((r) => r.order_id && !orderIds.has(r.order_id)).length).toBe(d?.unknown_order);
    expect(items.rows.filter((r) => r.product_id && !productIds.has(r.product_id)).length).toBe(d?.unknown_product);
    expect(items.rows.filter((r) => future.has(r.order_id)).length).toBe(manifest.cascades.order_items_of_future_dated_orders);

    for (const file of Object.values(f)) for (const count of Object.values(file.defects)) expect(count).toBeGreaterThan(0);
    // A few percent, not a flood: no kind of defect touches more than 8% of a file's rows.
    for (const [name, file] of Object.entries(f)) {
      for (const count of Object.values(file.defects)) expect(count / file.rows, name).toBeLessThanOrEqual(0.08);
    }
  });
});

describe('generator options', () => {
  it('scales customers and orders, grows products slowly, and changes with the seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-generate-'));
    try {
      const manifest = generate({ scale: 2, seed: 7, outDir: dir, progress: false });
      const customerIds = new Set(readCsv(join(dir, 'customers.csv')).rows.map((r) => r.customer_id).filter(Boolean));
      const orderIds = new Set(readCsv(join(dir, 'orders.csv')).rows.map((r) => r.order_id).filter(Boolean));
      expect(customerIds.size).toBe(1000);
      expect(orderIds.size).toBe(2000);
      expect(manifest.files['products.csv']?.rows).toBe(102);
      expect(readFileSync(join(dir, 'orders.csv')).equals(readFileSync(join(SEEDS, 'orders.csv')))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a non-positive scale', () => {
    expect(() => generate({ scale: 0, seed: 1, outDir: tmpdir(), progress: false })).toThrow(/--scale/);
  });
});
