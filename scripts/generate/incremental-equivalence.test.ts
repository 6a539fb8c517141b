// With landing files, silver's verdicts and order_lines are kept between builds and only what can
// change is decided again (macros/medallion/incremental_checks.sql). This proves that shortcut
// exact: after each incremental build, every bronze, silver and gold relation equals the one a
// full build from the same landing files gives, row for row, including the cases the shortcut
// must not miss: a new version of an order whose customer is unknown (the order leaves silver and
// its items follow), an order waiting for a customer who arrives later, an order dated after
// as_of_date that becomes valid when as_of_date moves on, and a key repeated in one file.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type ExecuteOutcome } from '../../src/api/index.js';
import { EXAMPLE_BUILD_TIME_COLUMNS, captureReporter, queryDb, warehouseOf } from '../../src/test-support/project.js';
import { generate } from './generate.js';
import { generateIncrement } from './increment.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PROJECT_PARTS = ['project.yml', 'models', 'macros', 'tests', 'analyses', 'seeds', 'snapshots'];
const LANDING = 'data/landing';

const ORDERS = 'order_id,customer_id,order_date,status,payment_method,channel,promo_code\n';
const ITEMS = 'order_item_id,order_id,product_id,quantity,unit_price,discount\n';
const CUSTOMERS = 'customer_id,first_name,last_name,email,gender,age_band,city,state,country,signup_date,acquisition_channel,marketing_segment\n';

/** Hand-written landing files for the cases above; named to sort just before the generator's file of the same increment. */
const EDGE_FILES: Record<number, Record<string, string>> = {
  1: {
    'orders/increment-0001-edge.csv': ORDERS +
      '1,999999,2023-01-01 15:09:55,delivered,paypal,web,\n' + // a new version of order 1 with an unknown customer
      '900001,900001,2024-12-01 10:00:00,shipped,paypal,web,\n' + // its customer arrives with increment 2
      '900002,1,2025-01-10 10:00:00,delivered,paypal,web,\n' + // after as_of_date now, before it next time
      '900003,2,2024-12-02 10:00:00,delivered,paypal,web,\n' +
      '900003,2,2024-12-02 10:00:00,delivered,paypal,web,\n', // repeated in the same file
    'order_items/increment-0001-edge.csv': ITEMS +
      '900001,900001,1,2,10.00,0.00\n900002,900002,2,1,20.00,0.10\n900003,900003,3,3,5.50,0.00\n',
  },
  2: {
    'customers/increment-0002-edge.csv': CUSTOMERS +
      '900001,Late,Arrival,late.arrival@example.com,female,25-34,Austin,TX,US,2024-01-01,referral,mainstream\n',
    'orders/increment-0002-edge.csv': ORDERS +
      '2,71,2023-01-02 08:29:54,cancelled,credit_card,mobile_app,\n', // delivered order 2 is cancelled: no longer revenue
    'order_items/increment-0002-edge.csv': ITEMS +
      '5,900003,4,2,12.00,0.00\n', // item 5 moves from order 3 to order 900003 (the gold facts total both again)
  },
};

interface Copy {
  readonly dir: string;
  readonly runs: ExecuteOutcome[];
}

function copyExample(prefix: string): Copy {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const part of PROJECT_PARTS) if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  return { dir, runs: [] };
}

async function buildCopy(copy: Copy, landing: string, asOfDate: string | undefined): Promise<ExecuteOutcome> {
  const vars: Record<string, unknown> = { landing_path: landing };
  if (asOfDate) vars.as_of_date = asOfDate;
  const outcome = await build({ projectDir: copy.dir, vars, reporter: captureReporter().reporter });
  copy.runs.push(outcome);
  return outcome;
}

