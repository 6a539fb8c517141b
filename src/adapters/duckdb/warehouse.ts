import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type {
  ColumnInfo, Connection, CsvLoad, ExecuteResult, ExistingRelation, Relation, Row, TargetConfig, Warehouse,
} from '../adapter.js';
import { duckdbDialect } from './dialect.js';
import { databasePath } from './path.js';
import { toPlainRow } from './values.js';

export { databasePath };

class DuckDBSession implements Connection {
  constructor(private readonly connection: DuckDBConnection) {}

  async execute(sql: string): Promise<ExecuteResult> {
    const result = await this.connection.run(sql);
    return { rowsAffected: Number(result.rowsChanged) };
  }

  async query(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map(toPlainRow);
  }

  async queryForDisplay(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    const names = reader.columnNames();
    const decimals = reader.columnTypes().flatMap((type, i) => (type.typeId === DuckDBTypeId.DECIMAL ? [names[i]!] : []));
    const rows = reader.getRowObjectsJS().map(toPlainRow);
    if (decimals.length === 0) return rows;
    const exact = reader.getRowObjects();
    return rows.map((row, i) => {
      const out: Record<string, unknown> = { ...row };
      for (const name of decimals) out[name] = exact[i]![name] === null ? null : String(exact[i]![name]);
      return out;
    });
  }

  async close(): Promise<void> {
    this.connection.closeSync();
  }
}

/** One DuckDBInstance per database file per process, shared by every connection. */
export class DuckDBWarehouse implements Warehouse {
  readonly dialect = duckdbDialect;
  private readonly sessions = new Map<number, Promise<Connection>>();

  private constructor(private readonly instance: DuckDBInstance, readonly path: string) {}

  static async open(target: TargetConfig, projectDir: string): Promise<DuckDBWarehouse> {
    const path = databasePath(target, projectDir);
    if (path !== ':memory:' && !existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
    // Relative file paths in models (read_csv('data/x.csv')) resolve from the project, not from
    // wherever mdl was started, so --project-dir works.
    // A new database file is written in the current storage format. In the default one (v0.10.2,
    // readable by old DuckDB versions) a checkpoint rewrites table metadata it could reuse: after a
    // one-row insert into the example's scale-1000 warehouse the first checkpoints took 5.4 s and
    // 1.9 s, against 0.7 s and 10 ms (bench/PROFILE.md). An existing file keeps the format it was
    // created with; `settings: {storage_compatibility_version: ...}` in the target overrides.
    const options: Record<string, string> = {
      autoinstall_known_extensions: 'false', autoload_known_extensions: 'true', file_search_path: resolve(projectDir),
      storage_compatibility_version: 'latest',
    };
    const settings = (target.settings ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(settings)) options[key] = String(value);
    if (target.read_only === true) options.access_mode = 'READ_ONLY';
    const instance = await DuckDBInstance.create(path, options);
    return new DuckDBWarehouse(instance, path);
  }

  connection(worker: number): Promise<Connection> {
    let session = this.sessions.get(worker);
    if (!session) {
      session = this.instance.connect().then((c) => new DuckDBSession(c));
      this.sessions.set(worker, session);
    }
    return session;
  }

  async listRelations(schemas: readonly string[]): Promise<ExistingRelation[]> {
    if (schemas.length === 0) return [];
    const list = schemas.map((s) => duckdbDialect.literal(s)).join(', ');
    const rows = await (await this.connection(0)).query(
      `SELECT table_schema AS schema, table_name AS name, table_type AS type
         FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_schema IN (${list})`,
    );
    return rows.map((r) => ({
      schema: String(r.schema),
      name: String(r.name),
      kind: r.type === 'VIEW' ? 'view' : 'table',
    }));
  }

  async getColumns(relation: Relation): Promise<ColumnInfo[]> {
    const rows = await (await this.connection(0)).query(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns
        WHERE table_catalog = current_database()
          AND table_schema = ${duckdbDialect.literal(relation.schema)}
          AND table_name = ${duckdbDialect.literal(relation.name)}
        ORDER BY ordinal_position`,
    );
    return rows.map((r) => ({ name: String(r.name), dataType: String(r.type) }));
  }

  async loadCsv(load: CsvLoad, connection: Connection): Promise<number> {
    // Delimiter and quote are fixed (not sniffed) and strict mode is on, so a ragged row is an
    // error instead of a silently reshaped table.
    const options = [
      `header = ${load.header === false ? 'false' : 'true'}`, 'auto_detect = true', 'strict_mode = true', 'null_padding = false',
      `delim = ${duckdbDialect.literal(load.delimiter ?? ',')}`, `quote = ${duckdbDialect.literal(load.quote ?? '"')}`,
    ];
    const types = Object.entries(load.columnTypes);
    if (types.length > 0) {
      const struct = types.map(([name, type]) => `${duckdbDialect.literal(name)}: ${duckdbDialect.literal(type)}`).join(', ');
      options.push(`types = {${struct}}`);
    }
    const name = duckdbDialect.relationName(load.relation);
    const select = `SELECT * FROM read_csv(${duckdbDialect.literal(load.path)}, ${options.join(', ')})`;
    await connection.execute(`CREATE OR REPLACE TABLE ${name} AS ${select}`);
    const rows = await connection.query(`SELECT count(*) AS n FROM ${name}`);
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) await (await session).close();
    this.sessions.clear();
    this.instance.closeSync();
  }
}
