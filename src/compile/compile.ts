import { randomUUID } from 'node:crypto';
import type { Dialect, TargetConfig } from '../adapters/adapter.js';
import { loadDialect } from '../adapters/registry.js';
import { BUILTIN_TESTS, BUILTIN_TESTS_FILE } from '../data-tests/builtin-tests.js';
import { MdlError, type Diagnostic } from '../errors/diagnostic.js';
import { Dag } from '../graph/dag.js';
import { loadProject, type Project } from '../project/load.js';
import { Renderer } from '../render/renderer.js';
import { buildGenericTests } from './generic-tests.js';
import { baseGlobals } from './globals.js';
import type { Manifest } from './manifest-types.js';
import { buildManifest } from './manifest.js';
import { parseNode } from './parse-pass.js';
import { resolveNodes, type SourceNode } from './resolve.js';
import { renderNodes } from './run-pass.js';
import { buildSkeletons } from './skeletons.js';
import { buildSnapshotSkeletons } from '../snapshots/skeletons.js';
import { resolveTarget, targetForTemplates } from './target.js';
import type { WorkNode } from './work-node.js';

export interface CompileOptions {
  readonly projectDir: string;
  readonly target?: string;
  /** `--vars`, already parsed; they override project.yml vars. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Stop after the parse pass (enough for `ls` and selection). */
  readonly parseOnly?: boolean;
  readonly fullRefresh?: boolean;
  /** `schema.name` (lower case) of relations that exist, so is_incremental() can answer. */
  readonly existingRelations?: ReadonlySet<string>;
  readonly invocationId?: string;
  readonly onLog?: (message: string, info: boolean) => void;
}

export interface CompileResult {
  readonly project: Project;
  readonly manifest: Manifest;
  readonly dag: Dag;
  readonly target: TargetConfig;
  readonly dialect: Dialect;
  readonly warnings: readonly Diagnostic[];
  readonly nodes: ReadonlyMap<string, WorkNode>;
  readonly sources: ReadonlyMap<string, SourceNode>;
}

/**
 * load -> parse pass (refs, sources, config) -> resolve + graph -> run pass (compiled SQL).
 * Every problem found is reported together; nothing is written here.
 */
export async function compileProject(options: CompileOptions): Promise<CompileResult> {
  const project = loadProject(options.projectDir);
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const target = resolveTarget(project.config, options.target);
  const dialect = await loadDialect(target.type);
  const invocationId = options.invocationId ?? randomUUID();
  const vars = { ...project.config.vars, ...(options.vars ?? {}) };
  const warnings: Diagnostic[] = [];
  let renderer!: Renderer;
  renderer = new Renderer(baseGlobals({
    vars,
    target: targetForTemplates(target, project.config.name),
    dialect,
    invocationId,
    onLog: options.onLog ?? (() => {}),
    onWarn: (message) => warnings.push({ code: 'W_TEMPLATE', kind: 'Compilation Error', severity: 'warning', message }),
  }, () => renderer));

  renderer.loadMacroFile(BUILTIN_TESTS_FILE, BUILTIN_TESTS, diagnostics);
  const builtins = new Set(renderer.macros.keys());
  for (const file of project.macros) {
    // A project may replace a built-in generic test by defining its own.
    for (const name of builtins) if (new RegExp(`{%-?\\s*test\\s+${name.slice(5)}\\s*\\(`).test(file.text)) renderer.macros.delete(name);
    renderer.loadMacroFile(file.path, file.text, diagnostics);
  }

  const nodes = buildSkeletons({ project, defaultSchema: target.schema }, diagnostics);
  nodes.push(...buildSnapshotSkeletons(project, target.schema, diagnostics));
  for (const node of nodes) parseNode(node, renderer, dialect, diagnostics);

  const owners = [
    ...nodes.filter((n) => (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') && n.props)
      .map((n) => ({ id: n.id, name: n.name, testModelName: n.name, tests: n.props!.tests })),
    ...project.properties.sources.flatMap((s) => s.tables.map((t) => ({
      id: `source.${project.config.name}.${s.name}.${t.name}`, name: `${s.name}.${t.name}`,
      testModelName: `source_${s.name}_${t.name}`, tests: t.tests,
    }))),
  ];
  nodes.push(...buildGenericTests(project, owners, renderer, target.schema, diagnostics));

  const resolved = resolveNodes(project, nodes, dialect, target, diagnostics);
  warnings.push(...diagnostics.filter((d) => d.severity === 'warning'));
  const errors = diagnostics.filter((d) => d.severity !== 'warning');
  if (errors.length > 0) throw new MdlError(errors);

  if (!options.parseOnly) {
    renderNodes(resolved, renderer, dialect, {
      fullRefresh: options.fullRefresh ?? false,
      existingRelations: options.existingRelations,
    }, diagnostics);
    const renderErrors = diagnostics.filter((d) => d.severity !== 'warning');
    if (renderErrors.length > 0) throw new MdlError(renderErrors);
  }
  // `ls` on a big project rarely needs the manifest: build it on first use.
  let manifest: Manifest | undefined;
  return {
    project, dag: resolved.dag, target, dialect, warnings, nodes: resolved.byId, sources: resolved.sources,
    get manifest() {
      return (manifest ??= buildManifest(project, resolved, renderer, target, invocationId));
    },
  };
}
