import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, test as runTests, type ExecuteOutcome } from '../api/index.js';
import { captureReporter, cleanupProjects, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

// orders: 5 rows; id 3 duplicated, one null status, one status outside the list, customer 99 orphaned.
const FILES = {
  'project.yml': 'name: shop\n',
  'seeds/customers.csv': 'customer_id\n1\n2\n',
  'models/orders.sql': [
    "{{ config(materialized='table') }}",
    'select * from (values',
    "  (1, 1, 'placed', 10), (2, 2, 'shipped', 20), (3, 1, null, 30), (3, 99, 'lost', 40), (4, null, 'placed', 50)",
    ') as t(id, customer_id, status, amount)',
    '',
  ].join('\n'),
  'macros/tests/is_positive.sql': '{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n',
  'tests/generic/at_most.sql': '{% test at_most(model, column_name, limit_value) %}\nselect * from {{ model }} where {{ column_name }} > {{ limit_value }}\n{% endtest %}\n',
  'tests/assert_no_big_orders.sql': "select * from {{ ref('orders') }} where amount > 45\n",
  'tests/assert_nothing.sql': "select * from {{ ref('orders') }} where amount < 0\n",
  'models/schema.yml': [
    'models:',
    '  - name: orders',
    '    columns:',
    '      - name: id',
    '        data_tests:',
    '          - unique',
    '          - not_null',
    '          - unique:',
    '              name: unique_id_without_dup',
    '              config: { where: "customer_id <> 99" }',
    '      - name: status',
    '        data_tests:',
    '          - not_null',
    '          - accepted_values:',
    "              values: ['placed', 'shipped']",
    '          - accepted_values:',
    '              name: status_warn_only',
    "              values: ['placed', 'shipped']",
    '              config: { severity: warn }',
    '      - name: amount',
    '        data_tests:',
    '          - is_positive',
    '          - accepted_values:',
    '              values: [10, 20, 30, 40, 50]',
    '              quote: false',
    '          - at_most:',
    '              limit_value: 25',
    '              config: { warn_if: ">= 1", error_if: "> 5" }',
    '          - at_most:',
    '              name: at_most_stored',
    '              limit_value: 35',
    '              config: { store_failures: true, limit: 1 }',
    '      - name: customer_id',
    '        data_tests:',
    '          - relationships:',
    "              to: ref('customers')",
    '              field: customer_id',
    '',
  ].join('\n'),
};

let dir: string;
let outcome: ExecuteOutcome;
const result = (name: string) => {
  const found = outcome.results.find((r) => r.name === name);
  if (!found) throw new Error(`no result for ${name}: ${outcome.results.map((r) => r.name).join(', ')}`);
  return found;
};

beforeAll(async () => {
  dir = writeProject(FILES);
  outcome = await build({ projectDir: dir, reporter: captureReporter().reporter });
});

describe('data tests against DuckDB', () => {
  it('fails with the number of rows the test query returns', () => {
    expect(result('unique_orders_id')).toMatchObject({ status: 'fail', failures: 1 });
    expect(result('not_null_orders_id')).toMatchObject({ status: 'pass', failures: 0 });
    expect(result('not_null_orders_status')).toMatchObject({ status: 'fail', failures: 1 });
    expect(outcome.exitCode).toBe(1);
  });

  it('applies where before testing', () => {
    expect(result('unique_id_without_dup')).toMatchObject({ status: 'pass', failures: 0 });
  });

  it('accepted_values ignores NULLs, quotes strings, and compares raw values with quote: false', () => {
    expect(result('accepted_values_orders_status__placed__shipped')).toMatchObject({ status: 'fail', failures: 1 });
    expect(result('status_warn_only')).toMatchObject({ status: 'warn', failures: 1 });
    const numeric = outcome.results.find((r) => r.name.startsWith('accepted_values_orders_amount'))!;
    expect(numeric).toMatchObject({ status: 'pass', failures: 0 });
    expect(numeric.compiled_code).toContain('not in (10,20,30,40,50)');
  });

  it('relationships finds orphaned keys and skips NULL keys', () => {
    const rel = outcome.results.find((r) => r.name.startsWith('relationships_orders_'))!;
    expect(rel).toMatchObject({ status: 'fail', failures: 1 });
  });

  it('runs custom generic tests from macros/ and tests/generic with warn_if / error_if thresholds', () => {
    expect(result('is_positive_orders_amount')).toMatchObject({ status: 'pass', failures: 0 });
    // amounts > 25: 30, 40, 50 -> 3 rows: warn (>= 1) but not error (> 5).
    const custom = result('at_most_orders_amount__25');
    expect(custom).toMatchObject({ status: 'warn', failures: 3 });
    expect(custom.message).toBe('Got 3 results, configured to warn if >= 1');
  });

  it('store_failures keeps the failing rows in <schema>_audit; limit caps them', async () => {
    expect(result('at_most_stored')).toMatchObject({ status: 'fail', failures: 1 });
    const rows = await queryDb(warehouseOf(dir), 'select amount from main_audit.at_most_stored');
    expect(rows).toHaveLength(1);
    expect([40, 50]).toContain(rows[0]!.amount);
  });

  it('runs singular tests from tests/, failing when they return rows', () => {
    expect(result('assert_no_big_orders')).toMatchObject({ status: 'fail', failures: 1 });
    expect(result('assert_nothing')).toMatchObject({ status: 'pass', failures: 0 });
  });

  it('mdl test runs only tests, and selection narrows them', async () => {
    const only = await runTests({ projectDir: dir, reporter: captureReporter().reporter, select: ['test_type:singular'] });
    expect(only.results.map((r) => r.name).sort()).toEqual(['assert_no_big_orders', 'assert_nothing']);
    expect(only.exitCode).toBe(1);
    const passing = await runTests({ projectDir: dir, reporter: captureReporter().reporter, select: ['assert_nothing', 'not_null_orders_id'] });
    expect(passing.exitCode).toBe(0);
    expect(passing.results.every((r) => r.resource_type === 'test' && r.status === 'pass')).toBe(true);
  });

  it('two relationships tests in one YAML file each check their own parent', async () => {
    // Regression: templates were cached by file name and source length, so ref('suppliers')
    // reused the compiled ref('customers') (same length, same schema.yml).
    const two = writeProject({
      'project.yml': 'name: shop\n',
      'models/customers.sql': 'select 1 as id',
      'models/suppliers.sql': 'select 2 as id',
      'models/orders.sql': 'select 1 as cid, 2 as sid',
      'models/schema.yml': [
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: cid',
        "        data_tests: [{ relationships: { to: ref('customers'), field: id } }]",
        '      - name: sid',
        "        data_tests: [{ relationships: { to: ref('suppliers'), field: id } }]",
        '',
      ].join('\n'),
    });
    const run = await build({ projectDir: two, reporter: captureReporter().reporter });
    const tests = run.results.filter((r) => r.resource_type === 'test');
    expect(tests.map((r) => [r.name, r.status]).sort()).toEqual([
      ['relationships_orders_cid__id__ref_customers_', 'pass'],
      ['relationships_orders_sid__id__ref_suppliers_', 'pass'],
    ]);
    expect(tests.find((r) => r.name.includes('suppliers'))!.compiled_code).toContain('"main"."suppliers"');
  });

  it('tests a source table, and selecting source:raw+ runs the source tests and models built on it', async () => {
    const src = writeProject({
      'project.yml': [
        'name: shop',
        'on-run-start:',
        '  - "create schema if not exists landing"',
        "  - \"create or replace table landing.events_v1 as select * from (values (1), (null), (3)) t(id)\"",
        '',
      ].join('\n'),
      'models/sources.yml': [
        'sources:',
        '  - name: raw',
        '    schema: landing',
        '    tables:',
        '      - name: events',
        '        identifier: events_v1',
        '        columns:',
        '          - name: id',
        '            data_tests: [not_null, unique]',
        '',
      ].join('\n'),
      'models/stg_events.sql': "select * from {{ source('raw', 'events') }} where id is not null",
      'models/other.sql': 'select 1 as x',
    });
    const run = await build({ projectDir: src, reporter: captureReporter().reporter, select: ['source:raw+'] });
    expect(run.results.map((r) => [r.name, r.status]).sort()).toEqual([
      ['not_null_source_raw_events_id', 'fail'],
      ['stg_events', 'skipped'],
      ['unique_source_raw_events_id', 'pass'],
    ]);
    expect(run.results.find((r) => r.name === 'not_null_source_raw_events_id')!.compiled_code).toContain('from "landing"."events_v1"');
  });

  it('fail_calc changes how failures are counted', async () => {
    const calc = writeProject({
      'project.yml': 'name: shop\n',
      'models/m.sql': 'select * from (values (1), (1), (1), (2), (2), (3)) t(id)',
      'models/schema.yml': [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique',
        '          - unique:',
        '              name: unique_rows',
        "              config: { fail_calc: 'sum(n_records)', warn_if: '> 4', error_if: '> 10', severity: error }",
        '',
      ].join('\n'),
    });
    const run = await build({ projectDir: calc, reporter: captureReporter().reporter });
    expect(run.results.find((r) => r.name === 'unique_m_id')).toMatchObject({ status: 'fail', failures: 2 });
    expect(run.results.find((r) => r.name === 'unique_rows')).toMatchObject({ status: 'warn', failures: 5 });
  });

  it('quotes the column in tests when the column has quote: true', async () => {
    const quoted = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/people.csv': '"Person ID",Name\n1,a\n2,b\n2,c\n',
      'seeds/properties.yml': [
        'seeds:',
        '  - name: people',
        '    columns:',
        '      - name: Person ID',
        '        quote: true',
        '        data_tests: [not_null, unique]',
        '',
      ].join('\n'),
    });
    const run = await build({ projectDir: quoted, reporter: captureReporter().reporter });
    const tests = Object.fromEntries(run.results.filter((r) => r.resource_type === 'test').map((r) => [r.name, r]));
    expect(tests.not_null_people_Person_ID).toMatchObject({ status: 'pass' });
    expect(tests.unique_people_Person_ID).toMatchObject({ status: 'fail', failures: 1 });
    expect(tests.unique_people_Person_ID!.compiled_code).toContain('"Person ID"');
  });

  it('store_failures_as view keeps a view of the failing rows, replacing an earlier table', async () => {
    const files = (storeAs: string) => ({
      'project.yml': 'name: shop\n',
      'models/m.sql': 'select * from (values (1), (1), (2)) t(id)',
      'models/schema.yml': `models:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config: { ${storeAs} }\n`,
    });
    const dir = writeProject(files('store_failures: true'));
    await build({ projectDir: dir, reporter: captureReporter().reporter });
    const kind = () => queryDb(warehouseOf(dir), "select table_type as t from information_schema.tables where table_schema = 'main_audit' and table_name = 'unique_m_id'");
    expect(await kind()).toEqual([{ t: 'BASE TABLE' }]);
    writeFiles(dir, files('store_failures_as: view'));
    const again = await build({ projectDir: dir, reporter: captureReporter().reporter });
    expect(again.results.find((r) => r.name === 'unique_m_id')).toMatchObject({ status: 'fail', failures: 1 });
    expect(await kind()).toEqual([{ t: 'VIEW' }]);
    expect(await queryDb(warehouseOf(dir), 'select unique_field, n_records from main_audit.unique_m_id')).toEqual([{ unique_field: 1, n_records: 2 }]);
  });

  it('renders Jinja in test arguments (keeping lists as lists) and in where', async () => {
    const jinja = writeProject({
      'project.yml': 'name: shop\nvars:\n  statuses: [a, b]\n',
      'models/m.sql': "select 'a' as s union all select 'c'",
      'models/s.yml': [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: s',
        '        data_tests:',
        '          - accepted_values:',
        '              values: "{{ var(\'statuses\') }}"',
        '          - accepted_values:',
        '              name: without_c',
        "              values: ['a']",
        '              config:',
        '                where: "s <> \'{{ \'c\' }}\'"',
        '',
      ].join('\n'),
    });
    const run = await build({ projectDir: jinja, reporter: captureReporter().reporter });
    const fromVar = run.results.find((r) => r.name.startsWith('accepted_values_m_s'))!;
    expect(fromVar).toMatchObject({ status: 'fail', failures: 1 });
    expect(fromVar.compiled_code).toContain("not in ('a','b')");
    expect(run.results.find((r) => r.name === 'without_c')).toMatchObject({ status: 'pass', failures: 0 });
  });

  it('rejects a threshold that is not a comparison instead of splicing it into SQL', async () => {
    const bad = writeProject({
      'project.yml': 'name: shop\n',
      'models/m.sql': 'select 1 as id',
      'models/schema.yml': 'models:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config: { error_if: "> 0; drop table x" }\n',
    });
    const run = await build({ projectDir: bad, reporter: captureReporter().reporter });
    expect(run.results.find((r) => r.name === 'unique_m_id')).toMatchObject({ status: 'error' });
    expect(run.results.find((r) => r.name === 'unique_m_id')!.message).toContain('invalid threshold');
  });
});
