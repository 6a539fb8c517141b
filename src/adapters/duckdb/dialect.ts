import type { Dialect, Relation, RelationKind, TableOptions } from '../adapter.js';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const stagingName = (staging: Relation): string => quote(`${staging.schema}__${staging.name}`);

/** Deletes the target rows whose `keys` match (by `op`) a staged row, further limited by `predicates`. */
function deleteStaged(target: Relation, staging: Relation, keys: readonly string[], op: string, predicates: readonly string[]): string {
  const match = keys.map((k) => `DBT_INTERNAL_DEST.${quote(k)} ${op} DBT_INTERNAL_SOURCE.${quote(k)}`).join(' AND ');
  return `DELETE FROM ${quote(target.schema)}.${quote(target.name)} AS DBT_INTERNAL_DEST ` +
    `WHERE EXISTS (SELECT 1 FROM ${stagingName(staging)} AS DBT_INTERNAL_SOURCE WHERE ${match})` +
    predicates.map((p) => ` AND (${p})`).join('');
}

/** DuckDB SQL generation. Pure: no I/O. */
export const duckdbDialect: Dialect = {
  type: 'duckdb',
  capabilities: {
    transactionalDdl: true,
    atomicReplaceTable: true,
    merge: true,
    sortedWrites: true,
    partitionedTables: false,
    zorder: false,
    unsupportedMaterializations: [],
    fileIngestion: true,
  },
  stringType: 'VARCHAR',
  quoteIdentifier: quote,
  relationName: (relation: Relation) => `${quote(relation.schema)}.${quote(relation.name)}`,
  literal: (value: string) => `'${value.replaceAll("'", "''")}'`,
  createSchema: (schema: string) => `CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`,
  dropRelation: (relation: Relation, kind: RelationKind) =>
    `DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${quote(relation.schema)}.${quote(relation.name)}`,
  createView: (relation: Relation, sql: string) =>
    `CREATE OR REPLACE VIEW ${quote(relation.schema)}.${quote(relation.name)} AS (\n${sql}\n)`,
  createTableAs(relation: Relation, sql: string, options: TableOptions, replace: boolean): readonly string[] {
    const name = `${quote(relation.schema)}.${quote(relation.name)}`;
    // Writing rows sorted lets DuckDB's min/max zone maps skip row groups: our Z-order analog.
    const body = options.orderBy?.length
      ? `SELECT * FROM (\n${sql}\n) AS mdl_sorted ORDER BY ${options.orderBy.map(quote).join(', ')}`
      : sql;
    return [`CREATE ${replace ? 'OR REPLACE ' : ''}TABLE ${name} AS (\n${body}\n)`];
  },
  renameRelation: (from: Relation, toName: string, kind: RelationKind) =>
    `ALTER ${kind === 'view' ? 'VIEW' : 'TABLE'} ${quote(from.schema)}.${quote(from.name)} RENAME TO ${quote(toName)}`,
  // New rows of an incremental run wait in a temp table: private to the session and dropped with
  // it. Temp tables live in DuckDB's `temp` catalog, so the schema becomes part of the name.
  stagingName: stagingName,
  stageRows: (staging: Relation, sql: string) => [`CREATE OR REPLACE TEMPORARY TABLE ${stagingName(staging)} AS (\n${sql}\n)`],
  dropStaging: (staging: Relation) => `DROP TABLE IF EXISTS ${stagingName(staging)}`,
  deleteMatching: (target: Relation, staging: Relation, uniqueKey: readonly string[], predicates: readonly string[]) =>
    deleteStaged(target, staging, uniqueKey, '=', predicates),
  // Partitions are column values here (DuckDB tables have none): delete the rows of every partition
  // in the new rows (NULL is a partition too), then insert; the caller's transaction makes it one step.
  overwritePartitions: (target: Relation, staging: Relation, partitionBy: readonly string[], columns: readonly string[]) => {
    const cols = columns.map(quote).join(', ');
    return [
      deleteStaged(target, staging, partitionBy, 'IS NOT DISTINCT FROM', []),
      `INSERT INTO ${quote(target.schema)}.${quote(target.name)} (${cols}) SELECT ${cols} FROM ${stagingName(staging)}`,
    ];
  },
  beginTransaction: () => 'BEGIN TRANSACTION',
  commit: () => 'COMMIT',
  rollback: () => 'ROLLBACK',
};
