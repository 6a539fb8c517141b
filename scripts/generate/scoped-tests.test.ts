// With landing files the example's costly uniqueness and relationship tests are scoped
// (tests/generic/unique_scoped.sql): they look at the rows the latest build wrote and at children of
// parents it decided again or forgot, instead of every row. This shows they still find what a full
// check finds when the latest build caused it (a duplicate of an old key, an old child whose parent
// left silver in this build), and where the scope ends: a fault in rows no build touched since the
// tests last passed is not looked at again.
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { build, test } from '../../src/api/index.js';
import { captureReporter, queryDb, warehouseOf } from '../../src/test-support/project.js';
import { generate } from './generate.js';
import { generateIncrement } from './increment.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PROJECT_PARTS = ['project.yml', 'models', 'macros', 'tests', 'analyses', 'seeds', 'snapshots'];

describe('scoped data tests after an incremental build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-scoped-'));
  const landing = join(dir, 'data', 'landing');
  const db = warehouseOf(dir);
  const pristine = join(dir, 'after-increment.duckdb');
  let vars: Record<string, unknown> = {};

  beforeAll(async () => {
    for (const part of PROJECT_PARTS) if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    generate({ scale: 1, seed: 42, outDir: landing, layout: 'landing', progress: false });
    expect((await build({ projectDir: dir, vars: { landing_path: landing }, reporter: captureReporter().reporter })).exitCode).toBe(0);
    const summary = generateIncrement({ scale: 1, seed: 42, outDir: landing, increment: 1 });
    vars = { landing_path: landing, as_of_date: summary.as_of_date };
    expect((await build({ projectDir: dir, vars, reporter: captureReporter().reporter })).exitCode).toBe(0);
    copyFileSync(db, pristine);
  }, 120_000);
  beforeEach(() => copyFileSync(pristine, db));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the data tests of `model` and returns the names of the scoped ones that fail (a long name ends in a hash). */
  async function failingTests(model: string): Promise<string[]> {
    const outcome = await test({ projectDir: dir, vars, select: [model], reporter: captureReporter().reporter });
    expect(outcome.results.filter((r) => r.status === 'error')).toEqual([]);
    return outcome.results.filter((r) => r.status === 'fail' && /^(unique|relationships)_scoped_/.test(r.name)).map((r) => r.name);
  }

  /** An old accepted order (checked before the latest build) that has items in silver. */
  async function oldOrderWithItems(): Promise<number> {
    const rows = await queryDb(db, `select o.order_id from silver.order_checks o
      where o.reject_reason is null and o._checked_at < (select max(_checked_at) from silver.order_checks)
        and exists (select 1 from silver.order_item_checks i where i.order_id = o.order_id and i.reject_reason is null
          and i._checked_at < (select max(_checked_at) from silver.order_item_checks))
      order by 1 limit 1`);
    expect(rows).toHaveLength(1);
    return Number(rows[0]!.order_id);
  }

  it('pass on the build as it is', async () => {
    expect(await failingTests('silver_orders')).toEqual([]);
    expect(await failingTests('silver_order_items')).toEqual([]);
  });

  it('find a new row that repeats an old key', async () => {
    const old = await oldOrderWithItems();
    await queryDb(db, `insert into silver.order_checks
      select * replace (_row_number + 1000000 as _row_number, (select max(_checked_at) from silver.order_checks) as _checked_at)
      from silver.order_checks where order_id = ${old} and reject_reason is null`);
    expect(await failingTests('silver_orders')).toEqual([expect.stringMatching(/^unique_scoped_silver_orders_order_id/)]);
  });

  it('find old children of a parent the latest build rejected, or forgot', async () => {
    const old = await oldOrderWithItems();
    await queryDb(db, `update silver.order_checks set reject_reason = 'invalid_value', _checked_at = (select max(_checked_at) from silver.order_checks)
      where order_id = ${old}`);
    expect(await failingTests('silver_order_items')).toEqual([expect.stringMatching(/^relationships_scoped_silver_or/)]);

    copyFileSync(pristine, db);
    await queryDb(db, `insert into silver.mdl_forgotten_order_checks select ${old}, max(_checked_at) from silver.order_checks`);
    await queryDb(db, `delete from silver.order_checks where order_id = ${old}`);
    expect(await failingTests('silver_order_items')).toEqual([expect.stringMatching(/^relationships_scoped_silver_or/)]);
  });

  it('find a gold fact row of an order whose lines the latest build removed, left behind', async () => {
    // sales_by_order dropped the order (its lines are gone) but sales_by_order_product kept a row.
    const rows = await queryDb(db, `select order_id from gold.sales_by_order_product
      where _built_at < (select max(_built_at) from gold.sales_by_order_product) order by 1 limit 1`);
    expect(rows).toHaveLength(1);
    const old = Number(rows[0]!.order_id);
    await queryDb(db, `insert into silver.mdl_removed_order_lines
      select order_item_id, order_id, (select max(_refreshed_at) from silver.order_lines) from silver.order_lines where order_id = ${old}`);
    await queryDb(db, `delete from gold.sales_by_order where order_id = ${old}`);
    expect(await failingTests('sales_by_order_product')).toEqual([expect.stringMatching(/^relationships_scoped_sales_by__/)]);
  });

  it('find a line the latest build wrote with the wrong revenue (the row-local line_revenue test looks at those lines only)', async () => {
    const test_ = async () => (await test({ projectDir: dir, vars, select: ['line_revenue_follows_the_rule'], reporter: captureReporter().reporter })).results[0]!.status;
    expect(await test_()).toBe('pass');
    await queryDb(db, `update silver.order_lines set line_revenue = line_revenue + 1
      where order_item_id = (select min(order_item_id) from silver.order_lines where _refreshed_at = (select max(_refreshed_at) from silver.order_lines))`);
    expect(await test_()).toBe('fail');
  });

  it('check every row when the latest build of the child, or of the parent, wrote every row (a first or full build)', async () => {
    const old = await oldOrderWithItems();
    await queryDb(db, `update silver.order_checks set reject_reason = 'invalid_value' where order_id = ${old}`);
    await queryDb(db, `update silver.order_item_checks set _checked_at = (select max(_checked_at) from silver.order_item_checks)`);
    expect(await failingTests('silver_order_items')).toEqual([expect.stringMatching(/^relationships_scoped_silver_or/)]);

    copyFileSync(pristine, db);
    await queryDb(db, `update silver.order_checks set reject_reason = 'invalid_value' where order_id = ${old}`);
    await queryDb(db, `update silver.order_checks set _checked_at = (select max(_checked_at) from silver.order_checks)`);
    expect(await failingTests('silver_order_items')).toEqual([expect.stringMatching(/^relationships_scoped_silver_or/)]);
  });

  it('leave out rows no build touched since the tests last passed', async () => {
    // The same orphan as above, but with the parent's verdict changed behind the builds' back:
    // a full check finds it, the scoped one does not look (the previous build's tests passed).
    // (The reconciliation test, which counts every row, still notices: bronze <> silver + quarantine.)
    const old = await oldOrderWithItems();
    await queryDb(db, `update silver.order_checks set reject_reason = 'invalid_value' where order_id = ${old}`);
    expect(await queryDb(db, `select count(*) as n from silver.order_items i
      where not exists (select 1 from silver.orders o where o.order_id = i.order_id)`)).not.toEqual([{ n: 0 }]);
    expect(await failingTests('silver_order_items')).toEqual([]);
  });
});
