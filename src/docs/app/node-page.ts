/// <reference lib="dom" />
/** A node's page: description, columns (with column lineage), tests, run facts, links, config, SQL. */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import sql from 'highlight.js/lib/languages/sql';
import { marked } from 'marked';
import type { SiteGraphNode, SiteNodeDetail, SiteTest } from '../site-types.js';
import { renderColumnLineage } from './column-lineage.js';
import { h, graphHref, nodeHref } from './dom.js';
import { formatDuration, formatTime, formatValue } from './format.js';
import { columnLineage } from './loader.js';

hljs.registerLanguage('sql', sql);

export function markdown(text: string): HTMLElement {
  const html = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }));
  return h('div', { class: 'markdown', html });
}

function statusBadge(status: string | null): HTMLElement | null {
  return status ? h('span', { class: `badge status-${status}` }, status) : null;
}

function codeBlock(code: string): HTMLElement {
  const pre = h('pre', { class: 'code' });
  const el = h('code', { class: 'hljs language-sql', html: hljs.highlight(code, { language: 'sql' }).value });
  pre.append(el);
  return pre;
}

export function renderNodePage(detail: SiteNodeDetail, nodes: ReadonlyMap<string, SiteGraphNode>, colour: (group: string) => string): HTMLElement {
  const self = nodes.get(detail.id);
  const lineagePanel = h('div', { class: 'column-lineage', 'data-testid': 'column-lineage' });
  const testsByColumn = new Map<string, SiteTest[]>();
  for (const t of detail.tests) if (t.column) (testsByColumn.get(t.column.toLowerCase()) ?? testsByColumn.set(t.column.toLowerCase(), []).get(t.column.toLowerCase())!).push(t);

  const showLineage = async (column: string) => {
    lineagePanel.replaceChildren(h('p', { class: 'muted' }, 'Loading column lineage…'));
    const lineage = await columnLineage();
    lineagePanel.replaceChildren(renderColumnLineage(lineage, detail.id, column, nodes, colour));
    lineagePanel.scrollIntoView({ block: 'nearest' });
  };

  const facts: [string, string | HTMLElement | null][] = [
    ['Type', detail.resourceType],
    ['Materialized', detail.materialized],
    ['Relation', detail.relation ? h('code', {}, detail.relation) : null],
    ['Rows', detail.rowCount === null ? null : formatValue(detail.rowCount, 'integer')],
    ['Last built', detail.lastBuiltAt ? formatTime(detail.lastBuiltAt) : null],
    ['Build time', detail.executionTime === null ? null : formatDuration(detail.executionTime)],
    ['Last status', statusBadge(detail.status)],
    ['File', detail.path ? h('code', {}, detail.path) : null],
    ['Tags', detail.tags.length ? detail.tags.join(', ') : null],
  ];

  const link = (id: string) => {
    const n = nodes.get(id);
    return h('li', {}, h('i', { class: 'dot', style: `background:${colour(n?.group ?? '')}` }), h('a', { href: nodeHref(id) }, n?.name ?? id),
      h('span', { class: 'muted' }, ` ${n?.type ?? ''}`));
  };

  const columnsTable = detail.columns.length === 0
    ? h('p', { class: 'muted' }, 'No columns known: the relation is not in the catalog and no columns are documented.')
    : h('table', { class: 'data columns', 'data-testid': 'columns' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Type'), h('th', {}, 'Description'), h('th', {}, 'Tests'))),
      h('tbody', {}, ...detail.columns.map((c) => h('tr', { 'data-column': c.name },
        h('td', {}, h('button', { type: 'button', class: 'column-link', title: 'Trace this column upstream', onclick: () => void showLineage(c.name) }, c.name),
          c.inCatalog ? null : h('span', { class: 'badge warn', title: 'Documented but not found in the warehouse' }, 'not in db')),
        h('td', {}, h('code', {}, c.type ?? '?')),
        h('td', {}, c.description ? markdown(c.description) : h('span', { class: 'muted' }, '—')),
        h('td', {}, ...(testsByColumn.get(c.name.toLowerCase()) ?? []).map((t) => h('span', { class: `badge status-${t.status ?? 'none'}`, title: t.name }, t.kind)))))));

  const testsTable = detail.tests.length === 0 ? h('p', { class: 'muted' }, 'No tests.')
    : h('table', { class: 'data', 'data-testid': 'tests' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Test'), h('th', {}, 'Kind'), h('th', {}, 'Column'), h('th', {}, 'Last result'), h('th', {}, 'Failures'))),
      h('tbody', {}, ...detail.tests.map((t) => h('tr', {},
        h('td', {}, t.name), h('td', {}, t.kind), h('td', {}, t.column ?? '—'),
        h('td', {}, statusBadge(t.status) ?? h('span', { class: 'muted' }, 'not run')),
        h('td', {}, t.failures === null ? '—' : String(t.failures))))));

  const configRows = Object.entries(detail.config).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, h('code', {}, typeof v === 'string' ? v : JSON.stringify(v)))));

  const sqlSection = detail.rawSql || detail.compiledSql ? (() => {
    const body = h('div', {});
    const tabs: [string, string][] = [['Compiled SQL', detail.compiledSql], ['Source', detail.rawSql]];
    const buttons = tabs.filter(([, code]) => code).map(([label, code], i) => {
      const b = h('button', { type: 'button', class: i === 0 ? 'tab active' : 'tab', onclick: () => {
        buttons.forEach((x) => x.classList.remove('active'));
        b.classList.add('active');
        body.replaceChildren(codeBlock(code));
      } }, label);
      return b;
    });
    body.append(codeBlock(tabs.find(([, code]) => code)![1]));
    return h('section', { class: 'card' }, h('div', { class: 'tabs' }, ...buttons), body);
  })() : null;

  return h('article', { class: 'node-page', 'data-testid': 'node-page', 'data-node-id': detail.id },
    h('header', { class: 'page-header' },
      h('i', { class: 'dot big', style: `background:${colour(self?.group ?? '')}` }),
      h('h1', {}, detail.name), h('span', { class: 'badge' }, detail.resourceType), statusBadge(detail.status),
      h('a', { class: 'button', href: graphHref(detail.id) }, 'Show in graph')),
    detail.message && detail.status && !['success', 'pass'].includes(detail.status) ? h('div', { class: 'alert' }, detail.message) : null,
    h('section', { class: 'facts' }, ...facts.filter(([, v]) => v !== null && v !== '').map(([k, v]) => h('div', { class: 'fact' }, h('span', { class: 'muted' }, k), h('div', {}, v)))),
    h('section', { class: 'card' }, h('h2', {}, 'Description'), detail.description ? markdown(detail.description) : h('p', { class: 'muted' }, 'No description.')),
    h('section', { class: 'card' }, h('h2', {}, `Columns (${detail.columns.length})`),
      h('p', { class: 'muted small' }, 'Click a column to trace it back to seeds and sources.'), columnsTable, lineagePanel),
    h('section', { class: 'card' }, h('h2', {}, `Tests (${detail.tests.length})`), testsTable),
    h('section', { class: 'card two' },
      h('div', {}, h('h2', {}, `Upstream (${detail.parents.length})`), h('ul', { class: 'links', 'data-testid': 'upstream' }, ...detail.parents.map(link))),
      h('div', {}, h('h2', {}, `Downstream (${detail.children.length})`), h('ul', { class: 'links', 'data-testid': 'downstream' }, ...detail.children.map(link)))),
    configRows.length ? h('section', { class: 'card' }, h('h2', {}, 'Config'), h('table', { class: 'kv' }, h('tbody', {}, ...configRows))) : null,
    sqlSection);
}
