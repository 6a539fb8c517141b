import type { Connection } from '../adapter.js';
import { SparkError } from './errors.js';
import type { SparkTarget } from './target.js';

/** Databricks SQL warehouses: not implemented yet (see README.md). */
export async function openDatabricksConnection(settings: SparkTarget): Promise<Connection> {
  throw new SparkError(
    `Target '${settings.name}': method databricks is not available in this build of mdl; use method thrift`,
  );
}
