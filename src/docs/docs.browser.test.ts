/**
 * The docs site in a real browser (Debian's Chromium via playwright-core): served over HTTP and
 * opened from disk. Screenshots go to target/docs-screenshots/ for people to look at.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import { build } from '../api/index.js';
import { docsGenerate } from '../api/docs.js';
import type { Manifest } from '../compile/manifest-types.js';
import { Reporter } from '../reporting/console-reporter.js';
import { generateDocsSite, serveDocs } from './index.js';
import {
  chartInk, clickGraphNode, goto, launchChromium, lineageSteps, openPage, screenshot, waitChartsDrawn, waitReady,
} from './test-support/browser.js';
import { buildFixture, fixture, FIXTURE_DASHBOARD, FIXTURE_IDS } from './test-support/fixture.js';
import { syntheticManifest } from './test-support/synthetic.js';

const SHOTS = resolve('target', 'docs-screenshots');
/** Building the example and bundling the site take a while on a busy 2-core CI machine. */
const SETUP_TIMEOUT = 300_000;

describe('docs site in Chromium (inline fixture project)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDocs>>;
  let outDir: string;
  const { manifest, runResults, lineage } = fixture();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-docs-browser-'));
    const warehouse = await DuckDBWarehouse.open({ name: 't', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, dir);
    try {
      const connection = await warehouse.connection(0);
      const catalog = await buildFixture(connection, manifest);
      mkdirSync(join(dir, 'dashboards'));
      writeFileSync(join(dir, 'dashboards', 'sales.yml'), FIXTURE_DASHBOARD);
      const result = await generateDocsSite({ projectDir: dir, targetDir: join(dir, 'target'), manifest, catalog, runResults, lineage, query: (sql) => connection.query(sql) });
      expect(result.problems).toEqual([]);
      outDir = result.outDir;
    } finally {
      await warehouse.close();
    }
    server = await serveDocs(outDir, 0);
    browser = await launchChromium();
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every node in the graph, focuses a clicked node and opens its page', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, '#/graph');
    const ids = await page.evaluate(() => window.mdlDocs!.graphNodeIds());
    const expected = [...Object.values(manifest.nodes).filter((n) => n.resource_type !== 'test').map((n) => n.unique_id), ...Object.keys(manifest.sources)];
    expect(ids.sort()).toEqual(expected.sort());

    await clickGraphNode(page, FIXTURE_IDS.KPIS);
    await waitReady(page, `#/graph/${encodeURIComponent(FIXTURE_IDS.KPIS)}`);
    await expect.poll(() => page.textContent('[data-testid="focus-name"]')).toBe('executive_kpis');
    expect(await page.$$eval('[data-testid="graph-panel"] li a', (as) => as.map((a) => a.textContent))).toEqual(['order_lines', 'raw_customers', 'raw_orders', 'web.events']);
    await page.waitForTimeout(500); // let the camera animation settle for the screenshot
    await screenshot(page, join(SHOTS, 'fixture-graph.png'));

    await page.click('[data-testid="open-page"]');
    await waitReady(page, `#/node/${encodeURIComponent(FIXTURE_IDS.KPIS)}`);
    const columns = await page.$$eval('[data-testid="columns"] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(columns).toEqual([['total_revenue', 'DECIMAL(38,1)'], ['total_orders', 'BIGINT']]);
    expect(await page.textContent('[data-testid="tests"]')).toContain('not_null_executive_kpis_total_revenue');
    expect(await page.textContent('[data-testid="tests"]')).toContain('pass');
    expect(await page.innerHTML('.markdown')).toContain('<em>executive</em>');
    expect(await page.textContent('.node-page')).toContain('Rows1');
    expect(errors).toEqual([]);
  });

  it('traces a column back to the seed columns it comes from', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, `#/node/${encodeURIComponent(FIXTURE_IDS.KPIS)}`);
    await page.click('[data-column="total_revenue"] button.column-link');
    await page.waitForSelector('[data-testid="lineage-step"]');
    expect((await lineageSteps(page)).sort()).toEqual([
      `${FIXTURE_IDS.KPIS}:total_revenue`, `${FIXTURE_IDS.ORDER_LINES}:line_total`,
      `${FIXTURE_IDS.SEED_ORDERS}:quantity`, `${FIXTURE_IDS.SEED_ORDERS}:unit_price`,
    ].sort());
    await screenshot(page, join(SHOTS, 'fixture-node.png'));
    expect(errors).toEqual([]);
  });

  it('renders the dashboard tiles and charts with data, and the run status', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, '#/dashboard/sales');
    expect(await page.$$eval('[data-testid="tile"] .tile-value', (els) => els.map((e) => e.textContent))).toEqual(['$175.50', '4']);
    const ink = await waitChartsDrawn(page);
    expect(ink).toHaveLength(3);
    expect(await page.$$eval('[data-chart-type="table"] tbody tr', (rows) => rows.length)).toBe(4);
    await screenshot(page, join(SHOTS, 'fixture-dashboard.png'));

    await goto(page, server.url, '#/status');
    const status = await page.textContent('[data-testid="status"]');
    expect(status).toContain('tests passing1/2');
    expect(status).toContain('unique_order_lines_order_id');
    expect(errors).toEqual([]);
  });

  it('works opened straight from disk (file://)', async () => {
    const { page, errors } = await openPage(browser);
    const base = pathToFileURL(join(outDir, 'index.html')).href;
    await goto(page, base, '#/graph');
    expect(await page.evaluate(() => window.mdlDocs!.graphNodeIds().length)).toBe(5);
    await goto(page, base, `#/node/${encodeURIComponent(FIXTURE_IDS.ORDER_LINES)}`);
    expect(await page.textContent('h1')).toBe('order_lines');
    await page.click('[data-column="line_total"] button.column-link');
    await page.waitForSelector('[data-testid="lineage-step"]');
    await goto(page, base, '#/dashboard/sales');
    expect((await waitChartsDrawn(page)).every((n) => n > 0)).toBe(true);
    expect(await chartInk(page)).toHaveLength(3);
    expect(errors).toEqual([]);
  });
});

