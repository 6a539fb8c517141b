import { afterAll, describe, expect, it } from 'vitest';
import { build, run } from '../api/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { captureReporter, cleanupProjects, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const statusOf = (results: readonly { name: string; status: string }[]) =>
  Object.fromEntries(results.map((r) => [r.name, r.status]));

describe('a failing model', () => {
  it.each([
    ['a binder error', 'select no_such_column from {{ ref(\'base\') }}'],
    ['a runtime error', "select error('boom') as id from {{ ref('base') }}"],
    ['a catalog error', 'select * from main.no_such_table'],
  ])('keeps its previous table on %s; downstream skipped, independent models built, exit 1', async (_kind, badSql) => {
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/base.sql': 'select 1 as id union all select 2',
      'models/t.sql': "select id * 10 as id from {{ ref('base') }}",
      'models/child.sql': "select * from {{ ref('t') }}",
      'models/grandchild.sql': "select * from {{ ref('child') }}",
      'models/independent.sql': 'select 42 as answer',
    });
    expect((await run({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
    writeFiles(dir, { 'models/t.sql': badSql, 'models/independent.sql': 'select 43 as answer' });
    const captured = captureReporter();
    const outcome = await run({ projectDir: dir, reporter: captured.reporter });
    expect(outcome.exitCode).toBe(1);
    expect(statusOf(outcome.results)).toEqual({ base: 'success', t: 'error', child: 'skipped', grandchild: 'skipped', independent: 'success' });
    const failed = outcome.results.find((r) => r.name === 't')!;
    expect(failed.message).toBeTruthy();
    expect(outcome.results.find((r) => r.name === 'grandchild')!.message).toContain('upstream');
    // The old table survived, with its old rows; the independent model was rebuilt.
    expect(await queryDb(warehouseOf(dir), 'select id from main.t order by id')).toEqual([{ id: 10 }, { id: 20 }]);
    expect(await queryDb(warehouseOf(dir), 'select answer from main.independent')).toEqual([{ answer: 43 }]);
    // No leftover temporary relation and nothing half-committed.
    const tables = await queryDb(warehouseOf(dir), "select table_name from information_schema.tables where table_schema = 'main' order by 1");
    expect(tables.map((r) => r.table_name)).toEqual(['base', 'child', 'grandchild', 'independent', 't']);
    const out = captured.out();
    expect(out).toMatch(/ERROR building model main\.t \.+ \[ERROR in/);
    expect(out).toMatch(/SKIP model main\.child \.+ \[SKIP\]/);
    expect(out).toContain('Database Error in model t (target/compiled/shop/models/t.sql)');
    expect(out).toContain('Done. PASS=2 WARN=0 ERROR=1 SKIP=2 TOTAL=5');
  });

  it('an incremental run that fails (after a pre_hook that deleted rows) keeps the old rows', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/s.csv': 'id\n1\n',
      'models/inc.sql': "{{ config(materialized='incremental', unique_key='id') }}select id, 'x' as v from {{ ref('s') }}",
    });
    await build({ projectDir: dir, reporter: captureReporter().reporter });
    writeFiles(dir, {
      'seeds/s.csv': 'id\n1\n2\n',
      'models/inc.sql': "{{ config(materialized='incremental', unique_key='id', pre_hook='delete from {{ this }}') }}select id, error('boom') as v from {{ ref('s') }}",
    });
    const outcome = await build({ projectDir: dir, reporter: captureReporter().reporter });
    expect(statusOf(outcome.results)).toEqual({ s: 'success', inc: 'error' });
    expect(await queryDb(warehouseOf(dir), 'select id, v from main.inc')).toEqual([{ id: 1, v: 'x' }]);
  });

  it('--fail-fast skips everything not yet started after the first failure', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  +materialized: table\n',
      'models/a_bad.sql': "select error('boom') as x",
      'models/b_other.sql': 'select 1 as x',
    });
    const outcome = await run({ projectDir: dir, reporter: captureReporter().reporter, failFast: true, threads: 1 });
    expect(outcome.exitCode).toBe(1);
    expect(statusOf(outcome.results)).toEqual({ a_bad: 'error', b_other: 'skipped' });
    expect(outcome.results.find((r) => r.name === 'b_other')!.message).toContain('--fail-fast');
    const without = await run({ projectDir: dir, reporter: captureReporter().reporter, threads: 1 });
    expect(statusOf(without.results)).toEqual({ a_bad: 'error', b_other: 'success' });
  });
});

