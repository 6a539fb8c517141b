import { join } from 'node:path';
import type { TargetConfig, Warehouse } from '../adapters/adapter.js';
import { loadEngine } from '../adapters/registry.js';
import { databasePath } from '../adapters/duckdb/path.js';
import { compileProject, type CompileOptions, type CompileResult } from '../compile/compile.js';
import { MdlError, type Diagnostic } from '../errors/diagnostic.js';
import { selectNodes, type SelectableNode } from '../graph/selector.js';
import { Reporter } from '../reporting/console-reporter.js';
import type { CommonOptions } from './options.js';

export const reporterOf = (options: CommonOptions): Reporter => options.reporter ?? new Reporter();

export function compileOptions(options: CommonOptions, extra: Partial<CompileOptions> = {}): CompileOptions {
  return { projectDir: options.projectDir ?? process.cwd(), target: options.target, vars: options.vars, ...extra };
}

/** Nodes and sources as the selector sees them (from compile's own nodes: no manifest needed). */
export function selectable(compiled: CompileResult): SelectableNode[] {
  const out: SelectableNode[] = [];
  for (const n of compiled.nodes.values()) {
    out.push({
      unique_id: n.id, name: n.name, resource_type: n.resourceType, fqn: n.fqn, original_file_path: n.file.path,
      tags: (n.config.tags as string[] | undefined) ?? [], config: n.config, package_name: n.fqn[0],
      test_metadata: n.test ? { name: n.test.testName } : undefined,
    });
  }
  for (const s of compiled.sources.values()) {
    out.push({
      unique_id: s.id, name: s.tableName, resource_type: 'source', fqn: [compiled.project.config.name, s.sourceName, s.tableName],
      original_file_path: s.file, tags: s.tags, config: { enabled: true }, source_name: s.sourceName, package_name: compiled.project.config.name,
    });
  }
  return out;
}

/** Applies --select/--exclude; warns (does not fail) when a selector matches nothing. */
export function select(compiled: CompileResult, options: CommonOptions): Set<string> {
  const { selected, warnings } = selectQuietly(compiled, options);
  for (const warning of warnings) reporterOf(options).diagnostics([warning]);
  return selected;
}

/** `select` that returns its warnings instead of reporting them. */
export function selectQuietly(
  compiled: CompileResult, options: CommonOptions, nodes: readonly SelectableNode[] = selectable(compiled),
): { selected: Set<string>; warnings: Diagnostic[] } {
  const { selected, unmatched } = selectNodes(nodes, compiled.dag, options.select, options.exclude);
  const warnings = unmatched.map((spec): Diagnostic => ({
    code: 'W_NOTHING_SELECTED', kind: 'Selection Error', severity: 'warning',
    message: `The selector '${spec}' matched no nodes.`, hint: 'Check the name with `mdl ls`.',
  }));
  return { selected, warnings };
}

export function targetDir(compiled: CompileResult): string {
  return join(compiled.project.dir, compiled.project.config.targetPath);
}

/** Path of the DuckDB file a target writes, or undefined for other engines and :memory:. */
export function warehouseFile(target: TargetConfig, projectDir: string): string | undefined {
  if (target.type !== 'duckdb') return undefined;
  const path = databasePath(target, projectDir);
  return path === ':memory:' ? undefined : path;
}

/** Opens the target's warehouse, turning engine lock errors into an actionable message. */
export async function openWarehouse(target: TargetConfig, projectDir: string): Promise<Warehouse> {
  const engine = await loadEngine(target.type);
  try {
    return await engine.open(target, projectDir);
  } catch (error) {
    const message = (error as Error).message;
    const lock = /Could not set lock on file "([^"]+)": Conflicting lock is held in (.*) \(PID (\d+)\)/.exec(message);
    throw new MdlError({
      code: lock ? 'E_LOCKED' : 'E_OPEN', kind: 'Runtime Error', file: lock?.[1],
      message: lock
        ? `The warehouse ${lock[1]} is locked by another process (${lock[2]}, pid ${lock[3]}).`
        : `Cannot open the warehouse for target '${target.name}': ${message.split('\n')[0]}`,
      hint: lock ? 'Wait for it to finish, or stop it, then run again.' : 'Run `mdl debug` to check the target settings.',
    }, { cause: error });
  }
}
