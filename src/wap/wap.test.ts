import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../api/index.js';
import { captureReporter, cleanupProjects, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const files = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +schema: gold\n',
  'seeds/raw.csv': 'id,amount\n1,10\n2,20\n',
  'models/stg.sql': "select id, amount from {{ ref('raw') }}",
  'models/marts/totals.sql': "{{ config(materialized='table') }}select count(*) as n, sum(amount) as amount from {{ ref('stg') }}",
  'models/marts/history.sql': "{{ config(materialized='incremental') }}select current_date as day, n, amount from {{ ref('totals') }}",
  'models/schema.yml': [
    'models:',
    '  - name: stg',
    '    columns:',
    '      - name: id',
    '        data_tests: [not_null]',
    '      - name: amount',
    '        data_tests:',
    '          - not_null:',
    '              config: {severity: warn}',
    '',
  ].join('\n'),
};
const state = async (dir: string) => ({
  totals: await queryDb(warehouseOf(dir), 'select n, amount from gold.totals'),
  history: await queryDb(warehouseOf(dir), 'select n, amount from gold.history order by n'),
  raw: await queryDb(warehouseOf(dir), 'select count(*) as n from main.raw'),
  schemas: (await queryDb(warehouseOf(dir), "select schema_name from information_schema.schemata where schema_name like '%wap%'")).length,
});
async function wapBuild(dir: string) {
  const captured = captureReporter();
  const outcome = await build({ projectDir: dir, reporter: captured.reporter, wap: true });
  return { outcome, out: captured.out() + captured.err() };
}

describe('mdl build --wap', () => {
  it('publishes when the audit passes (warn tests do not block), with views pointing at production', async () => {
    const dir = writeProject(files);
    const { outcome, out } = await wapBuild(dir);
    expect(outcome.exitCode).toBe(0);
    expect(out).toContain('WAP: audit passed; published 4 relations');
    expect(await state(dir)).toEqual({ totals: [{ n: 2, amount: 30 }], history: [{ n: 2, amount: 30 }], raw: [{ n: 2 }], schemas: 0 });
    const view = await queryDb(warehouseOf(dir), "select sql from duckdb_views() where view_name = 'stg'");
    expect(String(view[0]?.sql)).not.toContain('__wap');

    // A warn-severity failure (NULL amount) still publishes; the incremental model keeps its history.
    writeFiles(dir, { 'seeds/raw.csv': 'id,amount\n1,10\n2,20\n3,\n' });
    const second = await wapBuild(dir);
    expect(second.outcome.exitCode).toBe(0);
    expect(second.outcome.results.find((r) => r.status === 'warn')?.name).toContain('not_null_stg_amount');
    expect(await state(dir)).toEqual({ totals: [{ n: 3, amount: 30 }], history: [{ n: 2, amount: 30 }, { n: 3, amount: 30 }], raw: [{ n: 3 }], schemas: 0 });
  });

  it('a failing error-severity test publishes nothing and leaves production as it was', async () => {
    const dir = writeProject(files);
    expect((await wapBuild(dir)).outcome.exitCode).toBe(0);
    const before = await state(dir);
    writeFiles(dir, { 'seeds/raw.csv': 'id,amount\n1,10\n2,20\n,99\n' });
    const { outcome, out } = await wapBuild(dir);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.find((r) => r.name.startsWith('not_null_stg_id'))?.status).toBe('fail');
    expect(out).toContain('WAP: audit failed (not_null_stg_id fail');
    expect(out).toContain('production is unchanged');
    expect(await state(dir)).toEqual(before);
  });

  it('`wap: true` in project.yml makes every build write-audit-publish without the flag', async () => {
    const dir = writeProject({ ...files, 'project.yml': `wap: true\n${files['project.yml']}` });
    const captured = captureReporter();
    expect((await build({ projectDir: dir, reporter: captured.reporter })).exitCode).toBe(0);
    expect(captured.out()).toContain('WAP: audit passed');
    const before = await state(dir);
    writeFiles(dir, { 'seeds/raw.csv': 'id,amount\n1,10\n2,20\n,99\n' });
    const second = captureReporter();
    expect((await build({ projectDir: dir, reporter: second.reporter })).exitCode).toBe(1);
    expect(second.out()).toContain('production is unchanged');
    expect(await state(dir)).toEqual(before);
  });

  it('without --wap the same failure reaches production (the contrast WAP exists for)', async () => {
    const dir = writeProject(files);
    await build({ projectDir: dir, reporter: captureReporter().reporter });
    writeFiles(dir, { 'seeds/raw.csv': 'id,amount\n1,10\n,99\n' });
    expect((await build({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(1);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.raw')).toEqual([{ n: 2 }]);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.stg where id is null')).toEqual([{ n: 1 }]);
  });

  it('external files are written to a staging folder and swapped in only when the audit passes', async () => {
    const dir = writeProject({
      ...files,
      'models/marts/export.sql': "{{ config(materialized='external', location='lake/raw', partition_by=['id']) }}select * from {{ ref('stg') }}",
    });
    const first = await wapBuild(dir);
    expect(first.outcome.exitCode, first.out).toBe(0);
    expect(readdirSync(join(dir, 'lake'))).toEqual(['raw']);
    expect(readdirSync(join(dir, 'lake/raw')).sort()).toEqual(['id=1', 'id=2']);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from gold.export')).toEqual([{ n: 2 }]);
    // The export does not depend on the failing test's model, so it runs (into lake/raw.wap) and is discarded.
    writeFiles(dir, {
      'seeds/raw.csv': 'id,amount\n1,10\n5,20\n,99\n',
      'models/marts/export.sql': "{{ config(materialized='external', location='lake/raw', partition_by=['id']) }}select * from {{ ref('raw') }} where id is not null",
    });
    const failed = await wapBuild(dir);
    expect(failed.outcome.exitCode).toBe(1);
    expect(failed.outcome.results.find((r) => r.name === 'export')?.status).toBe('success');
    expect(readdirSync(join(dir, 'lake'))).toEqual(['raw']);
    expect(readdirSync(join(dir, 'lake/raw')).sort()).toEqual(['id=1', 'id=2']);
  });

  it('file ingestion under WAP: state is published with the rows, and a failed audit forgets nothing', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/bronze.sql': "{{ config(materialized='incremental') }}select * from {{ ingest_files('landing/*.csv') }}",
      'models/schema.yml': 'models:\n  - name: bronze\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
      'landing/a.csv': 'id\n1\n2\n',
    });
    expect((await wapBuild(dir)).outcome.exitCode).toBe(0);
    const ingested = () => queryDb(warehouseOf(dir), "select regexp_extract(path, '[^/]+$') as file from main.mdl_ingested_files order by 1");
    expect(await ingested()).toEqual([{ file: 'a.csv' }]);
    writeFiles(dir, { 'landing/b.csv': 'id\n\n' });
    expect((await wapBuild(dir)).outcome.exitCode).toBe(1);
    expect(await ingested()).toEqual([{ file: 'a.csv' }]);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.bronze')).toEqual([{ n: 2 }]);
    writeFiles(dir, { 'landing/b.csv': 'id\n3\n' });
    const fixed = await wapBuild(dir);
    expect(fixed.outcome.results.find((r) => r.name === 'bronze')?.rows).toBe(1);
    expect(await ingested()).toEqual([{ file: 'a.csv' }, { file: 'b.csv' }]);
    expect(await queryDb(warehouseOf(dir), 'select id from main.bronze order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
