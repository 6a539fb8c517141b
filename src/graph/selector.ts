import { MdlError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import type { Dag } from './dag.js';

/** What selection needs to know about a node. */
export interface SelectableNode {
  readonly unique_id: string;
  readonly name: string;
  readonly resource_type: string;
  readonly fqn: readonly string[];
  readonly original_file_path: string;
  readonly tags: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly source_name?: string;
  readonly test_metadata?: { readonly name: string };
  readonly package_name?: string;
}

const METHODS = ['tag', 'path', 'file', 'fqn', 'resource_type', 'test_type', 'test_name', 'source', 'package', 'config'];

interface Atom {
  readonly raw: string;
  readonly method: string;
  readonly value: string;
  readonly parents: number | null; // null: no parents; Infinity: all
  readonly children: number | null;
  readonly at: boolean;
}

function parseAtom(raw: string): Atom {
  let text = raw;
  let at = false;
  if (text.startsWith('@')) {
    at = true;
    text = text.slice(1);
  }
  const lead = /^(\d*)\+/.exec(text);
  let parents: number | null = null;
  if (lead) {
    parents = lead[1] ? Number(lead[1]) : Infinity;
    text = text.slice(lead[0].length);
  }
  const trail = /\+(\d*)$/.exec(text);
  let children: number | null = null;
  if (trail) {
    children = trail[1] ? Number(trail[1]) : Infinity;
    text = text.slice(0, -trail[0].length);
  }
  let method = 'fqn';
  let value = text;
  const colon = text.indexOf(':');
  if (colon > 0) {
    method = text.slice(0, colon);
    value = text.slice(colon + 1);
  } else if (text.includes('/') || text.endsWith('.sql') || text.endsWith('.csv')) {
    method = 'path';
  }
  if (method === 'fqn' && /[+@]/.test(value)) {
    throw new MdlError({
      code: 'E_SELECTOR', kind: 'Selection Error',
      message: `Selector '${raw}' is not valid: '+' and '@' may only lead or trail a name.`,
      hint: 'For example +orders (and its parents), orders+ (and its children) or @orders.',
    });
  }
  const base = method.startsWith('config.') ? 'config' : method;
  if (!METHODS.includes(base) || value === '') {
    throw new MdlError({
      code: 'E_SELECTOR', kind: 'Selection Error',
      message: value === '' ? `Selector '${raw}' has no value after the method.` : `Unknown selector method '${method}' in '${raw}'.${didYouMean(method, METHODS)}`,
      hint: 'Use a name, or one of tag:, path:, config.<key>:, resource_type:, test_type:, source:, fqn:, test_name:, package:.',
    });
  }
  return { raw, method, value, parents, children, at };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function matches(node: SelectableNode, method: string, value: string): boolean {
  const glob = globToRegExp(value);
  switch (method) {
    case 'tag':
      return node.tags.some((t) => glob.test(t));
    case 'path':
    case 'file': {
      const path = node.original_file_path;
      const v = value.replace(/\/+$/, '');
      return method === 'file'
        ? glob.test(path.split('/').pop() ?? '')
        : path === v || path.startsWith(`${v}/`) || glob.test(path);
    }
    case 'resource_type':
      return node.resource_type === value;
    case 'test_type':
      return node.resource_type === 'test' && (value === 'generic' ? !!node.test_metadata : value === 'singular' ? !node.test_metadata : value === 'data');
    case 'test_name':
      return node.resource_type === 'test' && !!node.test_metadata && glob.test(node.test_metadata.name);
    case 'source':
      if (node.resource_type !== 'source') return false;
      return glob.test(node.source_name ?? '') || glob.test(`${node.source_name}.${node.name}`);
    case 'package':
      return glob.test(node.package_name ?? node.fqn[0] ?? '');
    case 'fqn': {
      if (node.resource_type === 'source') return false;
      if (glob.test(node.name)) return true;
      const dotted = node.fqn.join('.');
      return glob.test(dotted) || dotted.endsWith(`.${value}`) || node.fqn.slice(0, value.split('.').length).join('.') === value;
    }
    default: {
      const key = method.slice('config.'.length);
      const config = node.config[key];
      if (Array.isArray(config)) return config.some((c) => glob.test(String(c)));
      return config !== undefined && config !== null && glob.test(String(config));
    }
  }
}

export interface SelectionResult {
  readonly selected: Set<string>;
  /** Selectors that matched nothing (a warning, not an error). */
  readonly unmatched: readonly string[];
}

function selectAtom(atom: Atom, nodes: readonly SelectableNode[], dag: Dag): Set<string> {
  const base = nodes.filter((n) => matches(n, atom.method, atom.value)).map((n) => n.unique_id);
  const out = new Set(base);
  for (const id of base) {
    if (atom.parents !== null) for (const p of dag.ancestors(id, finite(atom.parents))) out.add(p);
    if (atom.children !== null || atom.at) {
      const down = dag.descendants(id, atom.at ? undefined : finite(atom.children!));
      for (const c of down) out.add(c);
      if (atom.at) for (const c of [id, ...down]) for (const p of dag.ancestors(c)) out.add(p);
    }
  }
  return out;
}

const finite = (n: number): number | undefined => (Number.isFinite(n) ? n : undefined);

/**
 * dbt's selection syntax: space-separated union, comma intersection, `+`/`N+` graph operators,
 * `@`, methods. `select` undefined means everything. Tests attached to a selected node join it
 * (dbt's eager indirect selection) unless excluded.
 */
export function selectNodes(
  nodes: readonly SelectableNode[], dag: Dag, select: readonly string[] | undefined, exclude: readonly string[] | undefined,
): SelectionResult {
  const unmatched: string[] = [];
  const evaluate = (specs: readonly string[]): Set<string> => {
    const union = new Set<string>();
    for (const spec of specs.flatMap((s) => s.split(/\s+/)).filter(Boolean)) {
      let inter: Set<string> | undefined;
      for (const part of spec.split(',')) {
        const set = selectAtom(parseAtom(part), nodes, dag);
        inter = inter ? new Set([...inter].filter((id) => set.has(id))) : set;
      }
      if (!inter || inter.size === 0) unmatched.push(spec);
      for (const id of inter ?? []) union.add(id);
    }
    return union;
  };
  const selected = select && select.length > 0 ? evaluate(select) : new Set(nodes.map((n) => n.unique_id));
  const excluded = exclude && exclude.length > 0 ? evaluate(exclude) : new Set<string>();
  // Everything selected and nothing excluded (a plain `mdl ls` or `build`): nothing to add or remove.
  if (!(select && select.length > 0) && excluded.size === 0) return { selected, unmatched };
  const byId = new Map(nodes.map((n) => [n.unique_id, n]));
  for (const n of nodes) {
    if (n.resource_type !== 'test' || selected.has(n.unique_id)) continue;
    if (dag.parents(n.unique_id).some((p) => selected.has(p) && byId.get(p)?.resource_type !== 'test')) selected.add(n.unique_id);
  }
  // Excluding a model excludes its tests too (dbt: `--exclude orders` skips the tests on orders);
  // otherwise they would run against a relation this run did not build.
  if (excluded.size > 0) {
    for (const n of nodes) {
      if (n.resource_type === 'test' && dag.parents(n.unique_id).some((p) => excluded.has(p) && byId.get(p)?.resource_type !== 'test')) excluded.add(n.unique_id);
    }
  }
  for (const id of excluded) selected.delete(id);
  return { selected, unmatched };
}
