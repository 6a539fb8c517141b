import { randomUUID } from 'node:crypto';
import type { Dialect, TargetConfig } from '../adapters/adapter.js';
import { loadDialect } from '../adapters/registry.js';
import { BUILTIN_TESTS, BUILTIN_TESTS_FILE } from '../data-tests/builtin-tests.js';
import { MdlError, type Diagnostic } from '../errors/diagnostic.js';
import { Dag } from '../graph/dag.js';
import { loadProject, type Project } from '../project/load.js';
import { codegenSignature } from '../render/nunjucks-module.js';
import { Renderer } from '../render/renderer.js';
import { TemplateCodeCache } from '../render/template-code-cache.js';
import { buildGenericTests } from './generic-tests.js';
import { baseGlobals } from './globals.js';
import type { Manifest } from './manifest-types.js';
import { buildManifest } from './manifest.js';
import { applyParse, envHash, parseNode } from './parse-pass.js';
import { cachedRecord, cacheKey, loadParseCache, saveCacheFile, saveParseCache, type ParseCache } from './parse-cache.js';
import { scanTestMacros } from './macro-scan.js';
import { VERSION } from '../version.js';
import { readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type { ProjectSnapshot } from './project-snapshot.js';
import { fingerprint, fromSnapshot, loadSnapshot, toSnapshot } from './project-snapshot.js';
import { renderProjectJinja } from './project-jinja.js';
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
  /**
   * Stop before rendering: the result's nodes are parsed and resolved, and `render()` renders
   * them (`build` first learns which relations exist, so it renders once).
   */
  readonly deferRender?: boolean;
  readonly invocationId?: string;
  readonly onLog?: (message: string, info: boolean) => void;
  /** With parseOnly: reuse (and refresh) the ls snapshot when no project file changed. */
  readonly snapshot?: boolean;
  /** `snapshotFingerprint(options)` if the caller already computed it (it walks the project). */
  readonly fingerprint?: string;
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
  /** Environment variables the templates read, with hashes of their values (cache validity). */
  readonly envVars: Readonly<Record<string, string | null>>;
  /**
   * Renders the project (again), with `existingRelations` answering is_incremental(), reusing what
   * was loaded, parsed and compiled (templates and macros). After `deferRender` this is the first
   * render. The result replaces this one (they share the nodes).
   */
  rerender(existingRelations: ReadonlySet<string> | undefined): CompileResult;
}

