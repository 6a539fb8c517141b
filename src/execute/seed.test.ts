import { afterAll, describe, expect, it } from 'vitest';
import { seed } from '../api/index.js';
import { captureReporter, cleanupProjects, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const columnTypes = (dir: string, table: string) =>
  queryDb(warehouseOf(dir), `select column_name as name, data_type as type from information_schema.columns where table_name = '${table}' order by ordinal_position`);

describe('seeds', () => {
  it('load with DuckDB types, column_types overrides from YAML and project.yml, and reload on change', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nseeds:\n  shop:\n    codes:\n      +column_types: { code: varchar }\n',
      'seeds/codes.csv': 'code,label\n007,Bond\n042,Answer\n',
      'seeds/amounts.csv': 'id,amount,day\n1,10.5,2024-01-02\n2,3.25,2024-01-03\n',
      'seeds/properties.yml': 'seeds:\n  - name: amounts\n    config:\n      column_types: { amount: "decimal(10,2)" }\n',
    });
    const outcome = await seed({ projectDir: dir, reporter: captureReporter().reporter });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.map((r) => [r.name, r.status, r.rows]).sort()).toEqual([['amounts', 'success', 2], ['codes', 'success', 2]]);
    expect(await queryDb(warehouseOf(dir), 'select code from main.codes order by code')).toEqual([{ code: '007' }, { code: '042' }]);
    expect(await columnTypes(dir, 'amounts')).toEqual([
      { name: 'id', type: 'BIGINT' }, { name: 'amount', type: 'DECIMAL(10,2)' }, { name: 'day', type: 'DATE' },
    ]);
    writeFiles(dir, { 'seeds/codes.csv': 'code,label\n001,One\n' });
    await seed({ projectDir: dir, reporter: captureReporter().reporter });
    expect(await queryDb(warehouseOf(dir), 'select code, label from main.codes')).toEqual([{ code: '001', label: 'One' }]);
  });

  it('honours delimiter, quote and header settings', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/semi.csv': "id;name\n1;'a;b'\n2;c\n",
      'seeds/noheader.csv': '1,x\n2,y\n',
      'seeds/properties.yml': [
        'seeds:',
        '  - name: semi',
        "    config: { delimiter: ';', quote: \"'\" }",
        '  - name: noheader',
        '    config: { header: false }',
        '',
      ].join('\n'),
    });
    expect((await seed({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
    expect(await queryDb(warehouseOf(dir), 'select id, name from main.semi order by id')).toEqual([{ id: 1, name: 'a;b' }, { id: 2, name: 'c' }]);
    expect(await queryDb(warehouseOf(dir), 'select count(*) as n from main.noheader')).toEqual([{ n: 2 }]);
  });

  it('reports a ragged CSV with its file and line, and keeps the other seeds', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/ragged.csv': 'id,name\n1,a\n2,b\n3,c,extra\n4,d\n',
      'seeds/fine.csv': 'id\n1\n',
      'seeds/short.csv': 'id,name\n1,a\n2\n3,c\n',
    });
    const captured = captureReporter();
    const outcome = await seed({ projectDir: dir, reporter: captured.reporter });
    expect(outcome.exitCode).toBe(1);
    const ragged = outcome.results.find((r) => r.name === 'ragged')!;
    expect(ragged.status).toBe('error');
    expect(ragged.message).toContain('seeds/ragged.csv:4');
    expect(outcome.results.find((r) => r.name === 'short')!.message).toContain('seeds/short.csv:3');
    expect(outcome.results.find((r) => r.name === 'fine')!.status).toBe('success');
    expect(captured.out()).toContain('seeds/ragged.csv:4');
  });

  it('reports a value that does not fit a declared column type, naming the file', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nseeds:\n  shop:\n    typed:\n      +column_types: { n: integer }\n',
      'seeds/typed.csv': 'n\n1\n2\nthree\n',
    });
    const outcome = await seed({ projectDir: dir, reporter: captureReporter().reporter });
    expect(outcome.exitCode).toBe(1);
    const message = outcome.results[0]!.message!;
    expect(message).toContain('seeds/typed.csv:4');
    expect(message).toContain('Could not convert string "three"');
  });

  it('blames column_types, not the CSV, for an unknown column or type there; loads BOM, CRLF, quoted newlines and header-only files', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nseeds:\n  shop:\n    a:\n      +column_types: { nope: integer }\n    b:\n      +column_types: { n: intger }\n',
      'seeds/a.csv': 'n\n1\n',
      'seeds/b.csv': 'n\n1\n',
      'seeds/bom.csv': '\uFEFFid,name\n1,x\n',
      'seeds/crlf.csv': 'id,name\r\n1,x\r\n2,y\r\n',
      'seeds/quoted.csv': 'id,txt\n1,"two\nlines, one comma"\n2,plain\n',
      'seeds/header_only.csv': 'a,b\n',
    });
    const outcome = await seed({ projectDir: dir, reporter: captureReporter().reporter });
    const by = Object.fromEntries(outcome.results.map((r) => [r.name, r]));
    expect(by.a!.message).toContain('Fix column_types of seed a');
    expect(by.a!.message).toContain('"nope"');
    expect(by.b!.message).toContain('Fix column_types of seed b');
    expect(by.b!.message).toContain('intger');
    expect([by.bom!.rows, by.crlf!.rows, by.quoted!.rows, by.header_only!.rows]).toEqual([1, 2, 2, 0]);
    expect(await queryDb(warehouseOf(dir), 'select id, name from main.bom')).toEqual([{ id: 1, name: 'x' }]);
    expect(await queryDb(warehouseOf(dir), 'select txt from main.quoted where id = 1')).toEqual([{ txt: 'two\nlines, one comma' }]);
  });
});