/** The repository root holds the example project (project.yml, models/, seeds/, dashboards/ ...). */
const EXAMPLE = resolve(import.meta.dirname, '..', '..');
const README_IMAGES = join(EXAMPLE, 'docs', 'images');

describe('docs site in Chromium (the example project, built)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDocs>>;
  let manifest: Manifest;

  beforeAll(async () => {
    // Build a copy, so the test never touches the checkout's warehouse.duckdb or target/.
    const dir = mkdtempSync(join(tmpdir(), 'mdl-docs-example-'));
    for (const entry of ['project.yml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots', 'dashboards']) {
      if (existsSync(join(EXAMPLE, entry))) cpSync(join(EXAMPLE, entry), join(dir, entry), { recursive: true });
    }
    const reporter = new Reporter({ quiet: true });
    const built = await build({ projectDir: dir, reporter });
    expect(built.exitCode).toBe(0);
    const site = await docsGenerate({ projectDir: dir, reporter });
    expect(site.dashboards).toBeGreaterThanOrEqual(1);
    manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as Manifest;
    server = await serveDocs(site.outDir, 0);
    browser = await launchChromium();
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const KPIS = 'model.shop.executive_kpis';

  it('graph shows every model; clicking a gold model opens its page with columns and tests', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, '#/graph');
    const shown = new Set(await page.evaluate(() => window.mdlDocs!.graphNodeIds()));
    const models = Object.values(manifest.nodes).filter((n) => n.resource_type === 'model').map((n) => n.unique_id);
    expect(models.length).toBeGreaterThan(10);
    expect(models.filter((id) => !shown.has(id))).toEqual([]);
    await screenshot(page, join(SHOTS, 'graph.png'));

    await clickGraphNode(page, KPIS);
    await waitReady(page, `#/graph/${encodeURIComponent(KPIS)}`);
    await expect.poll(() => page.textContent('[data-testid="focus-name"]')).toBe('executive_kpis');
    await screenshot(page, join(SHOTS, 'graph-focus.png'));

    // Tests are optional in the graph: switched on, the focus view hangs them off their models.
    expect(await page.evaluate(() => window.mdlDocs!.focusNodeIds().filter((id) => id.startsWith('test.')))).toEqual([]);
    await page.check('[data-testid="show-tests"]');
    await expect.poll(() => page.evaluate(() => window.mdlDocs!.focusNodeIds())).toContain('test.shop.not_null_executive_kpis_total_revenue');
    await screenshot(page, join(SHOTS, 'graph-focus-tests.png'));

    await page.click('[data-testid="open-page"]');
    await waitReady(page, `#/node/${encodeURIComponent(KPIS)}`);
    const columns = await page.$$eval('[data-testid="columns"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-column')));
    expect(columns).toEqual(expect.arrayContaining(['total_revenue', 'total_orders', 'avg_order_value', 'repeat_purchase_rate']));
    const typeOfRevenue = await page.textContent('[data-column="total_revenue"] td:nth-child(2)');
    expect(typeOfRevenue).toMatch(/DECIMAL/);
    const tests = await page.textContent('[data-testid="tests"]');
    expect(tests).toContain('not_null_executive_kpis_total_revenue');
    expect(tests).toContain('pass');
    expect(errors).toEqual([]);
  });

  it('column lineage of gold.executive_kpis.total_revenue reaches silver.order_lines and the raw seed columns', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, `#/node/${encodeURIComponent(KPIS)}`);
    await page.click('[data-column="total_revenue"] button.column-link');
    await page.waitForSelector('[data-testid="lineage-step"]');
    const steps = await lineageSteps(page);
    const orderLines = Object.values(manifest.nodes).find((n) => n.name === 'order_lines')!;
    expect(orderLines.schema).toBe('silver');
    expect(steps.some((s) => s.startsWith(`${orderLines.unique_id}:`))).toBe(true);
    // Origins: columns of seeds (the raw CSV extract), reached through bronze and silver.
    const origins = steps.filter((s) => s.startsWith('seed.'));
    expect(origins).toEqual(expect.arrayContaining(['seed.shop.order_items:quantity', 'seed.shop.order_items:unit_price']));
    await page.locator('[data-testid="column-lineage"]').scrollIntoViewIfNeeded();
    await screenshot(page, join(SHOTS, 'node-lineage.png'));
    expect(errors).toEqual([]);
  });

  it('executive dashboard renders its KPI tiles, charts with data and the top products table', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, '#/dashboard/executive');
    const tiles = await page.$$eval('[data-testid="tile"]', (els) => els.map((e) => [e.querySelector('.tile-title')?.textContent, e.querySelector('.tile-value')?.textContent]));
    expect(tiles.map(([t]) => t)).toEqual(['Revenue', 'Orders', 'Customers', 'Average order value', 'Repeat purchase rate', 'Last month revenue']);
    for (const [, value] of tiles) expect(value).toMatch(/\d/);
    const ink = await waitChartsDrawn(page);
    expect(ink).toHaveLength(3);
    expect(await page.$$eval('[data-chart-type="table"] tbody tr', (rows) => rows.length)).toBe(10);
    await screenshot(page, join(SHOTS, 'dashboard.png'), true);
    expect(errors).toEqual([]);
  });

  it('keeps small copies of the screenshots for the README (docs/images/)', () => {
    // Only refreshed on request, so an ordinary test run leaves the checkout unchanged.
    if (process.env.MDL_UPDATE_README_IMAGES !== '1') return;
    mkdirSync(README_IMAGES, { recursive: true });
    for (const [from, to] of [['graph.png', 'docs-lineage.png'], ['node-lineage.png', 'docs-column-lineage.png'], ['dashboard.png', 'docs-dashboard.png']]) {
      copyFileSync(join(SHOTS, from!), join(README_IMAGES, to!));
    }
  });
});

