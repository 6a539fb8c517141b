import { createHash } from 'node:crypto';
import type { TargetConfig } from '../adapters/adapter.js';
import type { Project } from '../project/load.js';
import type { Renderer } from '../render/renderer.js';
import type { ColumnDef, Manifest, ManifestDoc, ManifestMacro, ManifestNode, ManifestSource, NodeConfig } from './manifest-types.js';
import type { ResolvedNodes } from './resolve.js';
import { VERSION } from '../version.js';

const DOCS_RE = /{%-?\s*docs\s+([A-Za-z_]\w*)\s*-?%}([\s\S]*?){%-?\s*enddocs\s*-?%}/g;
const DOC_CALL_RE = /{{\s*doc\(\s*['"]([^'"]+)['"]\s*\)\s*}}/g;

function columnsOf(columns: readonly { name: string; description: string; data_type?: string; meta?: Record<string, unknown>; tags?: readonly string[] }[], doc: (s: string) => string): Record<string, ColumnDef> {
  const out: Record<string, ColumnDef> = {};
  for (const c of columns) {
    out[c.name] = { name: c.name, description: doc(c.description), data_type: c.data_type, meta: c.meta ?? {}, tags: c.tags ?? [] };
  }
  return out;
}

/** Freezes compiled nodes into dbt's manifest shape. */
export function buildManifest(project: Project, resolved: ResolvedNodes, renderer: Renderer, target: TargetConfig, invocationId: string): Manifest {
  const projectName = project.config.name;
  const docs: Record<string, ManifestDoc> = {};
  for (const file of project.docs) {
    for (const m of file.text.matchAll(DOCS_RE)) {
      const id = `doc.${projectName}.${m[1]}`;
      docs[id] = { unique_id: id, name: m[1]!, original_file_path: file.path, block_contents: m[2]!.trim() };
    }
  }
  const doc = (text: string) => text.replace(DOC_CALL_RE, (whole, name: string) => docs[`doc.${projectName}.${name}`]?.block_contents ?? whole);

  const nodes: Record<string, ManifestNode> = {};
  for (const node of resolved.byId.values()) {
    const config = { ...node.config, schema: node.config.schema, alias: node.config.alias } as NodeConfig;
    const tags = (node.config.tags as string[] | undefined) ?? [];
    nodes[node.id] = {
      unique_id: node.id,
      resource_type: node.resourceType,
      name: node.name,
      package_name: projectName,
      path: node.file.path.split('/').slice(1).join('/'),
      original_file_path: node.file.path,
      schema: node.schema,
      alias: node.alias,
      relation_name: node.relationName,
      config,
      tags,
      description: doc(node.description),
      columns: columnsOf(node.columns, doc),
      meta: node.props?.meta ?? {},
      raw_code: node.test ? '' : node.file.text,
      compiled_code: node.compiledCode,
      compiled_path: node.compiledCode === undefined ? undefined : `target/compiled/${projectName}/${node.test ? `${node.file.path}/${node.name}.sql` : node.file.path}`,
      language: 'sql',
      depends_on: { nodes: [...node.dependsOn].sort(), macros: [] },
      refs: node.refs.map((r) => ({ name: r.name })),
      sources: node.sources,
      checksum: { name: 'sha256', checksum: node.file.checksum || createHash('sha256').update(node.id).digest('hex') },
      fqn: node.fqn,
      ...(node.test ? {
        test_metadata: { name: node.test.testName, kwargs: { ...node.test.args, ...(node.test.columnName ? { column_name: node.test.columnName } : {}) } },
        attached_node: node.test.attachedTo,
        column_name: node.test.columnName,
      } : {}),
    };
  }
  const sources: Record<string, ManifestSource> = {};
  for (const src of project.properties.sources) {
    for (const table of src.tables) {
      const id = `source.${projectName}.${src.name}.${table.name}`;
      const resolvedSource = resolved.sources.get(id)!;
      sources[id] = {
        unique_id: id, resource_type: 'source', name: table.name, source_name: src.name, package_name: projectName,
        original_file_path: src.file, schema: src.schema, identifier: table.identifier, relation_name: resolvedSource.relationName,
        description: doc(table.description), source_description: doc(src.description), columns: columnsOf(table.columns, doc),
        loaded_at_field: table.loadedAtField ?? src.loadedAtField, freshness: table.freshness ?? src.freshness ?? null,
        tags: [...new Set([...src.tags, ...table.tags])], fqn: [projectName, src.name, table.name], meta: { ...src.meta, ...table.meta }, config: { enabled: true },
      };
    }
  }
  const macros: Record<string, ManifestMacro> = {};
  for (const macro of renderer.macros.values()) {
    const id = `macro.${projectName}.${macro.name}`;
    macros[id] = { unique_id: id, name: macro.name, package_name: projectName, original_file_path: macro.file, macro_sql: macro.source, description: '' };
  }
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const id of [...Object.keys(nodes), ...Object.keys(sources)]) {
    parentMap[id] = resolved.dag.parents(id).sort();
    childMap[id] = resolved.dag.children(id).sort();
  }
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      mdl_version: VERSION,
      project_name: projectName,
      generated_at: new Date().toISOString(),
      invocation_id: invocationId,
      adapter_type: target.type,
      target_name: target.name,
    },
    nodes, sources, macros, docs, parent_map: parentMap, child_map: childMap,
  };
}
