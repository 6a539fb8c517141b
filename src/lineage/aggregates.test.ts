import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../adapters/adapter.js';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import { AGGREGATE_FUNCTIONS } from './aggregates.js';

describe('AGGREGATE_FUNCTIONS', () => {
  let warehouse: DuckDBWarehouse;
  let connection: Connection;
  beforeAll(async () => {
    warehouse = await DuckDBWarehouse.open({ name: 'test', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, '/tmp');
    connection = await warehouse.connection(0);
  });
  afterAll(async () => warehouse.close());

  it('lists every aggregate the bundled DuckDB has (fails on an upgrade that adds one)', async () => {
    const rows = await connection.query(
      `SELECT DISTINCT lower(function_name) AS name FROM duckdb_functions() WHERE function_type = 'aggregate'`,
    );
    const missing = rows.map((r) => String(r.name)).filter((name) => !AGGREGATE_FUNCTIONS.has(name));
    expect(missing).toEqual([]);
  });
});
