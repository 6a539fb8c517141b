import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfig } from '../adapters/adapter.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { Dag } from '../graph/dag.js';
import type { ProjectFile } from '../project/project-file.js';
import type { ResourceType } from './manifest-types.js';
import { envHash } from './parse-pass.js';
import type { SourceNode } from './resolve.js';
import type { WorkNode } from './work-node.js';

/**
 * What `mdl ls` needs from a parse, kept in `target/ls_snapshot.json` with a fingerprint of every
 * project file (path, size, modification time) and the inputs that change templates (mdl
 * version, --vars, --target, the environment variables templates read). A warm `ls` whose
 * fingerprint matches stats the files and reads this instead of reading, parsing and resolving
 * them. Anything different, and the full parse runs (and writes a new snapshot).
 */
export interface ProjectSnapshot {
  /** SNAPSHOT_FORMAT: a snapshot in another layout is ignored (its fingerprint could still match). */
  readonly format: number;
  readonly fingerprint: string;
  readonly envVars: Readonly<Record<string, string | null>>;
  readonly config: ProjectFile;
  readonly target: TargetConfig;
  readonly warnings: readonly Diagnostic[];
  /** Distinct node configs (thousands of tests share one): nodes point into this list. */
  readonly configs: readonly Record<string, unknown>[];
  /** Distinct file paths (a properties file declares many tests). */
  readonly paths: readonly string[];
  /**
   * Nodes as parallel columns (30,000 small objects cost more to write and read than arrays):
   * fqn is joined with `/` (its parts are folder names and identifiers), testName is '' for
   * nodes that are not generic tests.
   */
  readonly nodes: {
    readonly id: readonly string[];
    readonly resourceType: readonly ResourceType[];
    readonly name: readonly string[];
    readonly path: readonly number[];
    readonly fqn: readonly string[];
    readonly config: readonly number[];
    readonly testName: readonly string[];
  };
  readonly sources: readonly SourceNode[];
  /** Edges as pairs of indexes into sources (0..n-1) then nodes (n..): parent, child, parent, child... */
  readonly edges: readonly number[];
}

export const SNAPSHOT_FORMAT = 2;

const EXTENSIONS = ['.sql', '.yml', '.yaml', '.csv', '.md'];
const SKIP_DIRS = new Set(['node_modules', 'target', 'dist']);

/** Every file a parse can read, with size and mtime; cheap (no file is opened). */
export function fingerprint(projectDir: string, inputs: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(inputs));
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full, `${rel}${entry.name}/`);
      } else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        try {
          const stats = statSync(full);
          hash.update(`${rel}${entry.name}\u0000${stats.size}\u0000${stats.mtimeMs}\n`);
        } catch {
          hash.update(`${rel}${entry.name}\u0000missing\n`);
        }
      }
    }
  };
  walk(projectDir, '');
  return hash.digest('hex');
}

export function loadSnapshot(path: string, expected: string): ProjectSnapshot | undefined {
  try {
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as ProjectSnapshot;
    if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.fingerprint !== expected) return undefined;
    for (const [name, value] of Object.entries(snapshot.envVars)) if (envHash(name) !== value) return undefined;
    return snapshot;
  } catch {
    return undefined;
  }
}

export function toSnapshot(
  fingerprintValue: string, envVars: Record<string, string | null>, config: ProjectFile, target: TargetConfig,
  warnings: readonly Diagnostic[], nodes: ReadonlyMap<string, WorkNode>, sources: ReadonlyMap<string, SourceNode>, dag: Dag,
): ProjectSnapshot {
  const configs: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  const byObject = new Map<Record<string, unknown>, number>();
  const configIndex = (value: Record<string, unknown>): number => {
    // Shared config objects (generic tests) are serialised once.
    const seen = byObject.get(value);
    if (seen !== undefined) return seen;
    const key = JSON.stringify(value);
    let found = index.get(key);
    if (found === undefined) {
      found = configs.push(value) - 1;
      index.set(key, found);
    }
    byObject.set(value, found);
    return found;
  };
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const columns = { id: [] as string[], resourceType: [] as ResourceType[], name: [] as string[], path: [] as number[], fqn: [] as string[], config: [] as number[], testName: [] as string[] };
  const position = new Map<string, number>();
  for (const id of sources.keys()) position.set(id, position.size);
  for (const n of nodes.values()) {
    position.set(n.id, position.size);
    let p = pathIndex.get(n.file.path);
    if (p === undefined) pathIndex.set(n.file.path, (p = paths.push(n.file.path) - 1));
    columns.id.push(n.id);
    columns.resourceType.push(n.resourceType);
    columns.name.push(n.name);
    columns.path.push(p);
    columns.fqn.push(n.fqn.join('/'));
    columns.config.push(configIndex(n.config));
    columns.testName.push(n.test?.testName ?? '');
  }
  const edges: number[] = [];
  for (const id of dag.nodes()) {
    const child = position.get(id);
    if (child === undefined) continue;
    for (const parent of dag.parents(id)) {
      const from = position.get(parent);
      if (from !== undefined) edges.push(from, child);
    }
  }
  return {
    format: SNAPSHOT_FORMAT, fingerprint: fingerprintValue, envVars, config, target, warnings, configs, paths,
    nodes: columns, sources: [...sources.values()], edges,
  };
}

/** Rebuilds the graph and the minimal nodes `ls` and selection read. */
export function fromSnapshot(snapshot: ProjectSnapshot): { dag: Dag; nodes: Map<string, WorkNode>; sources: Map<string, SourceNode> } {
  const dag = new Dag();
  const nodes = new Map<string, WorkNode>();
  const ids: string[] = [];
  for (const s of snapshot.sources) {
    dag.addNode(s.id);
    ids.push(s.id);
  }
  const c = snapshot.nodes;
  for (let i = 0; i < c.id.length; i++) {
    const id = c.id[i]!;
    const name = c.name[i]!;
    dag.addNode(id);
    ids.push(id);
    const config = snapshot.configs[c.config[i]!]!;
    const testName = c.testName[i]!;
    nodes.set(id, {
      id, resourceType: c.resourceType[i]!, name, fqn: c.fqn[i]!.split('/'), config,
      file: { path: snapshot.paths[c.path[i]!]!, absolutePath: '', text: '', checksum: '' },
      refs: [], sources: [], dependsOn: [], schema: String(config.schema ?? snapshot.target.schema),
      alias: String(config.alias ?? name), relationName: null, description: '', columns: [],
      ...(testName ? { test: { testName, args: {}, attachedTo: '', modelArgName: 'model' } } : {}),
    });
  }
  for (let e = 0; e + 1 < snapshot.edges.length; e += 2) dag.addEdge(ids[snapshot.edges[e]!]!, ids[snapshot.edges[e + 1]!]!);
  return { dag, nodes, sources: new Map(snapshot.sources.map((s) => [s.id, s])) };
}
