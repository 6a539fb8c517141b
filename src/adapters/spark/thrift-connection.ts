import hive from 'hive-driver';
import type { Connection, ExecuteResult, Row } from '../adapter.js';
import { toSparkError } from './errors.js';
import type { SparkTarget } from './target.js';
import { rowsFromResult, type ThriftColumnDesc } from './values.js';

const { TCLIService, TCLIService_types } = hive.thrift;

/** Statements every session runs first. */
export const SESSION_SETUP: readonly string[] = [
  // Timestamps come back as text in the session time zone; values.ts reads them as UTC.
  'SET spark.sql.session.timeZone = UTC',
  // Delta 4.0 answers min/max/count from its log metadata, and under the Thrift server (which
  // turns on Java 8 date types) that fails on DATE columns with "class java.time.LocalDate
  // cannot be cast to class java.sql.Date". Reading the data is correct and, at our sizes, cheap.
  'SET spark.databricks.delta.optimizeMetadataQuery.enabled = false',
];

/** Rows fetched per round trip. */
const FETCH_SIZE = 10_000;

/**
 * How long closing a session may take. Spark 4.0's Thrift server can lose the handler thread of
 * a CloseSession call (NoClassDefFoundError: LlapSigner$Signable in its log) and never answer;
 * without a bound the finished build waited for it for ever.
 */
const CLOSE_TIMEOUT_SECONDS = 10;

function withTimeout<T>(work: Promise<T>, seconds: number, what = 'no session'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // If the timeout wins, a late failure of `work` must not surface as an unhandled rejection.
  work.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} after ${seconds}s${what === 'no session' ? ' (connect_timeout)' : ''}`)),
      seconds * 1000,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The hive-driver objects used here (its own typings mark most of them `any`). */
interface HiveOperation {
  getSchema(): { columns?: ThriftColumnDesc[] } | null;
  getData(): { columns?: [] }[];
  close(): Promise<unknown>;
  setMaxRows(n: number): void;
}
interface HiveSession {
  executeStatement(sql: string, options?: { runAsync?: boolean }): Promise<HiveOperation>;
  close(): Promise<unknown>;
}

/**
 * One HiveServer2 session on Spark's Thrift server (binary transport), used by one worker.
 * Statements run synchronously on the server (`runAsync: false`), so each call is one round trip
 * plus fetches; calls on one connection are queued so they never interleave.
 */
export class ThriftConnection implements Connection {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly client: hive.HiveClient,
    private readonly session: HiveSession,
    private readonly secrets: readonly (string | undefined)[],
  ) {}

  /** Connects, opens a session and applies {@link SESSION_SETUP}. */
  static async open(settings: SparkTarget): Promise<ThriftConnection> {
    const secrets = [settings.password];
    const where = `Could not connect to Spark Thrift server at ${settings.host}:${settings.port} (target '${settings.name}')`;
    const client = new hive.HiveClient(TCLIService, TCLIService_types);
    // Socket errors after connect arrive as events; without a listener they would crash Node.
    client.on('error', () => undefined);
    let session: HiveSession;
    try {
      const auth =
        settings.auth === 'nosasl'
          ? new hive.auth.NoSaslAuthentication()
          : new hive.auth.PlainTcpAuthentication({
              username: settings.user ?? 'mdl',
              password: settings.password ?? 'mdl',
            });
      // hive-driver has no timeouts: a server that accepts the socket but never answers (one
      // still starting, a wrong port) would hang the run forever.
      session = await withTimeout(
        (async () => {
          await client.connect({ host: settings.host, port: settings.port }, new hive.connections.TcpConnection(), auth);
          return (await client.openSession({
            client_protocol: TCLIService_types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10,
          })) as unknown as HiveSession;
        })(),
        settings.connectTimeout,
      );
    } catch (error) {
      client.close();
      const hint = ' (is it running? `bash scripts/spark.sh start` starts a local one)';
      throw toSparkError(error, where + hint, secrets);
    }
    const connection = new ThriftConnection(client, session, secrets);
    for (const sql of SESSION_SETUP) await connection.execute(sql);
    return connection;
  }

  execute(sql: string): Promise<ExecuteResult> {
    return this.enqueue(async () => {
      await this.run(sql, false);
      return {};
    });
  }

  query(sql: string): Promise<Row[]> {
    return this.enqueue(() => this.run(sql, true));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    try {
      await withTimeout(this.session.close(), CLOSE_TIMEOUT_SECONDS, 'session not closed');
    } catch {
      // The server may already be gone; closing must not fail a run that otherwise succeeded.
    } finally {
      this.client.close();
    }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('Spark connection is closed'));
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(sql: string, wantRows: boolean): Promise<Row[]> {
    let operation: HiveOperation | undefined;
    try {
      operation = await this.session.executeStatement(sql, { runAsync: false });
      if (!wantRows) return [];
      operation.setMaxRows(FETCH_SIZE);
      const utils = new hive.HiveUtils(TCLIService_types);
      // In sync mode the operation is already finished; one status call records that.
      await utils.waitUntilReady(operation as never, false, () => undefined);
      await utils.fetchAll(operation as never);
      return rowsFromResult(operation.getSchema()?.columns ?? [], operation.getData());
    } catch (error) {
      throw toSparkError(error, 'Spark statement failed', this.secrets);
    } finally {
      await operation?.close().catch(() => undefined);
    }
  }
}
