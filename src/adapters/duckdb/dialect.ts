import type { Dialect, Relation, RelationKind, TableOptions } from '../adapter.js';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

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
  beginTransaction: () => 'BEGIN TRANSACTION',
  commit: () => 'COMMIT',
  rollback: () => 'ROLLBACK',
};
