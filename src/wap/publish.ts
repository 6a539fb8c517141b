import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Connection, ExistingRelation, Warehouse } from '../adapters/adapter.js';
import type { ManifestNode } from '../compile/manifest-types.js';
import type { NodeResult } from '../execute/node-result.js';
import { STATE_TABLE } from '../ingest/state.js';
import { externalConfig, externalViewStatement } from '../materializations/external.js';
import { inTransaction } from '../materializations/run-incremental.js';
import { stagingSchema, type WapStage } from './stage.js';

/** How the audit went and what was published. */
export interface WapOutcome {
  readonly published: boolean;
  readonly message: string;
}

/** Audit: every node ran, and no error-severity test failed (warnings do not block). */
export function auditFailures(results: readonly NodeResult[]): NodeResult[] {
  return results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'skipped');
}

async function dropStaging(stage: WapStage, connection: Connection, warehouse: Warehouse, projectDir: string): Promise<void> {
  for (const node of stage.built) {
    if (node.config.materialized === 'external') rmSync(`${externalConfig(node.config, node.alias, projectDir).location}.wap`, { recursive: true, force: true });
  }
  for (const schema of stage.stagingSchemas) {
    await connection.execute(`DROP SCHEMA IF EXISTS ${warehouse.dialect.quoteIdentifier(schema)} CASCADE`);
  }
}

/**
 * Publishes the staged relations into production in one transaction, or (audit failed) leaves
 * production alone. Staging schemas are dropped either way.
 */
export async function publish(
  stage: WapStage, results: readonly NodeResult[], warehouse: Warehouse, connection: Connection,
  prodExisting: ReadonlyMap<string, ExistingRelation>, projectDir: string,
): Promise<WapOutcome> {
  const dialect = warehouse.dialect;
  const failed = auditFailures(results);
  if (failed.length > 0) {
    await dropStaging(stage, connection, warehouse, projectDir);
    return {
      published: false,
      message: `WAP: audit failed (${failed.map((r) => `${r.name} ${r.status}`).join(', ')}); nothing published, production is unchanged.`,
    };
  }
  const swaps: { location: string; old: string }[] = [];
  const stagedState = new Set((await warehouse.listRelations(stage.stagingSchemas)).filter((r) => r.name === STATE_TABLE).map((r) => r.schema));
  try {
    await inTransaction(connection, dialect, async () => {
      for (const node of stage.built) await publishNode(node, connection, warehouse, prodExisting, projectDir, swaps);
      for (const schema of stage.stateSchemas) {
        if (!stagedState.has(stagingSchema(schema))) continue;
        await connection.execute(`CREATE OR REPLACE TABLE ${dialect.relationName({ schema, name: STATE_TABLE })} AS ` +
          `SELECT * FROM ${dialect.relationName({ schema: stagingSchema(schema), name: STATE_TABLE })}`);
      }
    });
  } catch (error) {
    for (const swap of swaps) {
      rmSync(swap.location, { recursive: true, force: true });
      if (existsSync(swap.old)) renameSync(swap.old, swap.location);
    }
    await dropStaging(stage, connection, warehouse, projectDir);
    return { published: false, message: `WAP: publishing failed (${(error as Error).message}); production is unchanged.` };
  }
  for (const swap of swaps) rmSync(swap.old, { recursive: true, force: true });
  await dropStaging(stage, connection, warehouse, projectDir);
  return { published: true, message: `WAP: audit passed; published ${stage.built.length} relation${stage.built.length === 1 ? '' : 's'} to production in one transaction.` };
}

async function publishNode(
  node: ManifestNode, connection: Connection, warehouse: Warehouse, prodExisting: ReadonlyMap<string, ExistingRelation>,
  projectDir: string, swaps: { location: string; old: string }[],
): Promise<void> {
  const dialect = warehouse.dialect;
  const prod = { schema: node.schema, name: node.alias };
  const staged = dialect.relationName({ schema: stagingSchema(node.schema), name: node.alias });
  const current = prodExisting.get(`${node.schema}.${node.alias}`.toLowerCase());
  await connection.execute(dialect.createSchema(node.schema));
  const isView = node.config.materialized === 'view' || node.config.materialized === 'external';
  if (current && current.kind !== (isView ? 'view' : 'table')) await connection.execute(dialect.dropRelation(prod, current.kind));
  if (node.config.materialized === 'view') {
    await connection.execute(dialect.createView(prod, node.compiled_code ?? ''));
  } else if (node.config.materialized === 'external') {
    const cfg = externalConfig(node.config, node.alias, projectDir);
    // Swap the folders now (the view checks its files when created); a later failure puts the
    // old folder back (see publish).
    const swap = { location: cfg.location, old: `${cfg.location}.mdl-old-${process.pid}` };
    rmSync(swap.old, { recursive: true, force: true });
    if (existsSync(swap.location)) renameSync(swap.location, swap.old);
    swaps.push(swap);
    renameSync(`${swap.location}.wap`, swap.location);
    await connection.execute(externalViewStatement(cfg, prod, dialect));
  } else {
    await connection.execute(`CREATE OR REPLACE TABLE ${dialect.relationName(prod)} AS SELECT * FROM ${staged}`);
  }
}
