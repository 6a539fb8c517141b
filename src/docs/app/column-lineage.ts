/// <reference lib="dom" />
/**
 * Traces one column upstream through the column lineage and draws it as layers, right to left:
 * the chosen column, then the columns it reads, and so on down to seeds and sources.
 */
import type { SiteColumnLineage, SiteGraphNode } from '../site-types.js';
import { breakable, h, nodeHref } from './dom.js';

export interface TraceStep {
  readonly node: string;
  readonly column: string;
  readonly transform: string | null;
  readonly note: string | null;
  readonly upstream: readonly { readonly node: string; readonly column: string }[];
  /** Depth from the traced column (0 = itself). */
  readonly depth: number;
}

type ColumnMap = SiteColumnLineage['nodes'][string]['columns'];

function entryFor(columns: ColumnMap | undefined, column: string) {
  if (!columns) return undefined;
  if (columns[column]) return columns[column];
  const lower = column.toLowerCase();
  const key = Object.keys(columns).find((k) => k.toLowerCase() === lower);
  return key ? columns[key] : undefined;
}

/** Breadth-first walk upstream; each (node, column) appears once, at its shortest depth. */
export function traceUpstream(lineage: SiteColumnLineage, node: string, column: string, maxSteps = 2000): TraceStep[] {
  const seen = new Set<string>();
  const steps: TraceStep[] = [];
  let frontier: { node: string; column: string }[] = [{ node, column }];
  for (let depth = 0; frontier.length > 0 && steps.length < maxSteps; depth++) {
    const next: { node: string; column: string }[] = [];
    for (const ref of frontier) {
      const key = `${ref.node}\u0000${ref.column.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = entryFor(lineage.nodes[ref.node]?.columns, ref.column);
      steps.push({
        node: ref.node, column: ref.column, depth,
        transform: entry?.transform ?? null,
        note: entry?.note ?? lineage.nodes[ref.node]?.note ?? null,
        upstream: entry?.upstream ?? [],
      });
      next.push(...(entry?.upstream ?? []));
    }
    frontier = next;
  }
  return steps;
}

export function renderColumnLineage(
  lineage: SiteColumnLineage | null, node: string, column: string,
  nodes: ReadonlyMap<string, SiteGraphNode>, colour: (group: string) => string,
): HTMLElement {
  const title = `${nodes.get(node)?.name ?? node}.${column}`;
  if (!lineage) {
    return h('div', {}, h('h3', {}, `Lineage of ${title}`),
      h('p', { class: 'muted' }, 'Column lineage was not computed for this site.'));
  }
  const steps = traceUpstream(lineage, node, column);
  const depths = Math.max(...steps.map((s) => s.depth)) + 1;
  const layers = Array.from({ length: depths }, (_, d) => steps.filter((s) => s.depth === d));
  const card = (s: TraceStep) => {
    const n = nodes.get(s.node);
    const origin = n && (n.type === 'seed' || n.type === 'source');
    const kind = origin ? n.type : s.transform ?? 'not traced';
    return h('div', { class: `lineage-card${origin ? ' origin' : ''}${s.transform === 'unresolved' ? ' unresolved' : ''}`, 'data-node': s.node, 'data-column': s.column, 'data-testid': 'lineage-step' },
      h('div', { class: 'lineage-node' }, h('i', { class: 'dot', style: `background:${colour(n?.group ?? '')}` }),
        h('a', { href: nodeHref(s.node) }, ...breakable(n?.name ?? s.node))),
      h('div', { class: 'lineage-column' }, ...breakable(s.column)),
      h('div', { class: 'lineage-kind' }, kind),
      s.note ? h('div', { class: 'lineage-note', title: s.note }, s.note) : null,
      s.depth === 0 || s.upstream.length === 0 ? null
        : h('div', { class: 'lineage-from muted' }, 'from ', ...breakable(s.upstream.map((u) => `${nodes.get(u.node)?.name ?? u.node}.${u.column}`).join(', '))));
  };
  const origins = steps.filter((s) => { const t = nodes.get(s.node)?.type; return t === 'seed' || t === 'source'; });
  return h('div', {},
    h('h3', {}, `Lineage of ${title}`),
    h('p', { class: 'muted small' }, `${steps.length - 1} upstream column${steps.length === 2 ? '' : 's'}, ${origins.length} from seeds or sources. Left = origin, right = this column.`),
    h('div', { class: 'lineage-layers' }, ...layers.reverse().map((layer, i) =>
      h('div', { class: 'lineage-layer' }, h('div', { class: 'muted small' }, i === layers.length - 1 ? 'this column' : `${layers.length - 1 - i} step${layers.length - 1 - i === 1 ? '' : 's'} up`), ...layer.map(card)))));
}
