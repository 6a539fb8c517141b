import { afterAll, describe, expect, it } from 'vitest';
import { build, run } from '../api/index.js';
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
});
