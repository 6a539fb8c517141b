import type { Engine, TargetConfig, Warehouse } from '../adapter.js';
import { sparkDialect } from './dialect.js';
import { parseSparkTarget } from './target.js';
import { ThriftConnection } from './thrift-connection.js';
import { SparkWarehouse } from './warehouse.js';

/**
 * Spark SQL + Delta Lake. `method: thrift` talks to Spark's Thrift server (HiveServer2
 * protocol); `method: databricks` to a Databricks SQL warehouse. Both share the dialect, the
 * catalog queries and seed loading in {@link SparkWarehouse}.
 */
export const sparkEngine: Engine = {
  type: 'spark',
  dialect: sparkDialect,
  async open(target: TargetConfig, _projectDir: string): Promise<Warehouse> {
    const settings = parseSparkTarget(target);
    if (settings.method === 'databricks') {
      const { openDatabricksConnection } = await import('./databricks-connection.js');
      return new SparkWarehouse(() => openDatabricksConnection(settings));
    }
    return new SparkWarehouse(() => ThriftConnection.open(settings));
  },
};

export { sparkDialect } from './dialect.js';
export { SparkError } from './errors.js';
