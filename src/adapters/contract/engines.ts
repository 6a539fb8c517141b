import { createConnection } from 'node:net';
import type { Row, TargetConfig, Warehouse } from '../adapter.js';
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
  /** A server (kept open for reads) rather than a file mdl opens itself. */
  readonly server: boolean;
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
    server: false,
    target: (schema) => ({ name: 'duckdb', type: 'duckdb', path: 'warehouse.duckdb', schema, threads: 2 }),
    ready: async () => {},
  },
  {
    type: 'spark',
    server: true,
    skipReason: sparkAvailable
      ? undefined
      : 'MDL_SPARK_HOST is not set: the Spark contract cases are SKIPPED. Run `bash scripts/spark.sh start` and set MDL_SPARK_HOST=127.0.0.1 (CI does).',
    target: (schema) => ({ name: 'spark', type: 'spark', method: 'thrift', host: sparkHost ?? '127.0.0.1', port: sparkPort, schema, threads: 2 }),
    ready: () => probe(sparkHost ?? '127.0.0.1', sparkPort),
  },
];

/**
 * Reads back what mdl wrote, through the engine's own adapter. An engine whose warehouse is a
 * file mdl opens itself (DuckDB: two instances on one file in one process do not see each
 * other's tables) is opened per read; a server is opened once, saving a session per read.
 */
export class Reader {
  private open: Promise<Warehouse> | undefined;

  constructor(private readonly engine: ContractEngine, private readonly target: TargetConfig, private readonly projectDir: string) {}

  private async with<T>(fn: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    if (this.engine.server) {
      this.open ??= loadEngine(this.target.type).then((e) => e.open(this.target, this.projectDir));
      return fn(await this.open);
    }
    const warehouse = await (await loadEngine(this.target.type)).open(this.target, this.projectDir);
    try {
      return await fn(warehouse);
    } finally {
      await warehouse.close();
    }
  }

  rows(sql: string): Promise<Row[]> {
    return this.with(async (w) => (await w.connection(0)).query(sql));
  }

  /** Column names and types, types lower-cased (`DECIMAL(18,2)` vs `decimal(18,2)`). */
  columnTypes(schema: string, name: string): Promise<Record<string, string>> {
    return this.with(async (w) => Object.fromEntries((await w.getColumns({ schema, name })).map((c) => [c.name, c.dataType.toLowerCase()])));
  }

  /** Relations in a schema by lower-cased name, with their kind (`table`, `view`). */
  relationKinds(schema: string): Promise<Record<string, string>> {
    return this.with(async (w) => Object.fromEntries((await w.listRelations([schema])).map((r) => [r.name.toLowerCase(), r.kind])));
  }

  /** Runs statements (set-up and clean-up), ignoring failures. */
  executeQuietly(statements: readonly string[]): Promise<void> {
    return this.with(async (w) => {
      const connection = await w.connection(0);
      for (const sql of statements) await connection.execute(sql).catch(() => undefined);
    }).catch(() => undefined);
  }

  async close(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    if (open) await (await open).close();
  }
}
