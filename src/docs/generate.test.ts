import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import type { Connection } from '../adapters/adapter.js';
import { generateDocsSite, serveDocs } from './index.js';
import type { SiteIndex, SiteNodeDetail } from './site-types.js';
import { buildFixture, fixture, FIXTURE_DASHBOARD, FIXTURE_IDS } from './test-support/fixture.js';

/** Evaluates a data file the way the browser does and returns what it hands over. */
function load<T>(file: string, global: string): T {
  let captured: unknown;
  const window: Record<string, unknown> = { [global]: (...args: unknown[]) => (captured = args[args.length - 1]) };
  runInNewContext(readFileSync(file, 'utf8'), { window });
  return (captured ?? window[global]) as T;
}

describe('generateDocsSite', () => {
  let warehouse: DuckDBWarehouse;
  let connection: Connection;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-docs-gen-'));
    warehouse = await DuckDBWarehouse.open({ name: 't', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, dir);
    connection = await warehouse.connection(0);
  });
  afterAll(async () => warehouse.close());

  it('writes a static site with graph, node pages, lineage, run status and dashboard results', async () => {
    const { manifest, runResults, lineage } = fixture();
    const catalog = await buildFixture(connection, manifest);
    mkdirSync(join(dir, 'dashboards'));
    writeFileSync(join(dir, 'dashboards', 'sales.yml'), FIXTURE_DASHBOARD);
    writeFileSync(join(dir, 'dashboards', 'broken.yml'), 'title: Broken\ntiles:\n  - {title: Missing, sql: select * from no_such_table}\n');

    const result = await generateDocsSite({ projectDir: dir, targetDir: join(dir, 'target'), manifest, catalog, runResults, lineage, query: (sql) => connection.query(sql) });
    expect(result).toMatchObject({ outDir: join(dir, 'target', 'docs'), pages: 5, dashboards: 2 });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^dashboards\/broken\.yml: tile "Missing": .*no_such_table/);
    expect(readdirSync(result.outDir).sort()).toEqual(['assets', 'data', 'index.html']);
    expect(readdirSync(join(result.outDir, 'data')).sort()).toEqual(['index.js', 'lineage.js', 'nodes-0.js']);
    const html = readFileSync(join(result.outDir, 'index.html'), 'utf8');
    expect(html).toContain('<script src="data/index.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);

    const site = load<SiteIndex>(join(result.outDir, 'data', 'index.js'), '__mdlSite');
    expect(site.graph.nodes.map((n) => [n.name, n.group, n.layer])).toEqual([
      ['raw_customers', 'seeds', 0], ['raw_orders', 'seeds', 0], ['web.events', 'sources', 0],
      ['order_lines', 'silver', 1], ['executive_kpis', 'gold', 2],
    ]);
    expect(site.graph.edges).toHaveLength(4);
    expect(site.status!.tests).toEqual({ pass: 1, fail: 1, warn: 0, error: 0, skipped: 0 });
    const sales = site.dashboards.find((d) => d.name === 'sales')!;
    expect(sales.tiles.map((t) => [t.title, t.value, t.error])).toEqual([['Revenue', 175.5, null], ['Orders', 4, null]]);
    expect(sales.charts[0]!.rows).toEqual([
      { month: '2024-01-01', revenue: 72.5 }, { month: '2024-02-01', revenue: 40 }, { month: '2024-03-01', revenue: 63 },
    ]);
    expect(sales.charts[3]!.columns).toEqual(['order_id', 'segment', 'line_total']);

    const details = load<SiteNodeDetail[]>(join(result.outDir, 'data', 'nodes-0.js'), '__mdlChunk');
    const kpis = details.find((d) => d.id === FIXTURE_IDS.KPIS)!;
    expect(kpis.columns.map((c) => [c.name, c.type, c.description])).toEqual([
      ['total_revenue', 'DECIMAL(38,1)', 'Sum of line totals.'], ['total_orders', 'BIGINT', ''],
    ]);
    expect(kpis.tests.map((t) => [t.kind, t.column, t.status])).toEqual([['not_null', 'total_revenue', 'pass']]);
    expect(kpis).toMatchObject({ rowCount: 1, lastBuiltAt: '2026-01-01T10:00:01Z', status: 'success', parents: [FIXTURE_IDS.ORDER_LINES], children: [] });
    const lines = details.find((d) => d.id === FIXTURE_IDS.ORDER_LINES)!;
    expect(lines.tests[0]).toMatchObject({ kind: 'unique', status: 'fail', failures: 2 });
  });

  it('never writes the value of an MDL_SECRET_ variable into the site', async () => {
    process.env.MDL_SECRET_DOCS_TEST = 'hunter2-very-secret';
    process.env.MDL_SECRET_DOCS_QUOTE = 'pa"ss\\word';
    try {
      const { manifest, runResults } = fixture();
      const withSecret = { ...manifest, nodes: { ...manifest.nodes, [FIXTURE_IDS.KPIS]: { ...manifest.nodes[FIXTURE_IDS.KPIS]!, compiled_code: `select 'hunter2-very-secret', 'pa"ss\\word'` } } };
      const out = await generateDocsSite({ projectDir: join(dir, 'nowhere'), targetDir: join(dir, 'target2'), manifest: withSecret, catalog: { metadata: { generated_at: '', invocation_id: '' }, nodes: {}, sources: {} }, runResults, lineage: null, query: (sql) => connection.query(sql) });
      const file = join(out.outDir, 'data', 'nodes-0.js');
      expect(readFileSync(file, 'utf8')).not.toContain('hunter2-very-secret');
      const details = load<SiteNodeDetail[]>(file, '__mdlChunk');
      expect(details.find((d) => d.id === FIXTURE_IDS.KPIS)!.compiledSql).toBe("select '****', '****'");
    } finally {
      delete process.env.MDL_SECRET_DOCS_TEST;
      delete process.env.MDL_SECRET_DOCS_QUOTE;
    }
  });

  it('round-trips quotes, backslashes, line separators and non-ASCII text through the data files', async () => {
    const { manifest, runResults } = fixture();
    const awkward = `select 'it''s', "quoted", '\\d+\\n', '\u2028\u2029', 'café ✓ 😀' -- </script>`;
    const node = { ...manifest.nodes[FIXTURE_IDS.KPIS]!, compiled_code: awkward, description: "Don't \\ \"panic\"" };
    const out = await generateDocsSite({ projectDir: join(dir, 'nowhere'), targetDir: join(dir, 'target3'), manifest: { ...manifest, nodes: { ...manifest.nodes, [FIXTURE_IDS.KPIS]: node } }, catalog: { metadata: { generated_at: '', invocation_id: '' }, nodes: {}, sources: {} }, runResults, lineage: null, query: (sql) => connection.query(sql) });
    const kpis = load<SiteNodeDetail[]>(join(out.outDir, 'data', 'nodes-0.js'), '__mdlChunk').find((d) => d.id === FIXTURE_IDS.KPIS)!;
    expect(kpis.compiledSql).toBe(awkward);
    expect(kpis.description).toBe(node.description);
  });

  it('serves the site on localhost only and refuses paths outside it', async () => {
    const server = await serveDocs(join(dir, 'target', 'docs'), 0);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await fetch(server.url);
      expect(index.headers.get('content-type')).toContain('text/html');
      expect(await index.text()).toContain('assets/app.js');
      expect((await fetch(`${server.url}data/index.js`)).headers.get('content-type')).toContain('javascript');
      expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
      expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).toBe(403);
    } finally {
      await server.close();
    }
    await expect(serveDocs(join(dir, 'nothing-here'), 0)).rejects.toThrow(/mdl docs generate/);
  });
});
