import type { ManifestNode } from '../compile/manifest-types.js';
import { beforeCommit, GateClosed } from '../execute/gate.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';
import { relationOf } from '../materializations/plan.js';
import { describeColumns, hookStatements, inTransaction } from '../materializations/run-incremental.js';
import { distinctKeysSql, duplicateKeysSql, planFirstSnapshot, planSnapshotUpdate, type SnapshotSql } from './plan.js';
import { snapshotConfig } from './snapshot-config.js';

/**
 * Runs a snapshot: stage the source rows once, then create the table (first run) or version the
 * changes into it. One transaction: a failure leaves the history as it was. Without pre-hooks the
 * source is staged before the transaction opens: DuckDB scans rows written in an open transaction
 * about half as fast (the example's 500,000 staged customers: 70-93 ms for the duplicate check
 * against 37-56 ms committed), and the staged rows are read twice.
 */
export async function runSnapshot(node: ManifestNode, ctx: RunNodeContext, now = new Date()): Promise<NodeOutcome> {
  const { connection, existing } = ctx;
  const dialect = ctx.warehouse.dialect;
  const relation = relationOf(node);
  const tmp = (suffix: string) => dialect.quoteIdentifier(`${relation.schema}__${relation.name}__mdl_${suffix}`);
  const staging = tmp('src');
  const target = dialect.relationName(relation);
  const preHooks = hookStatements(node, 'pre_hook');
  const stage = () => connection.execute(`CREATE OR REPLACE TEMPORARY TABLE ${staging} AS (\n${node.compiled_code ?? ''}\n)`);
  try {
    if (preHooks.length === 0) await stage();
    const outcome = await inTransaction(connection, dialect, async () => {
      for (const sql of preHooks) await connection.execute(sql);
      if (preHooks.length > 0) await stage();
      const s: SnapshotSql = {
        cfg: snapshotConfig(node.config), dialect, target, staging, changes: tmp('changes'),
        sourceColumns: await describeColumns(connection, staging),
        now: `CAST(${dialect.literal(now.toISOString().replace('T', ' ').replace('Z', ''))} AS TIMESTAMP)`,
      };
      const dups = await duplicateKeyCount(connection, s);
      if (dups > 0) {
        throw new Error(`${dups} unique_key value${dups === 1 ? '' : 's'} (${s.cfg.uniqueKey.join(', ')}) appear more than once in the source of snapshot ${node.name}; ` +
          'a snapshot keeps one current version per key. Deduplicate the query or widen unique_key.');
      }
      const first = !existing || existing.kind !== 'table';
      if (existing && existing.kind !== 'table') await connection.execute(dialect.dropRelation(relation, existing.kind));
      const statements = first ? planFirstSnapshot(s) : planSnapshotUpdate(s, await describeColumns(connection, target));
      // Rows reported: new versions written (every row on the first run).
      let changed = 0;
      for (const sql of statements) {
        const result = await connection.execute(sql);
        if (sql.startsWith('INSERT')) changed += result.rowsAffected ?? 0;
      }
      if (first) changed = Number((await connection.query(`SELECT count(*) AS n FROM ${target}`))[0]?.n ?? 0);
      for (const sql of hookStatements(node, 'post_hook')) await connection.execute(sql);
      return { first, changed };
    }, () => beforeCommit(ctx));
    return {
      status: 'success', action: outcome.first ? 'created snapshot' : 'snapshotted', rows: outcome.changed,
      message: `OK ${outcome.changed}`,
    };
  } catch (error) {
    if (error instanceof GateClosed) throw error;
    return { status: 'error', action: 'error', message: (error as Error).message };
  } finally {
    // A temporary table lives as long as the connection: drop the staged rows whatever happened.
    await connection.execute(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
  }
}

/**
 * Keys of the staged source that appear more than once. One pass compares the row count with the
 * distinct keys (count(distinct) skips NULL keys, which then fall to the exact count below).
 */
async function duplicateKeyCount(connection: RunNodeContext['connection'], s: SnapshotSql): Promise<number> {
  const first = (await connection.query(distinctKeysSql(s)))[0];
  if (Number(first?.n ?? 0) === Number(first?.distinct_keys ?? 0)) return 0;
  return Number((await connection.query(duplicateKeysSql(s)))[0]?.n ?? 0);
}
