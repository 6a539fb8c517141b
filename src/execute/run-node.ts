import type { Connection, ExistingRelation, Warehouse } from '../adapters/adapter.js';
import type { ManifestNode } from '../compile/manifest-types.js';
import { runDataTest } from '../data-tests/run-test.js';
import { planModel, relationOf } from '../materializations/plan.js';
import { inTransaction } from '../materializations/run-incremental.js';
import { runSpecialMaterialization } from '../materializations/run-model.js';
import { beforeCommit, GateClosed } from './gate.js';
import { loadSeed } from './seed.js';

export interface NodeOutcome {
  readonly status: 'success' | 'error' | 'pass' | 'fail' | 'warn';
  readonly action: string;
  readonly rows?: number;
  readonly failures?: number;
  readonly message: string | null;
  /** Set when a test gating the node failed while it ran: nothing was committed. */
  readonly skippedBy?: string;
}


export interface RunNodeContext {
  readonly warehouse: Warehouse;
  readonly connection: Connection;
  readonly existing: ExistingRelation | undefined;
  readonly fullRefresh: boolean;
  readonly projectDir: string;
  readonly seedConfig?: unknown;
  /**
   * For a node that runs while the tests of its parents still run: resolves when they have all
   * finished, to undefined when none failed, else the id of a failed one. Awaited just before
   * COMMIT (beforeCommit), so a failed test leaves nothing written.
   */
  readonly gate?: () => Promise<string | undefined>;
}

/**
 * Runs the statements of a plan; in a transaction (inTransaction), the first error rolls back at
 * once. `ready` is awaited before COMMIT (a node's gate; see beforeCommit).
 */
export async function runStatements(connection: Connection, statements: readonly string[], transactional: boolean, dialect: Warehouse['dialect'], ready?: () => Promise<void>): Promise<void> {
  const run = async () => {
    for (const sql of statements) await connection.execute(sql);
  };
  if (transactional) await inTransaction(connection, dialect, run, ready);
  else await run();
}

/** Executes one seed, model or test and says how it went. Errors are returned, not thrown. */
export async function runNode(node: ManifestNode, ctx: RunNodeContext): Promise<NodeOutcome> {
  const { warehouse, connection } = ctx;
  const dialect = warehouse.dialect;
  try {
    if (node.resource_type === 'seed') {
      const rows = await loadSeed(node, ctx);
      return { status: 'success', action: 'loaded seed', rows, message: `INSERT ${rows}` };
    }
    if (node.resource_type === 'test') return await runDataTest(node, ctx);
    const special = await runSpecialMaterialization(node, ctx);
    if (special) return special;
    const plan = planModel(node, { dialect, existing: ctx.existing, fullRefresh: ctx.fullRefresh });
    await runStatements(connection, plan.statements, plan.transactional, dialect, () => beforeCommit(ctx));
    let rows: number | undefined;
    if (plan.countRows) {
      const result = await connection.query(`SELECT count(*) AS n FROM ${dialect.relationName(relationOf(node))}`);
      rows = Number(result[0]?.n ?? 0);
    }
    return { status: 'success', action: plan.action, rows, message: plan.countRows ? `OK ${rows ?? ''}`.trim() : 'OK' };
  } catch (error) {
    if (error instanceof GateClosed) return { status: 'error', action: 'skipped', message: null, skippedBy: error.testId };
    return { status: 'error', action: node.resource_type === 'test' ? 'test' : 'error', message: (error as Error).message };
  }
}
