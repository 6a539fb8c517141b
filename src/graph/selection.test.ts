import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, list } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeProject } from '../test-support/project.js';
import { Dag } from './dag.js';

afterAll(cleanupProjects);

// raw_orders -> stg_orders -> orders -> report -> assert_report (singular test)
// source raw.events -> stg_events -> orders; orders has a generic unique test; lonely stands alone.
const SHOP = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    staging:\n      +tags: [staging]\n    marts:\n      +materialized: table\n',
  'seeds/raw_orders.csv': 'id\n1\n',
  'models/sources.yml': 'sources:\n  - name: raw\n    tags: [landing]\n    tables:\n      - name: events\n        tags: [clicks]\n',
  'models/staging/stg_orders.sql': "select * from {{ ref('raw_orders') }}",
  'models/staging/stg_events.sql': "select * from {{ source('raw', 'events') }}",
  'models/marts/orders.sql': "select * from {{ ref('stg_orders') }} join {{ ref('stg_events') }} using (id)",
  'models/marts/report.sql': "select * from {{ ref('orders') }}",
  'models/other/lonely.sql': 'select 1 as id',
  'models/schema.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique]\n',
  'tests/assert_report.sql': "select * from {{ ref('report') }} where id < 0",
};

let dir: string;
beforeAll(() => {
  dir = writeProject(SHOP);
});

const names = async (select: string[], exclude?: string[]) => {
  const lines = await list({ projectDir: dir, select, exclude, output: 'name', reporter: captureReporter().reporter });
  return [...lines].sort();
};

describe('selection syntax', () => {
  it.each([
    ['orders', ['orders', 'unique_orders_id']],
    ['+orders', ['events', 'orders', 'raw_orders', 'stg_events', 'stg_orders', 'unique_orders_id']],
    ['orders+', ['assert_report', 'orders', 'report', 'unique_orders_id']],
    ['1+orders+1', ['assert_report', 'orders', 'report', 'stg_events', 'stg_orders', 'unique_orders_id']],
    ['@stg_orders', ['assert_report', 'events', 'orders', 'raw_orders', 'report', 'stg_events', 'stg_orders', 'unique_orders_id']],
    ['tag:staging', ['stg_events', 'stg_orders']],
    ['tag:landing', ['events']],
    ['tag:clicks+1', ['events', 'stg_events']],
    ['path:models/marts', ['assert_report', 'orders', 'report', 'unique_orders_id']],
    ['models/staging/stg_orders.sql', ['stg_orders']],
    ['config.materialized:table', ['assert_report', 'orders', 'report', 'unique_orders_id']],
    ['resource_type:seed', ['raw_orders']],
    ['resource_type:source', ['events']],
    ['test_type:generic', ['unique_orders_id']],
    ['test_type:singular', ['assert_report']],
    ['source:raw', ['events']],
    ['source:raw+', ['assert_report', 'events', 'orders', 'report', 'stg_events', 'unique_orders_id']],
    ['stg_orders lonely', ['lonely', 'stg_orders']],
    ['tag:staging,stg_orders+', ['stg_orders']],
    ['stg_*', ['stg_events', 'stg_orders']],
    ['test_name:unique', ['unique_orders_id']],
    ['file:report.sql', ['assert_report', 'report']],
    ['fqn:shop.staging.*', ['stg_events', 'stg_orders']],
    ['config.materialized:view,resource_type:model,tag:staging', ['stg_events', 'stg_orders']],
  ])('%s', async (selector, expected) => {
    expect(await names([selector])).toEqual(expected);
  });

  it('takes several --select values as a union and --exclude away', async () => {
    expect(await names(['report', 'lonely'])).toEqual(['assert_report', 'lonely', 'report']);
    // Excluding report also excludes the tests on it (assert_report), as in dbt.
    expect(await names(['orders+'], ['report', 'test_type:generic'])).toEqual(['orders']);
    expect(await names(['orders+'], ['orders'])).toEqual(['assert_report', 'report']);
  });

  it('counts N+ and +N in graph steps', async () => {
    const chain = writeProject({
      'project.yml': 'name: chain\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
      'models/d.sql': "select * from {{ ref('c') }}",
      'models/e.sql': "select * from {{ ref('d') }}",
      'models/f.sql': "select * from {{ ref('e') }}",
    });
    const sel = async (s: string) => (await list({ projectDir: chain, select: [s], output: 'name', reporter: captureReporter().reporter })).sort();
    expect(await sel('2+d+1')).toEqual(['b', 'c', 'd', 'e']);
    expect(await sel('1+c')).toEqual(['b', 'c']);
    expect(await sel('c+2')).toEqual(['c', 'd', 'e']);
  });

  it('warns (does not fail) when a selector matches nothing', async () => {
    const captured = captureReporter();
    const lines = await list({ projectDir: dir, select: ['no_such_model', 'lonely'], output: 'name', reporter: captured.reporter });
    expect(lines).toEqual(['lonely']);
    expect(captured.err()).toContain("Warning\n  The selector 'no_such_model' matched no nodes.");
  });

  it('rejects an unknown selector method with a suggestion', async () => {
    const [d] = await diagnosticsOf(() => names(['tags:staging']));
    expect(d).toMatchObject({ code: 'E_SELECTOR', kind: 'Selection Error' });
    expect(d!.message).toContain("Did you mean 'tag'?");
  });
});

