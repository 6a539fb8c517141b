import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../adapters/adapter.js';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import { computeColumnLineage } from './index.js';
import { testCatalog, testManifest, type TestNode } from './test-support/project.js';

const SEED = 'seed.shop.raw_orders';
const MODEL = 'model.shop.orders';
const nodes = (sql: string, type: 'model' | 'snapshot' = 'model'): TestNode[] => [
  { id: SEED, relation: { schema: 'raw', name: 'raw_orders' } },
  { id: MODEL.replace('model.', `${type}.`), relation: { schema: 'main', name: 'orders' }, sql, dependsOn: [SEED] },
];

describe('column lineage with an incomplete or stale catalog', () => {
  let warehouse: DuckDBWarehouse;
  let connection: Connection;
  beforeAll(async () => {
    warehouse = await DuckDBWarehouse.open({ name: 'test', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, '/tmp');
    connection = await warehouse.connection(0);
  });
  afterAll(async () => warehouse.close());

  it('says so when * covers columns nobody listed', async () => {
    const lineage = await computeColumnLineage({ manifest: testManifest(nodes('select *, 1 as one from "raw"."raw_orders"')), catalog: testCatalog({}), connection });
    expect(lineage.nodes[MODEL]).toEqual({
      columns: { one: { upstream: [], transform: 'constant' } },
      note: `some columns are not listed: columns of ${SEED} are unknown (not in the catalog)`,
    });
  });

  it('takes names from the model\'s catalog entry when its parent is missing from the catalog', async () => {
    const catalog = testCatalog({ [MODEL]: ['id', 'amount', 'one'] });
    const lineage = await computeColumnLineage({ manifest: testManifest(nodes('select *, 1 as one from "raw"."raw_orders"')), catalog, connection });
    expect(lineage.nodes[MODEL]!.columns).toEqual({
      id: { upstream: [{ node: SEED, column: 'id' }], transform: 'identity' },
      amount: { upstream: [{ node: SEED, column: 'amount' }], transform: 'identity' },
      one: { upstream: [], transform: 'constant' },
    });
  });

  it('flags catalog columns the SQL does not produce, and snapshot bookkeeping columns', async () => {
    const catalog = testCatalog({ [SEED]: ['id', 'amount'], [MODEL]: ['id', 'amount', 'gone'], 'snapshot.shop.orders': ['id', 'dbt_valid_from'] });
    const stale = await computeColumnLineage({ manifest: testManifest(nodes('select id from "raw"."raw_orders"')), catalog, connection });
    expect(stale.nodes[MODEL]!.columns.gone).toEqual({ upstream: [], transform: 'unresolved', note: 'column not found in the compiled SQL (is the catalog stale?)' });
    expect(stale.nodes[MODEL]!.columns.id).toEqual({ upstream: [{ node: SEED, column: 'id' }], transform: 'identity' });

    const snap = await computeColumnLineage({ manifest: testManifest(nodes('select id from "raw"."raw_orders"', 'snapshot')), catalog, connection });
    expect(snap.nodes['snapshot.shop.orders']!.columns).toEqual({
      id: { upstream: [{ node: SEED, column: 'id' }], transform: 'identity' },
      dbt_valid_from: { upstream: [], transform: 'unresolved', note: 'snapshot metadata column' },
    });
  });

  it('traces Spark-compiled SQL (backtick quoting)', async () => {
    const manifest = testManifest([
      { id: SEED, relation: { schema: 'raw', name: 'raw_orders' }, relationName: '`raw`.`raw_orders`' },
      { id: MODEL, relation: { schema: 'main', name: 'orders' }, relationName: '`main`.`orders`',
        sql: 'select `o`.`id` as `order id`, amount from `raw`.`raw_orders` as `o`', dependsOn: [SEED] },
    ]);
    const lineage = await computeColumnLineage({ manifest, catalog: testCatalog({ [SEED]: ['id', 'amount'] }), connection });
    expect(lineage.nodes[MODEL]!.columns).toEqual({
      'order id': { upstream: [{ node: SEED, column: 'id' }], transform: 'rename' },
      amount: { upstream: [{ node: SEED, column: 'amount' }], transform: 'identity' },
    });
  });
});
