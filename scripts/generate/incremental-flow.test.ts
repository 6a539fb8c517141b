// End to end: the README's incremental flow on a copy of the example. Generate the base extract in
// the landing layout, build with landing_path, build again (nothing new), add increment 1 and build
// once more: bronze ingests only the new files, silver keeps the latest version of each customer,
// and every data test (the gold revenue reconciliations included) passes.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type ExecuteOutcome } from '../../src/api/index.js';
import { captureReporter, queryDb, warehouseOf } from '../../src/test-support/project.js';
import { generate } from './generate.js';
import { generateIncrement, type IncrementSummary } from './increment.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PROJECT_PARTS = ['project.yml', 'models', 'macros', 'tests', 'analyses', 'seeds', 'snapshots'];
const ENTITIES = ['customers', 'products', 'orders', 'order_items'] as const;
const LANDING = 'data/landing';

type Counts = Record<(typeof ENTITIES)[number], number>;

describe('incremental flow: landing files, a build with nothing new, one increment', () => {
  let dir: string;
  const runs: ExecuteOutcome[] = [];
  const counts: Counts[] = [];
  let increment: IncrementSummary;

  const bronzeCounts = async (): Promise<Counts> => {
    const rows = await queryDb(warehouseOf(dir), ENTITIES.map((e) => `select '${e}' as entity, count(*) as n from bronze.${e}`).join(' union all '));
    return Object.fromEntries(rows.map((r) => [String(r.entity), Number(r.n)])) as Counts;
  };
  const buildWith = async (vars: Record<string, unknown>): Promise<void> => {
    runs.push(await build({ projectDir: dir, vars: { landing_path: LANDING, ...vars }, reporter: captureReporter().reporter }));
    counts.push(await bronzeCounts());
  };
  const failures = (outcome: ExecuteOutcome) =>
    outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.unique_id}: ${r.status} ${r.message ?? ''}`);
  const rowsOf = (outcome: ExecuteOutcome, name: string) => outcome.results.find((r) => r.name === name)?.rows;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-incremental-'));
    for (const part of PROJECT_PARTS) if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    generate({ scale: 1, seed: 42, outDir: join(dir, LANDING), layout: 'landing', progress: false });
    await buildWith({});
    await buildWith({});
    increment = generateIncrement({ scale: 1, seed: 42, outDir: join(dir, LANDING), increment: 1 });
    await buildWith({ as_of_date: increment.as_of_date });
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('first build ingests every base file and passes every data test', () => {
    expect(failures(runs[0]!)).toEqual([]);
    expect(runs[0]!.exitCode).toBe(0);
    // The base landing files are the committed seeds, row for row.
    expect(counts[0]).toEqual({ customers: 508, products: 102, orders: 1019, order_items: 2250 });
  });

  it('a second build with no new files adds 0 bronze rows and stays green', () => {
    expect(failures(runs[1]!)).toEqual([]);
    for (const e of ENTITIES) expect(rowsOf(runs[1]!, `bronze_${e}`), e).toBe(0);
    expect(counts[1]).toEqual(counts[0]);
  });

  it('after --increment 1, bronze grows by exactly the new files\' rows and every test passes', async () => {
    expect(failures(runs[2]!)).toEqual([]);
    expect(runs[2]!.exitCode).toBe(0);
    const added = (e: string) => increment.files[`${e}/increment-0001.csv`] ?? 0;
    expect(added('orders')).toBeGreaterThanOrEqual(10);
    for (const e of ENTITIES) {
      expect(counts[2]![e] - counts[1]![e], e).toBe(added(e));
      expect(rowsOf(runs[2]!, `bronze_${e}`), e).toBe(added(e));
    }
    const ingested = await queryDb(warehouseOf(dir), `select regexp_extract(path, '[^/]+/[^/]+$') as file, rows
      from bronze.mdl_ingested_files where path like '%increment-0001.csv' order by 1`);
    expect(ingested).toEqual(Object.entries(increment.files).sort().map(([file, rows]) => ({ file, rows })));
  });

  it('silver keeps the latest version of each updated customer; the old version is quarantined as superseded', async () => {
    const db = warehouseOf(dir);
    const updated = await queryDb(db, `select count(*) as n from bronze.customers b
      join silver.customers s on s.customer_id = cast(b.customer_id as bigint) and s.city = b.city and s.marketing_segment = b.marketing_segment
      where b._source_file like '%increment-0001.csv'`);
    expect(updated).toEqual([{ n: increment.files['customers/increment-0001.csv'] }]);
    const [superseded] = await queryDb(db, "select count(*) as n from silver.quarantine where reason = 'superseded'");
    expect(Number(superseded!.n)).toBeGreaterThanOrEqual(increment.files['customers/increment-0001.csv']!);
    // Customers are updated, not added: silver has as many as before the increment.
    expect(await queryDb(db, 'select count(*) as n from silver.customers')).toEqual([{ n: 500 }]);
  });

  it('gold includes the new week and its revenue reconciles', async () => {
    const db = warehouseOf(dir);
    const newOrders = await queryDb(db, "select count(*) as n from silver.orders where ordered_at >= date '2025-01-01'");
    expect(newOrders).toEqual([{ n: increment.files['orders/increment-0001.csv'] }]);
    const january = await queryDb(db, "select count(*) as n from gold.monthly_revenue where month >= date '2025-01-01'");
    expect(january).toEqual([{ n: 1 }]);
    const reconciliations = runs[2]!.results.filter((r) => /revenue_agrees_across_gold|bronze_equals_silver_plus_quarantine|shares_add_up/.test(r.name));
    expect(reconciliations.map((r) => [r.name, r.status])).toEqual(expect.arrayContaining([
      ['revenue_agrees_across_gold', 'pass'], ['bronze_equals_silver_plus_quarantine', 'pass'], ['shares_add_up', 'pass'],
    ]));
  });
});
