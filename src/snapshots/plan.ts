import type { ColumnInfo, Dialect } from '../adapters/adapter.js';
import type { SnapshotConfig } from './snapshot-config.js';

/** dbt's snapshot metadata columns, in the order they are appended. */
export const META_COLUMNS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'] as const;

/** Names and values one snapshot run needs; all SQL below is pure text built from these. */
export interface SnapshotSql {
  readonly cfg: SnapshotConfig;
  readonly dialect: Dialect;
  /** Quoted name of the snapshot table. */
  readonly target: string;
  /** Quoted name of the temp table holding this run's source rows. */
  readonly staging: string;
  /** Quoted name of the temp table of new and changed rows. */
  readonly changes: string;
  /** Columns of the source query. */
  readonly sourceColumns: readonly ColumnInfo[];
  /** The run's timestamp, as a SQL expression (check strategy, hard deletes). */
  readonly now: string;
}

const lower = (s: string) => s.toLowerCase();

function keyJoin(s: SnapshotSql, left: string, right: string): string {
  const q = s.dialect.quoteIdentifier;
  return s.cfg.uniqueKey.map((k) => `${left}.${q(k)} = ${right}.${q(k)}`).join(' AND ');
}

/** Hash of the key and the version's start: unique per row, as dbt's dbt_scd_id. */
function scdId(s: SnapshotSql, alias: string, validFrom: string): string {
  const q = s.dialect.quoteIdentifier;
  const parts = [...s.cfg.uniqueKey.map((k) => `${alias}.${q(k)}`), validFrom].map((e) => `coalesce(CAST(${e} AS VARCHAR), '')`);
  return `md5(${parts.join(` || '|' || `)})`;
}

/**
 * When a version starts: the row's updated_at (timestamp strategy, or check strategy when
 * updated_at is set, as dbt allows), otherwise the run's time.
 */
function validFrom(s: SnapshotSql, alias: string): string {
  return s.cfg.updatedAt ? `${alias}.${s.dialect.quoteIdentifier(s.cfg.updatedAt)}` : s.now;
}

/** Rows of the staged source and its distinct keys (equal when no key repeats; NULL keys are not counted). */
export function distinctKeysSql(s: SnapshotSql): string {
  const keys = s.cfg.uniqueKey.map(s.dialect.quoteIdentifier);
  const key = keys.length === 1 ? keys[0]! : `(${keys.join(', ')})`;
  return `SELECT count(*) AS n, count(DISTINCT ${key}) AS distinct_keys FROM ${s.staging}`;
}

/** Rows of the source that appear more than once per key: a snapshot cannot version them. */
export function duplicateKeysSql(s: SnapshotSql): string {
  const keys = s.cfg.uniqueKey.map(s.dialect.quoteIdentifier).join(', ');
  return `SELECT count(*) AS n FROM (SELECT ${keys} FROM ${s.staging} GROUP BY ${keys} HAVING count(*) > 1) AS mdl_dups`;
}

/** First run: every source row is a current version. */
export function planFirstSnapshot(s: SnapshotSql): string[] {
  const from = validFrom(s, 'mdl_src');
  return [
    `CREATE TABLE ${s.target} AS SELECT mdl_src.*, ${scdId(s, 'mdl_src', from)} AS dbt_scd_id, ${from} AS dbt_updated_at, ` +
      `${from} AS dbt_valid_from, NULLIF(${from}, ${from}) AS dbt_valid_to FROM ${s.staging} AS mdl_src`,
  ];
}

/**
 * Later runs: add new source columns, close the current version of changed keys, insert the new
 * versions (and brand-new keys), and with hard_deletes=invalidate close keys gone from the source.
 */
