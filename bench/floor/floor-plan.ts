/**
 * Turns mdl's compiled manifest (`target/manifest.json`) into the flat list of SQL statements the
 * floor runner executes: the statements mdl itself would run on a new database, in dependency order,
 * without mdl's bookkeeping (transactions, row counts, catalog queries, run_results).
 *
 * Statements come from mdl's own planner and DuckDB dialect, so "the same compiled statements" is
 * true by construction: schemas, seeds loaded with read_csv, models through `planModel` (view,
 * table, incremental as a first build), and each data test as `select count(*) from (<test sql>)`.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { duckdbDialect } from '../../src/adapters/duckdb/dialect.js';
import type { Manifest, ManifestNode } from '../../src/compile/manifest-types.js';
import { planModel, relationOf } from '../../src/materializations/plan.js';
import { copyStatement, externalConfig, externalViewStatement } from '../../src/materializations/external.js';

/** What the floor executes, with counts for the results notes. */
export interface FloorPlan {
  readonly statements: readonly string[];
  /** Folders the runner creates before the statements (parents of external models' locations). */
  readonly directories: readonly string[];
  readonly seeds: number;
  readonly models: number;
  readonly tests: number;
}

const RUNNABLE = new Set(['seed', 'model', 'test']);

function included(node: ManifestNode): boolean {
  return RUNNABLE.has(node.resource_type) && node.config.enabled !== false && node.config.materialized !== 'ephemeral';
}

/** Kahn's algorithm over depends_on, keeping manifest order among ready nodes. */
export function dependencyOrder(nodes: readonly ManifestNode[]): ManifestNode[] {
  const byId = new Map(nodes.map((n) => [n.unique_id, n]));
  const waiting = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    const parents = node.depends_on.nodes.filter((p) => byId.has(p));
    waiting.set(node.unique_id, parents.length);
    for (const parent of parents) children.set(parent, [...(children.get(parent) ?? []), node.unique_id]);
  }
  const ready = nodes.filter((n) => waiting.get(n.unique_id) === 0).map((n) => n.unique_id);
  const order: ManifestNode[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const child of children.get(id) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (order.length !== nodes.length) throw new Error('the manifest has a dependency cycle');
  return order;
}

function seedStatement(node: ManifestNode, projectDir: string): string {
  const config = node.config as Record<string, unknown>;
  const options = [`header = ${config.header === false ? 'false' : 'true'}`, 'auto_detect = true'];
  if (typeof config.delimiter === 'string') options.push(`delim = ${duckdbDialect.literal(config.delimiter)}`);
  if (typeof config.quote === 'string') options.push(`quote = ${duckdbDialect.literal(config.quote)}`);
  const types = Object.entries((config.column_types ?? {}) as Record<string, string>);
  if (types.length > 0) {
    options.push(`types = {${types.map(([k, v]) => `${duckdbDialect.literal(k)}: ${duckdbDialect.literal(v)}`).join(', ')}}`);
  }
  const path = isAbsolute(node.original_file_path) ? node.original_file_path : resolve(projectDir, node.original_file_path);
  return `CREATE OR REPLACE TABLE ${duckdbDialect.relationName(relationOf(node))} AS SELECT * FROM read_csv(${duckdbDialect.literal(path)}, ${options.join(', ')})`;
}

/**
 * A model's statements as mdl runs them. An external model is a COPY to its location and a view
 * over the files (mdl writes to a fresh folder and swaps it in; the floor overwrites in place).
 */
function modelStatements(node: ManifestNode, projectDir: string, directories: string[]): string[] {
  if (node.config.materialized !== 'external') {
    return [...planModel(node, { dialect: duckdbDialect, existing: undefined, fullRefresh: false }).statements];
  }
  const cfg = externalConfig(node.config, node.alias, projectDir);
  directories.push(dirname(cfg.location));
  const copy = copyStatement(cfg, node.compiled_code!, cfg.location, duckdbDialect).replace(/\)$/, ', OVERWRITE true)');
  return [copy, externalViewStatement(cfg, relationOf(node), duckdbDialect)];
}

/** Reads the manifest and builds the plan. Throws if a model has no compiled SQL. */
export function floorPlan(manifestPath: string, projectDir: string): FloorPlan {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  // Order over every node: a model reaches its parents through ephemeral models, which run nothing.
  // Snapshots are not planned here (their SCD2 merge is mdl's own code), so neither are their
  // tests: mdl does that work and the floor does not, which favours the floor.
  const snapshots = new Set(Object.values(manifest.nodes).filter((n) => n.resource_type === 'snapshot').map((n) => n.unique_id));
  const nodes = dependencyOrder(Object.values(manifest.nodes))
    .filter(included)
    .filter((n) => !(n.depends_on?.nodes ?? []).some((id) => snapshots.has(id)));
  const schemas = new Set(nodes.filter((n) => n.resource_type !== 'test').map((n) => n.schema));
  const statements: string[] = [...schemas].map((s) => duckdbDialect.createSchema(s));
  const directories: string[] = [];
  let seeds = 0;
  let models = 0;
  let tests = 0;
  for (const node of nodes) {
    if (node.resource_type === 'seed') {
      statements.push(seedStatement(node, projectDir));
      seeds += 1;
    } else if (node.resource_type === 'model') {
      if (node.compiled_code === undefined) throw new Error(`model ${node.unique_id} has no compiled_code in the manifest`);
      statements.push(...modelStatements(node, projectDir, directories));
      models += 1;
    } else {
      if (node.compiled_code === undefined) throw new Error(`test ${node.unique_id} has no compiled_code in the manifest`);
      statements.push(`select count(*) as failures from (\n${node.compiled_code}\n) as mdl_test`);
      tests += 1;
    }
  }
  return { statements, directories, seeds, models, tests };
}
