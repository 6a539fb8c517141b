/**
 * Manifest + catalog + run results -> the values the site embeds. Pure: no I/O, so it is
 * tested with values and stays fast on 10,000-node projects (one pass over each input).
 */
import type {
  Catalog, CatalogEntry, ColumnDef, Manifest, ManifestNode, ManifestSource, RunResult, RunResults,
} from '../compile/manifest-types.js';
import { layoutDag } from './layout.js';
import type {
  SiteColumn, SiteGraph, SiteGraphNode, SiteGroup, SiteNodeDetail, SiteRunStatus, SiteTest,
} from './site-types.js';

/** Node pages per `data/nodes-<n>.js` file: small enough to load instantly, few enough files. */
export const CHUNK_SIZE = 200;
const GRAPH_TYPES = new Set(['model', 'seed', 'snapshot', 'source', 'analysis']);

/** Colours for the usual medallion/dbt folder names; other groups take the palette in order. */
const KNOWN_COLOURS: Readonly<Record<string, string>> = {
  sources: '#14b8a6', seeds: '#22c55e', staging: '#60a5fa', bronze: '#c2410c', intermediate: '#a78bfa',
  silver: '#64748b', marts: '#f59e0b', gold: '#d4a017', analyses: '#94a3b8', snapshots: '#ec4899',
};
const PALETTE = ['#3b82f6', '#ef4444', '#10b981', '#8b5cf6', '#f97316', '#06b6d4', '#84cc16', '#e11d48', '#6366f1', '#0ea5e9'];

export interface SiteData {
  readonly graph: SiteGraph;
  readonly details: readonly SiteNodeDetail[];
  readonly status: SiteRunStatus | null;
}

type GraphEntity = { readonly kind: 'node'; readonly node: ManifestNode } | { readonly kind: 'source'; readonly source: ManifestSource };

export function buildSiteData(manifest: Manifest, catalog: Catalog | null, runResults: RunResults | null): SiteData {
  const entities = new Map<string, GraphEntity>();
  for (const source of Object.values(manifest.sources)) entities.set(source.unique_id, { kind: 'source', source });
  for (const node of Object.values(manifest.nodes)) {
    if (GRAPH_TYPES.has(node.resource_type)) entities.set(node.unique_id, { kind: 'node', node });
  }
  const ids = [...entities.keys()];
  // Each entity's distinct parents, once: the edges and the node pages both use them.
  const parents = new Map<string, string[]>();
  const edges: [string, string][] = [];
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const entity = entities.get(id)!;
    const listed = manifest.parent_map[id] ?? (entity.kind === 'node' ? entity.node.depends_on.nodes : []);
    const own = [...new Set(listed)].filter((p) => entities.has(p));
    parents.set(id, own);
    for (const parent of own) {
      edges.push([parent, id]);
      (children.get(parent) ?? children.set(parent, []).get(parent)!).push(id);
    }
  }
  const names = new Map(ids.map((id) => [id, displayName(entities.get(id)!)]));
  const groupOf = new Map(ids.map((id) => [id, groupName(entities.get(id)!)]));
  const sortKeys = new Map(ids.map((id) => [id, `${groupOf.get(id)}\u0000${names.get(id)}`]));
  const positions = layoutDag({ ids, edges, sortKey: (id) => sortKeys.get(id)! });

  const results = new Map<string, RunResult>();
  for (const r of runResults?.results ?? []) results.set(r.unique_id, r);

  // Plain code-unit comparison: localeCompare (ICU collation) costs seconds over 10,000 names.
  // Sort records, not ids: comparator Map lookups dominated on 10,000 nodes.
  const order = ids
    .map((id) => ({ id, name: names.get(id)!, layer: positions.get(id)!.layer }))
    .sort((a, b) => a.layer - b.layer || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((r) => r.id);
  const indexOf = new Map(order.map((id, i) => [id, i]));
  const nodes: SiteGraphNode[] = order.map((id, i) => {
    const p = positions.get(id)!;
    const status = results.get(id)?.status;
    return {
      id, name: names.get(id)!, type: typeOf(entities.get(id)!), group: groupOf.get(id)!,
      x: p.x, y: p.y, layer: p.layer, chunk: Math.floor(i / CHUNK_SIZE), ...(status ? { status } : {}),
    };
  });
  const graph: SiteGraph = {
    nodes,
    edges: edges.map(([a, b]) => [indexOf.get(a)!, indexOf.get(b)!] as const),
    groups: groups(nodes),
  };

  const testsByNode = collectTests(manifest, results);
  const details = order.map((id) => detail(entities.get(id)!, {
    catalog: catalogEntry(catalog, id),
    result: results.get(id),
    tests: testsByNode.get(id) ?? [],
    parents: parents.get(id)!,
    children: children.get(id) ?? [],
  }));
  return { graph, details, status: runResults ? runStatus(runResults, manifest) : null };
}

