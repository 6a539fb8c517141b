import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../api/index.js';
import type { CompileResult } from './compile.js';
import { captureReporter, cleanupProjects, diagnosticsOf, readJson, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** A small project exercising sources, nested ephemerals, macros, incrementals and tests. */
const FILES = {
  'project.yml': [
    'name: shop',
    'vars:',
    '  min_amount: 0',
    'models:',
    '  shop:',
    '    staging:',
    '      +materialized: view',
    '    marts:',
    '      +materialized: table',
    '      +schema: gold',
    '',
  ].join('\n'),
  'seeds/raw_customers.csv': 'customer_id,name\n1,Ann\n',
  'macros/cents.sql': '{% macro to_dollars(col, scale=100) -%}\n  ({{ col }} / {{ scale }})::decimal(12, 2)\n{%- endmacro %}\n',
  'models/sources.yml': 'sources:\n  - name: raw\n    schema: landing\n    tables:\n      - name: orders\n        identifier: raw_orders_v2\n',
  'models/staging/stg_orders.sql': [
    "select order_id, customer_id, {{ to_dollars('amount_cents') }} as amount, status",
    "from {{ source('raw', 'orders') }}",
    "where amount_cents >= {{ var('min_amount') }}",
    '',
  ].join('\n'),
  'models/staging/eph_customers.sql': "{{ config(materialized='ephemeral') }}\nselect customer_id, upper(name) as name from {{ ref('raw_customers') }}\n",
  'models/staging/eph_active.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('eph_customers') }} where name is not null\n",
  'models/marts/customer_orders.sql': [
    '-- one row per customer',
    'with totals as (',
    "    select customer_id, sum(amount) as total from {{ ref('stg_orders') }} group by 1",
    ')',
    "select c.customer_id, c.name, t.total from {{ ref('eph_active') }} c left join totals t using (customer_id)",
    '',
  ].join('\n'),
  'models/marts/orders_incremental.sql': [
    "{{ config(materialized='incremental', unique_key='order_id') }}",
    "select * from {{ ref('stg_orders') }}",
    '{% if is_incremental() %}',
    'where order_id > (select max(order_id) from {{ this }})',
    '{% endif %}',
    '',
  ].join('\n'),
  'models/schema.yml': [
    'models:',
    '  - name: stg_orders',
    '    description: Orders in dollars.',
    '    columns:',
    '      - name: order_id',
    '        description: The key.',
    '        data_tests: [unique, not_null]',
    '      - name: status',
    '        data_tests:',
    '          - accepted_values:',
    "              values: ['placed', 'shipped']",
    '          - accepted_values:',
    '              values: [1, 2]',
    '              quote: false',
    '              config:',
    "                where: \"status <> 'x'\"",
    '      - name: customer_id',
    '        data_tests:',
    "          - relationships: { to: \"ref('raw_customers')\", field: customer_id }",
    '',
  ].join('\n'),
  'tests/assert_positive.sql': "select * from {{ ref('customer_orders') }} where total < 0\n",
};

let dir: string;
let result: CompileResult;
beforeAll(async () => {
  dir = writeProject(FILES);
  result = await compile({ projectDir: dir, reporter: captureReporter().reporter });
});

describe('golden compiled SQL', () => {
  it('matches the golden file of every node (UPDATE_GOLDEN=1 rewrites them)', () => {
    const compiled = Object.values(result.manifest.nodes).filter((n) => n.compiled_code !== undefined);
    expect(compiled.length).toBeGreaterThanOrEqual(10);
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      // Regenerating also drops goldens of nodes that no longer exist.
      for (const f of readdirSync(GOLDEN_DIR)) if (f.endsWith('.sql')) rmSync(join(GOLDEN_DIR, f));
    }
    for (const node of compiled) {
      const file = join(GOLDEN_DIR, `${node.unique_id}.sql`);
      if (UPDATE) writeFileSync(file, node.compiled_code!);
      expect(existsSync(file), `missing golden ${file}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(node.compiled_code, node.unique_id).toBe(readFileSync(file, 'utf8'));
    }
    const goldens = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.sql'));
    expect(goldens.sort()).toEqual(compiled.map((n) => `${n.unique_id}.sql`).sort());
  });
});

describe('manifest', () => {
  it('uses dbt field names for metadata, nodes, sources, macros, docs and maps', () => {
    const manifest = readJson(dir, 'target/manifest.json');
    expect(manifest.metadata).toMatchObject({ project_name: 'shop', adapter_type: 'duckdb' });
    expect(manifest.metadata.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(manifest.metadata.generated_at))).toBe(false);
    const stg = manifest.nodes['model.shop.stg_orders'];
    expect(stg).toMatchObject({
      unique_id: 'model.shop.stg_orders', resource_type: 'model', name: 'stg_orders',
      original_file_path: 'models/staging/stg_orders.sql', schema: 'main', alias: 'stg_orders',
      relation_name: '"main"."stg_orders"', config: { materialized: 'view', enabled: true },
      tags: [], description: 'Orders in dollars.', raw_code: FILES['models/staging/stg_orders.sql'],
      depends_on: { nodes: ['source.shop.raw.orders'] }, fqn: ['shop', 'staging', 'stg_orders'],
    });
    expect(stg.columns.order_id).toMatchObject({ name: 'order_id', description: 'The key.' });
    expect(stg.checksum).toMatchObject({ name: 'sha256' });
    expect(stg.checksum.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(stg.compiled_code).toContain('"landing"."raw_orders_v2"');
    const mart = manifest.nodes['model.shop.customer_orders'];
    expect(mart.relation_name).toBe('"gold"."customer_orders"');
    expect(mart.depends_on.nodes).toEqual(['model.shop.eph_active', 'model.shop.stg_orders']);
    expect(manifest.nodes['model.shop.eph_active'].relation_name).toBeNull();
    expect(manifest.sources['source.shop.raw.orders']).toMatchObject({
      resource_type: 'source', source_name: 'raw', name: 'orders', identifier: 'raw_orders_v2', relation_name: '"landing"."raw_orders_v2"',
    });
    expect(manifest.macros['macro.shop.to_dollars']).toMatchObject({ name: 'to_dollars', original_file_path: 'macros/cents.sql' });
    expect(manifest.parent_map['model.shop.customer_orders']).toEqual(['model.shop.eph_active', 'model.shop.stg_orders']);
    expect(manifest.child_map['model.shop.stg_orders']).toContain('model.shop.customer_orders');
    const test = manifest.nodes['test.shop.unique_stg_orders_order_id'];
    expect(test).toMatchObject({ resource_type: 'test', attached_node: 'model.shop.stg_orders', column_name: 'order_id', test_metadata: { name: 'unique' } });
  });

  it('names generic tests as dbt does, shortening long names with a hash', () => {
    const ids = Object.keys(result.manifest.nodes).filter((id) => id.startsWith('test.')).sort();
    expect(ids).toEqual([
      'test.shop.accepted_values_stg_orders_status__False__1__2',
      'test.shop.accepted_values_stg_orders_status__placed__shipped',
      'test.shop.assert_positive',
      'test.shop.not_null_stg_orders_order_id',
      // relationships_stg_orders_customer_id__customer_id__ref_raw_customers_ has 69 characters:
      // dbt keeps `relationships_stg_orders` (the first 30 of <test>_<model>) + md5 of the full name.
      'test.shop.relationships_stg_orders_fda24699c19220d339892b67f3e99068',
      'test.shop.unique_stg_orders_order_id',
    ]);
  });

  it('writes target/compiled/<project>/<original path> for every compiled node', () => {
    const compiledFile = join(dir, 'target/compiled/shop/models/marts/customer_orders.sql');
    expect(readFileSync(compiledFile, 'utf8')).toBe(result.manifest.nodes['model.shop.customer_orders']!.compiled_code);
    expect(existsSync(join(dir, 'target/compiled/shop/tests/assert_positive.sql'))).toBe(true);
    expect(existsSync(join(dir, 'target/compiled/shop/models/schema.yml/unique_stg_orders_order_id.sql'))).toBe(true);
  });
});

describe('compiled files', () => {
  it('are rewritten when the SQL changes and left alone when it does not', async () => {
    const project = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as x', 'models/b.sql': 'select 2 as y' });
    await compile({ projectDir: project, reporter: captureReporter().reporter });
    const fileOf = (name: string) => join(project, `target/compiled/shop/models/${name}.sql`);
    const past = new Date('2020-01-01T00:00:00Z');
    for (const name of ['a', 'b']) utimesSync(fileOf(name), past, past);
    writeFileSync(join(project, 'models/a.sql'), 'select 3 as x');
    await compile({ projectDir: project, reporter: captureReporter().reporter });
    expect(readFileSync(fileOf('a'), 'utf8')).toBe('select 3 as x');
    expect(statSync(fileOf('a')).mtimeMs).toBeGreaterThan(past.getTime());
    expect(readFileSync(fileOf('b'), 'utf8')).toBe('select 2 as y');
    expect(statSync(fileOf('b')).mtimeMs).toBe(past.getTime());
  });
});

describe('a broken project', () => {
  it('writes no artifacts', async () => {
    const broken = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': "select * from {{ ref('nope') }}" });
    await expect(compile({ projectDir: broken, reporter: captureReporter().reporter })).rejects.toThrow("ref('nope')");
    expect(existsSync(join(broken, 'target'))).toBe(false);
  });
});

describe('config() values from macros and the project_name global', () => {
  it('takes a macro output as the plain string it renders to, as dbt does', async () => {
    const project = writeProject({
      'project.yml': 'name: shop\n',
      'macros/kinds.sql': "{% macro kind() %}{{ 'view' if var('as_view', false) else 'table' }}{% endmacro %}\n",
      'models/a.sql': "{{ config(materialized=kind(), tags=[kind()]) }}\nselect '{{ project_name }}' as project\n",
    });
    const table = await compile({ projectDir: project, reporter: captureReporter().reporter });
    const node = table.manifest.nodes['model.shop.a']!;
    expect(node.config).toMatchObject({ materialized: 'table', tags: ['table'] });
    expect(node.compiled_code).toContain("select 'shop' as project");
    const view = await compile({ projectDir: project, vars: { as_view: true }, reporter: captureReporter().reporter });
    expect(view.manifest.nodes['model.shop.a']!.config.materialized).toBe('view');
  });
});

describe('an error inside a macro', () => {
  it('is reported at the model line that called it and names the innermost macro, its file and line', async () => {
    const project = writeProject({
      'project.yml': 'name: shop\n',
      'macros/outer.sql': "{% macro outer(x) %}\n  {{ inner(x) }}\n{% endmacro %}\n",
      'macros/inner.sql': "-- checks x\n{% macro inner(x) %}\n  {% if not x %}{{ exceptions.raise_compiler_error('x is required') }}{% endif %}\n{% endmacro %}\n",
      'models/a.sql': "select 1 as one\n{{ outer(none) }}\n",
    });
    const [diagnostic] = await diagnosticsOf(() => compile({ projectDir: project, reporter: captureReporter().reporter }));
    expect(diagnostic).toMatchObject({ file: 'models/a.sql', line: 2, message: 'x is required\n> in macro inner (macros/inner.sql:2)' });
  });
});
