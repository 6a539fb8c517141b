import { readFile } from 'node:fs/promises';
import type {
  ColumnInfo,
  Connection,
  CsvLoad,
  Dialect,
  ExistingRelation,
  Relation,
  Warehouse,
} from '../adapter.js';
import { parseCsv, seedColumnTypes, seedStatements } from './csv.js';
import { quoteIdentifier, relationName, sparkDialect } from './dialect.js';
import { SparkError } from './errors.js';

/** Opens one new session; the warehouse decides when. */
export type ConnectionFactory = () => Promise<Connection>;

/** Worker slot used for catalog look-ups, apart from the workers' own sessions. */
const CATALOG_WORKER = -1;

/**
 * A Spark warehouse: one session per worker, opened on first use, plus catalog helpers and seed
 * loading written in Spark SQL only, so every connection method (Thrift, Databricks) shares them.
 */
export class SparkWarehouse implements Warehouse {
  readonly dialect: Dialect = sparkDialect;
  private readonly sessions = new Map<number, Promise<Connection>>();

  constructor(private readonly openSession: ConnectionFactory) {}

  connection(worker: number): Promise<Connection> {
    let session = this.sessions.get(worker);
    if (!session) {
      session = this.openSession();
      // A failed open is not cached: the next call may find the server up.
      session.catch(() => this.sessions.delete(worker));
      this.sessions.set(worker, session);
    }
    return session;
  }

  /**
   * Tables and views in the given schemas; a schema that does not exist yet has none. Spark's
   * metastore stores names in lower case, so names come back lower case.
   */
  async listRelations(schemas: readonly string[]): Promise<ExistingRelation[]> {
    const catalog = await this.connection(CATALOG_WORKER);
    const existing = new Set(
      (await catalog.query('SHOW SCHEMAS')).map((row) => String(Object.values(row)[0]).toLowerCase()),
    );
    const found: ExistingRelation[] = [];
    for (const schema of schemas) {
      if (!existing.has(schema.toLowerCase())) continue;
      const views = await catalog.query(`SHOW VIEWS IN ${quoteIdentifier(schema)}`);
      const viewNames = new Set(views.filter((v) => v['isTemporary'] !== true).map((v) => String(v['viewName'])));
      const tables = await catalog.query(`SHOW TABLES IN ${quoteIdentifier(schema)}`);
      for (const table of tables) {
        if (table['isTemporary'] === true) continue;
        const name = String(table['tableName']);
        found.push({ schema, name, kind: viewNames.has(name) ? 'view' : 'table' });
      }
    }
    return found;
  }

  /** Columns in order, from `DESCRIBE TABLE` (partition and detail sections skipped). */
  async getColumns(relation: Relation): Promise<ColumnInfo[]> {
    const catalog = await this.connection(CATALOG_WORKER);
    const rows = await catalog.query(`DESCRIBE TABLE ${relationName(relation)}`);
    const columns: ColumnInfo[] = [];
    for (const row of rows) {
      const name = String(row['col_name'] ?? '');
      // The column list ends at the first blank or '# ...' section header.
      if (name === '' || name.startsWith('#')) break;
      columns.push({ name, dataType: String(row['data_type']) });
    }
    return columns;
  }

  /**
   * Loads a CSV seed: the client reads and parses the file and sends the rows as SQL `VALUES`
   * in batches (see csv.ts), then replaces the seed table in one atomic Delta commit.
   */
  async loadCsv(load: CsvLoad, connection: Connection): Promise<number> {
    let text: string;
    try {
      text = await readFile(load.path, 'utf8');
    } catch (error) {
      throw new SparkError(`Could not read seed file ${load.path}: ${(error as Error).message}`);
    }
    const csv = parseCsv(text, {
      ...(load.delimiter === undefined ? {} : { delimiter: load.delimiter }),
      ...(load.quote === undefined ? {} : { quote: load.quote }),
      ...(load.header === undefined ? {} : { header: load.header }),
    });
    if (csv.header.length === 0) {
      throw new SparkError(`Seed file ${load.path} is empty: it needs at least a header line`);
    }
    const unknown = Object.keys(load.columnTypes).filter(
      (name) => !csv.header.some((h) => h.toLowerCase() === name.toLowerCase()),
    );
    if (unknown.length > 0) {
      throw new SparkError(
        `Seed file ${load.path}: column_types names ${unknown.map((n) => `'${n}'`).join(', ')}, ` +
          `not in the header (${csv.header.join(', ')})`,
      );
    }
    const ragged = csv.rows.findIndex((row) => row.length !== csv.header.length);
    if (ragged >= 0) {
      throw new SparkError(
        `Seed file ${load.path}: record ${ragged + 1} has ${csv.rows[ragged]!.length} fields, the header has ${csv.header.length}`,
      );
    }
    const types = seedColumnTypes(csv, load.columnTypes);
    for (const sql of seedStatements(load.relation, csv, types)) {
      await connection.execute(sql);
    }
    return csv.rows.length;
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      sessions.map(async (session) => {
        try {
          await (await session).close();
        } catch {
          // A session that never opened has nothing to close.
        }
      }),
    );
  }
}