describe('a failing test in build', () => {
  const project = (severity: string) => ({
    'project.yml': 'name: shop\n',
    'models/parent.sql': 'select 1 as id union all select 1',
    'models/child.sql': "select * from {{ ref('parent') }}",
    'models/unrelated.sql': 'select 1 as x',
    'models/schema.yml': `models:\n  - name: parent\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config: { severity: ${severity} }\n`,
  });

  it('with severity error skips the models downstream of the tested model', async () => {
    const dir = writeProject(project('error'));
    const outcome = await build({ projectDir: dir, reporter: captureReporter().reporter });
    expect(outcome.exitCode).toBe(1);
    expect(statusOf(outcome.results)).toEqual({ parent: 'success', unique_parent_id: 'fail', child: 'skipped', unrelated: 'success' });
    const test = outcome.results.find((r) => r.name === 'unique_parent_id')!;
    expect(test.failures).toBe(1);
    expect(test.message).toBe('Got 1 result, configured to fail if != 0');
  });

  it('with severity warn reports a warning and builds downstream (exit 0)', async () => {
    const dir = writeProject(project('warn'));
    const captured = captureReporter();
    const outcome = await build({ projectDir: dir, reporter: captured.reporter });
    expect(outcome.exitCode).toBe(0);
    expect(statusOf(outcome.results)).toEqual({ parent: 'success', unique_parent_id: 'warn', child: 'success', unrelated: 'success' });
    expect(captured.out()).toMatch(/WARN unique_parent_id \.+ \[WARN 1 in/);
    expect(captured.out()).toContain('PASS=3 WARN=1 ERROR=0 SKIP=0 TOTAL=4');
  });

  // A slow test on parent.id (~0.3 s of arithmetic) that fails once parent holds id 1: the child,
  // a few milliseconds of work, is certain to reach its commit while the test still runs.
  const gated = (childExtra: string) => ({
    'project.yml': 'name: shop\nmodels:\n  +materialized: table\n',
    'models/parent.sql': 'select 2 as id',
    'models/child.sql': `{{ config(${childExtra}) }}select id, 'v1' as v from {{ ref('parent') }}`,
    'tests/generic/slow_not_one.sql': [
      '{% test slow_not_one(model, column_name) %}',
      'select m.{{ column_name }} from {{ model }} as m, (select sum(i * i) as s from range(30000000) as t(i)) as slow',
      'where m.{{ column_name }} = 1 and slow.s > 0',
      '{% endtest %}',
      '',
    ].join('\n'),
    'models/schema.yml': 'models:\n  - name: parent\n    columns:\n      - name: id\n        data_tests: [slow_not_one]\n',
  });
  const started = () => {
    const captured = captureReporter();
    const seen: string[] = [];
    const event = captured.reporter.event.bind(captured.reporter);
    captured.reporter.event = (e) => {
      if (e.type === 'node-start') seen.push(e.label);
      event(e);
    };
    return { reporter: captured.reporter, seen };
  };

  it('a child that writes only in its transaction runs beside the tests and is rolled back when one fails', async () => {
    const dir = writeProject(gated("post_hook='insert into main.audit values (1)', pre_hook='create table if not exists main.audit (n integer)'"));
    expect((await build({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
    writeFiles(dir, { 'models/parent.sql': 'select 1 as id', 'models/child.sql': gated("post_hook='insert into main.audit values (1)', pre_hook='create table if not exists main.audit (n integer)'")['models/child.sql'].replace("'v1'", "'v2'") });
    const { reporter, seen } = started();
    const outcome = await build({ projectDir: dir, reporter, threads: 4 });
    expect(outcome.exitCode).toBe(1);
    expect(statusOf(outcome.results)).toEqual({ parent: 'success', slow_not_one_parent_id: 'fail', child: 'skipped' });
    expect(outcome.results.find((r) => r.name === 'child')!.message).toBe('Skipped because upstream slow_not_one_parent_id failed');
    // It did start (beside the test), and nothing it wrote was kept: its table and its hook's row
    // are those of the first build.
    expect(seen).toContain('child');
    expect(await queryDb(warehouseOf(dir), 'select id, v from main.child')).toEqual([{ id: 2, v: 'v1' }]);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.audit')).toEqual([{ n: 1 }]);
  });

  it('a child whose hook acts outside the transaction (a COPY to a file) waits for the tests', async () => {
    const dir = writeProject({});
    const file = join(dir, 'child-export.csv');
    writeFiles(dir, gated(`post_hook="copy (select * from {{ this }}) to '${file}'"`));
    expect((await build({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
    expect(existsSync(file)).toBe(true);
    writeFiles(dir, { 'models/parent.sql': 'select 1 as id' });
    const { rmSync } = await import('node:fs');
    rmSync(file);
    const { reporter, seen } = started();
    const outcome = await build({ projectDir: dir, reporter, threads: 4 });
    expect(statusOf(outcome.results)).toEqual({ parent: 'success', slow_not_one_parent_id: 'fail', child: 'skipped' });
    expect(seen).not.toContain('child');
    expect(existsSync(file)).toBe(false);
  });

  it('a child waiting for a test gives its thread back: one thread, a test whose other parent runs later', async () => {
    // With --threads 1 the child of `a_orders` starts before `z_customers` (graph order: z is two
    // levels down) and waits for the relationship test, which needs z_customers built first:
    // holding the only thread while waiting would never finish.
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  +materialized: table\n',
      'models/a_orders.sql': 'select 1 as id, 7 as customer_id',
      'models/b_order_report.sql': "select count(*) as orders from {{ ref('a_orders') }}",
      'models/y_staging.sql': "select customer_id from {{ ref('a_orders') }}",
      'models/z_customers.sql': "select customer_id from {{ ref('y_staging') }}",
      'models/schema.yml': [
        'models:',
        '  - name: a_orders',
        '    columns:',
        '      - name: customer_id',
        '        data_tests:',
        "          - relationships: { to: ref('z_customers'), field: customer_id }",
        '',
      ].join('\n'),
    });
    const { reporter, seen } = started();
    const outcome = await build({ projectDir: dir, reporter, threads: 1 });
    expect(outcome.exitCode).toBe(0);
    expect(seen.indexOf('b_order_report')).toBeLessThan(seen.indexOf('z_customers'));
    // Its time waiting for the test is not its own.
    const report = outcome.results.find((r) => r.name === 'b_order_report')!;
    const wall = Date.parse(report.timing[0]!.completed_at!) - Date.parse(report.timing[0]!.started_at!);
    const staging = outcome.results.find((r) => r.name === 'y_staging')!;
    expect(Date.parse(report.timing[0]!.completed_at!)).toBeGreaterThan(Date.parse(staging.timing[0]!.completed_at!));
    expect(report.execution_time * 1000).toBeLessThan(wall);
    expect(await queryDb(warehouseOf(dir), 'select orders from main.b_order_report')).toEqual([{ orders: 1 }]);
  });
});
