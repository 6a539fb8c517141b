/**
 * CSV seeds for Spark, pure: parse the file's text, infer column types, and write the SQL that
 * loads it. The rows travel inside the SQL (`VALUES`), not as a file path, because the Spark
 * server (a cluster, a Databricks warehouse) generally cannot read the client's disk.
 */
import type { Relation } from '../adapter.js';
import { literal, quoteIdentifier, relationName } from './dialect.js';

export interface ParsedCsv {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** RFC 4180 parsing: quoted fields may hold delimiters, newlines and doubled quotes. */
export function parseCsv(
  text: string,
  options: { delimiter?: string; quote?: string; header?: boolean } = {},
): ParsedCsv {
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (inQuotes) {
      if (ch === quote && body[i + 1] === quote) {
        field += quote;
        i++;
      } else if (ch === quote) {
        inQuotes = false;
      } else {
        field += ch;
      }
    } else if (ch === quote && field === '') {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      if (fieldStarted || field !== '' || record.length > 0) record.push(field);
      if (record.length > 0) records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  if (options.header === false) {
    const width = Math.max(0, ...records.map((r) => r.length));
    return { header: Array.from({ length: width }, (_, i) => `column${i}`), rows: records };
  }
  const [header = [], ...rows] = records;
  return { header: header.map((name) => name.trim()), rows };
}

// DuckDB keeps numbers written with a leading zero ('007', '01.5': codes, not quantities) and
// numbers with a leading '+' as text; so does this, or the same seed loses its zeros on Spark.
const PATTERNS: readonly [string, RegExp | ((value: string) => boolean)][] = [
  ['boolean', /^(true|false)$/i],
  ['bigint', (v) => /^-?(0|[1-9]\d*)$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n],
  ['double', /^-?((0|[1-9]\d*)(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/],
];

/**
 * Infers a Spark type per column from its non-empty values, like DuckDB's read_csv would:
 * integers become bigint, other numbers double, then boolean, date, timestamp, else string.
 */
export function inferColumnType(values: readonly string[]): string {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'string';
  for (const [type, pattern] of PATTERNS) {
    const matches = typeof pattern === 'function' ? pattern : (v: string) => pattern.test(v);
    if (present.every(matches)) return type;
  }
  return 'string';
}

/**
 * Spark's name for a type written in a project shared with DuckDB: `varchar`/`text` without a
 * length (which Spark rejects) is `string`; other names pass through for Spark to check.
 */
export function sparkTypeName(type: string): string {
  const normalized = type.trim().toLowerCase();
  if (['varchar', 'text', 'char', 'bpchar', 'string'].includes(normalized)) return 'string';
  if (normalized === 'integer') return 'int';
  return type.trim();
}

/** Column types: explicit `column_types` first (matched case-insensitively), else inferred. */
export function seedColumnTypes(
  csv: ParsedCsv,
  columnTypes: Readonly<Record<string, string>>,
): readonly string[] {
  const explicit = new Map(Object.entries(columnTypes).map(([k, v]) => [k.toLowerCase(), sparkTypeName(v)]));
  return csv.header.map(
    (name, i) => explicit.get(name.toLowerCase()) ?? inferColumnType(csv.rows.map((r) => r[i] ?? '')),
  );
}

/** Splits rows into batches whose SQL stays under `maxChars` (Thrift messages have limits). */
export function batchRows(
  rows: readonly (readonly string[])[],
  maxChars = 500_000,
): (readonly (readonly string[])[])[] {
  const batches: (readonly string[])[][] = [];
  let current: (readonly string[])[] = [];
  let size = 0;
  for (const row of rows) {
    const rowSize = row.reduce((n, v) => n + v.length + 4, 4);
    if (current.length > 0 && size + rowSize > maxChars) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += rowSize;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** `VALUES (...), (...) AS v(c0, c1)`: every value a string literal, empty fields NULL. */
function valuesClause(rows: readonly (readonly string[])[], width: number): string {
  const tuples = rows.map(
    (row) =>
      '(' +
      Array.from({ length: width }, (_, i) => {
        const value = row[i] ?? '';
        return value === '' ? 'CAST(NULL AS string)' : literal(value);
      }).join(', ') +
      ')',
  );
  const names = Array.from({ length: width }, (_, i) => `c${i}`).join(', ');
  return `VALUES\n  ${tuples.join(',\n  ')}\nAS v(${names})`;
}

/** Casts the all-string staging columns `c0..cn` to the seed's names and types. */
function typedSelect(header: readonly string[], types: readonly string[], from: string): string {
  const columns = header.map((name, i) => `CAST(c${i} AS ${types[i]}) AS ${quoteIdentifier(name)}`);
  return `SELECT\n  ${columns.join(',\n  ')}\nFROM ${from}`;
}

/**
 * The statements loading a seed. One batch: a single atomic `CREATE OR REPLACE TABLE ... AS
 * SELECT ... FROM VALUES`. Several: the batches go into a string staging table first, then one
 * atomic replace of the seed table, so readers never see a half-loaded seed.
 */
export function seedStatements(
  relation: Relation,
  csv: ParsedCsv,
  types: readonly string[],
  maxBatchChars?: number,
): readonly string[] {
  const width = csv.header.length;
  // Delta refuses these characters in column names unless columns are mapped by name; a seed's
  // header is known here, so turn mapping on only for the seeds that need it.
  const mapped = csv.header.some((name) => /[ ,;{}()\n\t=]/.test(name));
  const properties = mapped ? "\nTBLPROPERTIES ('delta.columnMapping.mode' = 'name')" : '';
  const replace = (select: string) => `CREATE OR REPLACE TABLE ${relationName(relation)}\nUSING delta${properties}\nAS\n${select}`;
  const batches = batchRows(csv.rows, maxBatchChars);
  if (batches.length <= 1) {
    const rows = batches[0] ?? [];
    const from = rows.length > 0 ? valuesClause(rows, width) : `${valuesClause([[]], width)}\nWHERE false`;
    return [replace(typedSelect(csv.header, types, from))];
  }
  const staging = { schema: relation.schema, name: `${relation.name}__mdl_seed_load` };
  const stagingName = relationName(staging);
  return [
    `CREATE OR REPLACE TABLE ${stagingName} USING delta AS SELECT * FROM ${valuesClause(batches[0]!, width)}`,
    ...batches.slice(1).map((batch) => `INSERT INTO ${stagingName} SELECT * FROM ${valuesClause(batch, width)}`),
    replace(typedSelect(csv.header, types, stagingName)),
    `DROP TABLE IF EXISTS ${stagingName}`,
  ];
}
