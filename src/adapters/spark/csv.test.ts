import { describe, expect, it } from 'vitest';
import { batchRows, inferColumnType, parseCsv, seedColumnTypes, seedStatements } from './csv.js';

describe('spark seed CSV parsing (pure)', () => {
  it('parses quoted fields holding delimiters, quotes and newlines, with CRLF and a BOM', () => {
    const csv = parseCsv('\uFEFFid,name,note\r\n1,"Smith, Ann","said ""hi""\nthen left"\r\n2,Bob,\r\n');
    expect(csv.header).toEqual(['id', 'name', 'note']);
    expect(csv.rows).toEqual([
      ['1', 'Smith, Ann', 'said "hi"\nthen left'],
      ['2', 'Bob', ''],
    ]);
  });

  it('honours delimiter, quote and header options', () => {
    expect(parseCsv("a;b\n'x;y';2", { delimiter: ';', quote: "'" }).rows).toEqual([['x;y', '2']]);
    expect(parseCsv('1,2\n3,4', { header: false })).toEqual({
      header: ['column0', 'column1'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], rows: [] });
  });

  it('infers types like a CSV reader would, empty values ignored', () => {
    expect(inferColumnType(['1', '-20', ''])).toBe('bigint');
    expect(inferColumnType(['1', '2.50'])).toBe('double');
    expect(inferColumnType(['true', 'FALSE'])).toBe('boolean');
    expect(inferColumnType(['2024-01-31', ''])).toBe('date');
    expect(inferColumnType(['2024-01-31 10:00:00', '2024-02-01T11:30:00.5'])).toBe('timestamp');
    expect(inferColumnType(['2024-01-31', 'soon'])).toBe('string');
    expect(inferColumnType(['007', 'x'])).toBe('string');
    expect(inferColumnType(['', ''])).toBe('string');
    // As DuckDB's read_csv: leading zeros and a leading '+' keep the text; int64 range is bigint.
    expect(inferColumnType(['007', '010'])).toBe('string');
    expect(inferColumnType(['00'])).toBe('string');
    expect(inferColumnType(['01.5', '2'])).toBe('string');
    expect(inferColumnType(['+5'])).toBe('string');
    expect(inferColumnType(['0', '0.5', '.5', '5.', '1e3'])).toBe('double');
    expect(inferColumnType(['0', '-3'])).toBe('bigint');
    expect(inferColumnType(['9223372036854775807', '-9223372036854775808'])).toBe('bigint');
    expect(inferColumnType(['9223372036854775808'])).toBe('double');
  });

  it('lets column_types override inference, matching names case-insensitively', () => {
    const csv = parseCsv('ID,amount,day,n\n1,2.5,2024-01-01,3\n');
    expect(seedColumnTypes(csv, { id: 'varchar', amount: 'decimal(10,2)', N: 'INTEGER' })).toEqual([
      'string',
      'decimal(10,2)',
      'date',
      'int',
    ]);
  });

  it('batches rows under a size limit without splitting a row', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [String(i), 'x'.repeat(10)]);
    const batches = batchRows(rows, 60);
    expect(batches.flat()).toEqual(rows);
    expect(batches.length).toBeGreaterThan(1);
    expect(batchRows([], 60)).toEqual([]);
  });

  it('loads one batch with a single atomic CREATE OR REPLACE', async () => {
    const csv = parseCsv("id,name\n1,O'Brien\n2,\n");
    const sql = seedStatements({ schema: 'raw', name: 'people' }, csv, ['bigint', 'string']);
    expect(sql).toHaveLength(1);
    await expect(sql[0] + ';\n').toMatchFileSnapshot('./goldens/seed-one-batch.sql');
  });

  it('loads several batches through a staging table, then one atomic replace', async () => {
    const csv = parseCsv('id\n1\n2\n3\n');
    const sql = seedStatements({ schema: 'raw', name: 'ids' }, csv, ['bigint'], 10);
    await expect(sql.join(';\n\n') + ';\n').toMatchFileSnapshot('./goldens/seed-batches.sql');
  });

  it('creates an empty typed table from a header-only file', () => {
    const [sql] = seedStatements({ schema: 'raw', name: 'empty' }, parseCsv('a,b\n'), ['bigint', 'string']);
    expect(sql).toContain('WHERE false');
    expect(sql).toContain('CAST(c0 AS bigint) AS `a`');
  });

  it('maps columns by name only for a header Delta would refuse (a space, a comma, parentheses)', () => {
    const [plain] = seedStatements({ schema: 'raw', name: 'p' }, parseCsv('id,first_name\n1,a\n'), ['bigint', 'string']);
    expect(plain).not.toContain('TBLPROPERTIES');
    const [spaced] = seedStatements({ schema: 'raw', name: 'p' }, parseCsv('id,first name,cost (eur)\n1,a,2\n'), ['bigint', 'string', 'bigint']);
    expect(spaced).toContain("USING delta\nTBLPROPERTIES ('delta.columnMapping.mode' = 'name')\nAS\n");
    expect(spaced).toContain('AS `first name`');
  });
});
