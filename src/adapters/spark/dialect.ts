import type { Capabilities, Dialect, Relation, RelationKind, TableOptions } from '../adapter.js';

/**
 * Spark SQL over Delta Lake tables. Pure SQL generation, shared by every connection method
 * (Thrift server, Databricks SQL): no I/O here.
 *
 * Spark has no multi-statement transactions, so replacing a table relies on Delta's
 * `CREATE OR REPLACE TABLE ... AS`, which commits the new version in one atomic step: while the
 * query runs, and if it fails, readers keep seeing the previous version.
 */

const capabilities: Capabilities = {
  transactionalDdl: false,
  atomicReplaceTable: true,
  merge: true,
  // Delta has no sorted writes; `order_by` is accepted and ignored (use `zorder_by` on Spark).
  sortedWrites: false,
  partitionedTables: true,
  zorder: true,
  // Snapshots stage rows in temp tables and version them in one transaction; external models
  // write files with DuckDB's COPY. Neither has a Spark implementation yet.
  unsupportedMaterializations: ['snapshot', 'external'],
  // ingest_files() lists and reads files on the client's disk with DuckDB's glob()/read_csv; a
  // Spark server (or Databricks) cannot see that disk.
  fileIngestion: false,
};

/** Backtick quoting; a backtick inside a name is doubled. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

export function relationName(relation: Relation): string {
  return `${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.name)}`;
}

/**
 * A string literal. Spark's parser treats backslash as an escape character by default
 * (`spark.sql.parser.escapedStringLiterals=false`), so backslashes are escaped as well as quotes.
 */
export function literal(value: string): string {
  return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "\\'") + "'";
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

/** `OPTIMIZE ... ZORDER BY (...)`: clusters the files written by the previous statement. */
export function optimizeZorder(relation: Relation, columns: readonly string[]): string {
  return `OPTIMIZE ${relationName(relation)} ZORDER BY (${columnList(columns)})`;
}

function createTableAs(
  relation: Relation,
  sql: string,
  options: TableOptions,
  replace: boolean,
): readonly string[] {
  const head = replace ? 'CREATE OR REPLACE TABLE' : 'CREATE TABLE';
  const partition = options.partitionBy?.length
    ? `\nPARTITIONED BY (${columnList(options.partitionBy)})`
    : '';
  const statements = [`${head} ${relationName(relation)}\nUSING delta${partition}\nAS\n${sql}`];
  if (options.zorderBy?.length) {
    statements.push(optimizeZorder(relation, options.zorderBy));
  }
  return statements;
}

function noTransactions(): never {
  throw new Error(
    'Spark has no transactions: check dialect.capabilities.transactionalDdl before asking for BEGIN/COMMIT/ROLLBACK',
  );
}

/** Incremental `merge` strategy: Delta `MERGE INTO` on a unique key. */
export function mergeInto(
  target: Relation,
  sourceSql: string,
  uniqueKey: readonly string[],
): string {
  if (uniqueKey.length === 0) {
    throw new Error('merge needs at least one unique_key column');
  }
  const on = uniqueKey
    .map((c) => `target.${quoteIdentifier(c)} = source.${quoteIdentifier(c)}`)
    .join(' AND ');
  return [
    `MERGE INTO ${relationName(target)} AS target`,
    `USING (\n${sourceSql}\n) AS source`,
    `ON ${on}`,
    'WHEN MATCHED THEN UPDATE SET *',
    'WHEN NOT MATCHED THEN INSERT *',
  ].join('\n');
}

/** Incremental `append` strategy. */
export function insertInto(target: Relation, sourceSql: string): string {
  return `INSERT INTO ${relationName(target)}\n${sourceSql}`;
}

/**
 * Incremental `insert_overwrite` strategy: replaces only the partitions present in the new rows
 * (dynamic partition overwrite, set per statement so other writes keep the static default).
 */
export function insertOverwrite(target: Relation, sourceSql: string): readonly string[] {
  return [
    'SET spark.sql.sources.partitionOverwriteMode = DYNAMIC',
    `INSERT OVERWRITE TABLE ${relationName(target)}\n${sourceSql}`,
    'SET spark.sql.sources.partitionOverwriteMode = STATIC',
  ];
}

/**
 * Holds a model's new rows for the length of an incremental run. Spark has no temporary tables,
 * and a (cached) temporary view is re-evaluated once the target it reads changes, so the rows
 * go into a real Delta table next to the target; {@link dropStaging} removes it.
 */
export function stageRows(staging: Relation, sql: string): readonly string[] {
  return [`CREATE OR REPLACE TABLE ${relationName(staging)}\nUSING delta\nAS\n${sql}`];
}

export function dropStaging(staging: Relation): string {
  return `DROP TABLE IF EXISTS ${relationName(staging)}`;
}

/**
 * The delete half of `delete+insert`: Delta refuses subqueries in DELETE conditions
 * (DELTA_UNSUPPORTED_SUBQUERY), so matching rows are deleted with a MERGE over the distinct
 * staged keys. The aliases are dbt's, so `incremental_predicates` written for dbt apply in ON.
 */
export function deleteMatching(
  target: Relation,
  staging: Relation,
  uniqueKey: readonly string[],
  predicates: readonly string[] = [],
): string {
  if (uniqueKey.length === 0) {
    throw new Error('delete+insert needs at least one unique_key column');
  }
  const keys = columnList(uniqueKey);
  const on = uniqueKey
    .map((c) => `DBT_INTERNAL_DEST.${quoteIdentifier(c)} = DBT_INTERNAL_SOURCE.${quoteIdentifier(c)}`)
    .join(' AND ');
  return [
    `MERGE INTO ${relationName(target)} AS DBT_INTERNAL_DEST`,
    `USING (SELECT DISTINCT ${keys} FROM ${relationName(staging)}) AS DBT_INTERNAL_SOURCE`,
    `ON ${on}${predicates.map((p) => ` AND (${p})`).join('')}`,
    'WHEN MATCHED THEN DELETE',
  ].join('\n');
}

export const sparkDialect: Dialect = {
  type: 'spark',
  capabilities,
  quoteIdentifier,
  relationName,
  literal,
  createSchema: (schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`,
  dropRelation: (relation, kind: RelationKind) =>
    `DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${relationName(relation)}`,
  createView: (relation, sql) => `CREATE OR REPLACE VIEW ${relationName(relation)}\nAS\n${sql}`,
  createTableAs,
  // Spark keeps a rename inside the schema; the target is qualified so it cannot land elsewhere.
  renameRelation: (from, toName, kind) =>
    `ALTER ${kind === 'view' ? 'VIEW' : 'TABLE'} ${relationName(from)} RENAME TO ${relationName({
      schema: from.schema,
      name: toName,
    })}`,
  stagingName: relationName,
  stageRows,
  dropStaging,
  deleteMatching,
  overwritePartitions: (target, staging, _partitionBy, columns) =>
    [...insertOverwrite(target, `SELECT ${columnList(columns)} FROM ${relationName(staging)}`)],
  beginTransaction: noTransactions,
  commit: noTransactions,
  rollback: noTransactions,
  stringType: 'string',
};
