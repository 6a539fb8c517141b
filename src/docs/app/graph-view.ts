/// <reference lib="dom" />
/**
 * The lineage graph. The overview is sigma (WebGL) over the whole DAG with positions computed at
 * generate time, so opening a 10,000-node project only uploads buffers. Focusing a node builds a
 * second, small sigma over just its upstream/downstream neighbourhood, laid out afresh with the
 * same layered layout: readable labels whatever the size of the project, and switching back is
 * instant because the overview is never re-indexed.
 */
import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import { layoutDag } from '../layout.js';
import type { SiteGraph, SiteGraphNode, SiteTest } from '../site-types.js';
import { clear, graphHref, h, nodeHref } from './dom.js';

const EDGE = '#cbd5e1';
const FOCUS_EDGE = '#64748b';
const EDGE_PROGRAMS = { arrow: EdgeArrowProgram, line: EdgeLineProgram };
const TEST_COLOURS: Readonly<Record<string, string>> = { pass: '#16a34a', fail: '#dc2626', error: '#dc2626', warn: '#d97706' };

/** Tests attached to some nodes, each with the nodes it tests (loaded on demand from node pages). */
export type LoadTests = (ids: readonly string[]) => Promise<readonly (SiteTest & { readonly nodes: readonly string[] })[]>;

export interface GraphView {
  readonly element: HTMLElement;
  focus(id: string | null): Promise<void>;
  /** Node ids the overview renderer holds (for tests and scripting). */
  nodeIds(): string[];
  /** Node ids the focus view shows, tests included when switched on (for tests and scripting). */
  focusNodeIds(): string[];
  /** Where a node is drawn in the visible renderer, in page CSS pixels (for tests and scripting). */
  nodePagePosition(id: string): { x: number; y: number } | null;
  resize(): void;
}

