import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProject, snapshotFingerprint, type CompileResult } from '../compile/compile.js';
import { loadListing, saveListing } from '../compile/listing-cache.js';
import { writeCompileArtifacts } from './artifacts.js';
import type { SelectableNode } from '../graph/selector.js';
import type { CommonOptions } from './options.js';
import { compileOptions, reporterOf, selectable, selectQuietly } from './project-context.js';

/** `mdl compile`: renders every node, writes target/compiled/** and target/manifest.json. */
export async function compile(options: CommonOptions = {}): Promise<CompileResult> {
  const reporter = reporterOf(options);
  const compiled = await compileProject(compileOptions(options, { onLog: (message, info) => info && reporter.info(message) }));
  reporterOf(options).diagnostics(compiled.warnings);
  writeCompileArtifacts(compiled.project.dir, compiled.project.config.targetPath, compiled.manifest);
  return compiled;
}

export interface ListOptions extends CommonOptions {
  readonly resourceTypes?: readonly string[];
  readonly output?: 'name' | 'path' | 'json' | 'selector';
}

/**
 * `mdl ls`: the selected nodes, parse pass only (no SQL is rendered twice). Name, path and
 * selector output is cached (target/ls_output.json, then target/ls_snapshot.json) for an unchanged
 * project; json output reads the manifest and lineage, so it always parses.
 */
export async function list(options: ListOptions = {}): Promise<string[]> {
  const reporter = reporterOf(options);
  const base = compileOptions(options);
  const cached = options.output !== 'json' ? snapshotFingerprint(base) : undefined;
  const listingPath = cached && join(cached.targetDir, 'ls_output.json');
  const key = JSON.stringify([options.select ?? null, options.exclude ?? null, options.resourceTypes ?? null, options.output ?? 'selector']);
  const hit = cached && loadListing(listingPath!, cached.fingerprint, key);
  if (hit) {
    reporter.diagnostics(hit.warnings);
    return [...hit.lines];
  }
  const compiled = await compileProject({ ...base, parseOnly: true, snapshot: cached !== undefined, fingerprint: cached?.fingerprint });
  reporter.diagnostics(compiled.warnings);
  const nodes = selectable(compiled);
  const { selected, warnings } = selectQuietly(compiled, options, nodes);
  reporter.diagnostics(warnings);
  const lines = listLines(compiled, nodes, selected, options);
  if (cached) {
    saveListing(listingPath!, { fingerprint: cached.fingerprint, key, envVars: compiled.envVars, warnings: [...compiled.warnings, ...warnings], lines });
  }
  return lines;
}

function listLines(compiled: CompileResult, nodes: readonly SelectableNode[], selected: ReadonlySet<string>, options: ListOptions): string[] {
  const byId = new Map(nodes.map((n) => [n.unique_id, n]));
  const lines: string[] = [];
  const ids = [...selected].sort();
  const lineage = options.output === 'json' ? readLineage(join(compiled.project.dir, compiled.project.config.targetPath, 'lineage.json')) : undefined;
  for (const id of ids) {
    const node = byId.get(id)!;
    if (options.resourceTypes?.length && !options.resourceTypes.includes(node.resource_type)) continue;
    switch (options.output ?? 'selector') {
      case 'name':
        lines.push(node.name);
        break;
      case 'path':
        lines.push(node.original_file_path);
        break;
      case 'json': {
        const full = compiled.manifest.nodes[id] ?? compiled.manifest.sources[id];
        const n = full as unknown as Record<string, unknown>;
        lines.push(JSON.stringify({
          unique_id: id, name: node.name, resource_type: node.resource_type, original_file_path: node.original_file_path,
          relation_name: n.relation_name ?? null, config: n.config, tags: node.tags,
          depends_on: (n.depends_on as object | undefined) ?? { nodes: [] }, description: n.description ?? '',
          ...(lineage?.nodes?.[id] ? { column_lineage: lineage.nodes[id].columns } : {}),
        }));
        break;
      }
      default:
        lines.push(node.resource_type === 'source' ? `source:${node.fqn.join('.')}` : node.fqn.join('.'));
    }
  }
  return lines;
}

/** Column lineage from the last `mdl docs generate` (target/lineage.json), if there is one. */
function readLineage(path: string): { nodes?: Record<string, { columns: unknown }> } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { nodes?: Record<string, { columns: unknown }> };
  } catch {
    return undefined;
  }
}
