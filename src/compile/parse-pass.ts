import { createHash } from 'node:crypto';
import type { Dialect } from '../adapters/adapter.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { mergeConfig, validateConfigKeys } from '../project/folder-config.js';
import { RelationRef } from '../render/relation-ref.js';
import { splitArgs, type Renderer } from '../render/renderer.js';
import { nodeLabel, type WorkNode } from './work-node.js';

/**
 * A macro's output is a nunjucks SafeString (a `String` object, like dbt's Markup is a str): in a
 * config value it must be the plain string, or `materialized=my_macro()` reads as an object.
 */
export function plainConfigValue(value: unknown): unknown {
  if (value instanceof String) return String(value);
  if (Array.isArray(value)) return value.map(plainConfigValue);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainConfigValue(v)]));
  }
  return value;
}

/** The `config` object templates see: callable to set, `.get()` to read. */
export function configObject(node: WorkNode, onSet?: (kwargs: Record<string, unknown>) => void): unknown {
  const fn = (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const values = positional[0] && typeof positional[0] === 'object' ? { ...(positional[0] as object), ...kwargs } : kwargs;
    onSet?.(plainConfigValue(values) as Record<string, unknown>);
    return '';
  };
  fn.get = (key: string, fallback?: unknown) => node.config[key] ?? fallback ?? null;
  fn.require = (key: string) => node.config[key];
  return fn;
}

/** Values are hashed: the record is written to disk and may be read by secrets. */
export function envHash(name: string): string | null {
  const value = process.env[name];
  return value === undefined ? null : createHash('sha256').update(value).digest('hex');
}

/** What the parse pass learns from one file; JSON-safe, so it can be cached by content. */
export interface ParseRecord {
  readonly refs: readonly string[];
  readonly sources: readonly (readonly [string, string])[];
  readonly configCalls: readonly Record<string, unknown>[];
  /** Environment variables the template read, with a hash of the value seen (null: unset). */
  readonly envVars: Readonly<Record<string, string | null>>;
}

const no = (): boolean => false;
const nothing = (): string => '';
const quiet = new WeakMap<Renderer, Record<string, unknown>>();

/** The renderer's `exceptions` with a silent `warn`, made once per renderer (not per node). */
function quietExceptions(renderer: Renderer, globals: Record<string, unknown>): Record<string, unknown> {
  let found = quiet.get(renderer);
  if (!found) quiet.set(renderer, (found = { ...(globals.exceptions as Record<string, unknown>), warn: nothing }));
  return found;
}

/**
 * First render: records ref(), source() and config() calls. ref() returns a placeholder relation
 * so templates that inspect it still render; the run pass resolves it for real.
 */
export function parseNode(node: WorkNode, renderer: Renderer, dialect: Dialect, diagnostics: Diagnostic[]): ParseRecord | undefined {
  if (node.resourceType === 'seed') return undefined;
  const refs: string[] = [];
  const sources: [string, string][] = [];
  const configCalls: Record<string, unknown>[] = [];
  const envVars: Record<string, string | null> = {};
  const placeholder = (name: string) => new RelationRef('', name, dialect.quoteIdentifier(name));
  const globals = (renderer.env as unknown as { globals: Record<string, unknown> }).globals;
  const envVar = globals.env_var as (...args: unknown[]) => unknown;
  const scope = {
    ref: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[positional.length - 1] ?? '');
      refs.push(name);
      return placeholder(name);
    },
    source: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      sources.push([String(positional[0]), String(positional[1])]);
      return placeholder(String(positional[1]));
    },
    env_var: (...args: unknown[]) => {
      const name = String(splitArgs(args).positional[0]);
      envVars[name] = envHash(name);
      return envVar(...args);
    },
    config: configObject(node, (kwargs) => configCalls.push(kwargs)),
    this: placeholder(node.name),
    model: { name: node.name, unique_id: node.id, resource_type: node.resourceType },
    is_incremental: no,
    execute: false,
    should_full_refresh: no,
    // The run pass renders every template again: log and warn there only, or each says it twice.
    log: nothing,
    print: nothing,
    exceptions: quietExceptions(renderer, globals),
  };
  const outcome = renderer.render(node.file.path, node.file.text, scope, nodeLabel(node));
  if (outcome.diagnostic) {
    diagnostics.push(outcome.diagnostic);
    return undefined;
  }
  return { refs, sources, configCalls, envVars };
}

/** Applies a parse record (fresh or cached) to its node: dependencies and config() calls. */
export function applyParse(node: WorkNode, record: ParseRecord, diagnostics: Diagnostic[]): void {
  // A ref's line is looked up only if the ref turns out to be wrong (a regex per ref is costly).
  for (const name of record.refs) node.refs.push({ name });
  for (const [src, table] of record.sources) node.sources.push([src, table]);
  for (const call of record.configCalls) {
    const resource = node.resourceType === 'test' ? 'tests' : node.resourceType === 'analysis' ? 'analyses' : node.resourceType === 'snapshot' ? 'snapshots' : 'models';
    // The line is searched for only if a key is unknown (a regex and a split per model otherwise).
    const where = { file: node.file.path, get line() { return lineOfConfig(node.file.text); }, node: nodeLabel(node) };
    validateConfigKeys(resource, call, where, diagnostics);
    node.config = mergedConfig(node.config, call);
  }
}

/** Configs merged from a base object and a config() call, by the call's JSON. */
const merged = new WeakMap<Record<string, unknown>, Map<string, Record<string, unknown>>>();

/**
 * `mergeConfig`, shared: the models of one folder start from one config object and usually make
 * the same config() call, so they can share the result too (configs are replaced, never changed
 * in place). 10,000 models: 10,000 fewer objects, and the ls snapshot serialises each config once.
 */
function mergedConfig(base: Record<string, unknown>, call: Record<string, unknown>): Record<string, unknown> {
  // Only calls that JSON describes exactly share a result (no undefined, functions, objects of classes).
  if (!isPlainJson(call)) return mergeConfig(base, call);
  let byCall = merged.get(base);
  if (!byCall) merged.set(base, (byCall = new Map()));
  const key = JSON.stringify(call);
  let found = byCall.get(key);
  if (!found) byCall.set(key, (found = mergeConfig(base, call)));
  return found;
}

function lineOfConfig(text: string): number | undefined {
  const index = text.search(/config\s*\(/);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value as object).every(isPlainJson);
  return false;
}
