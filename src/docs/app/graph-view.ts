/// <reference lib="dom" />
/**
 * The lineage graph: sigma (WebGL) over a graphology graph whose positions were computed at
 * generate time, so opening a 10,000-node project only uploads buffers. Focusing a node dims
 * everything outside its upstream/downstream neighbourhood through reducers (no re-layout).
 */
import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeLineProgram } from 'sigma/rendering';
import type { SiteGraph, SiteGraphNode } from '../site-types.js';
import { clear, graphHref, h, nodeHref } from './dom.js';

const DIM_NODE = '#e5e7eb';
const DIM_EDGE = '#f1f5f9';
const EDGE = '#cbd5e1';
const FOCUS_EDGE = '#475569';

export interface GraphView {
  readonly element: HTMLElement;
  focus(id: string | null): void;
  /** Node ids the renderer holds (for tests and scripting). */
  nodeIds(): string[];
  /** Where a node is drawn, in CSS pixels relative to the page (for tests and scripting). */
  nodePagePosition(id: string): { x: number; y: number } | null;
  resize(): void;
}

/** Builds the view inside `host` (sigma needs a sized container when it starts). */
export function createGraphView(data: SiteGraph, host: HTMLElement): GraphView {
  const byId = new Map<string, SiteGraphNode>(data.nodes.map((n) => [n.id, n]));
  const colour = new Map(data.groups.map((g) => [g.name, g.color]));
  const graph = new DirectedGraph({ allowSelfLoops: false });
  const big = data.nodes.length > 2000;
  for (const n of data.nodes) {
    // Sigma's y axis points up; the layout's points down.
    graph.addNode(n.id, { x: n.x, y: -n.y, label: n.name, size: big ? 3 : 6, color: colour.get(n.group) ?? '#888' });
  }
  for (const [a, b] of data.edges) {
    const from = data.nodes[a]!.id;
    const to = data.nodes[b]!.id;
    if (!graph.hasEdge(from, to)) graph.addEdge(from, to, { size: 1, color: EDGE });
  }

  const canvasBox = h('div', { class: 'graph-canvas', 'data-testid': 'graph-canvas' });
  const panel = h('aside', { class: 'graph-panel', 'data-testid': 'graph-panel' });
  const depthSelect = h('select', { 'aria-label': 'Depth', 'data-testid': 'depth' },
    ...[1, 2, 3, 5, 100].map((d) => h('option', { value: d, selected: d === 2 }, d === 100 ? 'all' : String(d))));
  const legend = h('div', { class: 'legend' },
    ...data.groups.map((g) => h('span', { class: 'legend-item' }, h('i', { style: `background:${g.color}` }), `${g.name} (${g.count})`)));
  const element = h('section', { class: 'graph-view', 'data-node-count': data.nodes.length },
    h('div', { class: 'graph-toolbar' }, legend,
      h('label', { class: 'depth' }, 'Depth ', depthSelect),
      h('button', { type: 'button', onclick: () => { location.hash = '#/graph'; } }, 'Reset')),
    h('div', { class: 'graph-body' }, canvasBox, panel));

  host.append(element);
  let focused: string | null = null;
  let visible: Set<string> | null = null;
  let hovered: string | null = null;

  const renderer = new Sigma(graph, canvasBox, {
    allowInvalidContainer: true,
    // Layers already say which way data flows; on big graphs thin lines cost far less to draw
    // than arrows (which matters with software WebGL).
    defaultEdgeType: big ? 'line' : 'arrow',
    edgeProgramClasses: { arrow: EdgeArrowProgram, line: EdgeLineProgram },
    renderEdgeLabels: false,
    hideEdgesOnMove: big,
    labelRenderedSizeThreshold: big ? 8 : 5,
    labelDensity: 0.5,
    labelFont: 'system-ui, sans-serif',
    zIndex: true,
    stagePadding: 40,
    minCameraRatio: 0.01,
    maxCameraRatio: 4,
    nodeReducer: (node, attrs) => {
      if (visible && !visible.has(node)) return { ...attrs, color: DIM_NODE, label: '', zIndex: 0 };
      if (visible) return { ...attrs, zIndex: 1, forceLabel: visible.size <= 150, highlighted: node === focused };
      if (node === hovered) return { ...attrs, zIndex: 1, highlighted: true };
      return attrs;
    },
    edgeReducer: (edge, attrs) => {
      if (!visible) return attrs;
      const [s, t] = graph.extremities(edge);
      if (visible.has(s) && visible.has(t)) return { ...attrs, color: FOCUS_EDGE, size: 1.5, zIndex: 1 };
      return big ? { ...attrs, hidden: true } : { ...attrs, color: DIM_EDGE, zIndex: 0 };
    },
  });
  renderer.on('clickNode', ({ node }) => { location.hash = graphHref(node); });
  renderer.on('doubleClickNode', ({ node, event }) => { event.preventSigmaDefault(); location.hash = nodeHref(node); });
  renderer.on('clickStage', () => { if (focused) location.hash = '#/graph'; });
  renderer.on('enterNode', ({ node }) => { hovered = node; canvasBox.style.cursor = 'pointer'; renderer.refresh({ skipIndexation: true }); });
  renderer.on('leaveNode', () => { hovered = null; canvasBox.style.cursor = ''; renderer.refresh({ skipIndexation: true }); });
  depthSelect.addEventListener('change', () => { if (focused) applyFocus(focused); });

  function neighbourhood(id: string, depth: number): { up: Set<string>; down: Set<string> } {
    const walk = (next: (n: string) => string[]) => {
      const seen = new Set<string>([id]);
      let frontier = [id];
      for (let d = 0; d < depth && frontier.length > 0; d++) {
        const upcoming: string[] = [];
        for (const n of frontier) for (const m of next(n)) if (!seen.has(m)) { seen.add(m); upcoming.push(m); }
        frontier = upcoming;
      }
      seen.delete(id);
      return seen;
    };
    return { up: walk((n) => graph.inNeighbors(n)), down: walk((n) => graph.outNeighbors(n)) };
  }

  function applyFocus(id: string): void {
    const { up, down } = neighbourhood(id, Number(depthSelect.value));
    focused = id;
    visible = new Set([id, ...up, ...down]);
    renderPanel(id, up, down);
    // The panel took width from the canvas: let sigma measure it again before framing.
    renderer.resize();
    renderer.refresh({ skipIndexation: true });
    frame([...visible]);
  }

  /** Moves the camera so the given nodes fill the view. */
  function frame(ids: string[]): void {
    const points = ids.map((i) => renderer.getNodeDisplayData(i)).filter((p) => p !== undefined);
    if (points.length === 0) return;
    const xs = points.map((p) => p!.x);
    const ys = points.map((p) => p!.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const ratio = Math.min(1.15, Math.max(0.05, Math.max(maxX - minX, maxY - minY) * 1.3));
    // Labels are drawn to the right of nodes: lean the frame right so the last column's names fit.
    renderer.getCamera().animate({ x: (minX + maxX) / 2 + ratio * 0.08, y: (minY + maxY) / 2, ratio }, { duration: 300 });
  }

  function renderPanel(id: string, up: Set<string>, down: Set<string>): void {
    const node = byId.get(id)!;
    const list = (title: string, ids: Set<string>) => h('div', { class: 'panel-list' },
      h('h4', {}, `${title} (${ids.size})`),
      h('ul', {}, ...[...ids].sort((a, b) => (byId.get(a)?.name ?? a).localeCompare(byId.get(b)?.name ?? b)).slice(0, 200).map((n) => h('li', {}, h('a', { href: graphHref(n) }, byId.get(n)?.name ?? n)))));
    clear(panel).append(
      h('h3', { 'data-testid': 'focus-name' }, node.name),
      h('div', { class: 'muted' }, `${node.type} · ${node.group}${node.status ? ` · last run: ${node.status}` : ''}`),
      h('a', { class: 'button', href: nodeHref(id), 'data-testid': 'open-page' }, 'Open page →'),
      list('Upstream', up),
      list('Downstream', down),
    );
    panel.classList.add('open');
  }

  return {
    element,
    focus(id) {
      if (id && graph.hasNode(id)) applyFocus(id);
      else if (focused !== null) {
        focused = null;
        visible = null;
        panel.classList.remove('open');
        clear(panel);
        renderer.resize();
        renderer.refresh({ skipIndexation: true });
        renderer.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1.1, angle: 0 }, { duration: 300 });
      }
    },
    nodeIds: () => graph.nodes(),
    nodePagePosition(id) {
      if (!graph.hasNode(id)) return null;
      const attrs = graph.getNodeAttributes(id);
      const p = renderer.graphToViewport({ x: attrs.x as number, y: attrs.y as number });
      const box = canvasBox.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    resize: () => renderer.resize(),
  };
}