const failures = (outcome: ExecuteOutcome) =>
  outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.unique_id}: ${r.status} ${r.message ?? ''}`);

/** Every bronze, silver and gold relation as sorted rows (build-time columns and mdl_ state tables left out). */
async function contents(db: string): Promise<Record<string, string[]>> {
  const relations = await queryDb(db, `select table_schema as s, table_name as t from information_schema.tables
    where table_schema in ('bronze', 'silver', 'gold') and table_name not like 'mdl\\_%' escape '\\' order by 1, 2`);
  const out: Record<string, string[]> = {};
  for (const { s, t } of relations) {
    const columns = await queryDb(db, `select column_name as c from information_schema.columns
      where table_schema = '${s}' and table_name = '${t}' order by ordinal_position`);
    const kept = columns.map((c) => String(c.c)).filter((c) => !EXAMPLE_BUILD_TIME_COLUMNS.has(c));
    const rows = await queryDb(db, `select to_json(struct_pack(${kept.map((c) => `"${c}" := "${c}"`).join(', ')}))::varchar as j from ${s}."${t}"`);
    out[`${s}.${t}`] = rows.map((r) => String(r.j)).sort();
  }
  return out;
}

describe('incremental builds equal a full build from the same landing files', () => {
  const incremental = copyExample('mdl-inc-');
  const landing = join(incremental.dir, LANDING);
  const compared: { label: string; incremental: Record<string, string[]>; full: Record<string, string[]> }[] = [];

  beforeAll(async () => {
    generate({ scale: 1, seed: 42, outDir: landing, layout: 'landing', progress: false });
    await buildCopy(incremental, landing, undefined);
    for (const k of [1, 2]) {
      const summary = generateIncrement({ scale: 1, seed: 42, outDir: landing, increment: k });
      for (const [path, text] of Object.entries(EDGE_FILES[k] ?? {})) writeFileSync(join(landing, path), text);
      await buildCopy(incremental, landing, summary.as_of_date);
      const full = copyExample('mdl-full-');
      try {
        await buildCopy(full, landing, summary.as_of_date);
        expect(failures(full.runs[0]!)).toEqual([]);
        compared.push({ label: `after increment ${k}`, incremental: await contents(warehouseOf(incremental.dir)), full: await contents(warehouseOf(full.dir)) });
      } finally {
        rmSync(full.dir, { recursive: true, force: true });
      }
    }
  }, 300_000);
  afterAll(() => rmSync(incremental.dir, { recursive: true, force: true }));

  it('every incremental build passes every data test', () => {
    expect(incremental.runs).toHaveLength(3);
    for (const run of incremental.runs) expect(failures(run)).toEqual([]);
  });

  it('silver is checked incrementally: verdicts are merged, order_lines takes only changed lines', () => {
    const last = incremental.runs[2]!;
    const action = (name: string) => last.results.find((r) => r.name === name);
    expect(action('validated_orders')?.message).toMatch(/^OK/);
    const lines = action('order_lines');
    expect(lines?.status).toBe('success');
    // The first build wrote every line; the increment's build far fewer.
    const first = incremental.runs[0]!.results.find((r) => r.name === 'order_lines')!;
    expect(lines!.rows!).toBeGreaterThan(0);
    expect(lines!.rows!).toBeLessThan(first.rows! / 5);
  });

  it('after each increment every relation equals the full build, row for row', () => {
    expect(compared.map((c) => c.label)).toEqual(['after increment 1', 'after increment 2']);
    for (const c of compared) {
      expect(Object.keys(c.incremental), c.label).toEqual(Object.keys(c.full));
      for (const relation of Object.keys(c.full)) expect(c.incremental[relation], `${c.label}: ${relation}`).toEqual(c.full[relation]);
    }
  });

  it('the edge cases came out as a full build decides them', async () => {
    const db = warehouseOf(incremental.dir);
    // Order 1's new version names an unknown customer: it and its items left silver.
    expect(await queryDb(db, 'select count(*) as n from silver.orders where order_id = 1')).toEqual([{ n: 0 }]);
    expect(await queryDb(db, 'select count(*) as n from silver.order_lines where order_id = 1')).toEqual([{ n: 0 }]);
    // The late customer arrived, so did their order; the future order's date has passed.
    expect(await queryDb(db, 'select distinct order_id from silver.order_lines where order_id in (900001, 900002, 900003) order by 1'))
      .toEqual([{ order_id: 900001 }, { order_id: 900002 }, { order_id: 900003 }]);
    expect(await queryDb(db, "select reason, count(*) as n from silver.quarantine where record_key = '900003' group by reason"))
      .toEqual([{ reason: 'duplicate', n: 1 }]);
    // The cancelled order left the sales facts; the moved item counts in its new order only.
    expect(await queryDb(db, 'select count(*) as n from gold.sales_by_order where order_id = 2')).toEqual([{ n: 0 }]);
    expect(await queryDb(db, 'select order_id, product_id from gold.sales_by_order_product where order_id in (3, 900003) and product_id in (4, 17) order by 1, 2'))
      .toEqual([{ order_id: 900003, product_id: 4 }]);
  });

  it('a landing file written again is read again, and silver forgets its earlier rows', async () => {
    const path = join(landing, 'orders/increment-0001-edge.csv');
    writeFileSync(path, ORDERS + '900003,2,2024-12-02 10:00:00,returned,paypal,web,\n');
    const outcome = await buildCopy(incremental, landing, '2025-01-14');
    expect(failures(outcome)).toEqual([]);
    const db = warehouseOf(incremental.dir);
    expect(await queryDb(db, `select
        (select count(*) from bronze.orders) - (select count(*) from silver.order_checks) as missing_verdicts,
        (select count(*) from silver.order_checks c where not exists (select 1 from bronze.orders b where b._row_number = c._row_number)) as stale_verdicts`))
      .toEqual([{ missing_verdicts: 0, stale_verdicts: 0 }]);
    // Order 1 is back (its other version is gone), order 900001 is no more, 900003 is returned.
    expect(await queryDb(db, 'select order_id, status from silver.orders where order_id in (1, 900001, 900003) order by 1'))
      .toEqual([{ order_id: 1, status: 'delivered' }, { order_id: 900003, status: 'returned' }]);
    expect(await queryDb(db, `select (select count(*) from silver.order_lines where order_id = 1) as lines,
        (select count(*) from silver.order_items where order_id = 1) as items`)).toEqual([{ lines: 1, items: 1 }]);
    // The gold facts still total exactly the fulfilled lines order_lines holds now.
    const factsAgree = await queryDb(db, `select count(*) as differences from (
        (select order_id, revenue, units, lines from gold.sales_by_order
         except all
         select order_id, sum(line_revenue), sum(quantity), count(*) from silver.order_lines where is_fulfilled group by order_id)
        union all
        (select order_id, sum(line_revenue), sum(quantity), count(*) from silver.order_lines where is_fulfilled group by order_id
         except all
         select order_id, revenue, units, lines from gold.sales_by_order))`);
    expect(factsAgree).toEqual([{ differences: 0 }]);
    expect(await queryDb(db, 'select order_id from gold.sales_by_order where order_id in (1, 900001, 900003) order by 1')).toEqual([{ order_id: 1 }]);
  });
});
