import type { ManifestNode } from '../compile/manifest-types.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';
import { relationOf } from '../materializations/plan.js';
import { describeColumns, hookStatements, inTransaction } from '../materializations/run-incremental.js';
import { duplicateKeysSql, planFirstSnapshot, planSnapshotUpdate, type SnapshotSql } from './plan.js';
import { snapshotConfig } from './snapshot-config.js';

/**
 * Runs a snapshot: stage the source rows once, then create the table (first run) or version the
 * changes into it. One transaction: a failure leaves the history as it was.
 */
export async function runSnapshot(node: ManifestNode, ctx: RunNodeContext, now = new Date()): Promise<NodeOutcome> {
  const { connection, existing } = ctx;
  const dialect = ctx.warehouse.dialect;
  const relation = relationOf(node);
  const tmp = (suffix: string) => dialect.quoteIdentifier(`${relation.schema}__${relation.name}__mdl_${suffix}`);
  const staging = tmp('src');
  const target = dialect.relationName(relation);
  try {
    const outcome = await inTransaction(connection, dialect, async () => {
      for (const sql of hookStatements(node, 'pre_hook')) await connection.execute(sql);
      await connection.execute(`CREATE OR REPLACE TEMPORARY TABLE ${staging} AS (\n${node.compiled_code ?? ''}\n)`);
      const s: SnapshotSql = {
        cfg: snapshotConfig(node.config), dialect, target, staging, changes: tmp('changes'),
        sourceColumns: await describeColumns(connection, staging),
        now: `CAST(${dialect.literal(now.toISOString().replace('T', ' ').replace('Z', ''))} AS TIMESTAMP)`,
      };
      const dups = Number((await connection.query(duplicateKeysSql(s)))[0]?.n ?? 0);
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
      await connection.execute(`DROP TABLE ${staging}`);
      for (const sql of hookStatements(node, 'post_hook')) await connection.execute(sql);
      return { first, changed };
    });
    return {
      status: 'success', action: outcome.first ? 'created snapshot' : 'snapshotted', rows: outcome.changed,
      message: `OK ${outcome.changed}`,
    };
  } catch (error) {
    return { status: 'error', action: 'error', message: (error as Error).message };
  }
}
