import type { Dialect } from '../adapters/adapter.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { findIngest } from '../ingest/marker.js';
import { RelationRef } from '../render/relation-ref.js';
import { splitArgs, type Renderer } from '../render/renderer.js';
import { ephemeralCteName, injectCtes } from './ephemeral.js';
import { configObject } from './parse-pass.js';
import type { ResolvedNodes } from './resolve.js';
import { nodeLabel, type WorkNode } from './work-node.js';

export interface RunPassOptions {
  readonly fullRefresh: boolean;
  readonly existingRelations?: ReadonlySet<string>;
}

/**
 * Second render: ref() and source() resolve to quoted relation names, ephemeral models are
 * inlined as CTEs, generic tests render their macro. Nodes go in dependency order so an
 * ephemeral's SQL is ready before its consumers.
 */
export function renderNodes(resolved: ResolvedNodes, renderer: Renderer, dialect: Dialect, options: RunPassOptions, diagnostics: Diagnostic[]): void {
  const { byId, refable, sources, dag } = resolved;
  const relationOf = (node: WorkNode) =>
    node.relationName === null
      ? new RelationRef('', ephemeralCteName(node.name), ephemeralCteName(node.name))
      : new RelationRef(node.schema, node.alias, node.relationName);
  const rendered = new Map<string, string>(); // ephemeral id -> its own rendered SQL

  const scopeFor = (node: WorkNode, usedEphemerals: WorkNode[]) => ({
    ref: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const target = refable.get(String(positional[positional.length - 1]));
      if (!target) return '';
      if (target.relationName === null && target.resourceType === 'model') {
        if (!usedEphemerals.includes(target)) usedEphemerals.push(target);
      }
      return relationOf(target);
    },
    source: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const src = sources.get(`source.${node.fqn[0]}.${String(positional[0])}.${String(positional[1])}`);
      return src ? new RelationRef(src.schema, src.identifier, src.relationName) : '';
    },
    config: configObject(node),
    this: relationOf(node),
    model: {
      name: node.name, unique_id: node.id, resource_type: node.resourceType, schema: node.schema,
      alias: node.alias, original_file_path: node.file.path, config: node.config,
    },
    is_incremental: () =>
      node.config.materialized === 'incremental' && !options.fullRefresh && node.config.full_refresh !== true &&
      !!options.existingRelations?.has(`${node.schema}.${node.alias}`.toLowerCase()),
    should_full_refresh: () => options.fullRefresh,
    execute: true,
  });

  /** Ephemeral CTEs a node needs, nested ones first, each once. */
  const ctesFor = (direct: readonly WorkNode[], seen = new Set<string>()): string[] => {
    const out: string[] = [];
    for (const eph of direct) {
      if (seen.has(eph.id)) continue;
      seen.add(eph.id);
      const nested = (ephemeralParents.get(eph.id) ?? []);
      out.push(...ctesFor(nested, seen));
      out.push(`${ephemeralCteName(eph.name)} as (\n${rendered.get(eph.id) ?? ''}\n)`);
    }
    return out;
  };
  const ephemeralParents = new Map<string, WorkNode[]>();

  for (const id of dag.order()) {
    const node = byId.get(id);
    if (!node || node.resourceType === 'seed') continue;
    const used: WorkNode[] = [];
    const scope = scopeFor(node, used);
    let outcome;
    if (node.test) {
      const attached = byId.get(node.test.attachedTo);
      const src = sources.get(node.test.attachedTo);
      let model = attached ? relationOf(attached).toString() : src?.relationName ?? '';
      if (attached?.relationName === null) used.push(attached);
      // Test arguments and `where` may be Jinja, as in dbt (`values: "{{ var('statuses') }}"`).
      // A lone `{{ expr }}` keeps the value's type (a list stays a list); other text renders.
      const jinja = (value: unknown): unknown => {
        if (typeof value !== 'string' || !/{[{%]/.test(value)) return value;
        const lone = /^\s*{{([\s\S]*)}}\s*$/.exec(value);
        let captured: unknown;
        const source = lone && !lone[1]!.includes('}}') ? `{{ __mdl_capture(${lone[1]}) }}` : value;
        const out = renderer.render(node.file.path, source, { ...scope, __mdl_capture: (v: unknown) => { captured = v; return ''; } }, nodeLabel(node));
        if (out.diagnostic) diagnostics.push({ ...out.diagnostic, line: undefined, column: undefined, message: `In a test argument: ${out.diagnostic.message}` });
        return source === value ? out.sql ?? value : captured;
      };
      const where = jinja(node.config.where);
      if (typeof where === 'string' && where.trim()) {
        model = `(select * from ${model} where ${where}) as dbt_subquery`;
      }
      const kwargs: Record<string, unknown> = { model };
      if (node.test.columnName) kwargs.column_name = node.test.quoteColumn ? dialect.quoteIdentifier(node.test.columnName) : node.test.columnName;
      for (const [key, value] of Object.entries(node.test.args)) {
        kwargs[key] = typeof value === 'string' && /^\s*(ref|source)\s*\(/.test(value)
          ? renderer.render(node.file.path, `{{ ${value} }}`, scope, nodeLabel(node)).sql ?? value
          : jinja(value);
      }
      outcome = renderer.callMacro(`test_${node.test.testName}`, kwargs, scope, node.file.path, nodeLabel(node));
    } else {
      outcome = renderer.render(node.file.path, node.file.text, scope, nodeLabel(node));
    }
    if (outcome.diagnostic) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    let sql = outcome.sql ?? '';
    if (!dialect.capabilities.fileIngestion && findIngest(sql)) {
      diagnostics.push(ingestUnsupported(node, dialect.type));
      continue;
    }
    // Hooks are Jinja too (`{{ this }}`, `{{ target.schema }}`, macros), rendered in the node's scope.
    for (const key of ['pre_hook', 'post_hook'] as const) {
      const hooks = node.config[key];
      if (!Array.isArray(hooks) || !hooks.some((h) => typeof h === 'string' && /{[{%]/.test(h))) continue;
      node.config = {
        ...node.config,
        [key]: hooks.map((hook) => {
          if (typeof hook !== 'string') return hook;
          const hookOutcome = renderer.render(node.file.path, hook, scope, nodeLabel(node));
          if (hookOutcome.diagnostic) diagnostics.push({ ...hookOutcome.diagnostic, line: undefined, column: undefined, message: `In ${key}: ${hookOutcome.diagnostic.message}` });
          return hookOutcome.sql ?? hook;
        }),
      };
    }
    if (node.resourceType === 'model' && node.relationName === null) {
      rendered.set(node.id, sql);
      ephemeralParents.set(node.id, used);
    }
    if (node.test && node.config.limit !== undefined && node.config.limit !== null) {
      sql = `${sql}\nlimit ${Number(node.config.limit)}`;
    }
    node.compiledCode = injectCtes(sql, ctesFor(used));
  }
}

/** ingest_files() reads the local disk of the machine running mdl; a server engine cannot. */
function ingestUnsupported(node: WorkNode, engine: string): Diagnostic {
  const line = node.file.text.split('\n').findIndex((l) => l.includes('ingest_files'));
  return {
    code: 'E_UNSUPPORTED_ON_ENGINE',
    kind: 'Compilation Error',
    message: `ingest_files() is not supported on ${engine}: it lists and reads landing files on the disk of the machine running mdl, which a ${engine} server cannot see.`,
    hint: `Load the files into a table ${engine} can read (seeds, or an external location), or keep the model off ${engine}: config(enabled=(target.type == 'duckdb')).`,
    file: node.file.path,
    line: line >= 0 ? line + 1 : undefined,
    node: nodeLabel(node),
  };
}
