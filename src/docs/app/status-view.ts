/// <reference lib="dom" />
/** Last run's statuses and timings (run_results.json) and the test pass/fail summary. */
import type { SiteRunStatus } from '../site-types.js';
import { h, nodeHref } from './dom.js';
import { formatDuration, formatTime } from './format.js';

export function renderStatus(status: SiteRunStatus | null): HTMLElement {
  if (!status) {
    return h('article', { class: 'status-page', 'data-testid': 'status' }, h('h1', {}, 'Run status'),
      h('p', { class: 'muted' }, 'No target/run_results.json yet: run `mdl build` and generate the docs again.'));
  }
  const t = status.tests;
  const totalTests = t.pass + t.fail + t.warn + t.error + t.skipped;
  const card = (label: string, value: number | string, cls = '') => h('div', { class: `tile ${cls}` }, h('div', { class: 'tile-title' }, label), h('div', { class: 'tile-value' }, String(value)));
  const failing = status.results.filter((r) => ['error', 'fail', 'warn'].includes(r.status));
  const row = (r: SiteRunStatus['results'][number]) => h('tr', { class: `row-${r.status}` },
    h('td', {}, h('a', { href: nodeHref(r.id) }, r.name)), h('td', {}, r.type),
    h('td', {}, h('span', { class: `badge status-${r.status}` }, r.status)),
    h('td', { class: 'num' }, formatDuration(r.executionTime)),
    h('td', { class: 'num' }, r.failures === null ? '—' : String(r.failures)),
    h('td', { class: 'time' }, formatTime(r.completedAt)),
    h('td', { class: 'message' }, r.message ?? ''));
  const head = h('thead', {}, h('tr', {}, ...['Node', 'Type', 'Status', 'Time', 'Failures', 'Finished', 'Message'].map((c) => h('th', {}, c))));
  return h('article', { class: 'status-page', 'data-testid': 'status' },
    h('header', { class: 'page-header' }, h('h1', {}, 'Run status'), h('span', { class: 'muted' }, `last run ${formatTime(status.generatedAt)} · ${formatDuration(status.elapsed)}`)),
    h('section', { class: 'tiles' },
      ...Object.entries(status.counts).sort().map(([k, v]) => card(k, v, `status-tile-${k}`)),
      card('tests passing', totalTests ? `${t.pass}/${totalTests}` : '—', t.fail + t.error > 0 ? 'status-tile-fail' : 'status-tile-pass')),
    failing.length ? h('section', { class: 'card' }, h('h2', {}, `Problems (${failing.length})`), h('table', { class: 'data' }, head.cloneNode(true), h('tbody', {}, ...failing.map(row)))) : null,
    h('section', { class: 'card' }, h('h2', {}, `All results (${status.results.length}), slowest first`),
      h('table', { class: 'data' }, head, h('tbody', {}, ...status.results.slice(0, 2000).map(row)))));
}
