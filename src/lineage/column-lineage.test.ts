import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../adapters/adapter.js';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import { computeColumnLineage, type ColumnLineageEntry, type ColumnTransform } from './index.js';
import { testCatalog, testManifest, type TestNode } from './test-support/project.js';

const CUSTOMERS = 'seed.shop.customers';
const ORDERS = 'seed.shop.orders';
const EVENTS = 'source.shop.app.events';
const UPSTREAM: readonly TestNode[] = [
  { id: CUSTOMERS, relation: { schema: 'raw', name: 'customers' } },
  { id: ORDERS, relation: { schema: 'raw', name: 'orders' } },
  { id: EVENTS, relation: { schema: 'app', name: 'events' } },
];
const SHORT: Record<string, string> = { customers: CUSTOMERS, orders: ORDERS, events: EVENTS };

/** `e('identity', 'orders.id')`: an expected entry, upstream written as short table.column. */
function e(transform: ColumnTransform, ...refs: string[]): ColumnLineageEntry {
  return {
    upstream: refs.map((r) => {
      const [table, column] = r.split('.') as [string, string];
      return { node: SHORT[table] ?? table, column };
    }),
    transform,
  };
}

/** An unresolved entry whose note contains `text`. */
function u(text: string, ...refs: string[]): ColumnLineageEntry {
  return { ...e('unresolved', ...refs), note: expect.stringContaining(text) as unknown as string };
}

interface Case {
  readonly name: string;
  readonly sql: string;
  readonly expected: Record<string, ColumnLineageEntry>;
  /** Create the model as a view so its catalog columns are DuckDB's own names (default true). */
  readonly build?: boolean;
}

let csvPath = '';

const CASES: readonly Case[] = [
  { name: 'plain select', sql: 'select id, name from "raw"."customers"',
    expected: { id: e('identity', 'customers.id'), name: e('identity', 'customers.name') } },
  { name: 'alias and rename', sql: 'select c.id as customer_id, name as customer_name from raw.customers as c',
    expected: { customer_id: e('rename', 'customers.id'), customer_name: e('rename', 'customers.name') } },
  { name: 'expression of two columns', sql: 'select amount * 2 + customer_id as score, amount::varchar as amount_text from raw.orders',
    expected: { score: e('expression', 'orders.amount', 'orders.customer_id'), amount_text: e('expression', 'orders.amount') } },
  { name: 'CASE', sql: "select case when status = 'paid' then amount else 0 end as paid_amount from raw.orders",
    expected: { paid_amount: e('expression', 'orders.status', 'orders.amount') } },
  { name: 'aggregate with group by', sql: 'select customer_id, sum(amount) as total, count(*) as n, max(ordered_at) from raw.orders group by all',
    expected: {
      customer_id: e('identity', 'orders.customer_id'), total: e('aggregate', 'orders.amount'), n: e('aggregate'),
      'max(ordered_at)': e('aggregate', 'orders.ordered_at'),
    } },
  { name: 'window function and QUALIFY',
    sql: `select id, row_number() over (partition by customer_id order by ordered_at) as rn,
                 sum(amount) over (partition by customer_id) as customer_total
            from raw.orders qualify rn = 1`,
    expected: {
      id: e('identity', 'orders.id'), rn: e('window', 'orders.customer_id', 'orders.ordered_at'),
      customer_total: e('window', 'orders.amount', 'orders.customer_id'),
    } },
  { name: 'CTE chain',
    sql: `with a as (select id, amount as amt from raw.orders),
               b as (select id, amt * 2 as doubled from a)
          select id, doubled, b.id as again from b`,
    expected: { id: e('identity', 'orders.id'), doubled: e('expression', 'orders.amount'), again: e('rename', 'orders.id') } },
  { name: 'join with aliases',
    sql: `select o.id as order_id, c.name, o.amount, upper(c.email) as email
            from raw.orders o left join raw.customers c on o.customer_id = c.id`,
    expected: {
      order_id: e('rename', 'orders.id'), name: e('identity', 'customers.name'), amount: e('identity', 'orders.amount'),
      email: e('expression', 'customers.email'),
    } },
  { name: '* and t.*', sql: 'select c.*, o.amount from raw.customers c join raw.orders o on o.customer_id = c.id',
    expected: {
      id: e('identity', 'customers.id'), name: e('identity', 'customers.name'), email: e('identity', 'customers.email'),
      amount: e('identity', 'orders.amount'),
    } },
  { name: '* with USING join lists the key once', sql: 'select * from raw.customers join app.events using (id)',
    expected: {
      id: e('identity', 'customers.id', 'events.id'), name: e('identity', 'customers.name'),
      email: e('identity', 'customers.email'), kind: e('identity', 'events.kind'), payload: e('identity', 'events.payload'),
    } },
  { name: '* EXCLUDE and REPLACE', sql: 'select * exclude (email) replace (upper(name) as name) from raw.customers',
    expected: { id: e('identity', 'customers.id'), name: e('expression', 'customers.name') } },
  { name: 'UNION ALL (by position, all branches)',
    sql: 'select id, name from raw.customers union all select id, kind from app.events union all select 0, null',
    expected: { id: e('identity', 'customers.id', 'events.id'), name: e('rename', 'customers.name', 'events.kind') } },
  { name: 'UNION BY NAME', sql: 'select id, name from raw.customers union all by name select kind as name, id from app.events',
    expected: { id: e('identity', 'customers.id', 'events.id'), name: e('rename', 'customers.name', 'events.kind') } },
  { name: 'EXCEPT takes values from the first branch', sql: 'select id from raw.customers except select id from app.events',
    expected: { id: e('identity', 'customers.id') } },
  { name: "COLUMNS('regex') and * RENAME", sql: "select columns('^(id|name)$'), * exclude (id, name) rename (email as contact) from raw.customers",
    expected: { id: e('identity', 'customers.id'), name: e('identity', 'customers.name'), contact: e('rename', 'customers.email') } },
  { name: 'expressions over COLUMNS(*), * LIKE, positional references',
    sql: "select max(columns(* exclude (name, email))), any_value(columns('^e')), max(#2) as second from raw.customers",
    expected: { id: e('aggregate', 'customers.id'), email: e('aggregate', 'customers.email'), second: e('aggregate', 'customers.name') } },
  { name: '* LIKE and #n', sql: "select * like 'e%', * ilike 'NA%', #1 as first from raw.customers",
    expected: { email: e('identity', 'customers.email'), name: e('identity', 'customers.name'), first: e('rename', 'customers.id') } },
  { name: 'select-list aliases reused', sql: 'select amount * 2 as dbl, dbl + customer_id as dbl1 from raw.orders',
    expected: { dbl: e('expression', 'orders.amount'), dbl1: e('expression', 'orders.amount', 'orders.customer_id') } },
  { name: 'struct fields', sql: "select t.s.k as k1, s.k as k2, t.s from (select {'k': amount} as s from raw.orders) t",
    expected: { k1: e('expression', 'orders.amount'), k2: e('expression', 'orders.amount'), s: e('expression', 'orders.amount') } },
  { name: 'VALUES and range() are constants', sql: "select v.a, r.range as n from (values (1, 'x')) v(a, b), range(3) r",
    expected: { a: e('constant'), n: e('constant') } },
  { name: 'subquery in FROM',
    sql: 'select s.customer_id, s.total / 100 as total_k from (select customer_id, sum(amount) total from raw.orders group by 1) s',
    expected: { customer_id: e('identity', 'orders.customer_id'), total_k: e('aggregate', 'orders.amount') } },
  { name: 'scalar subquery and correlated reference',
    sql: 'select c.id, (select count(*) from raw.orders o where o.customer_id = c.id) as order_count from raw.customers c',
    expected: { id: e('identity', 'customers.id'), order_count: e('aggregate') } },
  { name: 'constant', sql: "select 1 as one, 'x' as label, current_date as today from raw.orders",
    expected: { one: e('constant'), label: e('constant'), today: e('constant') } },
  { name: 'current_timestamp is a function even over unknown columns', build: false,
    sql: "select cast(current_timestamp as timestamp) as at, x.y from read_csv('CSV') x",
    expected: { at: e('constant'), y: u('reads files') } },
  { name: 'unresolved: ambiguous unqualified column', build: false,
    sql: 'select id, amount from raw.orders o join raw.customers c on o.customer_id = c.id',
    expected: { id: u('ambiguous column id'), amount: e('identity', 'orders.amount') } },
  { name: 'unresolved: relation outside the project', build: false,
    sql: 'select c.name, x.y from raw.customers c, other.unknown_table x',
    expected: { name: e('identity', 'customers.name'), y: u('other.unknown_table is not a model') } },
  { name: 'read_csv reads files', sql: "select * from read_csv('CSV')",
    expected: { a: u('reads files'), b: u('reads files') } },
  { name: 'lambda parameters are not columns', sql: 'select list_transform([amount], x -> x + customer_id) as l from raw.orders',
    expected: { l: e('expression', 'orders.amount', 'orders.customer_id') } },
  { name: 'recursive CTE', sql: 'with recursive r(n) as (select id from raw.orders union all select n + 1 from r where n < 3) select n from r',
    expected: { n: e('expression', 'orders.id') } },
];

