import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => captureReporter().reporter;

/** A seed feeding one incremental model; the test rewrites the seed between runs. */
function project(config: string, csv: string, select = 'select * from {{ ref(\'src\') }}') {
  return writeProject({
    'project.yml': 'name: shop\n',
    'seeds/src.csv': csv,
    'models/inc.sql': `{{ config(materialized='incremental'${config}) }}\n${select}\n`,
  });
}
const rows = (dir: string, sql = 'select * from main.inc order by all') => queryDb(warehouseOf(dir), sql);
const buildAgain = async (dir: string, csv: string) => {
  writeFiles(dir, { 'seeds/src.csv': csv });
  const captured = captureReporter();
  const outcome = await build({ projectDir: dir, reporter: captured.reporter });
  return { outcome, out: captured.out(), inc: outcome.results.find((r) => r.name === 'inc') };
};

describe('incremental strategies', () => {
  it('merge on a two-column unique_key updates matches and inserts the rest', async () => {
    const dir = project(", unique_key=['k1', 'k2']", 'k1,k2,v\n1,a,x\n1,b,y\n');
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    const { outcome, inc } = await buildAgain(dir, 'k1,k2,v\n1,b,Y\n2,a,z\n');
    expect(outcome.exitCode).toBe(0);
    expect(inc?.action).toBe('merged into');
    expect(await rows(dir)).toEqual([{ k1: 1, k2: 'a', v: 'x' }, { k1: 1, k2: 'b', v: 'Y' }, { k1: 2, k2: 'a', v: 'z' }]);
  });

  it('delete+insert replaces every row of a key (several old rows per key) and keeps other keys', async () => {
    const dir = project(", unique_key='k', incremental_strategy='delete+insert'", 'k,v\n1,a\n1,b\n2,c\n');
    await build({ projectDir: dir, reporter: quiet() });
    const { inc } = await buildAgain(dir, 'k,v\n1,new\n');
    expect(inc?.status).toBe('success');
    expect(await rows(dir)).toEqual([{ k: 1, v: 'new' }, { k: 2, v: 'c' }]);
  });

  it('incremental_predicates limit what delete+insert and merge may touch in the table', async () => {
    const dir = project(
      ", unique_key='k', incremental_strategy='delete+insert', incremental_predicates=[\"DBT_INTERNAL_DEST.v <> 'keep'\"]",
      'k,v\n1,keep\n2,old\n',
    );
    await build({ projectDir: dir, reporter: quiet() });
    await buildAgain(dir, 'k,v\n1,new1\n2,new2\n');
    // Key 1 was protected by the predicate: its old row stays next to the new one.
    expect(await rows(dir)).toEqual([{ k: 1, v: 'keep' }, { k: 1, v: 'new1' }, { k: 2, v: 'new2' }]);

    const merge = project(", unique_key='k', incremental_predicates=[\"{{ this }}.v <> 'keep'\"]", 'k,v\n1,keep\n2,old\n');
    await build({ projectDir: merge, reporter: quiet() });
    await buildAgain(merge, 'k,v\n1,new1\n2,new2\n');
    expect(await rows(merge)).toEqual([{ k: 1, v: 'keep' }, { k: 1, v: 'new1' }, { k: 2, v: 'new2' }]);
  });

  it('append reports the rows it added, and --full-refresh rebuilds', async () => {
    const dir = project('', 'k\n1\n2\n');
    await build({ projectDir: dir, reporter: quiet() });
    const { inc } = await buildAgain(dir, 'k\n3\n');
    expect(inc?.action).toBe('appended to');
    expect(inc?.rows).toBe(1);
    expect(await rows(dir)).toEqual([{ k: 1 }, { k: 2 }, { k: 3 }]);
    await build({ projectDir: dir, reporter: quiet(), fullRefresh: true });
    expect(await rows(dir)).toEqual([{ k: 3 }]);
  });
});

describe('duplicate keys under merge', () => {
  it('fail with the count and leave the table unchanged (DuckDB MERGE would insert both)', async () => {
    const dir = project(", unique_key='k'", 'k,v\n1,a\n');
    await build({ projectDir: dir, reporter: quiet() });
    const { outcome, inc } = await buildAgain(dir, 'k,v\n2,x\n2,y\n3,z\n');
    expect(outcome.exitCode).toBe(1);
    expect(inc?.message).toContain('1 unique_key value (k) appears more than once in the new rows of inc');
    expect(await rows(dir)).toEqual([{ k: 1, v: 'a' }]);
    // delete+insert keeps several rows per key on purpose.
    const di = project(", unique_key='k', incremental_strategy='delete+insert'", 'k,v\n1,a\n');
    await build({ projectDir: di, reporter: quiet() });
    expect((await buildAgain(di, 'k,v\n2,x\n2,y\n')).inc?.status).toBe('success');
  });
});