/** Builds the view inside `host` (sigma needs a sized container when it starts). */
export function createGraphView(data: SiteGraph, host: HTMLElement, loadTests: LoadTests): GraphView {
  const byId = new Map<string, SiteGraphNode>(data.nodes.map((n) => [n.id, n]));
  const colours = new Map(data.groups.map((g) => [g.name, g.color]));
  const colourOf = (id: string) => colours.get(byId.get(id)?.group ?? '') ?? '#888';
  const graph = new DirectedGraph({ allowSelfLoops: false });
  const big = data.nodes.length > 2000;
  const edgeType = big ? 'line' : 'arrow';
  // Every attribute sigma would default is given up front: sigma copies each node's and edge's
  // attributes and then fills in the missing ones, and adding properties to 30,000 fresh copies
  // was a fifth of the first render's script time on a 10,000-node project.
  for (const n of data.nodes) {
    // Sigma's y axis points up; the layout's points down.
    graph.addNode(n.id, {
      x: n.x, y: -n.y, label: n.name, size: big ? 3 : 6, color: colourOf(n.id),
      type: 'circle', hidden: false, highlighted: false, forceLabel: false, zIndex: 0,
    });
  }
  // One attributes object shared by every overview edge (sigma copies it; nothing mutates it):
  // 20,000 fewer allocations before the first frame.
  const edgeAttributes = Object.freeze({ size: 1, color: EDGE, label: '', type: edgeType, hidden: false, forceLabel: false, zIndex: 0 });
  for (const [a, b] of data.edges) {
    const from = data.nodes[a]!.id;
    const to = data.nodes[b]!.id;
    if (!graph.hasEdge(from, to)) graph.addEdge(from, to, edgeAttributes);
  }

  const overviewBox = h('div', { class: 'graph-canvas', 'data-testid': 'graph-canvas' });
  const focusBox = h('div', { class: 'graph-canvas', 'data-testid': 'focus-canvas', hidden: true });
  const panel = h('aside', { class: 'graph-panel', 'data-testid': 'graph-panel' });
  const depthSelect = h('select', { 'aria-label': 'Depth', 'data-testid': 'depth' },
    ...[1, 2, 3, 5, 100].map((d) => h('option', { value: d, selected: d === 2 }, d === 100 ? 'all' : String(d))));
  const testsBox = h('input', { type: 'checkbox', 'data-testid': 'show-tests' });
  const legend = h('div', { class: 'legend' },
    ...data.groups.map((g) => h('span', { class: 'legend-item' }, h('i', { style: `background:${g.color}` }), `${g.name} (${g.count})`)));
  const element = h('section', { class: 'graph-view', 'data-node-count': data.nodes.length },
    h('div', { class: 'graph-toolbar' }, legend,
      h('label', { class: 'depth', title: "Show the focused node's data tests" }, testsBox, ' Tests'),
      h('label', { class: 'depth' }, 'Depth ', depthSelect),
      h('button', { type: 'button', onclick: () => { location.hash = '#/graph'; } }, 'Whole graph')),
    h('div', { class: 'graph-body' }, overviewBox, focusBox, panel));
  host.append(element);

  let hovered: string | null = null;
  const overview = new Sigma(graph, overviewBox, {
    allowInvalidContainer: true,
    // Layers already say which way data flows; on big graphs thin lines cost far less to draw
    // than arrows (which matters with software WebGL).
    defaultEdgeType: edgeType,
    edgeProgramClasses: EDGE_PROGRAMS,
    // Big graphs draw nodes as GL points (one vertex each, one draw call) instead of sigma's default
    // instanced circles: Chromium's software WebGL (SwiftShader, what headless and GPU-less
    // machines use) spent over a second on 10,000 circle instances before the first frame showed.
    ...(big ? { nodeProgramClasses: { circle: NodePointProgram } } : {}),
    hideEdgesOnMove: big,
    // Small projects: every label (the layout leaves room). Big ones: sigma's label grid thins them.
    labelRenderedSizeThreshold: big ? 8 : 0,
    labelDensity: data.nodes.length <= 300 ? 10 : 0.4,
    labelFont: 'system-ui, sans-serif',
    stagePadding: 40,
    zIndex: true,
    minCameraRatio: 0.005,
    maxCameraRatio: 4,
    nodeReducer: (node, attrs) => (node === hovered ? { ...attrs, zIndex: 1, highlighted: true } : attrs),
  });
  overview.getCamera().setState({ x: 0.56, y: 0.5, ratio: 1.14 });
  const hover = (renderer: Sigma, box: HTMLElement, node: string | null) => {
    hovered = node;
    box.style.cursor = node ? 'pointer' : '';
    renderer.refresh({ skipIndexation: true });
  };
  overview.on('clickNode', ({ node }) => { location.hash = graphHref(node); });
  overview.on('doubleClickNode', ({ node, event }) => { event.preventSigmaDefault(); location.hash = nodeHref(node); });
  overview.on('enterNode', ({ node }) => hover(overview, overviewBox, node));
  overview.on('leaveNode', () => hover(overview, overviewBox, null));

  let focused: string | null = null;
  let focusRenderer: Sigma | null = null;
  let pending: Promise<void> = Promise.resolve();
  const refocus = () => { if (focused) pending = applyFocus(focused); };
  depthSelect.addEventListener('change', refocus);
  testsBox.addEventListener('change', refocus);

  function walk(id: string, depth: number, next: (n: string) => string[]): Set<string> {
    const seen = new Set<string>([id]);
    let frontier = [id];
    for (let d = 0; d < depth && frontier.length > 0; d++) {
      const upcoming: string[] = [];
      for (const n of frontier) for (const m of next(n)) if (!seen.has(m)) { seen.add(m); upcoming.push(m); }
      frontier = upcoming;
    }
    seen.delete(id);
    return seen;
  }

  async function applyFocus(id: string): Promise<void> {
    const depth = Number(depthSelect.value);
    const up = walk(id, depth, (n) => graph.inNeighbors(n));
    const down = walk(id, depth, (n) => graph.outNeighbors(n));
    focused = id;
    renderPanel(id, up, down);
    const members = [id, ...up, ...down];
    const inSet = new Set(members);
    const edges: [string, string][] = [];
    for (const m of members) for (const child of graph.outNeighbors(m)) if (inSet.has(child)) edges.push([m, child]);
    // Start each layer in the overview's vertical order, so the focused picture resembles it.
    const rank = new Map([...members].sort((a, b) => byId.get(a)!.y - byId.get(b)!.y).map((m, i) => [m, String(i).padStart(8, '0')]));
    // The focused node's tests hang off it as leaves, coloured by their last result. (All tests of
    // the neighbourhood would bury the models: a model often has ten.)
    const tests = testsBox.checked ? await loadTests([id]) : [];
    if (focused !== id) return; // another focus started while the tests loaded
    const testIds = tests.map((t) => t.id);
    for (const t of tests) edges.push([id, t.id]);
    const ids = [...members, ...testIds];
    const positions = layoutDag({ ids, edges, sortKey: (n) => rank.get(n) ?? `~${n}` }, { rowGap: tests.length ? 36 : 60 });
    const sub = new DirectedGraph();
    for (const m of members) {
      const p = positions.get(m)!;
      sub.addNode(m, { x: p.x, y: -p.y, label: byId.get(m)!.name, size: m === id ? 11 : 7, color: colourOf(m), forceLabel: true, highlighted: m === id });
    }
    for (const t of tests) {
      const p = positions.get(t.id)!;
      sub.addNode(t.id, { x: p.x, y: -p.y, label: `${t.kind}${t.column ? ` (${t.column})` : ''}`, size: 4, color: TEST_COLOURS[t.status ?? ''] ?? '#94a3b8', forceLabel: true, test: true });
    }
    for (const [a, b] of edges) sub.addEdge(a, b, { size: 1.5, color: FOCUS_EDGE });

    focusRenderer?.kill();
    overviewBox.hidden = true;
    focusBox.hidden = false;
    focusRenderer = new Sigma(sub, focusBox, {
      allowInvalidContainer: true, defaultEdgeType: 'arrow', edgeProgramClasses: EDGE_PROGRAMS,
      labelFont: 'system-ui, sans-serif', labelRenderedSizeThreshold: 0, stagePadding: 60, minCameraRatio: 0.05, maxCameraRatio: 4,
    });
    // Labels are drawn right of their node: lean the frame right so the last column's names fit.
    focusRenderer.getCamera().setState(tests.length ? { x: 0.6, y: 0.5, ratio: 1.25 } : { x: 0.55, y: 0.5, ratio: 1.12 });
    // A test node has no page of its own: clicking it opens the page of the node it tests.
    const target = (node: string) => (sub.getNodeAttribute(node, 'test') ? sub.inNeighbors(node)[0] ?? id : node);
    focusRenderer.on('clickNode', ({ node }) => { location.hash = graphHref(target(node)); });
    focusRenderer.on('doubleClickNode', ({ node, event }) => { event.preventSigmaDefault(); location.hash = nodeHref(target(node)); });
    const renderer = focusRenderer;
    renderer.on('enterNode', () => { focusBox.style.cursor = 'pointer'; });
    renderer.on('leaveNode', () => { focusBox.style.cursor = ''; });
  }

  function renderPanel(id: string, up: Set<string>, down: Set<string>): void {
    const node = byId.get(id)!;
    const byName = (a: string, b: string) => (byId.get(a)?.name ?? a).localeCompare(byId.get(b)?.name ?? b);
    const list = (title: string, ids: Set<string>) => h('div', { class: 'panel-list' },
      h('h4', {}, `${title} (${ids.size})`),
      h('ul', {}, ...[...ids].sort(byName).slice(0, 200).map((n) => h('li', {},
        h('i', { class: 'dot', style: `background:${colourOf(n)}` }), h('a', { href: graphHref(n) }, byId.get(n)?.name ?? n)))));
    clear(panel).append(
      h('h3', { 'data-testid': 'focus-name' }, node.name),
      h('div', { class: 'muted' }, `${node.type} · ${node.group}${node.status ? ` · last run: ${node.status}` : ''}`),
      h('a', { class: 'button', href: nodeHref(id), 'data-testid': 'open-page' }, 'Open page →'),
      list('Upstream', up),
      list('Downstream', down),
    );
    panel.classList.add('open');
  }

  function visible(): { renderer: Sigma; box: HTMLElement; graph: DirectedGraph } {
    return focusRenderer && focused
      ? { renderer: focusRenderer, box: focusBox, graph: focusRenderer.getGraph() as DirectedGraph }
      : { renderer: overview, box: overviewBox, graph };
  }

  return {
    element,
    async focus(id) {
      if (id && graph.hasNode(id)) {
        pending = applyFocus(id);
        return pending;
      }
      if (focused === null) return;
      focused = null;
      focusRenderer?.kill();
      focusRenderer = null;
      focusBox.hidden = true;
      overviewBox.hidden = false;
      panel.classList.remove('open');
      clear(panel);
      overview.resize();
      overview.refresh({ skipIndexation: true });
    },
    nodeIds: () => graph.nodes(),
    focusNodeIds: () => (focusRenderer && focused ? focusRenderer.getGraph().nodes() : []),
    nodePagePosition(id) {
      const { renderer, box, graph: g } = visible();
      if (!g.hasNode(id)) return null;
      const attrs = g.getNodeAttributes(id);
      const p = renderer.graphToViewport({ x: attrs.x as number, y: attrs.y as number });
      const rect = box.getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    resize: () => {
      overview.resize();
      overview.refresh({ skipIndexation: true });
      focusRenderer?.resize();
      focusRenderer?.refresh({ skipIndexation: true });
    },
  };
}