describe('mdl ls output formats', () => {
  it('prints fqn selectors, paths and JSON', async () => {
    const reporter = captureReporter().reporter;
    expect(await list({ projectDir: dir, select: ['orders', 'source:raw'], reporter })).toEqual(
      ['shop.marts.orders', 'source:shop.raw.events', 'shop.unique_orders_id']);
    expect(await list({ projectDir: dir, select: ['+stg_orders'], output: 'path', reporter })).toEqual(
      ['models/staging/stg_orders.sql', 'seeds/raw_orders.csv']);
    const [json] = await list({ projectDir: dir, select: ['orders'], resourceTypes: ['model'], output: 'json', reporter });
    expect(JSON.parse(json!)).toMatchObject({
      unique_id: 'model.shop.orders', name: 'orders', resource_type: 'model', original_file_path: 'models/marts/orders.sql',
      relation_name: '"main"."orders"', config: { materialized: 'table' },
      depends_on: { nodes: ['model.shop.stg_events', 'model.shop.stg_orders'] },
    });
  });
});

describe('graph errors', () => {
  it('names the whole cycle and each file', async () => {
    const cyc = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
    });
    const [d] = await diagnosticsOf(() => compile({ projectDir: cyc, reporter: captureReporter().reporter }));
    expect(d!.code).toBe('E_CYCLE');
    expect(d!.message).toContain('Dependency cycle: a > b > c > a');
    expect(d!.message).toContain('models/a.sql, models/b.sql, models/c.sql');
  });

  it('reports a missing ref at its line with the closest names, and duplicates with both paths', async () => {
    const bad = writeProject({
      'project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1',
      'models/nested/orders.sql': 'select 2',
      'models/b.sql': "select 1\nfrom {{ ref('ordres') }}\n",
      'models/c.sql': "select 1\n\nfrom {{ source('raw', 'evnts') }}\n",
      'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: events\n',
    });
    const diagnostics = await diagnosticsOf(() => compile({ projectDir: bad, reporter: captureReporter().reporter }));
    const missing = diagnostics.find((d) => d.code === 'E_MISSING_REF')!;
    expect(missing).toMatchObject({ file: 'models/b.sql', line: 2, node: { type: 'model', name: 'b' } });
    expect(missing.message).toContain("ref('ordres') does not match any model, seed or snapshot. Did you mean 'orders'?");
    const source = diagnostics.find((d) => d.code === 'E_MISSING_SOURCE')!;
    expect(source).toMatchObject({ file: 'models/c.sql', line: 3 });
    expect(source.message).toContain("Did you mean 'raw.events'?");
    expect(diagnostics.filter((d) => d.code === 'E_DUPLICATE_RELATION')).toEqual([]);
    const dup = diagnostics.find((d) => d.code === 'E_DUPLICATE_NAME')!;
    expect(dup.message).toContain('models/nested/orders.sql');
    expect(dup.message).toContain('models/orders.sql');
  });
});

describe('Dag', () => {
  it('orders parents before children and walks ancestors and descendants by depth', () => {
    const dag = new Dag();
    for (const id of ['a', 'b', 'c', 'd']) dag.addNode(id);
    dag.addEdge('a', 'b');
    dag.addEdge('b', 'c');
    dag.addEdge('a', 'd');
    const order = dag.order();
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('c'));
    expect([...dag.descendants('a')].sort()).toEqual(['b', 'c', 'd']);
    expect([...dag.descendants('a', 1)].sort()).toEqual(['b', 'd']);
    expect([...dag.ancestors('c')].sort()).toEqual(['a', 'b']);
    expect(dag.cycles()).toEqual([]);
    dag.addEdge('c', 'a');
    expect(dag.cycles()).toEqual([['a', 'b', 'c', 'a']]);
  });
});

describe('two nodes building one relation', () => {
  it('is an error naming both files (an alias must not silently overwrite another model or seed)', async () => {
    const clash = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': "{{ config(alias='x') }}select 1 as id",
      'models/x.sql': 'select 2 as id',
      'models/b.sql': "{{ config(alias='Orders') }}select 1 as id",
      'seeds/orders.csv': 'id\n1\n',
    });
    const diagnostics = await diagnosticsOf(() => compile({ projectDir: clash, reporter: captureReporter().reporter }));
    expect(diagnostics.filter((d) => d.code === 'E_DUPLICATE_RELATION').map((d) => d.message).sort()).toEqual([
      'models/a.sql and models/x.sql both build "main"."x".',
      'models/b.sql and seeds/orders.csv both build "main"."orders".',
    ]);
  });
});
