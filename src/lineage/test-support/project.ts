import type { Catalog, CatalogEntry, Manifest, ManifestNode, ManifestSource, ResourceType } from '../../compile/manifest-types.js';

/** A node or source for a test manifest; the resource type comes from the id's prefix. */
export interface TestNode {
  /** e.g. `seed.shop.orders`, `model.shop.stg_orders`, `source.shop.raw.events`. */
  readonly id: string;
  /** Schema and name of the relation; omit for ephemeral models. */
  readonly relation?: { readonly schema: string; readonly name: string };
  /** The quoted relation name as an engine writes it; default `"schema"."name"`. */
  readonly relationName?: string;
  readonly sql?: string;
  readonly dependsOn?: readonly string[];
  readonly materialized?: string;
}

function nameOf(id: string): string {
  return id.split('.').pop()!;
}

function relationName(node: TestNode): string | null {
  if (node.relationName) return node.relationName;
  return node.relation ? `"${node.relation.schema}"."${node.relation.name}"` : null;
}

function manifestNode(node: TestNode): ManifestNode {
  const type = node.id.split('.')[0] as ResourceType;
  return {
    unique_id: node.id,
    resource_type: type,
    name: nameOf(node.id),
    package_name: 'test',
    path: `${nameOf(node.id)}.sql`,
    original_file_path: `models/${nameOf(node.id)}.sql`,
    schema: node.relation?.schema ?? 'main',
    alias: node.relation?.name ?? nameOf(node.id),
    relation_name: relationName(node),
    config: { enabled: true, materialized: node.materialized ?? (type === 'seed' ? 'seed' : 'view'), tags: [], pre_hook: [], post_hook: [] },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    raw_code: node.sql ?? '',
    ...(node.sql !== undefined ? { compiled_code: node.sql } : {}),
    language: 'sql',
    depends_on: { nodes: node.dependsOn ?? [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: '' },
    fqn: ['test', nameOf(node.id)],
  };
}

function manifestSource(node: TestNode): ManifestSource {
  const [, , sourceName = 'raw', name = nameOf(node.id)] = node.id.split('.');
  return {
    unique_id: node.id,
    resource_type: 'source',
    name,
    source_name: sourceName,
    package_name: 'test',
    original_file_path: 'models/sources.yml',
    schema: node.relation?.schema ?? sourceName,
    identifier: node.relation?.name ?? name,
    relation_name: relationName(node) ?? `"${sourceName}"."${name}"`,
    description: '',
    source_description: '',
    columns: {},
    tags: [],
    fqn: ['test', sourceName, name],
    meta: {},
    config: { enabled: true },
  };
}

/** A manifest holding just the given nodes and sources (fields lineage does not read are filler). */
export function testManifest(nodes: readonly TestNode[]): Manifest {
  const built: Record<string, ManifestNode> = {};
  const sources: Record<string, ManifestSource> = {};
  for (const node of nodes) {
    if (node.id.startsWith('source.')) sources[node.id] = manifestSource(node);
    else built[node.id] = manifestNode(node);
  }
  return {
    metadata: {
      dbt_schema_version: 'test', mdl_version: 'test', project_name: 'test', generated_at: '',
      invocation_id: '', adapter_type: 'duckdb', target_name: 'test',
    },
    nodes: built,
    sources,
    macros: {},
    docs: {},
    parent_map: {},
    child_map: {},
  };
}

/** A catalog listing the given columns (in order) per node or source id. */
export function testCatalog(columns: Readonly<Record<string, readonly string[]>>): Catalog {
  const nodes: Record<string, CatalogEntry> = {};
  const sources: Record<string, CatalogEntry> = {};
  for (const [id, names] of Object.entries(columns)) {
    const entry: CatalogEntry = {
      unique_id: id,
      metadata: { type: 'VIEW', schema: 'main', name: nameOf(id) },
      columns: Object.fromEntries(names.map((name, index) => [name, { name, type: 'VARCHAR', index: index + 1 }])),
      stats: {},
    };
    if (id.startsWith('source.')) sources[id] = entry;
    else nodes[id] = entry;
  }
  return { metadata: { generated_at: '', invocation_id: '' }, nodes, sources };
}
