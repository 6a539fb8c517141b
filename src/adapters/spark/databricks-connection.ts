import type { Connection, ExecuteResult, Row } from '../adapter.js';
import { SparkError, toSparkError } from './errors.js';
import type { SparkTarget } from './target.js';

/**
 * `method: databricks`: a Databricks SQL warehouse through `@databricks/sql` (HTTP Thrift with a
 * personal access token). Every line of SQL comes from the shared Spark dialect and warehouse;
 * only the session differs.
 *
 * NOT tested against a live workspace (none is reachable from where mdl is built); the tests
 * cover settings validation and connection failures only.
 */

/** The parts of `@databricks/sql` used here (it is an optional package: see loadDriver). */
interface DBSQLOperation {
  fetchAll(): Promise<unknown[]>;
  close(): Promise<unknown>;
}
interface DBSQLSession {
  executeStatement(sql: string, options: { runAsync: boolean }): Promise<DBSQLOperation>;
  close(): Promise<unknown>;
}
interface DBSQLClient {
  on(event: string, listener: () => void): unknown;
  connect(options: Record<string, unknown>): Promise<unknown>;
  openSession(options: Record<string, unknown>): Promise<DBSQLSession>;
  close(): Promise<unknown>;
}
type DriverModule = { DBSQLClient: new (options: Record<string, unknown>) => DBSQLClient };

/**
 * `@databricks/sql` is not a dependency of mdl: its optional platform packages cannot all be
 * recorded in a lock file from the registries we build with, which breaks `npm ci`. Users of
 * `method: databricks` install it beside mdl (`npm install @databricks/sql`).
 */
async function loadDriver(): Promise<DriverModule> {
  const name = '@databricks/sql';
  try {
    const module = (await import(name)) as { default?: DriverModule } & Partial<DriverModule>;
    return (module.default ?? module) as DriverModule;
  } catch (error) {
    throw new SparkError('method databricks needs the @databricks/sql package, which is not installed: run `npm install @databricks/sql` in your project.', { cause: error });
  }
}

/** Values from the driver made plain: BIGINT as number when exact, else its digits. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  return value;
}

class DatabricksConnection implements Connection {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly client: DBSQLClient,
    private readonly session: DBSQLSession,
    private readonly secrets: readonly (string | undefined)[],
  ) {}

  execute(sql: string): Promise<ExecuteResult> {
    return this.enqueue(async () => {
      await this.run(sql);
      return {};
    });
  }

  query(sql: string): Promise<Row[]> {
    return this.enqueue(() => this.run(sql));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.session.close().catch(() => undefined);
    await this.client.close().catch(() => undefined);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('Databricks connection is closed'));
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(sql: string): Promise<Row[]> {
    try {
      const operation = await this.session.executeStatement(sql, { runAsync: true });
      try {
        const rows = (await operation.fetchAll()) as Record<string, unknown>[];
        return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainValue(v)])));
      } finally {
        await operation.close().catch(() => undefined);
      }
    } catch (error) {
      throw toSparkError(error, 'Databricks statement failed', this.secrets);
    }
  }
}

/** Connects with the target's token and opens a session in its catalog and schema. */
export async function openDatabricksConnection(settings: SparkTarget): Promise<Connection> {
  const secrets = [settings.token, settings.password];
  // The driver logs to stdout by default; mdl's reporter is the only writer to the terminal,
  // and failures reach the user as errors anyway.
  const databricks = await loadDriver();
  const client = new databricks.DBSQLClient({ logger: { log: () => undefined } });
  // Network errors after connect arrive as events; without a listener they would crash Node.
  client.on('error', () => undefined);
  try {
    await client.connect({
      host: settings.host,
      port: settings.port,
      path: settings.httpPath ?? '',
      token: settings.token ?? '',
      telemetryEnabled: false,
      retryMaxAttempts: 3,
    });
    const session = await client.openSession({
      ...(settings.catalog ? { initialCatalog: settings.catalog } : {}),
    });
    const connection = new DatabricksConnection(client, session, secrets);
    // Same session time zone as the Thrift method, so timestamps read the same.
    await connection.execute("SET TIME ZONE 'UTC'");
    return connection;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toSparkError(
      error,
      `Could not connect to Databricks at ${settings.host}:${settings.port}${settings.httpPath ?? ''} (target '${settings.name}')`,
      secrets,
    );
  }
}
