import type { Connection, Dialect, ExistingRelation, Warehouse } from '../adapters/adapter.js';
import type { Manifest, ManifestNode } from '../compile/manifest-types.js';
import { externalConfig } from '../materializations/external.js';
import { STATE_TABLE } from '../ingest/state.js';

export const STAGING_SUFFIX = '__wap';
export const stagingSchema = (schema: string): string => `${schema}${STAGING_SUFFIX}`;

/** A staged run: the manifest the scheduler runs, and what publish needs to know. */
export interface WapStage {
  readonly manifest: Manifest;
  readonly existing: Map<string, ExistingRelation>;
  /** Production nodes whose relations the run builds, in dependency order. */
  readonly built: readonly ManifestNode[];
  readonly stagingSchemas: readonly string[];
  /** Production schemas holding an ingestion state table to publish. */
  readonly stateSchemas: readonly string[];
}

/** Nodes that own a relation the run writes. */
export function isBuilt(node: ManifestNode): boolean {
  return node.relation_name !== null && ['model', 'seed', 'snapshot'].includes(node.resource_type) && node.config.materialized !== 'ephemeral';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Points every built node at its staging schema and rewrites SQL that reads those relations
 * (their quoted names are exact strings, so a plain replace is safe). Pure.
 */
export function stageManifest(manifest: Manifest, run: ReadonlySet<string>, order: readonly string[], dialect: Dialect, projectDir: string): { manifest: Manifest; built: ManifestNode[] } {
  const built = order.filter((id) => run.has(id)).map((id) => manifest.nodes[id]!).filter((n) => n && isBuilt(n));
  const renames = new Map(built.map((n) => [n.relation_name!, dialect.relationName({ schema: stagingSchema(n.schema), name: n.alias })]));
  const pattern = renames.size ? new RegExp([...renames.keys()].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g') : undefined;
  const rewrite = (sql: string | undefined) => (sql === undefined || !pattern ? sql : sql.replace(pattern, (m) => renames.get(m) ?? m));
  const nodes: Record<string, ManifestNode> = { ...manifest.nodes };
  for (const id of run) {
    const node = manifest.nodes[id];
    if (!node) continue;
    if (!isBuilt(node)) {
      nodes[id] = { ...node, compiled_code: rewrite(node.compiled_code) };
      continue;
    }
    const config = node.config.materialized === 'external'
      ? { ...node.config, location: `${externalConfig(node.config, node.alias, projectDir).location}.wap` }
      : node.config;
    nodes[id] = {
      ...node, config, schema: stagingSchema(node.schema), relation_name: renames.get(node.relation_name!)!, compiled_code: rewrite(node.compiled_code),
    };
  }
  return { manifest: { ...manifest, nodes }, built };
}

/**
 * Creates fresh staging schemas and copies the production tables that incremental models and
 * snapshots build on (and the ingestion state), so the staged run does what the real one would.
 */
export async function prepareStage(
  manifest: Manifest, run: ReadonlySet<string>, order: readonly string[], warehouse: Warehouse, connection: Connection,
  existing: ReadonlyMap<string, ExistingRelation>, projectDir: string,
): Promise<WapStage> {
  const dialect = warehouse.dialect;
  const staged = stageManifest(manifest, run, order, dialect, projectDir);
  const prodSchemas = [...new Set(staged.built.map((n) => n.schema))].sort();
  const stagingSchemas = prodSchemas.map(stagingSchema);
  for (const schema of stagingSchemas) {
    await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
    await connection.execute(dialect.createSchema(schema));
  }
  for (const node of staged.built) {
    const prod = existing.get(`${node.schema}.${node.alias}`.toLowerCase());
    const grows = node.config.materialized === 'incremental' || node.resource_type === 'snapshot';
    if (grows && prod?.kind === 'table') {
      await connection.execute(`CREATE TABLE ${dialect.relationName({ schema: stagingSchema(node.schema), name: node.alias })} AS SELECT * FROM ${node.relation_name}`);
    }
  }
  const stateSchemas = prodSchemas.filter((s) => existing.get(`${s}.${STATE_TABLE}`.toLowerCase())?.kind === 'table');
  for (const schema of stateSchemas) {
    await connection.execute(`CREATE TABLE ${dialect.relationName({ schema: stagingSchema(schema), name: STATE_TABLE })} AS ` +
      `SELECT * FROM ${dialect.relationName({ schema, name: STATE_TABLE })}`);
  }
  const listed = await warehouse.listRelations(stagingSchemas);
  return {
    manifest: staged.manifest, built: staged.built, stagingSchemas, stateSchemas: prodSchemas,
    existing: new Map(listed.map((r) => [`${r.schema}.${r.name}`.toLowerCase(), r])),
  };
}
