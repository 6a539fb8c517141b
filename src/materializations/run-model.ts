import type { ManifestNode } from '../compile/manifest-types.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';
import { findIngest } from '../ingest/marker.js';
import { runIngest } from '../ingest/run-ingest.js';
import { runSnapshot } from '../snapshots/run-snapshot.js';
import { runExternal } from './run-external.js';
import { runIncremental } from './run-incremental.js';

/**
 * Materializations that need to look at the warehouse while they run (live columns, NULL-key
 * counts, files on disk). Returns undefined for the ones plan.ts plans statically.
 */
export async function runSpecialMaterialization(node: ManifestNode, ctx: RunNodeContext): Promise<NodeOutcome | undefined> {
  if (node.resource_type === 'snapshot') return runSnapshot(node, ctx);
  if (node.resource_type !== 'model') return undefined;
  switch (node.config.materialized) {
    case 'incremental': {
      const ingest = findIngest(node.compiled_code ?? '');
      return ingest ? runIngest(node, ctx, ingest) : runIncremental(node, ctx);
    }
    case 'external':
      return runExternal(node, ctx);
    default:
      return undefined;
  }
}