export function planSnapshotUpdate(s: SnapshotSql, snapshotColumns: readonly ColumnInfo[]): string[] {
  const q = s.dialect.quoteIdentifier;
  const have = new Set(snapshotColumns.map((c) => lower(c.name)));
  const added = s.sourceColumns.filter((c) => !have.has(lower(c.name)));
  const keys = new Set(s.cfg.uniqueKey.map(lower));
  const compared = s.cfg.checkCols === 'all'
    ? s.sourceColumns.map((c) => c.name).filter((c) => !keys.has(lower(c)) && !(META_COLUMNS as readonly string[]).includes(lower(c)))
    : s.cfg.checkCols;
  const changed = s.cfg.strategy === 'timestamp'
    ? `${validFrom(s, 'mdl_src')} > mdl_cur.dbt_valid_from`
    : compared.map((c) => `mdl_src.${q(c)} IS DISTINCT FROM mdl_cur.${q(c)}`).join(' OR ') || 'false';
  const validFromType = snapshotColumns.find((c) => lower(c.name) === 'dbt_valid_from')?.dataType ?? 'TIMESTAMP';
  const cols = s.sourceColumns.map((c) => q(c.name));
  // With hard_deletes=invalidate one full outer join finds new, changed and gone keys (a gone key
  // has no source row: mdl_present is NULL, its key is kept as mdl_gone_<i>). Two joins of the
  // source with the current versions, one for changes and one for deletes, took 216 ms for the
  // example's 500,000 customers at scale 1000.
  const invalidate = s.cfg.hardDeletes === 'invalidate';
  const goneKeys = s.cfg.uniqueKey.map((k, i) => `, mdl_cur.${q(k)} AS ${q(`mdl_gone_${i}`)}`).join('');
  const statements = [
    ...added.map((c) => `ALTER TABLE ${s.target} ADD COLUMN ${q(c.name)} ${c.dataType}`),
    `CREATE OR REPLACE TEMPORARY TABLE ${s.changes} AS SELECT mdl_src.*, ${validFrom(s, 'mdl_src')} AS mdl_valid_from${invalidate ? goneKeys : ''}\n` +
      `FROM (SELECT *, true AS mdl_present FROM ${s.staging}) AS mdl_src ${invalidate ? 'FULL OUTER' : 'LEFT'} JOIN ` +
      `(SELECT * FROM ${s.target} WHERE dbt_valid_to IS NULL) AS mdl_cur ON ${keyJoin(s, 'mdl_src', 'mdl_cur')}\n` +
      `WHERE ${invalidate ? 'mdl_src.mdl_present IS NULL OR ' : ''}mdl_cur.dbt_scd_id IS NULL OR (${changed})`,
    `UPDATE ${s.target} AS mdl_snap SET dbt_valid_to = mdl_ch.mdl_valid_from FROM ${s.changes} AS mdl_ch\n` +
      `WHERE mdl_ch.mdl_present AND ${keyJoin(s, 'mdl_snap', 'mdl_ch')} AND mdl_snap.dbt_valid_to IS NULL`,
    `INSERT INTO ${s.target} (${[...cols, ...META_COLUMNS].join(', ')})\n` +
      `SELECT ${cols.map((c) => `mdl_ch.${c}`).join(', ')}, ${scdId(s, 'mdl_ch', 'mdl_ch.mdl_valid_from')}, mdl_ch.mdl_valid_from, mdl_ch.mdl_valid_from, NULL\n` +
      `FROM ${s.changes} AS mdl_ch WHERE mdl_ch.mdl_present`,
  ];
  if (invalidate) {
    const goneJoin = s.cfg.uniqueKey.map((k, i) => `mdl_snap.${q(k)} = mdl_ch.${q(`mdl_gone_${i}`)}`).join(' AND ');
    statements.push(
      `UPDATE ${s.target} AS mdl_snap SET dbt_valid_to = CAST(${s.now} AS ${validFromType}) FROM ${s.changes} AS mdl_ch\n` +
        `WHERE mdl_ch.mdl_present IS NULL AND ${goneJoin} AND mdl_snap.dbt_valid_to IS NULL`,
    );
  }
  statements.push(`DROP TABLE ${s.changes}`);
  return statements;
}
