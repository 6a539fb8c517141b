import type { Dialect } from '../adapters/adapter.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { mergeConfig, validateConfigKeys } from '../project/folder-config.js';
import { RelationRef } from '../render/relation-ref.js';
import { splitArgs, type Renderer } from '../render/renderer.js';
import { nodeLabel, type WorkNode } from './work-node.js';

/** The `config` object templates see: callable to set, `.get()` to read. */
export function configObject(node: WorkNode, onSet?: (kwargs: Record<string, unknown>) => void): unknown {
  const fn = (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const values = positional[0] && typeof positional[0] === 'object' ? { ...(positional[0] as object), ...kwargs } : kwargs;
    onSet?.(values as Record<string, unknown>);
    return '';
  };
  fn.get = (key: string, fallback?: unknown) => node.config[key] ?? fallback ?? null;
  fn.require = (key: string) => node.config[key];
  return fn;
}

/**
 * First render: records ref(), source() and config() calls. ref() returns a placeholder relation
 * so templates that inspect it still render; the run pass resolves it for real.
 */
export function parseNode(node: WorkNode, renderer: Renderer, dialect: Dialect, diagnostics: Diagnostic[]): void {
  if (node.resourceType === 'seed') return;
  const text = node.file.text;
  const configCalls: Record<string, unknown>[] = [];
  const placeholder = (name: string) => new RelationRef('', name, dialect.quoteIdentifier(name));
  const scope = {
    ref: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[positional.length - 1] ?? '');
      // The line is looked up only if the ref turns out to be wrong (a regex per ref is costly).
      node.refs.push({ name });
      return placeholder(name);
    },
    source: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      node.sources.push([String(positional[0]), String(positional[1])]);
      return placeholder(String(positional[1]));
    },
    config: configObject(node, (kwargs) => configCalls.push(kwargs)),
    this: placeholder(node.name),
    model: { name: node.name, unique_id: node.id, resource_type: node.resourceType },
    is_incremental: () => false,
    execute: false,
    should_full_refresh: () => false,
  };
  const outcome = renderer.render(node.file.path, text, scope, nodeLabel(node));
  if (outcome.diagnostic) {
    diagnostics.push(outcome.diagnostic);
    return;
  }
  for (const call of configCalls) {
    const resource = node.resourceType === 'test' ? 'tests' : node.resourceType === 'analysis' ? 'analyses' : node.resourceType === 'snapshot' ? 'snapshots' : 'models';
    validateConfigKeys(resource, call, { file: node.file.path, line: lineOfConfig(text), node: nodeLabel(node) }, diagnostics);
    node.config = mergeConfig(node.config, call);
  }
}

function lineOfConfig(text: string): number | undefined {
  const index = text.search(/config\s*\(/);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