describe('docs site in Chromium (10,000 synthetic models)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDocs>>;
  const manifest = syntheticManifest(10_000);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-docs-big-'));
    const empty = { metadata: { generated_at: '', invocation_id: '' }, nodes: {}, sources: {} };
    const site = await generateDocsSite({ projectDir: dir, targetDir: dir, manifest, catalog: empty, runResults: null, lineage: null, query: async () => [] });
    expect(site.pages).toBe(Object.keys(manifest.nodes).length);
    server = await serveDocs(site.outDir, 0);
    browser = await launchChromium();
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws every node, finds one by search, focuses its neighbourhood and opens its page', async () => {
    const { page, errors } = await openPage(browser);
    await goto(page, server.url, '#/graph');
    expect(await page.evaluate(() => window.mdlDocs!.graphNodeIds().length)).toBe(Object.keys(manifest.nodes).length);
    await screenshot(page, join(SHOTS, 'big-graph.png'));

    await page.fill('[data-testid="search"]', 'm_5000');
    expect(await page.textContent('[data-testid="search-results"] li:first-child a')).toContain('m_5000');
    await page.press('[data-testid="search"]', 'Enter');
    await waitReady(page, `#/graph/${encodeURIComponent('model.big.m_5000')}`);
    expect(await page.textContent('[data-testid="focus-name"]')).toBe('m_5000');
    const parents = manifest.parent_map['model.big.m_5000']!;
    const upstream = await page.$$eval('[data-testid="graph-panel"] .panel-list', (lists) => [...lists[0]!.querySelectorAll('li a')].map((a) => a.getAttribute('href')));
    for (const parent of parents) expect(upstream).toContain(`#/graph/${encodeURIComponent(parent)}`);
    await page.selectOption('[data-testid="depth"]', '100');
    await expect.poll(async () => Number((await page.textContent('[data-testid="graph-panel"] h4'))?.match(/\((\d+)\)/)?.[1])).toBeGreaterThan(parents.length);
    await screenshot(page, join(SHOTS, 'big-focus.png'));

    await page.click('[data-testid="open-page"]');
    await waitReady(page, `#/node/${encodeURIComponent('model.big.m_5000')}`);
    expect(await page.textContent('h1')).toBe('m_5000');
    expect(await page.textContent('[data-testid="upstream"]')).toContain(manifest.nodes[parents[0]!]!.name);
    expect(errors).toEqual([]);
  });
});
