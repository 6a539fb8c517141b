/// <reference lib="dom" />
/**
 * The docs site's entry point: the shell (top bar, search, project tree) and a hash router.
 * Routes: #/graph[/<id>], #/node/<id>, #/dashboard/<name>, #/status.
 */
import './styles.css';
import type { SiteGraphNode, SiteTest } from '../site-types.js';
import type { DashboardView } from './dashboard-view.js';
import { clear, graphHref, h, nodeHref } from './dom.js';
import { createGraphView, type GraphView } from './graph-view.js';
import { nodeDetail, pages, site } from './loader.js';
import { renderStatus } from './status-view.js';

declare global {
  interface Window {
    /** Read-only handle for tests and scripting. */
    mdlDocs?: { ready: boolean; route: string; readyAt: number; graphNodeIds(): string[]; focusNodeIds(): string[]; nodePagePosition(id: string): { x: number; y: number } | null };
  }
}

const data = site();
const nodes = new Map<string, SiteGraphNode>(data.graph.nodes.map((n) => [n.id, n]));
const colours = new Map(data.graph.groups.map((g) => [g.name, g.color]));
const colour = (group: string) => colours.get(group) ?? '#94a3b8';

const content = h('div', { class: 'content', 'data-testid': 'content' });
const graphHost = h('div', { class: 'graph-host' });
let graphView: GraphView | undefined;
let dashboardView: DashboardView | undefined;

function searchBox(): HTMLElement {
  const input = h('input', { type: 'search', placeholder: `Search ${data.graph.nodes.length} nodes…`, 'aria-label': 'Search nodes', 'data-testid': 'search' });
  const results = h('ul', { class: 'search-results', 'data-testid': 'search-results' });
  const lowerNames = data.graph.nodes.map((n) => n.name.toLowerCase());
  let matches: SiteGraphNode[] = [];
  const go = (n: SiteGraphNode) => {
    location.hash = location.hash.startsWith('#/graph') || location.hash === '' ? graphHref(n.id) : nodeHref(n.id);
    input.value = '';
    clear(results);
  };
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    clear(results);
    if (!q) return;
    const prefix: SiteGraphNode[] = [];
    const inner: SiteGraphNode[] = [];
    for (let i = 0; i < lowerNames.length && prefix.length < 20; i++) {
      const at = lowerNames[i]!.indexOf(q);
      if (at === 0) prefix.push(data.graph.nodes[i]!);
      else if (at > 0 && inner.length < 20) inner.push(data.graph.nodes[i]!);
    }
    matches = [...prefix, ...inner].slice(0, 20);
    results.append(...matches.map((n) => h('li', {},
      h('a', { href: nodeHref(n.id), onclick: (e) => { e.preventDefault(); go(n); } }, h('i', { class: 'dot', style: `background:${colour(n.group)}` }), n.name,
        h('span', { class: 'muted' }, ` ${n.type} · ${n.group}`)),
      h('a', { class: 'muted small', href: nodeHref(n.id), title: 'Open the page' }, 'page'))));
    if (matches.length === 0) results.append(h('li', { class: 'muted' }, 'No match'));
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && matches[0]) go(matches[0]);
    if (e.key === 'Escape') { input.value = ''; clear(results); }
  });
  const box = h('div', { class: 'search' }, input, results);
  document.addEventListener('click', (e) => { if (!box.contains(e.target as Node)) clear(results); });
  return box;
}

function sidebar(): HTMLElement {
  const groups = data.graph.groups.map((g) => {
    const list = h('ul', {});
    const details = h('details', {}, h('summary', {}, h('i', { class: 'dot', style: `background:${g.color}` }), `${g.name} `, h('span', { class: 'muted' }, String(g.count))), list);
    // Filled on first open: a 10,000-node tree costs nothing until someone looks at it.
    details.addEventListener('toggle', () => {
      if (!details.open || list.childElementCount > 0) return;
      const members = data.graph.nodes.filter((n) => n.group === g.name).sort((a, b) => a.name.localeCompare(b.name));
      list.append(...members.map((n) => h('li', {}, h('a', { href: nodeHref(n.id) }, n.name))));
    });
    return details;
  });
  return h('nav', { class: 'sidebar' },
    h('h4', {}, 'Dashboards'),
    data.dashboards.length ? h('ul', {}, ...data.dashboards.map((d) => h('li', {}, h('a', { href: `#/dashboard/${d.name}` }, d.title))))
      : h('p', { class: 'muted small' }, 'None: add dashboards/*.yml'),
    h('h4', {}, 'Project'), ...groups);
}

