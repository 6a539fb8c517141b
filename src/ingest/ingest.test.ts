import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, compile } from '../api/index.js';
import { captureReporter, cleanupProjects, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => captureReporter().reporter;

const bronze = {
  'project.yml': 'name: shop\n',
  'models/bronze_orders.sql': "{{ config(materialized='incremental') }}\nselect *, current_timestamp as ingested_at from {{ ingest_files('landing/orders/*.csv') }}\n",
};
async function buildBronze(dir: string, fullRefresh = false) {
  const outcome = await build({ projectDir: dir, reporter: quiet(), fullRefresh });
  const result = outcome.results.find((r) => r.name === 'bronze_orders')!;
  expect(result.status, result.message ?? '').toBe('success');
  return result;
}
const perFile = (dir: string) => queryDb(warehouseOf(dir), `select regexp_extract(_source_file, '[^/]+$') as file, count(*) as n, sum(amount) as amount
  from main.bronze_orders group by 1 order by 1`);

describe('file-by-file ingestion', () => {
  it('ingests only new files, nothing when nothing is new, and re-ingests a changed file', async () => {
    const dir = writeProject({
      ...bronze,
      'landing/orders/2024-01.csv': 'id,amount\n1,10\n2,20\n',
      'landing/orders/2024-02.csv': 'id,amount\n3,30\n',
    });
    const first = await buildBronze(dir);
    expect(first.rows).toBe(3);
    expect(await perFile(dir)).toEqual([{ file: '2024-01.csv', n: 2, amount: 30 }, { file: '2024-02.csv', n: 1, amount: 30 }]);
    expect(await queryDb(warehouseOf(dir), 'select model, regexp_extract(path, \'[^/]+$\') as file, rows from main.mdl_ingested_files order by path')).toEqual([
      { model: 'model.shop.bronze_orders', file: '2024-01.csv', rows: 2 },
      { model: 'model.shop.bronze_orders', file: '2024-02.csv', rows: 1 },
    ]);

    // No new files: nothing is read, 0 rows added.
    const again = await buildBronze(dir);
    expect(again.rows).toBe(0);
    expect(again.message).toContain('no new files, 2 already ingested');
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.bronze_orders')).toEqual([{ n: 3 }]);

    // One new file: only its rows arrive (the old files' rows keep their first ingested_at).
    const before = await queryDb(warehouseOf(dir), 'select min(ingested_at) as t from main.bronze_orders');
    writeFiles(dir, { 'landing/orders/2024-03.csv': 'id,amount\n4,40\n5,50\n' });
    const third = await buildBronze(dir);
    expect(third.rows).toBe(2);
    expect(third.message).toContain('from 1 file');
    expect(await perFile(dir)).toEqual([
      { file: '2024-01.csv', n: 2, amount: 30 }, { file: '2024-02.csv', n: 1, amount: 30 }, { file: '2024-03.csv', n: 2, amount: 90 },
    ]);
    expect(await queryDb(warehouseOf(dir), "select min(ingested_at) as t from main.bronze_orders where _source_file like '%2024-01.csv'")).toEqual(before);

    // A changed file (new size): its old rows are replaced, the others untouched.
    writeFiles(dir, { 'landing/orders/2024-02.csv': 'id,amount\n3,31\n6,60\n' });
    const fourth = await buildBronze(dir);
    expect(fourth.message).toContain('1 re-ingested');
    expect(await perFile(dir)).toEqual([
      { file: '2024-01.csv', n: 2, amount: 30 }, { file: '2024-02.csv', n: 2, amount: 91 }, { file: '2024-03.csv', n: 2, amount: 90 },
    ]);

    // A removed landing file keeps its rows; --full-refresh rebuilds from what is there.
    rmSync(join(dir, 'landing/orders/2024-01.csv'));
    expect((await buildBronze(dir)).rows).toBe(0);
    const full = await buildBronze(dir, true);
    expect(full.rows).toBe(4);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.mdl_ingested_files')).toEqual([{ n: 2 }]);
  });

  it('reads Parquet landing files, and silver merges by key so the latest ingested version wins', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/bronze_customers.sql': "{{ config(materialized='incremental') }}\nselect * from {{ ingest_files('landing/customers/*.parquet') }}\n",
      'models/silver_customers.sql': [
        "{{ config(materialized='incremental', unique_key='id') }}",
        'select id, segment, _source_file from {{ ref(\'bronze_customers\') }}',
        '{% if is_incremental() %}where _source_file not in (select _source_file from {{ this }}){% endif %}',
        'qualify row_number() over (partition by id order by _source_file desc) = 1',
        '',
      ].join('\n'),
    });
    const scratch = join(dir, 'scratch.duckdb');
    const land = (file: string, rows: string) =>
      queryDb(scratch, `copy (select * from (values ${rows}) as t(id, segment)) to '${join(dir, 'landing/customers', file)}' (format parquet)`);
    mkdirSync(join(dir, 'landing/customers'), { recursive: true });
    await land('day1.parquet', "(1, 'bronze'), (2, 'silver')");
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    await land('day2.parquet', "(2, 'gold'), (3, 'bronze')");
    const second = await build({ projectDir: dir, reporter: quiet() });
    expect(second.results.map((r) => [r.name, r.rows])).toEqual([['bronze_customers', 2], ['silver_customers', 2]]);
    expect(await queryDb(warehouseOf(dir), 'select id, segment from main.silver_customers order by id')).toEqual([
      { id: 1, segment: 'bronze' }, { id: 2, segment: 'gold' }, { id: 3, segment: 'bronze' },
    ]);
  });

  it('passes reader options through (all columns as text, as a bronze layer wants)', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/raw_text.sql': "{{ config(materialized='incremental') }}\nselect * from {{ ingest_files('landing/*.csv', options='all_varchar = true') }}\n",
      'landing/a.csv': 'id,amount\n007, 12\n',
    });
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select id, amount from main.raw_text')).toEqual([{ id: '007', amount: ' 12' }]);
  });

  it('compiles to a reader over the whole glob, and fails clearly when no file matches on the first run', async () => {
    const dir = writeProject(bronze);
    const compiled = await compile({ projectDir: dir, reporter: quiet() });
    const sql = compiled.manifest.nodes['model.shop.bronze_orders']?.compiled_code ?? '';
    expect(sql).toContain("read_csv('landing/orders/*.csv', filename = '_source_file', union_by_name = true)");
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results[0]?.message).toContain('No landing files match landing/orders/*.csv');
  });

  it('several ingestion models in one schema run in parallel (one state table, no catalog conflict)', async () => {
    const entities = ['a', 'b', 'c', 'd', 'e', 'f'];
    const files: Record<string, string> = { 'project.yml': 'name: shop\n' };
    for (const e of entities) {
      files[`models/${e}.sql`] = `{{ config(materialized='incremental') }}select * from {{ ingest_files('landing/${e}/*.csv') }}`;
      files[`landing/${e}/1.csv`] = 'id\n1\n';
    }
    // The race is timing-dependent (about every other fresh warehouse hit it before the fix).
    for (let trial = 0; trial < 6; trial++) {
      const dir = writeProject(files);
      const outcome = await build({ projectDir: dir, reporter: quiet(), threads: 4 });
      expect(outcome.results.filter((r) => r.status !== 'success').map((r) => r.message)).toEqual([]);
      expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.mdl_ingested_files')).toEqual([{ n: 6 }]);
    }
  });

  describe('declared columns (columns=)', () => {
    const declared = (columns: string, options = "options='header = true'") => ({
      'project.yml': 'name: shop\n',
      'models/bronze_orders.sql': `{{ config(materialized='incremental') }}\nselect * from {{ ingest_files('landing/orders/*.csv', ${options}, columns=${columns}) }}\n`,
    });
    const rows = (dir: string) => queryDb(warehouseOf(dir), `select id, amount, regexp_extract(_source_file, '[^/]+$') as file
      from main.bronze_orders order by file, id`);

    it('reads files by the names in their header, whatever their column order, as the declared types', async () => {
      const dir = writeProject({
        ...declared("{'id': 'INTEGER', 'amount': 'DECIMAL(10,2)'}"),
        'landing/orders/a.csv': 'id,amount\n1,10.50\n',
        // Another order of columns, a BOM, CRLF line ends and a quoted header name.
        'landing/orders/b.csv': '\uFEFFamount,"id"\r\n20.25,2\r\n',
      });
      await buildBronze(dir);
      expect(await rows(dir)).toEqual([{ id: 1, amount: 10.5, file: 'a.csv' }, { id: 2, amount: 20.25, file: 'b.csv' }]);
      expect(await queryDb(warehouseOf(dir), "select data_type as t from information_schema.columns where table_name = 'bronze_orders' and column_name = 'id'")).toEqual([{ t: 'INTEGER' }]);
    });

    it('rejects a file whose header does not name the declared columns, naming it and the difference; nothing is ingested', async () => {
      const dir = writeProject({
        ...declared("['id', 'amount']"),
        'landing/orders/a.csv': 'id,amount\n1,10\n',
      });
      await buildBronze(dir);
      writeFiles(dir, { 'landing/orders/b.csv': 'id,amont,note\n2,20,x\n', 'landing/orders/c.csv': 'id,amount\n3,30\n' });
      const outcome = await build({ projectDir: dir, reporter: quiet() });
      const result = outcome.results.find((r) => r.name === 'bronze_orders')!;
      expect(result.status).toBe('error');
      expect(result.message).toContain('landing/orders/b.csv');
      expect(result.message).toContain('missing amount; unexpected amont, note');
      expect(await rows(dir)).toEqual([{ id: '1', amount: '10', file: 'a.csv' }]);
      writeFiles(dir, { 'landing/orders/b.csv': '' });
      const empty = await build({ projectDir: dir, reporter: quiet() });
      expect(empty.results.find((r) => r.name === 'bronze_orders')!.message).toMatch(/landing\/orders\/b\.csv is empty/);
    });

    it('with header = false takes the declared columns by position', async () => {
      const dir = writeProject({
        ...declared("['id', 'amount']", "options='header = false'"),
        'landing/orders/a.csv': '1,10\n2,20\n',
      });
      await buildBronze(dir);
      expect(await rows(dir)).toEqual([{ id: '1', amount: '10', file: 'a.csv' }, { id: '2', amount: '20', file: 'a.csv' }]);
    });
  });
});
