import type { Connection } from '../adapters/adapter.js';
import { ephemeralCteName } from '../compile/ephemeral.js';
import type { Catalog, Manifest, ManifestNode } from '../compile/manifest-types.js';
import type { LineageContext } from './context.js';
import { nodeLineage } from './node-lineage.js';
import { AGGREGATE_FUNCTIONS } from './aggregates.js';
import { backticksToDoubleQuotes } from './backticks.js';
import { parseBatches, type ParseResult } from './parse-tree.js';
import { catalogColumns, RelationIndex } from './relations.js';
import type { ColumnLineage, NodeColumnLineage } from './types.js';

export type { ColumnLineage, ColumnLineageEntry, ColumnRef, ColumnTransform, NodeColumnLineage } from './types.js';
export { traceColumn, type ColumnTrace, type TracedColumn } from './trace.js';

const TRACED: ReadonlySet<string> = new Set(['model', 'snapshot']);

/** Upstream first, so a model can use lineage computed for a parent missing from the catalog. */
function dependencyOrder(nodes: readonly ManifestNode[]): ManifestNode[] {
  const byId = new Map(nodes.map((n) => [n.unique_id, n]));
  const seen = new Set<string>();
  const order: ManifestNode[] = [];
  // Iterative depth-first walk: a 10,000-model chain would overflow the call stack.
  for (const start of nodes) {
    if (seen.has(start.unique_id)) continue;
    seen.add(start.unique_id);
    const stack: { node: ManifestNode; next: number }[] = [{ node: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const parents = top.node.depends_on.nodes;
      if (top.next < parents.length) {
        const parent = byId.get(parents[top.next++]!);
        if (parent && !seen.has(parent.unique_id)) {
          seen.add(parent.unique_id);
          stack.push({ node: parent, next: 0 });
        }
      } else {
        order.push(top.node);
        stack.pop();
      }
    }
  }
  return order;
}

function ephemeralIndex(manifest: Manifest): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const node of Object.values(manifest.nodes)) {
    const ephemeral = node.config.materialized === 'ephemeral' || node.relation_name === null;
    if (node.resource_type !== 'model' || !ephemeral || !node.compiled_code) continue;
    const key = ephemeralCteName(node.name).toLowerCase();
    index.set(key, [...(index.get(key) ?? []), node.unique_id]);
  }
  return index;
}

/**
 * Column-level lineage of every model: for each output column, the direct parents' columns it
 * derives from and how. Parses each model's compiled SQL with DuckDB (`json_serialize_sql`, in
 * batches) and walks the tree; the catalog supplies real column lists for `*` and names.
 * What cannot be traced is marked `unresolved` with a note, never guessed.
 */
export async function computeColumnLineage(input: {
  readonly manifest: Manifest;
  readonly catalog: Catalog;
  readonly connection: Connection;
}): Promise<ColumnLineage> {
  const { manifest, catalog, connection } = input;
  const models = dependencyOrder(Object.values(manifest.nodes).filter((n) => TRACED.has(n.resource_type)));
  const withSql = models.filter((n) => n.compiled_code);
  // Models are parsed in dependency order, so each batch can be walked as soon as it arrives.
  const batches = parseBatches(connection, withSql.map((n) => backticksToDoubleQuotes(n.compiled_code!)));
  const relations = new RelationIndex(manifest);
  const ephemerals = ephemeralIndex(manifest);
  const computed = new Map<string, readonly string[]>();
  const catalogCache = new Map<string, readonly string[] | undefined>();
  const fromCatalog = (id: string): readonly string[] | undefined => {
    if (!catalogCache.has(id)) catalogCache.set(id, catalogColumns(catalog, id));
    return catalogCache.get(id);
  };

  const nodes: Record<string, NodeColumnLineage> = {};
  let batch: ParseResult[] = [];
  let position = 0;
  for (const model of models) {
    let parsed: ParseResult | undefined;
    if (model.compiled_code) {
      if (position === batch.length) {
        batch = (await batches.next()).value ?? [];
        position = 0;
      }
      parsed = batch[position++];
    }
    const parents = new Set(model.depends_on.nodes);
    const ctx: LineageContext = {
      relations,
      aggregates: AGGREGATE_FUNCTIONS,
      columnsOf: (id) => fromCatalog(id) ?? computed.get(id),
      ephemeralFor: (cte) => {
        const ids = ephemerals.get(cte) ?? [];
        return ids.find((id) => parents.has(id)) ?? (ids.length === 1 ? ids[0] : undefined);
      },
    };
    try {
      const result = nodeLineage(parsed, fromCatalog(model.unique_id), ctx, model.resource_type === 'snapshot');
      nodes[model.unique_id] = result.lineage;
      if (result.columns) computed.set(model.unique_id, result.columns);
    } catch (error) {
      // A parse tree shape the walkers mishandle must not cost the whole project its lineage.
      const note = `column lineage failed (a bug in mdl, please report it): ${error instanceof Error ? error.message : String(error)}`;
      nodes[model.unique_id] = { columns: {}, note };
    }
  }
  return { version: 1, nodes };
}