describe('NULL in unique_key', () => {
  it('fails by default with the count, and leaves the table as it was', async () => {
    const dir = project(", unique_key='k'", 'k,v\n1,a\n');
    await build({ projectDir: dir, reporter: quiet() });
    const { outcome, inc } = await buildAgain(dir, 'k,v\n,b\n,c\n2,d\n');
    expect(outcome.exitCode).toBe(1);
    expect(inc?.status).toBe('error');
    expect(inc?.message).toContain('2 new rows of inc have a NULL in unique_key (k)');
    expect(inc?.message).toContain("on_null_key='warn'");
    expect(await rows(dir)).toEqual([{ k: 1, v: 'a' }]);
  });

  it('fails on the first run too, creating nothing', async () => {
    const dir = project(", unique_key='k'", 'k,v\n,a\n');
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(1);
    expect(await rows(dir, "select count(*) as n from information_schema.tables where table_name = 'inc'")).toEqual([{ n: 0 }]);
  });

  it("warns with the count under on_null_key='warn' and applies the rows; 'allow' is silent", async () => {
    const warn = project(", unique_key='k', on_null_key='warn'", 'k,v\n1,a\n');
    await build({ projectDir: warn, reporter: quiet() });
    const { outcome, inc, out } = await buildAgain(warn, 'k,v\n,b\n');
    expect(outcome.exitCode).toBe(0);
    expect(inc?.status).toBe('warn');
    expect(out).toContain('1 new row of inc has a NULL in unique_key (k)');
    expect(await rows(warn)).toEqual([{ k: 1, v: 'a' }, { k: null, v: 'b' }]);

    const allow = project(", unique_key='k', on_null_key='allow'", 'k,v\n1,a\n');
    await build({ projectDir: allow, reporter: quiet() });
    const second = await buildAgain(allow, 'k,v\n,b\n');
    expect(second.inc?.status).toBe('success');
  });
});

describe('on_schema_change', () => {
  const first = 'k,a,b\n1,x,10\n';
  const second = 'k,a,c\n2,y,true\n'; // b removed, c added

  it('ignore: keeps the table columns; new columns are dropped, missing ones become NULL', async () => {
    const dir = project('', first);
    await build({ projectDir: dir, reporter: quiet() });
    expect((await buildAgain(dir, second)).inc?.status).toBe('success');
    expect(await rows(dir)).toEqual([{ k: 1, a: 'x', b: 10 }, { k: 2, a: 'y', b: null }]);
  });

  it('append_new_columns: adds c, keeps b', async () => {
    const dir = project(", on_schema_change='append_new_columns'", first);
    await build({ projectDir: dir, reporter: quiet() });
    expect((await buildAgain(dir, second)).inc?.status).toBe('success');
    expect(await rows(dir)).toEqual([{ k: 1, a: 'x', b: 10, c: null }, { k: 2, a: 'y', b: null, c: true }]);
  });

  it('sync_all_columns: adds c, drops b, and changes a type', async () => {
    const dir = project(", unique_key='k', on_schema_change='sync_all_columns'", 'k,a,b\n1,7,10\n');
    await build({ projectDir: dir, reporter: quiet() });
    expect((await buildAgain(dir, 'k,a,c\n2,1.5,true\n')).inc?.status).toBe('success');
    expect(await rows(dir)).toEqual([{ k: 1, a: 7, c: null }, { k: 2, a: 1.5, c: true }]);
    expect(await rows(dir, "select data_type from information_schema.columns where table_name = 'inc' and column_name = 'a'")).toEqual([{ data_type: 'DOUBLE' }]);
  });

  it('fail: refuses, names the differences, and leaves the table unchanged', async () => {
    const dir = project(", on_schema_change='fail'", first);
    await build({ projectDir: dir, reporter: quiet() });
    const { outcome, inc } = await buildAgain(dir, second);
    expect(outcome.exitCode).toBe(1);
    expect(inc?.message).toContain('new columns c BOOLEAN');
    expect(inc?.message).toContain('missing columns b');
    expect(inc?.message).toContain('--full-refresh');
    expect(await rows(dir)).toEqual([{ k: 1, a: 'x', b: 10 }]);
    // Same columns: no complaint.
    expect((await buildAgain(dir, 'k,a,b\n3,z,30\n')).inc?.status).toBe('success');
  });
});

describe('atomic steps', () => {
  it('a failing post_hook after a merge and a schema change rolls all of it back', async () => {
    // The hook fails once the table holds more than one row, i.e. after the second run's merge.
    const hook = "select case when (select count(*) from {{ this }}) > 1 then error('boom') else 1 end";
    const dir = project(`, unique_key='k', on_schema_change='append_new_columns', post_hook="${hook}"`, 'k,v\n1,a\n');
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    const { outcome, inc } = await buildAgain(dir, 'k,v,w\n1,b,1\n2,c,2\n');
    expect(outcome.exitCode).toBe(1);
    expect(inc?.message).toContain('boom');
    expect(await rows(dir)).toEqual([{ k: 1, v: 'a' }]);
  });
});

describe('compile-time checks', () => {
  it('rejects an unknown strategy and merge without unique_key, naming the file', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': "{{ config(materialized='incremental', incremental_strategy='upsert') }}select 1 as id",
      'models/b.sql': "{{ config(materialized='incremental', incremental_strategy='merge') }}select 1 as id",
      'models/c.sql': "{{ config(materialized='incremental', on_schema_change='sync') }}select 1 as id",
    });
    const diagnostics = await diagnosticsOf(() => build({ projectDir: dir, reporter: quiet() }));
    const mine = diagnostics.filter((d) => d.code === 'E_INCREMENTAL_CONFIG');
    expect(mine.map((d) => [d.kind, d.file, d.message])).toEqual([
      ['Compilation Error', 'models/a.sql', "Unknown incremental_strategy 'upsert'."],
      ['Compilation Error', 'models/b.sql', "incremental_strategy 'merge' needs a unique_key."],
      ['Compilation Error', 'models/c.sql', "Unknown on_schema_change 'sync'."],
    ]);
  });
});