/** Where the ls snapshot lives and the fingerprint of everything that can change an `ls`. */
export function snapshotFingerprint(options: Pick<CompileOptions, 'projectDir' | 'vars' | 'target'>): { readonly dir: string; readonly targetDir: string; readonly fingerprint: string } {
  const dir = resolvePath(options.projectDir);
  const projectYml = readProjectYml(dir);
  // Target settings may read environment variables ({{ env_var('X') }} in project.yml), and
  // templates see the target: every variable project.yml names counts, by a hash of its value.
  const targetEnv = [...new Set([...projectYml.matchAll(/env_var\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!))].sort().map((name) => [name, envHash(name)]);
  return {
    dir,
    targetDir: join(dir, targetPathOf(projectYml)),
    fingerprint: fingerprint(dir, { version: VERSION, vars: options.vars ?? null, target: options.target ?? null, targetEnv }),
  };
}

/**
 * load -> parse pass (refs, sources, config) -> resolve + graph -> run pass (compiled SQL).
 * Every problem found is reported together; nothing is written here.
 */
export async function compileProject(options: CompileOptions): Promise<CompileResult> {
  const useSnapshot = options.parseOnly === true && options.snapshot === true;
  const snapshotDir = resolvePath(options.projectDir);
  const snapshotPath = join(snapshotDir, targetPathOf(readProjectYml(snapshotDir)), 'ls_snapshot.json');
  const print = !useSnapshot ? '' : options.fingerprint ?? snapshotFingerprint(options).fingerprint;
  if (useSnapshot) {
    const snapshot = loadSnapshot(snapshotPath, print);
    if (snapshot) return fromSnapshotResult(snapshotDir, snapshot, await loadDialect(snapshot.target.type));
  }
  let project = loadProject(options.projectDir);
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const target = resolveTarget(project.config, options.target);
  const dialect = await loadDialect(target.type);
  const invocationId = options.invocationId ?? randomUUID();
  const vars = { ...project.config.vars, ...(options.vars ?? {}) };
  const warnings: Diagnostic[] = [];
  // The renderer (nunjucks and every macro compiled) is made only when something must render:
  // a warm `ls` whose files are all in the parse cache never loads it.
  let renderer: Renderer | undefined;
  let codeCache: TemplateCodeCache | undefined;
  let logSink = options.onLog ?? (() => {});
  const getRenderer = (): Renderer => {
    if (renderer) return renderer;
    codeCache = TemplateCodeCache.load(join(project.dir, project.config.targetPath, 'template_code.json'), cacheKey({ version: VERSION, codegen: codegenSignature() }));
    const r: Renderer = new Renderer(baseGlobals({
      vars,
      projectName: project.config.name,
      target: targetForTemplates(target, project.config.name),
      dialect,
      invocationId,
      onLog: (message, info) => logSink(message, info),
      onWarn: (message) => warnings.push({ code: 'W_TEMPLATE', kind: 'Compilation Error', severity: 'warning', message, file: r.current?.file, node: r.current?.node }),
    }, () => r), codeCache);
    r.loadMacroFile(BUILTIN_TESTS_FILE, BUILTIN_TESTS, diagnostics);
    const builtins = new Set(r.macros.keys());
    for (const file of project.macros) {
      // A project may replace a built-in generic test by defining its own.
      for (const name of builtins) if (new RegExp(`{%-?\\s*test\\s+${name.slice(5)}\\s*\\(`).test(file.text)) r.macros.delete(name);
      r.loadMacroFile(file.path, file.text, diagnostics);
    }
    renderer = r;
    return r;
  };

  const cachePath = join(project.dir, project.config.targetPath, 'partial_parse.json');
  const key = cacheKey({
    version: VERSION, config: project.config, vars, target: { name: target.name, type: target.type, schema: target.schema },
    macros: project.macros.map((m) => [m.path, m.checksum]),
  });
  const cached = loadParseCache(cachePath, key);
  if (!cached) getRenderer(); // cold: load macros now so their errors are reported
  const fresh: ParseCache['entries'] = {};

  // Jinja in project.yml's folder configs (+enabled, +schema...) renders once, before any node
  // takes its config from them.
  const folderConfigs = renderProjectJinja(project.config.folderConfigs, (text) => getRenderer().render('project.yml', text, {}, { type: 'project', name: 'project.yml' }), diagnostics);
  project = { ...project, config: { ...project.config, folderConfigs } };
  const nodes = buildSkeletons({ project, defaultSchema: target.schema }, diagnostics);
  nodes.push(...buildSnapshotSkeletons(project, target.schema, diagnostics));
  for (const node of nodes) {
    if (node.resourceType === 'seed') continue;
    const record = cachedRecord(cached, node.file.path, node.file.checksum) ?? parseNode(node, getRenderer(), dialect, diagnostics);
    if (!record) continue;
    fresh[node.file.path] = { checksum: node.file.checksum, record };
    applyParse(node, record, diagnostics);
  }

  const owners = [
    ...nodes.filter((n) => (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') && n.props)
      .map((n) => ({ id: n.id, name: n.name, testModelName: n.name, tests: n.props!.tests })),
    ...project.properties.sources.flatMap((s) => s.tables.map((t) => ({
      id: `source.${project.config.name}.${s.name}.${t.name}`, name: `${s.name}.${t.name}`,
      testModelName: `source_${s.name}_${t.name}`, tests: t.tests,
    }))),
  ];
  nodes.push(...buildGenericTests(project, owners, renderer ? renderer.macros.keys() : scanTestMacros(project), target.schema, diagnostics));

  const resolved = resolveNodes(project, nodes, dialect, target, diagnostics);
  warnings.push(...diagnostics.filter((d) => d.severity === 'warning'));
  const errors = diagnostics.filter((d) => d.severity !== 'warning');
  if (errors.length > 0) throw new MdlError(errors);

  if (Object.keys(fresh).length > 0) saveParseCache(cachePath, { key, entries: fresh });
  const envVars: Record<string, string | null> = {};
  for (const entry of Object.values(fresh)) for (const name in entry.record.envVars) envVars[name] = entry.record.envVars[name]!;
  if (useSnapshot) {
    saveCacheFile(snapshotPath, toSnapshot(print, envVars, project.config, target, warnings, resolved.byId, resolved.sources, resolved.dag));
  }

  // Rendering sets each node's compiled SQL and replaces its Jinja hooks by their rendered text;
  // a later render (rerender) starts again from the configs as parsed.
  const parsedConfigs = new Map([...resolved.byId.values()].map((node) => [node, node.config]));
  const renderStage = (existingRelations: ReadonlySet<string> | undefined, render: boolean): CompileResult => {
    let runProject = project;
    if (render) {
      for (const [node, config] of parsedConfigs) node.config = config;
      renderNodes(resolved, getRenderer(), dialect, { fullRefresh: options.fullRefresh ?? false, existingRelations }, diagnostics);
      // on-run-start/end are Jinja too ({{ target.schema }}, var(), macros).
      const renderHooks = (name: string, hooks: readonly string[]) => hooks.map((hook) => {
        if (!/{[{%]/.test(hook)) return hook;
        const out = getRenderer().render('project.yml', hook, {}, { type: 'hook', name });
        if (out.diagnostic) diagnostics.push({ ...out.diagnostic, line: undefined, column: undefined, message: `In ${name}: ${out.diagnostic.message}` });
        return out.sql ?? hook;
      });
      runProject = {
        ...project,
        config: { ...project.config, onRunStart: renderHooks('on-run-start', project.config.onRunStart), onRunEnd: renderHooks('on-run-end', project.config.onRunEnd) },
      };
      const renderErrors = diagnostics.filter((d) => d.severity !== 'warning');
      if (renderErrors.length > 0) throw new MdlError(renderErrors);
    }
    codeCache?.save(render);
    // `ls` on a big project rarely needs the manifest: build it on first use.
    let manifest: Manifest | undefined;
    return {
      project: runProject, dag: resolved.dag, target, dialect, warnings, nodes: resolved.byId, sources: resolved.sources, envVars,
      get manifest() {
        return (manifest ??= buildManifest(project, resolved, getRenderer(), target, invocationId));
      },
      rerender: (relations) => {
        // {{ log() }} prints during the first render only (a rerender renders the same templates).
        if (rendered) logSink = () => {};
        rendered = true;
        warnings.length = renderedWarnings;
        return renderStage(relations, true);
      },
    };
  };
  const renderedWarnings = warnings.length;
  const render = !options.parseOnly && !options.deferRender;
  let rendered = render;
  return renderStage(options.existingRelations, render);
}

function readProjectYml(dir: string): string {
  try {
    return readFileSync(join(dir, 'project.yml'), 'utf8');
  } catch {
    return ''; // loadProject reports the missing file
  }
}

/** `target-path` from project.yml without parsing it (the snapshot is looked up before loading). */
function targetPathOf(projectYml: string): string {
  const match = /^target-path:\s*['"]?([^'"\s#]+)/m.exec(projectYml);
  return match ? match[1]! : 'target';
}

function fromSnapshotResult(dir: string, snapshot: ProjectSnapshot, dialect: Dialect): CompileResult {
  const { dag, nodes, sources } = fromSnapshot(snapshot);
  const project: Project = {
    dir, config: snapshot.config, projectYaml: { file: 'project.yml', value: null, position: () => undefined },
    models: [], seeds: [], macros: [], singularTests: [], analyses: [], snapshots: [], docs: [],
    properties: { models: [], seeds: [], snapshots: [], analyses: [], sources: [] }, diagnostics: [],
  };
  return {
    project, dag, target: snapshot.target, dialect, warnings: snapshot.warnings, nodes, sources, envVars: snapshot.envVars,
    get manifest(): Manifest {
      throw new Error('the ls snapshot has no manifest: compile without `snapshot`');
    },
    rerender(): CompileResult {
      throw new Error('the ls snapshot renders nothing: compile without `snapshot`');
    },
  };
}
