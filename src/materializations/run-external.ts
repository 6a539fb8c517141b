import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ManifestNode } from '../compile/manifest-types.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';
import { copyStatement, externalConfig, externalViewStatement } from './external.js';
import { relationOf } from './plan.js';
import { hookStatements, inTransaction } from './run-incremental.js';

/**
 * `materialized: external`: write the rows to files, then (re)create a view over them.
 * Files are not transactional, so the COPY goes to a fresh path that replaces the old files only
 * once it succeeded; if the view then fails, the old files are put back.
 */
export async function runExternal(node: ManifestNode, ctx: RunNodeContext): Promise<NodeOutcome> {
  const { connection, existing } = ctx;
  const dialect = ctx.warehouse.dialect;
  const relation = relationOf(node);
  const cfg = externalConfig(node.config, relation.name, ctx.projectDir);
  const fresh = `${cfg.location}.mdl-new-${process.pid}`;
  const old = `${cfg.location}.mdl-old-${process.pid}`;
  let swapped = false;
  try {
    for (const sql of hookStatements(node, 'pre_hook')) await connection.execute(sql);
    mkdirSync(dirname(cfg.location), { recursive: true });
    rmSync(fresh, { recursive: true, force: true });
    const rows = (await connection.execute(copyStatement(cfg, node.compiled_code ?? '', fresh, dialect))).rowsAffected ?? 0;
    if (!existsSync(fresh)) {
      // A partitioned COPY of zero rows writes no folder; the view needs at least an empty one.
      throw new Error(`${node.name} returned no rows, so no ${cfg.format} files were written to ${cfg.location}; an external model needs at least one row.`);
    }
    rmSync(old, { recursive: true, force: true });
    if (existsSync(cfg.location)) renameSync(cfg.location, old);
    renameSync(fresh, cfg.location);
    swapped = true;
    await inTransaction(connection, dialect, async () => {
      if (existing && existing.kind !== 'view') await connection.execute(dialect.dropRelation(relation, existing.kind));
      await connection.execute(externalViewStatement(cfg, relation, dialect));
      for (const sql of hookStatements(node, 'post_hook')) await connection.execute(sql);
    });
    rmSync(old, { recursive: true, force: true });
    return { status: 'success', action: `wrote ${cfg.format} files for`, rows, message: `OK ${rows}` };
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    if (swapped) {
      rmSync(cfg.location, { recursive: true, force: true });
      if (existsSync(old)) renameSync(old, cfg.location);
    }
    return { status: 'error', action: 'error', message: (error as Error).message };
  }
}