/** Tests of the given nodes, from their (lazily loaded) page data; a test on two nodes comes once. */
async function loadTests(ids: readonly string[]): Promise<(SiteTest & { nodes: string[] })[]> {
  const byId = new Map<string, SiteTest & { nodes: string[] }>();
  const details = await Promise.all(ids.map((id) => nodeDetail(id, nodes.get(id)!.chunk)));
  for (const d of details) {
    for (const t of d?.tests ?? []) {
      const entry = byId.get(t.id) ?? { ...t, nodes: [] };
      entry.nodes.push(d!.id);
      byId.set(t.id, entry);
    }
  }
  return [...byId.values()];
}

async function showGraph(focus: string | null): Promise<void> {
  content.hidden = true;
  graphHost.hidden = false;
  if (!graphView) {
    graphView = createGraphView(data.graph, graphHost, loadTests);
  } else {
    // The canvas had no size while another page was shown.
    graphView.resize();
  }
  await graphView.focus(focus);
}

async function route(): Promise<void> {
  const hash = location.hash || '#/graph';
  const [, view, ...rest] = hash.split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : null;
  dashboardView?.dispose();
  dashboardView = undefined;
  document.querySelectorAll('.topnav a').forEach((a) => a.classList.toggle('active', hash.startsWith(a.getAttribute('href') ?? '~')));
  if (view === 'graph') return showGraph(arg);
  graphHost.hidden = true;
  content.hidden = false;
  clear(content);
  window.scrollTo(0, 0);
  if (view === 'node' && arg) {
    const node = nodes.get(arg);
    const [detail, { renderNodePage }] = await Promise.all([node ? nodeDetail(arg, node.chunk) : undefined, pages()]);
    if (location.hash !== hash) return; // the user moved on while the page loaded
    content.append(detail ? renderNodePage(detail, nodes, colour) : h('p', {}, `No node ${arg}.`));
  } else if (view === 'dashboard' && arg) {
    const d = data.dashboards.find((x) => x.name === arg);
    if (!d) { content.append(h('p', {}, `No dashboard ${arg}.`)); return; }
    const { createDashboardView } = await pages();
    if (location.hash !== hash) return;
    dashboardView = createDashboardView(d);
    content.append(dashboardView.element);
    dashboardView.mount();
  } else if (view === 'status') {
    content.append(renderStatus(data.status));
  } else {
    content.append(h('p', {}, `Unknown page ${hash}.`));
  }
}

function statusSummary(): HTMLElement | null {
  const s = data.status;
  if (!s) return null;
  const bad = (s.counts.error ?? 0) + (s.counts.fail ?? 0);
  return h('a', { href: '#/status', class: `run-pill ${bad ? 'bad' : 'good'}`, 'data-testid': 'run-pill' },
    bad ? `${bad} failing` : `${s.tests.pass} tests passing`);
}

document.body.append(
  h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/graph' }, h('b', {}, 'mdl'), ` ${data.project}`),
    h('nav', { class: 'topnav' },
      h('a', { href: '#/graph' }, 'Lineage'),
      ...data.dashboards.slice(0, 3).map((d) => h('a', { href: `#/dashboard/${d.name}` }, d.title)),
      h('a', { href: '#/status' }, 'Run status')),
    statusSummary(),
    searchBox()),
  h('div', { class: 'layout' }, sidebar(), h('main', {}, graphHost, content)),
);

window.mdlDocs = {
  ready: false,
  route: '',
  readyAt: 0,
  graphNodeIds: () => graphView?.nodeIds() ?? [],
  focusNodeIds: () => graphView?.focusNodeIds() ?? [],
  nodePagePosition: (id) => graphView?.nodePagePosition(id) ?? null,
};

async function navigate(): Promise<void> {
  window.mdlDocs!.ready = false;
  try {
    await route();
  } catch (error) {
    console.error(error);
    clear(content).append(h('div', { class: 'alert' }, `This page failed to render: ${String(error)}`));
    content.hidden = false;
  }
  // Ready once the first frame after rendering has been painted: what a user would see.
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  window.mdlDocs!.route = location.hash;
  window.mdlDocs!.readyAt = performance.now();
  window.mdlDocs!.ready = true;
}

window.addEventListener('hashchange', () => void navigate());
window.addEventListener('resize', () => { graphView?.resize(); dashboardView?.resize(); });
// Once the first page shows, fetch the page views in the background so the first click is instant.
void navigate().then(() => setTimeout(() => void pages().catch(() => {}), 0));