function typeOf(entity: GraphEntity): string {
  return entity.kind === 'source' ? 'source' : entity.node.resource_type;
}

function displayName(entity: GraphEntity): string {
  return entity.kind === 'source' ? `${entity.source.source_name}.${entity.source.name}` : entity.node.name;
}

/** The model's first folder under the model path (its layer), else its resource type. */
function groupName(entity: GraphEntity): string {
  if (entity.kind === 'source') return 'sources';
  const node = entity.node;
  if (node.resource_type === 'analysis') return 'analyses';
  if (node.resource_type !== 'model') return `${node.resource_type}s`;
  return node.fqn.length > 2 ? node.fqn[1]! : 'models';
}

function groups(nodes: readonly SiteGraphNode[]): SiteGroup[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.group, (counts.get(n.group) ?? 0) + 1);
  // Order groups by their leftmost layer so the legend reads like the graph: sources first.
  const firstLayer = new Map<string, number>();
  for (const n of nodes) firstLayer.set(n.group, Math.min(firstLayer.get(n.group) ?? Infinity, n.layer));
  let next = 0;
  return [...counts.keys()]
    .sort((a, b) => firstLayer.get(a)! - firstLayer.get(b)! || a.localeCompare(b))
    .map((name) => ({ name, color: KNOWN_COLOURS[name] ?? PALETTE[next++ % PALETTE.length]!, count: counts.get(name)! }));
}

function catalogEntry(catalog: Catalog | null, id: string): CatalogEntry | undefined {
  return catalog?.nodes[id] ?? catalog?.sources[id];
}

function collectTests(manifest: Manifest, results: ReadonlyMap<string, RunResult>): Map<string, SiteTest[]> {
  const byNode = new Map<string, SiteTest[]>();
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'test') continue;
    const result = results.get(node.unique_id);
    const test: SiteTest = {
      id: node.unique_id,
      name: node.name,
      column: node.column_name ?? null,
      kind: node.test_metadata?.name ?? 'singular',
      status: result?.status ?? null,
      failures: result?.failures ?? null,
      message: result?.message ?? null,
    };
    const targets = node.attached_node ? [node.attached_node] : node.depends_on.nodes;
    for (const target of new Set(targets)) (byNode.get(target) ?? byNode.set(target, []).get(target)!).push(test);
  }
  return byNode;
}

interface DetailInput {
  readonly catalog: CatalogEntry | undefined;
  readonly result: RunResult | undefined;
  readonly tests: readonly SiteTest[];
  readonly parents: readonly string[];
  readonly children: readonly string[];
}

function detail(entity: GraphEntity, input: DetailInput): SiteNodeDetail {
  const { catalog, result } = input;
  const own = entity.kind === 'source' ? sourceFields(entity.source, catalog) : nodeFields(entity.node, catalog, result);
  // One object literal (no spreads): this runs 10,000 times on big projects.
  return {
    id: own.id, name: own.name, resourceType: own.resourceType, description: own.description, path: own.path,
    relation: own.relation, materialized: own.materialized, config: own.config, tags: own.tags,
    rawSql: own.rawSql, compiledSql: own.compiledSql, rowCount: own.rowCount,
    columns: columns(entity.kind === 'source' ? entity.source.columns : entity.node.columns, catalog),
    tests: input.tests,
    status: result?.status ?? null,
    message: result?.message ?? null,
    executionTime: result ? result.execution_time : null,
    lastBuiltAt: result ? (result.timing.find((t) => t.name === 'execute') ?? result.timing[result.timing.length - 1])?.completed_at ?? null : null,
    parents: input.parents,
    children: input.children,
  };
}