describe('computeColumnLineage over SQL shapes', () => {
  let warehouse: DuckDBWarehouse;
  let connection: Connection;

  beforeAll(async () => {
    warehouse = await DuckDBWarehouse.open({ name: 'test', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, '/tmp');
    connection = await warehouse.connection(0);
    csvPath = join(mkdtempSync(join(tmpdir(), 'mdl-lineage-')), 'x.csv');
    writeFileSync(csvPath, 'a,b\n1,2\n');
    await connection.execute(`
      CREATE SCHEMA raw; CREATE SCHEMA app;
      CREATE TABLE raw.customers (id INTEGER, name VARCHAR, email VARCHAR);
      CREATE TABLE raw.orders (id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), status VARCHAR, ordered_at DATE);
      CREATE TABLE app.events (id INTEGER, kind VARCHAR, payload VARCHAR);`);
  });
  afterAll(async () => warehouse.close());

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const sql = c.sql.replace("'CSV'", `'${csvPath}'`);
    const id = `model.shop.m${i}`;
    const columns: Record<string, string[]> = {};
    for (const node of UPSTREAM) {
      const [schema, name] = [node.relation!.schema, node.relation!.name];
      columns[node.id] = (await warehouse.getColumns({ schema, name })).map((col) => col.name);
    }
    if (c.build !== false) {
      // The real view proves the SQL is valid and gives DuckDB's own output names.
      await connection.execute(`CREATE OR REPLACE VIEW main.m${i} AS ${sql}`);
      columns[id] = (await warehouse.getColumns({ schema: 'main', name: `m${i}` })).map((col) => col.name);
    }
    const manifest = testManifest([...UPSTREAM, { id, relation: { schema: 'main', name: `m${i}` }, sql, dependsOn: UPSTREAM.map((n) => n.id) }]);
    const lineage = await computeColumnLineage({ manifest, catalog: testCatalog(columns), connection });
    expect(lineage.nodes[id]?.columns).toEqual(c.expected);
  });
});
