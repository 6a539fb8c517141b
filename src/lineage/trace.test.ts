import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../adapters/adapter.js';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import { computeColumnLineage, traceColumn } from './index.js';
import { testCatalog, testManifest, type TestNode } from './test-support/project.js';

const ORDERS = 'seed.shop.orders';
const CUSTOMERS = 'seed.shop.customers';
const STG = 'model.shop.stg_orders';
const NAMED = 'model.shop.int_orders_named';
const REVENUE = 'model.shop.customer_revenue';

const STG_SQL = 'select id as order_id, customer_id, amount * 100 as amount_cents from "raw"."orders"';
const NAMED_SQL = `select o.order_id, o.amount_cents, c.name as customer_name
  from "main"."stg_orders" o join "raw"."customers" c on c.id = o.customer_id`;
// How compile inlines an ephemeral model into its consumer.
const REVENUE_SQL = `with __mdl_ephemeral_int_orders_named as (${NAMED_SQL})
select customer_name, sum(amount_cents) as revenue_cents from __mdl_ephemeral_int_orders_named group by 1`;

const NODES: readonly TestNode[] = [
  { id: ORDERS, relation: { schema: 'raw', name: 'orders' } },
  { id: CUSTOMERS, relation: { schema: 'raw', name: 'customers' } },
  { id: STG, relation: { schema: 'main', name: 'stg_orders' }, sql: STG_SQL, dependsOn: [ORDERS] },
  { id: NAMED, sql: NAMED_SQL, dependsOn: [STG, CUSTOMERS], materialized: 'ephemeral' },
  { id: REVENUE, relation: { schema: 'main', name: 'customer_revenue' }, sql: REVENUE_SQL, dependsOn: [NAMED] },
];

describe('traceColumn', () => {
  let warehouse: DuckDBWarehouse;
  let connection: Connection;
  const names = async (schema: string, name: string) => (await warehouse.getColumns({ schema, name })).map((c) => c.name);

  beforeAll(async () => {
    warehouse = await DuckDBWarehouse.open({ name: 'test', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, '/tmp');
    connection = await warehouse.connection(0);
    await connection.execute(`
      CREATE SCHEMA raw;
      CREATE TABLE raw.orders (id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2));
      CREATE TABLE raw.customers (id INTEGER, name VARCHAR);
      CREATE VIEW main.stg_orders AS ${STG_SQL};
      CREATE VIEW main.customer_revenue AS ${REVENUE_SQL};`);
  });
  afterAll(async () => warehouse.close());

  it('follows a column through a model, an ephemeral model and a seed (three levels)', async () => {
    const catalog = testCatalog({
      [ORDERS]: await names('raw', 'orders'),
      [CUSTOMERS]: await names('raw', 'customers'),
      [STG]: await names('main', 'stg_orders'),
      [REVENUE]: await names('main', 'customer_revenue'),
    });
    const lineage = await computeColumnLineage({ manifest: testManifest(NODES), catalog, connection });

    expect(lineage.nodes[REVENUE]!.columns.revenue_cents).toEqual({
      upstream: [{ node: NAMED, column: 'amount_cents' }], transform: 'aggregate',
    });
    expect(lineage.nodes[NAMED]!.columns).toEqual({
      order_id: { upstream: [{ node: STG, column: 'order_id' }], transform: 'identity' },
      amount_cents: { upstream: [{ node: STG, column: 'amount_cents' }], transform: 'identity' },
      customer_name: { upstream: [{ node: CUSTOMERS, column: 'name' }], transform: 'rename' },
    });

    const trace = traceColumn(lineage, REVENUE, 'REVENUE_CENTS');
    expect(trace.root).toEqual({ node: REVENUE, column: 'revenue_cents' });
    expect(trace.columns).toEqual([
      { node: NAMED, column: 'amount_cents', depth: 1, transform: 'identity' },
      { node: STG, column: 'amount_cents', depth: 2, transform: 'expression' },
      { node: ORDERS, column: 'amount', depth: 3 },
    ]);
    expect(trace.origins).toEqual([{ node: ORDERS, column: 'amount' }]);
    expect(trace.edges).toEqual([
      { from: { node: NAMED, column: 'amount_cents' }, to: { node: REVENUE, column: 'revenue_cents' } },
      { from: { node: STG, column: 'amount_cents' }, to: { node: NAMED, column: 'amount_cents' } },
      { from: { node: ORDERS, column: 'amount' }, to: { node: STG, column: 'amount_cents' } },
    ]);

    const name = traceColumn(lineage, REVENUE, 'customer_name');
    expect(name.columns.map((c) => `${c.node}.${c.column}`)).toEqual([`${NAMED}.customer_name`, `${CUSTOMERS}.name`]);
  });

  it('uses lineage computed for parents the catalog does not list, across parse batches', async () => {
    // 250 chained models (more than one json_serialize_sql batch), none of them in the catalog.
    const chain: TestNode[] = [{ id: ORDERS, relation: { schema: 'raw', name: 'orders' } }];
    for (let i = 1; i <= 250; i++) {
      const from = i === 1 ? '"raw"."orders"' : `"main"."m${i - 1}"`;
      const sql = i % 2 === 0 ? `select * from ${from}` : `select * exclude (amount), amount + 1 as amount from ${from}`;
      chain.push({ id: `model.shop.m${i}`, relation: { schema: 'main', name: `m${i}` }, sql, dependsOn: [chain[i - 1]!.id] });
    }
    // Listed in reverse so the result cannot depend on manifest order.
    const catalog = testCatalog({ [ORDERS]: await names('raw', 'orders') });
    const lineage = await computeColumnLineage({ manifest: testManifest([...chain].reverse()), catalog, connection });

    expect(Object.keys(lineage.nodes['model.shop.m250']!.columns)).toEqual(['id', 'customer_id', 'amount']);
    const trace = traceColumn(lineage, 'model.shop.m250', 'amount');
    expect(trace.columns).toHaveLength(250);
    expect(trace.origins).toEqual([{ node: ORDERS, column: 'amount' }]);
    expect(trace.columns.filter((c) => c.transform === 'expression')).toHaveLength(125);
  });

  it('marks every catalog column of a model whose SQL does not parse', async () => {
    const manifest = testManifest([
      { id: ORDERS, relation: { schema: 'raw', name: 'orders' } },
      { id: 'model.shop.broken', relation: { schema: 'main', name: 'broken' }, sql: 'select id, from where', dependsOn: [ORDERS] },
    ]);
    const catalog = testCatalog({ 'model.shop.broken': ['id'] });
    const lineage = await computeColumnLineage({ manifest, catalog, connection });
    const node = lineage.nodes['model.shop.broken']!;
    expect(node.note).toMatch(/compiled SQL could not be parsed: .*syntax error/);
    expect(node.columns.id).toMatchObject({ upstream: [], transform: 'unresolved' });
    expect(traceColumn(lineage, 'model.shop.broken', 'id').columns).toEqual([]);
  });
});
