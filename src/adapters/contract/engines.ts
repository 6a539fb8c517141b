import { createConnection } from 'node:net';
import type { Row, TargetConfig } from '../adapter.js';
import { loadEngine } from '../registry.js';
import { sparkAvailable, sparkHost } from '../spark/test-support/spark-server.js';

/**
 * The engines the contract suite runs against. DuckDB always; Spark when `MDL_SPARK_HOST` names a
 * Thrift server (CI starts one with `bash scripts/spark.sh start`).
 */
export interface ContractEngine {
  /** Target type, also the target's name in the test project. */
  readonly type: string;
  /** Why the cases needing a live engine are skipped here; undefined when they run. */
  readonly skipReason: string | undefined;
  /** The target the test project declares, with a schema unique to this process. */
  target(schema: string): TargetConfig;
  /** Throws a clear error when the engine is configured but does not answer. */
  ready(): Promise<void>;
}

const sparkPort = Number(process.env['MDL_SPARK_PORT'] ?? 10000);

/** A TCP connect, so a configured but stopped Spark fails in seconds with a message, not after a timeout per case. */
function probe(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port, timeout: 5000 });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`MDL_SPARK_HOST=${host} is set but nothing answers on ${host}:${port} (${why}). Start it: bash scripts/spark.sh start`));
    };
    socket.once('connect', () => { socket.end(); resolve(); });
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (e) => fail(e.message));
  });
}

export const ENGINES: readonly ContractEngine[] = [
  {
    type: 'duckdb',
    skipReason: undefined,
    target: (schema) => ({ name: 'duckdb', type: 'duckdb', path: 'warehouse.duckdb', schema, threads: 2 }),
    ready: async () => {},
  },
  {
    type: 'spark',
    skipReason: sparkAvailable
      ? undefined
      : 'MDL_SPARK_HOST is not set: the Spark contract cases are SKIPPED. Run `bash scripts/spark.sh start` and set MDL_SPARK_HOST=127.0.0.1 (CI does).',
    target: (schema) => ({ name: 'spark', type: 'spark', method: 'thrift', host: sparkHost ?? '127.0.0.1', port: sparkPort, schema, threads: 2 }),
    ready: () => probe(sparkHost ?? '127.0.0.1', sparkPort),
  },
];

/** Reads rows back through the engine's own adapter, after mdl has closed the warehouse. */
export async function readRows(target: TargetConfig, projectDir: string, sql: string): Promise<Row[]> {
  const warehouse = await (await loadEngine(target.type)).open(target, projectDir);
  try {
    return await (await warehouse.connection(0)).query(sql);
  } finally {
    await warehouse.close();
  }
}

/** Runs statements (clean-up) through the engine's adapter, ignoring failures. */
export async function executeQuietly(target: TargetConfig, projectDir: string, statements: readonly string[]): Promise<void> {
  const warehouse = await (await loadEngine(target.type)).open(target, projectDir).catch(() => undefined);
  if (!warehouse) return;
  try {
    const connection = await warehouse.connection(0);
    for (const sql of statements) await connection.execute(sql).catch(() => undefined);
  } finally {
    await warehouse.close();
  }
}

/** The column names and types of a relation, types lower-cased (`DECIMAL(18,2)` vs `decimal(18,2)`). */
export async function columnTypes(target: TargetConfig, projectDir: string, schema: string, name: string): Promise<Record<string, string>> {
  const warehouse = await (await loadEngine(target.type)).open(target, projectDir);
  try {
    const columns = await warehouse.getColumns({ schema, name });
    return Object.fromEntries(columns.map((c) => [c.name, c.dataType.toLowerCase()]));
  } finally {
    await warehouse.close();
  }
}

/** Relations in a schema by lower-cased name, with their kind (`table`, `view`). */
export async function relationKinds(target: TargetConfig, projectDir: string, schema: string): Promise<Record<string, string>> {
  const warehouse = await (await loadEngine(target.type)).open(target, projectDir);
  try {
    return Object.fromEntries((await warehouse.listRelations([schema])).map((r) => [r.name.toLowerCase(), r.kind]));
  } finally {
    await warehouse.close();
  }
}
