import { afterAll, describe, expect, it } from 'vitest';
import { build, executeCommand } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => captureReporter().reporter;

function project(config: string, csv: string, extra: Record<string, string> = {}) {
  return writeProject({
    'project.yml': 'name: shop\n',
    'seeds/customers.csv': csv,
    'snapshots/customers_history.sql': [
      '{% snapshot customers_history %}',
      `{{ config(unique_key='id', ${config}) }}`,
      "select * from {{ ref('customers') }}",
      '{% endsnapshot %}',
      '',
    ].join('\n'),
    ...extra,
  });
}
const history = (dir: string) => queryDb(warehouseOf(dir), `select id, segment, dbt_valid_from::varchar as valid_from, dbt_valid_to::varchar as valid_to
  from snapshots.customers_history order by id, dbt_valid_from`);
async function again(dir: string, csv: string) {
  writeFiles(dir, { 'seeds/customers.csv': csv });
  const outcome = await build({ projectDir: dir, reporter: quiet() });
  expect(outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => r.message)).toEqual([]);
  return outcome;
}

describe('snapshots (SCD2)', () => {
  it('timestamp strategy: versions changed rows, keeps unchanged ones, adds new keys; downstream refs it', async () => {
    const dir = project("strategy='timestamp', updated_at='updated_at', target_schema='snapshots'",
      'id,segment,updated_at\n1,bronze,2024-01-01 00:00:00\n2,silver,2024-01-01 00:00:00\n', {
        'models/current_segments.sql': "select id, segment from {{ ref('customers_history') }} where dbt_valid_to is null",
      });
    const first = await build({ projectDir: dir, reporter: quiet() });
    expect(first.exitCode).toBe(0);
    expect(first.results.find((r) => r.name === 'customers_history')?.resource_type).toBe('snapshot');
    expect(first.results.find((r) => r.name === 'customers_history')?.rows).toBe(2);
    expect(first.compiled.manifest.nodes['snapshot.shop.customers_history']?.relation_name).toBe('"snapshots"."customers_history"');
    const cols = await queryDb(warehouseOf(dir), "select column_name from information_schema.columns where table_name = 'customers_history' order by ordinal_position");
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'segment', 'updated_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);

    // Customer 1 changes segment; customer 2 is unchanged; customer 3 is new: two new versions.
    const second = await again(dir, 'id,segment,updated_at\n1,gold,2024-02-01 00:00:00\n2,silver,2024-01-01 00:00:00\n3,bronze,2024-02-01 00:00:00\n');
    expect(second.results.find((r) => r.name === 'customers_history')?.rows).toBe(2);
    expect(await history(dir)).toEqual([
      { id: 1, segment: 'bronze', valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00' },
      { id: 1, segment: 'gold', valid_from: '2024-02-01 00:00:00', valid_to: null },
      { id: 2, segment: 'silver', valid_from: '2024-01-01 00:00:00', valid_to: null },
      { id: 3, segment: 'bronze', valid_from: '2024-02-01 00:00:00', valid_to: null },
    ]);
    expect(await queryDb(warehouseOf(dir), 'select * from main.current_segments order by id')).toEqual([
      { id: 1, segment: 'gold' }, { id: 2, segment: 'silver' }, { id: 3, segment: 'bronze' },
    ]);
    // Running again without changes adds nothing; dbt_scd_id stays unique.
    await again(dir, 'id,segment,updated_at\n1,gold,2024-02-01 00:00:00\n2,silver,2024-01-01 00:00:00\n3,bronze,2024-02-01 00:00:00\n');
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n, count(distinct dbt_scd_id) as ids from snapshots.customers_history')).toEqual([{ n: 4, ids: 4 }]);
  });

  it('check strategy compares only check_cols; hard_deletes=invalidate closes keys gone from the source', async () => {
    const dir = project("strategy='check', check_cols=['segment'], hard_deletes='invalidate', target_schema='snapshots'",
      'id,segment,name\n1,bronze,Ann\n2,silver,Bob\n');
    await build({ projectDir: dir, reporter: quiet() });
    // Name change alone is not tracked; segment change is; customer 2 disappears.
    await again(dir, 'id,segment,name\n1,bronze,Anna\n');
    const rows = await queryDb(warehouseOf(dir), 'select id, segment, name, dbt_valid_to is null as current from snapshots.customers_history order by id, dbt_valid_from');
    expect(rows).toEqual([{ id: 1, segment: 'bronze', name: 'Ann', current: true }, { id: 2, segment: 'silver', name: 'Bob', current: false }]);
    await again(dir, 'id,segment,name\n1,gold,Anna\n2,silver,Bob\n');
    const after = await queryDb(warehouseOf(dir), 'select id, segment, dbt_valid_to is null as current from snapshots.customers_history order by id, dbt_valid_from');
    // Customer 2 came back: a new current version next to the closed one.
    expect(after).toEqual([
      { id: 1, segment: 'bronze', current: false }, { id: 1, segment: 'gold', current: true },
      { id: 2, segment: 'silver', current: false }, { id: 2, segment: 'silver', current: true },
    ]);
  });

  it('hard_deletes=invalidate with a composite unique_key closes only the gone combination', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/customers.csv': 'id,region,segment\n1,eu,bronze\n1,us,silver\n2,eu,gold\n',
      'snapshots/customers_history.sql': [
        '{% snapshot customers_history %}',
        "{{ config(unique_key=['id', 'region'], strategy='check', check_cols=['segment'], hard_deletes='invalidate', target_schema='snapshots') }}",
        "select * from {{ ref('customers') }}",
        '{% endsnapshot %}',
        '',
      ].join('\n'),
    });
    await build({ projectDir: dir, reporter: quiet() });
    await again(dir, 'id,region,segment\n1,eu,bronze\n2,eu,platinum\n');
    expect(await queryDb(warehouseOf(dir), `select id, region, segment, dbt_valid_to is null as current
      from snapshots.customers_history order by id, region, dbt_valid_from`)).toEqual([
      { id: 1, region: 'eu', segment: 'bronze', current: true },
      { id: 1, region: 'us', segment: 'silver', current: false },
      { id: 2, region: 'eu', segment: 'gold', current: false },
      { id: 2, region: 'eu', segment: 'platinum', current: true },
    ]);
  });

  it("check_cols='all' tracks every column; hard deletes are ignored by default; new source columns are added", async () => {
    const dir = project("strategy='check', check_cols='all'", 'id,segment\n1,bronze\n2,silver\n');
    await build({ projectDir: dir, reporter: quiet() });
    await again(dir, 'id,segment,city\n1,bronze,Oslo\n');
    const rows = await queryDb(warehouseOf(dir), 'select id, segment, city, dbt_valid_to is null as current from main.customers_history order by id, dbt_valid_from');
    expect(rows).toEqual([
      { id: 1, segment: 'bronze', city: null, current: false },
      { id: 1, segment: 'bronze', city: 'Oslo', current: true },
      { id: 2, segment: 'silver', city: null, current: true },
    ]);
  });

  it('duplicate keys in the source fail the snapshot and leave the history unchanged', async () => {
    const dir = project("strategy='check', check_cols='all'", 'id,segment\n1,bronze\n');
    await build({ projectDir: dir, reporter: quiet() });
    writeFiles(dir, { 'seeds/customers.csv': 'id,segment\n1,gold\n1,silver\n' });
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.find((r) => r.name === 'customers_history')?.message).toContain('1 unique_key value (id) appear more than once');
    expect(await queryDb(warehouseOf(dir), 'select id, segment from main.customers_history')).toEqual([{ id: 1, segment: 'bronze' }]);
  });

  it('a NULL key is not a duplicate; a repeated combination of a composite key is', async () => {
    // The first check compares the rows with count(distinct key), which skips NULL keys: one row
    // with a NULL key makes them differ without repeating a key.
    const dir = project("strategy='check', check_cols='all'", 'id,segment\n1,bronze\n,silver\n');
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.customers_history')).toEqual([{ n: 2 }]);
    const composite = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/customers.csv': 'id,region,segment\n1,eu,bronze\n1,us,silver\n1,us,gold\n',
      'snapshots/customers_history.sql': [
        '{% snapshot customers_history %}',
        "{{ config(unique_key=['id', 'region'], strategy='check', check_cols=['segment']) }}",
        "select * from {{ ref('customers') }}",
        '{% endsnapshot %}',
        '',
      ].join('\n'),
    });
    const failed = await build({ projectDir: composite, reporter: quiet() });
    expect(failed.results.find((r) => r.name === 'customers_history')?.message).toContain('1 unique_key value (id, region) appear more than once');
  });

  it('mdl snapshot runs only snapshots (the source must exist)', async () => {
    const dir = project("strategy='check', check_cols='all'", 'id,segment\n1,bronze\n', { 'models/other.sql': 'select 1 as x' });
    await executeCommand('seed', { projectDir: dir, reporter: quiet() });
    const outcome = await executeCommand('snapshot', { projectDir: dir, reporter: quiet() });
    expect(outcome.results.map((r) => [r.name, r.status])).toEqual([['customers_history', 'success']]);
  });

  it('reports config mistakes at compile time with the file, and a missing block', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'snapshots/a.sql': "{% snapshot a %}{{ config(strategy='timestamp', unique_key='id') }}select 1 as id{% endsnapshot %}",
      'snapshots/b.sql': "{% snapshot b %}{{ config(strategy='changes', unique_key='id') }}select 1 as id{% endsnapshot %}",
      'snapshots/c.sql': 'select 1 as id',
      'snapshots/d.sql': "{% snapshot d %}{{ config(strategy='check', unique_key='id', check_cols='all', stratgy='x') }}select 1 as id{% endsnapshot %}",
      'snapshots/e.sql': "{% snapshot e %}{{ config(strategy='check' }}select 1 as id{% endsnapshot %}",
    });
    const diagnostics = await diagnosticsOf(() => build({ projectDir: dir, reporter: quiet() }));
    const summary = diagnostics.map((d) => `${d.file}: ${d.message}`);
    expect(summary).toContain('snapshots/a.sql: The timestamp strategy needs updated_at.');
    expect(summary).toContain("snapshots/b.sql: Unknown snapshot strategy 'changes'.");
    expect(summary.some((m) => m.startsWith('snapshots/c.sql: snapshots/c.sql has no {% snapshot name %}'))).toBe(true);
    expect(summary.some((m) => m.startsWith('snapshots/d.sql') && m.includes('stratgy'))).toBe(true);
    // A template error is reported once, without follow-up complaints about the config it hid.
    expect(summary.filter((m) => m.startsWith('snapshots/e.sql'))).toHaveLength(1);
  });

  it('check strategy with updated_at takes the versions\' start from that column (deterministic history)', async () => {
    const dir = project("strategy='check', check_cols=['segment'], updated_at='as_of'", 'id,segment,as_of\n1,bronze,2024-01-31\n');
    await build({ projectDir: dir, reporter: quiet() });
    await again(dir, 'id,segment,as_of\n1,gold,2024-02-29\n');
    await again(dir, 'id,segment,as_of\n1,gold,2024-03-31\n'); // a newer extract, same segment: no new version
    expect(await queryDb(warehouseOf(dir), `select segment, dbt_valid_from::varchar as valid_from, dbt_valid_to::varchar as valid_to
      from main.customers_history order by dbt_valid_from`)).toEqual([
      { segment: 'bronze', valid_from: '2024-01-31', valid_to: '2024-02-29' },
      { segment: 'gold', valid_from: '2024-02-29', valid_to: null },
    ]);
  });
});
