import type { Engine } from '../adapter.js';
import { duckdbDialect } from './dialect.js';
import { DuckDBWarehouse } from './warehouse.js';

/** The embedded default engine: DuckDB in-process. */
export const duckdbEngine: Engine = {
  type: 'duckdb',
  dialect: duckdbDialect,
  open: (target, projectDir) => DuckDBWarehouse.open(target, projectDir),
};
