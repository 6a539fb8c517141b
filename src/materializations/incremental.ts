import type { ColumnInfo, Dialect, Relation } from '../adapters/adapter.js';
import type { IncrementalConfig, SchemaChangeMode } from './incremental-config.js';

/** dbt's aliases, so predicates written for dbt work unchanged. */
export const DEST = 'DBT_INTERNAL_DEST';
export const SOURCE = 'DBT_INTERNAL_SOURCE';

/** What on_schema_change decided: DDL to run first, the columns to write, or a refusal. */
export interface SchemaChangePlan {
  readonly statements: readonly string[];
  /** Columns of the new rows that the table will receive (in the new rows' order). */
  readonly columns: readonly string[];
  /** Set when the mode is `fail` and the schemas differ: the message to fail with. */
  readonly error?: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly retyped: readonly string[];
}

const key = (name: string) => name.toLowerCase();

/**
 * Compares the table's columns with the new rows' columns and plans what `mode` asks for.
 * Pure: the caller reads both column lists from the warehouse.
 */
export function planSchemaChange(
  mode: SchemaChangeMode, existing: readonly ColumnInfo[], incoming: readonly ColumnInfo[], target: string, dialect: Dialect,
): SchemaChangePlan {
  const have = new Map(existing.map((c) => [key(c.name), c]));
  const want = new Map(incoming.map((c) => [key(c.name), c]));
  const added = incoming.filter((c) => !have.has(key(c.name)));
  const removed = existing.filter((c) => !want.has(key(c.name)));
  const retyped = incoming.filter((c) => have.has(key(c.name)) && have.get(key(c.name))!.dataType !== c.dataType);
  const common = incoming.filter((c) => have.has(key(c.name))).map((c) => c.name);
  const changed = added.length + removed.length + retyped.length > 0;
  const names = { added: added.map((c) => c.name), removed: removed.map((c) => c.name), retyped: retyped.map((c) => c.name) };
  const q = (c: string) => dialect.quoteIdentifier(c);
  switch (mode) {
    case 'ignore':
      return { statements: [], columns: common, ...names };
    case 'fail': {
      if (!changed) return { statements: [], columns: common, ...names };
      const parts = [
        added.length ? `new columns ${added.map((c) => `${c.name} ${c.dataType}`).join(', ')}` : '',
        removed.length ? `missing columns ${removed.map((c) => c.name).join(', ')}` : '',
        retyped.length ? `changed types ${retyped.map((c) => `${c.name} ${have.get(key(c.name))!.dataType} -> ${c.dataType}`).join(', ')}` : '',
      ].filter(Boolean);
      return {
        statements: [], columns: common, ...names,
        error: `The schema of ${target} changed (${parts.join('; ')}) and on_schema_change is 'fail'. ` +
          "Run with --full-refresh to rebuild it, or set on_schema_change to 'append_new_columns' or 'sync_all_columns'.",
      };
    }
    case 'append_new_columns':
      return {
        statements: added.map((c) => `ALTER TABLE ${target} ADD COLUMN ${q(c.name)} ${c.dataType}`),
        columns: incoming.map((c) => c.name), ...names,
      };
    case 'sync_all_columns':
      return {
        statements: [
          ...removed.map((c) => `ALTER TABLE ${target} DROP COLUMN ${q(c.name)}`),
          ...added.map((c) => `ALTER TABLE ${target} ADD COLUMN ${q(c.name)} ${c.dataType}`),
          ...retyped.map((c) => `ALTER TABLE ${target} ALTER COLUMN ${q(have.get(key(c.name))!.name)} SET DATA TYPE ${c.dataType}`),
        ],
        columns: incoming.map((c) => c.name), ...names,
      };
  }
}

/** Predicates may name the table as `{{ this }}` or by its name; point both at dbt's alias. */
function predicateConditions(predicates: readonly string[], target: string): string[] {
  return predicates.map((p) => p.replace(/{{\s*this\s*}}/g, DEST).replaceAll(target, DEST));
}

/**
 * The statements that apply the staged new rows to the table with the configured strategy.
 * `staging` holds the new rows (see `Dialect.stageRows`); `columns` are the ones to write (from
 * {@link planSchemaChange}). Each strategy ends in one INSERT or MERGE, so on an engine without
 * transactions (Spark) the rows land in one atomic commit.
 */
export function planStrategy(cfg: IncrementalConfig, targetRelation: Relation, stagingRelation: Relation, columns: readonly string[], dialect: Dialect): string[] {
  const q = (c: string) => dialect.quoteIdentifier(c);
  const target = dialect.relationName(targetRelation);
  const staging = dialect.stagingName(stagingRelation);
  const cols = columns.map(q).join(', ');
  const insert = `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM ${staging}`;
  const conditions = predicateConditions(cfg.predicates, target);
  switch (cfg.strategy) {
    case 'append':
      return [insert];
    case 'delete+insert':
      return [dialect.deleteMatching(targetRelation, stagingRelation, cfg.uniqueKey, conditions), insert];
    case 'insert_overwrite':
      return dialect.overwritePartitions(targetRelation, stagingRelation, cfg.partitionBy, columns);
    case 'merge': {
      const on = cfg.uniqueKey.map((k) => `${DEST}.${q(k)} = ${SOURCE}.${q(k)}`).join(' AND ');
      const extra = conditions.map((p) => ` AND (${p})`).join('');
      const keys = new Set(cfg.uniqueKey.map(key));
      const updates = columns.filter((c) => !keys.has(key(c))).map((c) => `${q(c)} = ${SOURCE}.${q(c)}`);
      const matched = updates.length ? `WHEN MATCHED THEN UPDATE SET ${updates.join(', ')}\n` : '';
      return [
        `MERGE INTO ${target} AS ${DEST} USING ${staging} AS ${SOURCE} ON ${on}${extra}\n` +
          `${matched}WHEN NOT MATCHED THEN INSERT (${cols}) VALUES (${columns.map((c) => `${SOURCE}.${q(c)}`).join(', ')})`,
      ];
    }
    default:
      throw new Error(`unknown incremental strategy '${String(cfg.strategy)}'`);
  }
}

/** Counts new rows with a NULL in any unique_key column (they would never match, so duplicate). */
export function nullKeyCountSql(cfg: IncrementalConfig, relation: string, dialect: Dialect): string | undefined {
  if (cfg.uniqueKey.length === 0 || cfg.onNullKey === 'allow' || cfg.strategy === 'append' || cfg.strategy === 'insert_overwrite') return undefined;
  return `SELECT count(*) AS n FROM ${relation} WHERE ${cfg.uniqueKey.map((k) => `${dialect.quoteIdentifier(k)} IS NULL`).join(' OR ')}`;
}

/**
 * Keys that appear more than once among new rows. MERGE on DuckDB silently updates a matched row
 * from one of them and inserts every unmatched one, so a merge model would grow duplicates.
 */
export function duplicateKeyCountSql(cfg: IncrementalConfig, relation: string, dialect: Dialect): string | undefined {
  if (cfg.strategy !== 'merge' || cfg.uniqueKey.length === 0) return undefined;
  const keys = cfg.uniqueKey.map(dialect.quoteIdentifier).join(', ');
  return `SELECT count(*) AS n FROM (SELECT ${keys} FROM ${relation} GROUP BY ${keys} HAVING count(*) > 1) AS mdl_dups`;
}
