import { afterAll, describe, expect, it } from 'vitest';
import { build, run, test } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => captureReporter().reporter;

async function relations(dir: string) {
  return queryDb(warehouseOf(dir), `select table_schema || '.' || table_name as name, table_type as type
    from information_schema.tables where table_schema not in ('information_schema', 'pg_catalog') order by 1`);
}

describe('materializations on DuckDB', () => {
  it('builds views, tables and nested ephemerals, creating schemas on demand', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: table\n      +schema: gold\n',
      'seeds/raw.csv': 'id,v\n1,a\n2,b\n',
      'models/v.sql': "select * from {{ ref('raw') }}",
      'models/e1.sql': "{{ config(materialized='ephemeral') }}select id from {{ ref('v') }}",
      'models/e2.sql': "{{ config(materialized='ephemeral') }}select id * 10 as id from {{ ref('e1') }}",
      'models/marts/uses_eph.sql': "select * from {{ ref('e2') }}",
      'models/marts/sorted.sql': "{{ config(order_by=['v']) }}select v, id from {{ ref('raw') }}",
    });
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(0);
    expect(await relations(dir)).toEqual([
      { name: 'gold.sorted', type: 'BASE TABLE' },
      { name: 'gold.uses_eph', type: 'BASE TABLE' },
      { name: 'main.raw', type: 'BASE TABLE' },
      { name: 'main.v', type: 'VIEW' },
    ]);
    expect(await queryDb(warehouseOf(dir), 'select id from gold.uses_eph order by id')).toEqual([{ id: 10 }, { id: 20 }]);
    // Ephemerals are not run as nodes.
    expect(outcome.results.map((r) => r.name).sort()).toEqual(['raw', 'sorted', 'uses_eph', 'v']);
  });

  it('inlines an ephemeral diamond once, into WITH RECURSIVE and parenthesised queries too', async () => {
    const eph = (sql: string) => `{{ config(materialized='ephemeral') }}${sql}`;
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  +materialized: table\n',
      'models/base.sql': eph('select 1 as id union all select 2'),
      'models/left_e.sql': eph("select id from {{ ref('base') }}"),
      'models/right_e.sql': eph("select id * 10 as id from {{ ref('base') }}"),
      'models/diamond.sql': "select * from {{ ref('left_e') }} union all select * from {{ ref('right_e') }} union all select * from {{ ref('base') }}",
      'models/rec.sql': "WITH RECURSIVE r(n) AS (select 1 union all select n + 1 from r where n < (select max(id) from {{ ref('base') }})) select * from r",
      'models/paren.sql': "(select id from {{ ref('base') }}) union all (select 100)",
    });
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(0);
    const diamond = outcome.compiled.manifest.nodes['model.shop.diamond']!.compiled_code!;
    expect(diamond.match(/__mdl_ephemeral_base as \(/g)).toHaveLength(1);
    const q = (sql: string) => queryDb(warehouseOf(dir), sql);
    expect((await q('select id from main.diamond order by id')).map((r) => r.id)).toEqual([1, 1, 2, 2, 10, 20]);
    expect((await q('select n from main.rec order by n')).map((r) => r.n)).toEqual([1, 2]);
    expect((await q('select id from main.paren order by id')).map((r) => r.id)).toEqual([1, 2, 100]);
  });

  it('replaces a view with a table (and back) when the materialization changes', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\n', 'models/m.sql': "{{ config(materialized='view') }}select 1 as id" });
    expect((await run({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    writeFiles(dir, { 'models/m.sql': "{{ config(materialized='table') }}select 2 as id" });
    expect((await run({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(await relations(dir)).toEqual([{ name: 'main.m', type: 'BASE TABLE' }]);
    writeFiles(dir, { 'models/m.sql': "{{ config(materialized='view') }}select 3 as id" });
    expect((await run({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(await relations(dir)).toEqual([{ name: 'main.m', type: 'VIEW' }]);
    expect(await queryDb(warehouseOf(dir), 'select id from main.m')).toEqual([{ id: 3 }]);
  });

  const incremental = (config: string) => ({
    'project.yml': 'name: shop\n',
    'seeds/src.csv': 'id,v\n1,a\n2,b\n',
    'models/inc.sql': `{{ config(materialized='incremental'${config}) }}\nselect id, v from {{ ref('src') }}\n`,
  });
  const rows = (dir: string) => queryDb(warehouseOf(dir), 'select id, v from main.inc order by id, v');

  it.each([
    ['append', '', [{ id: 1, v: 'a' }, { id: 1, v: 'z' }, { id: 2, v: 'b' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]],
    ['merge', ", unique_key='id'", [{ id: 1, v: 'z' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]],
    ['delete+insert', ", unique_key='id', incremental_strategy='delete+insert'", [{ id: 1, v: 'z' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]],
  ])('incremental %s: first run creates, second run applies the strategy', async (_name, config, expected) => {
    const dir = writeProject(incremental(config));
    await build({ projectDir: dir, reporter: quiet() });
    expect(await rows(dir)).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'b' }]);
    writeFiles(dir, { 'seeds/src.csv': 'id,v\n1,z\n2,b\n3,c\n' });
    const second = await build({ projectDir: dir, reporter: quiet() });
    expect(second.exitCode).toBe(0);
    expect(await rows(dir)).toEqual(expected);
    // --full-refresh rebuilds from scratch whatever the strategy.
    await build({ projectDir: dir, reporter: quiet(), fullRefresh: true });
    expect(await rows(dir)).toEqual([{ id: 1, v: 'z' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
  });

  it.each([
    ['ignore', 0, ['id', 'v']],
    ['append_new_columns', 0, ['id', 'v', 'w']],
    ['sync_all_columns', 0, ['id', 'w']],
    ['fail', 1, ['id', 'v']],
  ])('on_schema_change %s when the model drops v and adds w', async (mode, exitCode, columns) => {
    const model = (cols: string) => `{{ config(materialized='incremental', unique_key='id', on_schema_change='${mode}') }}select ${cols} from {{ ref('src') }}`;
    const dir = writeProject({ 'project.yml': 'name: shop\n', 'seeds/src.csv': 'id,v\n1,a\n', 'models/inc.sql': model('id, v') });
    await build({ projectDir: dir, reporter: quiet() });
    writeFiles(dir, { 'seeds/src.csv': 'id,v,w\n1,z,9\n2,b,8\n', 'models/inc.sql': model('id, w') });
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(exitCode);
    const cols = await queryDb(warehouseOf(dir), "select column_name as c from information_schema.columns where table_name = 'inc' order by ordinal_position");
    expect(cols.map((r) => r.c)).toEqual(columns);
    const count = await queryDb(warehouseOf(dir), 'select count(*) as n from main.inc');
    expect(count).toEqual([{ n: mode === 'fail' ? 1 : 2 }]);
    if (mode === 'fail') {
      expect(outcome.results.find((r) => r.name === 'inc')!.message).toContain("on_schema_change is 'fail'");
    }
  });

  it.each(['merge', 'delete+insert'])('incremental %s with a composite unique_key', async (strategy) => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/s.csv': 'a,b,v\n1,1,x\n1,2,y\n',
      'models/inc.sql': `{{ config(materialized='incremental', unique_key=['a', 'b'], incremental_strategy='${strategy}') }}select a, b, v from {{ ref('s') }}`,
    });
    await build({ projectDir: dir, reporter: quiet() });
    writeFiles(dir, { 'seeds/s.csv': 'a,b,v\n1,2,Y\n2,1,z\n' });
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select a, b, v from main.inc order by a, b')).toEqual([
      { a: 1, b: 1, v: 'x' }, { a: 1, b: 2, v: 'Y' }, { a: 2, b: 1, v: 'z' },
    ]);
  });

  it('is_incremental() is true only when the table exists, in the SQL and in hooks; log() prints once per build', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\non-run-start: "create table if not exists main.runs (kind varchar)"\n',
      'seeds/src.csv': 'id\n1\n2\n',
      'models/inc.sql': [
        "{{ config(materialized='incremental', pre_hook=\"insert into main.runs values ('{{ 'incremental' if is_incremental() else 'full' }}')\") }}",
        "{{ log('rendering inc', info=true) }}",
        "select id, {{ 'true' if is_incremental() else 'false' }} as incremental_run from {{ ref('src') }}",
        '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
        '',
      ].join('\n'),
    });
    await build({ projectDir: dir, reporter: quiet() });
    writeFiles(dir, { 'seeds/src.csv': 'id\n1\n2\n3\n' });
    const second = captureReporter();
    await build({ projectDir: dir, reporter: second.reporter });
    expect(await queryDb(warehouseOf(dir), 'select id, incremental_run from main.inc order by id')).toEqual([
      { id: 1, incremental_run: false }, { id: 2, incremental_run: false }, { id: 3, incremental_run: true },
    ]);
    expect(await queryDb(warehouseOf(dir), 'select kind from main.runs')).toEqual([{ kind: 'full' }, { kind: 'incremental' }]);
    // The second build renders twice (before and after it sees the table); the message shows once.
    expect(second.out().split('rendering inc').length - 1).toBe(1);
  });

  it('a view turned incremental is built in full (is_incremental() is false over a view)', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\n', 'seeds/src.csv': 'id\n1\n2\n3\n', 'models/m.sql': "select * from {{ ref('src') }}" });
    await build({ projectDir: dir, reporter: quiet() });
    writeFiles(dir, {
      'models/m.sql': "{{ config(materialized='incremental') }}select * from {{ ref('src') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
    });
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(0);
    expect(await relations(dir)).toEqual([{ name: 'main.m', type: 'BASE TABLE' }, { name: 'main.src', type: 'BASE TABLE' }]);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.m')).toEqual([{ n: 3 }]);
  });

  it('runs pre_hook/post_hook around a model and on-run-start/end (rendered as Jinja) around the run', async () => {
    const dir = writeProject({
      'project.yml': [
        'name: shop',
        'on-run-start: "create table if not exists {{ target.schema }}.audit_log (event varchar)"',
        'on-run-end:',
        "  - \"insert into main.audit_log values ('{{ var('end_word', 'end') }}')\"",
        '',
      ].join('\n'),
      'models/t.sql': [
        "{{ config(materialized='table', pre_hook=\"insert into main.audit_log values ('pre')\",",
        "   post_hook=[\"insert into main.audit_log select 'post:' || count(*) from {{ this }}\"]) }}",
        'select 1 as id union all select 2',
        '',
      ].join('\n'),
    });
    const captured = captureReporter();
    expect((await run({ projectDir: dir, reporter: captured.reporter })).exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select event from main.audit_log')).toEqual([{ event: 'pre' }, { event: 'post:2' }, { event: 'end' }]);
    expect(captured.out()).toContain('OK hook on-run-start');
    expect(captured.out()).toContain('OK hook on-run-end');
  });

  it('runs on-run-start/end around `mdl test` too, as dbt does', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\non-run-start: "create table if not exists main.test_log (event varchar)"\non-run-end: "insert into main.test_log values (\'tested\')"\n',
      'models/t.sql': 'select 1 as id',
      'models/schema.yml': 'models:\n  - name: t\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });
    expect((await run({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect((await test({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select event from main.test_log')).toEqual([{ event: 'tested' }, { event: 'tested' }]);
  });

  it('renders model hooks as Jinja (target, this, macros), folder hooks first', async () => {
    const dir = writeProject({
      'project.yml': "name: shop\nmodels:\n  +post-hook: \"insert into {{ target.schema }}.log select '{{ this.identifier }}'\"\n",
      'macros/log_table.sql': '{% macro log_table() %}create table if not exists {{ target.schema }}.log (t varchar){% endmacro %}',
      'models/a.sql': [
        "{{ config(materialized='table', pre_hook='{{ log_table() }}',",
        "   post_hook='create or replace table {{ target.schema }}.copy_of_{{ this.identifier }} as select * from {{ this }}') }}",
        'select 1 as id',
        '',
      ].join('\n'),
    });
    expect((await run({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select t from main.log')).toEqual([{ t: 'a' }]);
    expect(await queryDb(warehouseOf(dir), 'select id from main.copy_of_a')).toEqual([{ id: 1 }]);
    writeFiles(dir, { 'models/a.sql': "{{ config(pre_hook='{{ no_such_macro() }}') }}select 1 as id" });
    const [d] = await diagnosticsOf(() => run({ projectDir: dir, reporter: quiet() }));
    expect(d).toMatchObject({ code: 'E_UNDEFINED', file: 'models/a.sql' });
    expect(d!.message).toContain('In pre_hook:');
  });

  it('a failing on-run-start hook runs no node, and the run fails (exit 1) and says so', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\non-run-start: "select * from main.no_such_table"\n', 'models/a.sql': 'select 1 as id' });
    const captured = captureReporter();
    const outcome = await run({ projectDir: dir, reporter: captured.reporter });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([]);
    expect(captured.out()).toContain('ERROR hook on-run-start: Catalog Error');
    expect(captured.out()).not.toContain('Completed successfully');
    expect(captured.out()).toContain('ERROR=1');
  });
});
