/**
 * The engine boundary. An engine is two things:
 * - a {@link Dialect}: pure SQL generation (quoting, DDL, merge, type names) plus capability flags;
 * - a {@link Connection}: I/O against a running engine (execute, query, catalog, CSV load).
 *
 * Core code (materializations, executor, data tests) only ever sees these interfaces. Engines
 * register themselves in `registry.ts`; nothing outside `src/adapters/<engine>/` imports a driver.
 */

/** A relation in the warehouse. `database` is optional (DuckDB catalogs, Spark has none). */
export interface Relation {
  readonly schema: string;
  readonly name: string;
}

export type RelationKind = 'table' | 'view' | 'external';

export interface ExistingRelation extends Relation {
  readonly kind: RelationKind;
}

export interface ColumnInfo {
  readonly name: string;
  readonly dataType: string;
}

/** What the engine can do, so core code can plan without knowing which engine it is. */
export interface Capabilities {
  /** DDL can be wrapped in BEGIN/COMMIT and rolled back (DuckDB yes, Spark no). */
  readonly transactionalDdl: boolean;
  /** `CREATE OR REPLACE TABLE ... AS` replaces atomically on its own (Delta yes). */
  readonly atomicReplaceTable: boolean;
  /** MERGE INTO is available. */
  readonly merge: boolean;
  /** Tables can be physically sorted on write (`order_by`). */
  readonly sortedWrites: boolean;
  /** Partitioned tables (`partition_by`). */
  readonly partitionedTables: boolean;
  /** Z-ordering after write (`zorder_by`). */
  readonly zorder: boolean;
  /**
   * Materializations this engine cannot run (e.g. `snapshot`, `external` on Spark). The compiler
   * reports a model or snapshot using one as a Compilation Error naming its file.
   */
  readonly unsupportedMaterializations: readonly string[];
  /**
   * `ingest_files()` works: the engine lists and reads landing files on the disk of the machine
   * running mdl (DuckDB's `glob()` and readers). A server engine cannot see that disk, so the
   * compiler refuses models calling it there (E_UNSUPPORTED_ON_ENGINE, naming the file).
   */
  readonly fileIngestion: boolean;
}

/** Options a table may be written with; each engine maps what it supports. */
export interface TableOptions {
  readonly orderBy?: readonly string[];
  readonly partitionBy?: readonly string[];
  readonly zorderBy?: readonly string[];
}

/** Pure SQL generation for one engine. No I/O. */
export interface Dialect {
  readonly type: string;
  readonly capabilities: Capabilities;
  quoteIdentifier(name: string): string;
  /** Fully quoted relation name, e.g. `"gold"."orders"`. */
  relationName(relation: Relation): string;
  /** A string literal with the engine's escaping. */
  literal(value: string): string;
  createSchema(schema: string): string;
  dropRelation(relation: Relation, kind: RelationKind): string;
  createView(relation: Relation, sql: string): string;
  /** Statements creating (or replacing, when `replace`) a table from a query. */
  createTableAs(relation: Relation, sql: string, options: TableOptions, replace: boolean): readonly string[];
  renameRelation(from: Relation, toName: string, kind: RelationKind): string;
  beginTransaction(): string;
  commit(): string;
  rollback(): string;
  /**
   * Where an incremental run keeps a model's new rows (`staging` is the target's schema plus a
   * derived name), as SQL to read them from: a temp table on DuckDB, a Delta table on Spark.
   */
  stagingName(staging: Relation): string;
  /** Statements that (re)create the staging relation from the model's query, run once per run. */
  stageRows(staging: Relation, sql: string): readonly string[];
  /** Removes the staging relation; harmless when it does not exist. */
  dropStaging(staging: Relation): string;
  /**
   * The delete half of `delete+insert`: removes the target's rows whose `uniqueKey` matches a
   * staged row. The target is aliased `DBT_INTERNAL_DEST` and the staged rows
   * `DBT_INTERNAL_SOURCE`; `predicates` (naming those aliases) further limit what is deleted.
   */
  deleteMatching(target: Relation, staging: Relation, uniqueKey: readonly string[], predicates: readonly string[]): string;
  /**
   * Incremental `insert_overwrite`: replace every partition (the values of `partitionBy`, NULL
   * included) present in the staged rows with those rows, and keep the others. `columns` are the
   * columns to write. One atomic write on each engine.
   */
  overwritePartitions(target: Relation, staging: Relation, partitionBy: readonly string[], columns: readonly string[]): string[];
  /** Name of a string type, used for CSV columns and casts. */
  readonly stringType: string;
}

export type Row = Record<string, unknown>;

export interface ExecuteResult {
  readonly rowsAffected?: number;
}

/** One session against the engine. Values come back as plain JS (numbers, strings, Date, null). */
export interface Connection {
  execute(sql: string): Promise<ExecuteResult>;
  query(sql: string): Promise<Row[]>;
  /**
   * Rows for people to read (`mdl show`): like `query`, but a DECIMAL keeps its exact digits as a
   * string (286455.30, not the number 286455.3). Engines whose driver already does may omit it.
   */
  queryForDisplay?(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** CSV load request; the engine reads the file itself (no row-by-row inserts). */
export interface CsvLoad {
  readonly path: string;
  readonly relation: Relation;
  readonly columnTypes: Readonly<Record<string, string>>;
  readonly delimiter?: string;
  readonly quote?: string;
  readonly header?: boolean;
}

/** An open warehouse: a pool of connections plus catalog helpers. */
export interface Warehouse {
  readonly dialect: Dialect;
  /** A connection for one worker; the same worker always gets the same connection. */
  connection(worker: number): Promise<Connection>;
  listRelations(schemas: readonly string[]): Promise<ExistingRelation[]>;
  getColumns(relation: Relation): Promise<ColumnInfo[]>;
  /** Loads a CSV into a new relation (replacing atomically). Returns rows loaded. */
  loadCsv(load: CsvLoad, connection: Connection): Promise<number>;
  close(): Promise<void>;
}

/** Target settings as written in project.yml after env_var() rendering. */
export interface TargetConfig {
  readonly name: string;
  readonly type: string;
  readonly schema: string;
  readonly threads: number;
  readonly [key: string]: unknown;
}

/** An engine as registered: its dialect and how to open a warehouse for a target. */
export interface Engine {
  readonly type: string;
  readonly dialect: Dialect;
  open(target: TargetConfig, projectDir: string): Promise<Warehouse>;
}
