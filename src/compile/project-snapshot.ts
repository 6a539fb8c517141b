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
  readonly fingerprint: string;
  readonly envVars: Readonly<Record<string, string | null>>;
  readonly config: ProjectFile;
  readonly target: TargetConfig;
  readonly warnings: readonly Diagnostic[];
  /** Distinct node configs (thousands of tests share one): nodes point into this list. */
  readonly configs: readonly Record<string, unknown>[];
  readonly nodes: readonly SnapshotNode[];
  readonly sources: readonly SourceNode[];
  readonly edges: readonly (readonly [string, string])[];
}

interface SnapshotNode {
  readonly id: string;
  readonly resourceType: ResourceType;
  readonly name: string;
  readonly path: string;
  readonly fqn: readonly string[];
  readonly config: number;
  readonly testName?: string;
}

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
    if (snapshot.fingerprint !== expected) return undefined;
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
  const edges: [string, string][] = [];
  for (const id of dag.nodes()) for (const parent of dag.parents(id)) edges.push([parent, id]);
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
  return {
    fingerprint: fingerprintValue, envVars, config, target, warnings, configs,
    nodes: [...nodes.values()].map((n) => ({
      id: n.id, resourceType: n.resourceType, name: n.name, path: n.file.path, fqn: n.fqn, config: configIndex(n.config),
      ...(n.test ? { testName: n.test.testName } : {}),
    })),
    sources: [...sources.values()],
    edges,
  };
}

/** Rebuilds the graph and the minimal nodes `ls` and selection read. */
export function fromSnapshot(snapshot: ProjectSnapshot): { dag: Dag; nodes: Map<string, WorkNode>; sources: Map<string, SourceNode> } {
  const dag = new Dag();
  const nodes = new Map<string, WorkNode>();
  for (const s of snapshot.sources) dag.addNode(s.id);
  for (const n of snapshot.nodes) {
    dag.addNode(n.id);
    const config = snapshot.configs[n.config]!;
    nodes.set(n.id, {
      id: n.id, resourceType: n.resourceType, name: n.name, fqn: n.fqn, config,
      file: { path: n.path, absolutePath: '', text: '', checksum: '' },
      refs: [], sources: [], dependsOn: [], schema: String(config.schema ?? snapshot.target.schema),
      alias: String(config.alias ?? n.name), relationName: null, description: '', columns: [],
      ...(n.testName ? { test: { testName: n.testName, args: {}, attachedTo: '', modelArgName: 'model' } } : {}),
    });
  }
  for (const [parent, child] of snapshot.edges) dag.addEdge(parent, child);
  return { dag, nodes, sources: new Map(snapshot.sources.map((s) => [s.id, s])) };
}
