// End to end: a freshly generated extract (another seed and scale than seeds/) through the example
// pipeline. Every defect the generator injects must land in silver.quarantine under the reason the
// manifest predicts, nothing else may be rejected, and every data test of the project must pass.
import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/api/index.js';
import type { ExecuteOutcome } from '../../src/api/index.js';
import { Reporter } from '../../src/reporting/console-reporter.js';
import { generate, type GeneratorManifest } from './generate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PROJECT_PARTS = ['project.yml', 'models', 'macros', 'tests', 'analyses', 'seeds'];

describe('example pipeline on a generated extract (scale 0.4, seed 7)', () => {
  let dir: string;
  let manifest: GeneratorManifest;
  let outcome: ExecuteOutcome;
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    const instance = await DuckDBInstance.create(join(dir, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
    try {
      const connection = await instance.connect();
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      instance.closeSync();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-shop-'));
    for (const part of PROJECT_PARTS) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    const raw = join(dir, 'raw');
    manifest = generate({ scale: 0.4, seed: 7, outDir: raw, progress: false });
    const reporter = new Reporter({ out: new PassThrough(), err: new PassThrough(), color: false });
    outcome = await build({ projectDir: dir, vars: { raw_data_path: raw }, reporter });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds every node and passes every data test', () => {
    const failed = outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass');
    expect(failed.map((r) => `${r.unique_id}: ${r.status} ${r.message ?? ''}`)).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((r) => r.unique_id.startsWith('test.')).length).toBeGreaterThan(100);
  });

  it('reads the generated files into bronze, every row', async () => {
    const rows = await query(`
      select 'customers.csv' as file, count(*) as n from bronze.customers
      union all select 'products.csv', count(*) from bronze.products
      union all select 'orders.csv', count(*) from bronze.orders
      union all select 'order_items.csv', count(*) from bronze.order_items`);
    const counts = Object.fromEntries(rows.map((r) => [r.file, Number(r.n)]));
    for (const [file, info] of Object.entries(manifest.files)) expect(counts[file], file).toBe(info.rows);
  });

  it('quarantines exactly the rows the generator made dirty, for the predicted reasons', async () => {
    const rows = await query('select entity, reason, count(*) as n from silver.quarantine group by entity, reason');
    const actual: Record<string, Record<string, number>> = {};
    for (const r of rows) (actual[r.entity as string] ??= {})[r.reason as string] = Number(r.n);
    expect(actual).toEqual(manifest.expected_quarantine);
  });

  it('repairs rather than rejects malformed emails and messy categories and statuses', async () => {
    const [row] = await query(`
      select
        (select count(*) from silver.customers where not has_valid_email) as bad_emails,
        (select count(*) from bronze.products as b join silver.products as s
           on cast(s.product_id as varchar) = b.product_id where b.category <> s.category) as repaired_categories,
        (select count(distinct category) from silver.products) as categories,
        (select count(*) from bronze.orders as b join silver.orders as s
           on cast(s.order_id as varchar) = b.order_id where b.status <> s.status) as repaired_statuses`);
    const defects = (file: string) => manifest.files[file]?.defects ?? {};
    expect(Number(row?.bad_emails)).toBe(defects('customers.csv').malformed_email);
    expect(Number(row?.repaired_categories)).toBe(defects('products.csv').inconsistent_category);
    expect(Number(row?.categories)).toBe(5);
    expect(Number(row?.repaired_statuses)).toBe(defects('orders.csv').inconsistent_status);
  });
});