type OwnFields = Pick<SiteNodeDetail,
  'id' | 'name' | 'resourceType' | 'description' | 'path' | 'relation' | 'materialized' | 'config' | 'tags' | 'rawSql' | 'compiledSql' | 'rowCount'>;

function sourceFields(s: ManifestSource, catalog: CatalogEntry | undefined): OwnFields {
  const description = [s.description, s.source_description && s.source_description !== s.description ? `**Source \`${s.source_name}\`:** ${s.source_description}` : '']
    .filter(Boolean).join('\n\n');
  return {
    id: s.unique_id, name: `${s.source_name}.${s.name}`, resourceType: 'source', description,
    path: s.original_file_path, relation: s.relation_name, materialized: null,
    config: compactConfig({ ...s.config, ...(s.loaded_at_field ? { loaded_at_field: s.loaded_at_field } : {}) }),
    tags: s.tags, rawSql: '', compiledSql: '', rowCount: catalog?.stats.row_count?.value ?? null,
  };
}

function nodeFields(n: ManifestNode, catalog: CatalogEntry | undefined, result: RunResult | undefined): OwnFields {
  const rowsAffected = result?.adapter_response.rows_affected;
  // A view's rows_affected says nothing about its size; only trust it for things that store rows.
  const stored = n.config.materialized !== 'view' && n.config.materialized !== 'ephemeral';
  return {
    id: n.unique_id, name: n.name, resourceType: n.resource_type, description: n.description,
    path: n.original_file_path, relation: n.relation_name, materialized: n.config.materialized ?? null,
    config: compactConfig(n.config), tags: n.tags, rawSql: n.raw_code, compiledSql: n.compiled_code ?? '',
    rowCount: catalog?.stats.row_count?.value ?? (stored && typeof rowsAffected === 'number' ? rowsAffected : null),
  };
}

/** Catalog columns in warehouse order, then documented columns the warehouse does not have. */
function columns(documented: Readonly<Record<string, ColumnDef>>, catalog: CatalogEntry | undefined): SiteColumn[] {
  const docs = new Map(Object.values(documented).map((c) => [c.name.toLowerCase(), c]));
  const out: SiteColumn[] = [];
  const fromCatalog = Object.values(catalog?.columns ?? {}).sort((a, b) => a.index - b.index);
  for (const c of fromCatalog) {
    const doc = docs.get(c.name.toLowerCase());
    docs.delete(c.name.toLowerCase());
    out.push({ name: c.name, type: c.type, description: doc?.description ?? '', inCatalog: true, documented: !!doc });
  }
  for (const doc of docs.values()) {
    out.push({ name: doc.name, type: doc.data_type ?? null, description: doc.description, inCatalog: false, documented: true });
  }
  return out;
}

/** Config worth showing: drop empty lists and unset values so the page shows what was chosen. */
function compactConfig(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

function runStatus(runResults: RunResults, manifest: Manifest): SiteRunStatus {
  const counts: Record<string, number> = {};
  const tests = { pass: 0, fail: 0, warn: 0, error: 0, skipped: 0 };
  const rows = runResults.results.map((r) => {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    const node = manifest.nodes[r.unique_id];
    const type = node?.resource_type ?? r.unique_id.split('.')[0] ?? 'node';
    if (type === 'test' && r.status in tests) tests[r.status as keyof typeof tests]++;
    return {
      id: r.unique_id,
      name: node?.name ?? r.unique_id,
      type,
      status: r.status,
      executionTime: r.execution_time,
      failures: r.failures,
      message: r.message,
      completedAt: r.timing[r.timing.length - 1]?.completed_at ?? null,
    };
  });
  return {
    generatedAt: runResults.metadata.generated_at,
    elapsed: runResults.elapsed_time,
    counts,
    tests,
    results: rows.sort((a, b) => b.executionTime - a.executionTime),
  };
}
