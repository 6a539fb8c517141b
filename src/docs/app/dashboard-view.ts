/// <reference lib="dom" />
/** A dashboard: KPI tiles and ECharts charts over the query results embedded at generate time. */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { SiteChart, SiteDashboard, SiteTile } from '../site-types.js';
import { h } from './dom.js';
import { compact, formatValue } from './format.js';
import { markdown } from './node-page.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOURS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#84cc16', '#ec4899'];

export interface DashboardView {
  readonly element: HTMLElement;
  /** Draws the charts; call once the element is in the document (ECharts needs its size). */
  mount(): void;
  resize(): void;
  dispose(): void;
}

function tile(t: SiteTile): HTMLElement {
  const delta = t.delta === null ? null : h('div', { class: `delta ${t.delta >= 0 ? 'up' : 'down'}` },
    `${t.delta >= 0 ? '▲' : '▼'} ${formatValue(Math.abs(t.delta), 'percent')}`, t.deltaLabel ? h('span', { class: 'muted' }, ` ${t.deltaLabel}`) : null);
  return h('div', { class: 'tile', 'data-testid': 'tile' },
    h('div', { class: 'tile-title' }, t.title),
    t.error ? h('div', { class: 'error' }, t.error) : h('div', { class: 'tile-value' }, formatValue(t.value, t.format)),
    delta);
}

function table(c: SiteChart): HTMLElement {
  const numeric = (col: string) => c.rows.some((r) => typeof r[col] === 'number');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ...c.columns.map((col) => h('th', { class: numeric(col) ? 'num' : '' }, col)))),
    h('tbody', {}, ...c.rows.map((r) => h('tr', {}, ...c.columns.map((col) => h('td', { class: numeric(col) ? 'num' : '' },
      formatValue(r[col], typeof r[col] === 'number' && !/rank|units|orders|customers|count/i.test(col) ? c.format : typeof r[col] === 'number' ? 'integer' : 'text'))))))));
}

function option(c: SiteChart): echarts.EChartsCoreOption {
  const x = c.x!;
  const axisLabel = { formatter: (v: number) => compact(v, c.format) };
  const tooltip = { trigger: c.type === 'pie' ? 'item' : 'axis', valueFormatter: (v: unknown) => formatValue(v, c.format) };
  if (c.type === 'pie') {
    return {
      animation: false, color: COLOURS, tooltip, legend: { bottom: 0, type: 'scroll' },
      series: [{ type: 'pie', radius: ['40%', '70%'], top: -20, itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { formatter: '{b}: {d}%' }, data: c.rows.map((r) => ({ name: String(r[x]), value: Number(r[c.y[0]!]) })) }],
    };
  }
  const categories = axisLabels(c.rows.map((r) => r[x]));
  const series = c.y.map((y) => ({
    name: y, type: c.type === 'area' ? 'line' : c.type, showSymbol: c.rows.length < 40,
    areaStyle: c.type === 'area' ? { opacity: 0.15 } : undefined,
    data: c.rows.map((r) => (r[y] === null ? null : Number(r[y]))),
    barMaxWidth: 36,
  }));
  const category = { type: 'category', data: categories, axisTick: { alignWithLabel: true } };
  const value = { type: 'value', axisLabel };
  return {
    // A static report: draw the final picture at once (no animation to wait for).
    animation: false, color: COLOURS, tooltip, legend: c.y.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 16, top: c.y.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
    xAxis: c.horizontal ? value : category,
    yAxis: c.horizontal ? { ...category, inverse: true } : value,
    series,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Month starts (`2024-03-01`) read better as `Mar 2024`; anything else is shown as is. */
function axisLabels(values: readonly unknown[]): string[] {
  const months = values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-01(T00:00:00(\.000)?Z)?$/.test(v));
  return values.map((v) => (months ? `${MONTHS[Number(String(v).slice(5, 7)) - 1]} ${String(v).slice(0, 4)}` : String(v)));
}

export function createDashboardView(d: SiteDashboard): DashboardView {
  const charts: echarts.ECharts[] = [];
  const pending: [HTMLElement, SiteChart][] = [];
  const chartCards = d.charts.map((c) => {
    const body = c.error ? h('div', { class: 'error' }, c.error)
      : c.rows.length === 0 ? h('div', { class: 'muted' }, 'The query returned no rows.')
        : c.type === 'table' ? table(c) : h('div', { class: 'chart-canvas', 'data-testid': 'chart-canvas' });
    if (body.classList.contains('chart-canvas')) pending.push([body, c]);
    return h('section', { class: `card chart ${c.width}`, 'data-testid': 'chart', 'data-chart-type': c.type },
      h('h3', {}, c.title), body, c.truncated ? h('div', { class: 'muted small' }, `Showing the first ${c.rows.length} rows.`) : null);
  });
  const element = h('article', { class: 'dashboard', 'data-testid': 'dashboard', 'data-dashboard': d.name },
    h('header', { class: 'page-header' }, h('h1', {}, d.title), h('span', { class: 'muted' }, d.file)),
    d.description ? markdown(d.description) : null,
    d.tiles.length ? h('section', { class: 'tiles' }, ...d.tiles.map(tile)) : null,
    h('section', { class: 'charts' }, ...chartCards));
  return {
    element,
    mount() {
      for (const [el, c] of pending) {
        const chart = echarts.init(el, undefined, { renderer: 'canvas' });
        chart.setOption(option(c));
        charts.push(chart);
      }
      pending.length = 0;
    },
    resize: () => charts.forEach((c) => c.resize()),
    dispose: () => charts.forEach((c) => c.dispose()),
  };
}
