import { splitArgs } from '../render/renderer.js';

/** What the template asked for: a glob relative to the project, a format, extra reader options. */
export interface IngestRequest {
  readonly glob: string;
  readonly format: 'csv' | 'parquet' | 'json';
  /** Extra reader arguments as SQL, e.g. `delim = ';'`. */
  readonly options?: string;
  /**
   * CSV only: the columns every file holds, with their types (VARCHAR when given as a list). mdl
   * checks each file's header against them and DuckDB reads without sniffing (csv-header.ts).
   */
  readonly columns?: readonly (readonly [string, string])[];
}

/** The column every ingested row carries: the absolute path of its file. */
export const SOURCE_FILE_COLUMN = '_source_file';

const MARKER_RE = /\/\*mdl:ingest:([A-Za-z0-9_-]+)\*\/[\s\S]*?\/\*mdl:ingest-end\*\//;

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A reader over `files` (one glob or an explicit list), adding the source-file column. */
export function readerSql(request: IngestRequest, files: string | readonly string[]): string {
  const fn = request.format === 'parquet' ? 'read_parquet' : request.format === 'json' ? 'read_json_auto' : 'read_csv';
  const list = typeof files === 'string' ? quote(files) : `[${files.map(quote).join(', ')}]`;
  const extra = request.options ? `, ${request.options}` : '';
  return `${fn}(${list}, filename = ${quote(SOURCE_FILE_COLUMN)}, union_by_name = true${extra})`;
}

/**
 * The `ingest_files(glob, format=None, options=None)` template function. Renders a reader over the
 * whole glob inside a marker; the ingestion runner swaps in the list of new files.
 */
export function ingestFiles(...args: unknown[]): string {
  const { positional, kwargs } = splitArgs(args);
  const glob = String(positional[0] ?? kwargs.glob ?? '');
  const given = positional[1] ?? kwargs.format;
  const format = String(given ?? (/\.parquet$/i.test(glob) ? 'parquet' : /\.json$/i.test(glob) ? 'json' : 'csv')) as IngestRequest['format'];
  const options = positional[2] ?? kwargs.options;
  const columns = declaredColumns(positional[3] ?? kwargs.columns);
  if (columns && format !== 'csv') throw new Error(`ingest_files(): columns= is for CSV files; ${format} files carry their own schema.`);
  const request: IngestRequest = { glob, format, ...(options ? { options: String(options) } : {}), ...(columns ? { columns } : {}) };
  const encoded = Buffer.from(JSON.stringify(request)).toString('base64url');
  return `/*mdl:ingest:${encoded}*/${readerSql(request, glob)}/*mdl:ingest-end*/`;
}

/** `columns=`: a list of names (all VARCHAR) or a mapping of name to DuckDB type. */
function declaredColumns(value: unknown): [string, string][] | undefined {
  if (value === undefined || value === null) return undefined;
  const pairs: [string, string][] = Array.isArray(value)
    ? value.map((name) => [String(name), 'VARCHAR'])
    : typeof value === 'object' ? Object.entries(value as Record<string, unknown>).filter(([k]) => k !== '__keywords').map(([k, v]) => [k, String(v)]) : [];
  if (pairs.length === 0) throw new Error('ingest_files(): columns= must be a non-empty list of column names, or a mapping of names to types.');
  return pairs;
}

/**
 * The reader of CSV files with declared columns, from their headers (groupByHeader): one read_csv
 * per run of files listing the columns in the same order, without sniffing, joined by name.
 */
export function checkedCsvReaderSql(request: IngestRequest, groups: readonly { order: readonly string[]; paths: readonly string[] }[]): string {
  const declared = request.columns ?? [];
  const typeOf = new Map(declared.map(([name, type]) => [name.toLowerCase(), [name, type] as const]));
  const header = /\bheader\s*=/i.test(request.options ?? '') ? '' : ', header = true';
  const extra = request.options ? `, ${request.options}` : '';
  const reads = groups.map((g) => {
    const columns = g.order.map((h) => {
      const [name, type] = typeOf.get(h.toLowerCase()) ?? [h, 'VARCHAR'];
      return `${quote(name)}: ${quote(type)}`;
    }).join(', ');
    return `read_csv([${g.paths.map(quote).join(', ')}], filename = ${quote(SOURCE_FILE_COLUMN)}, auto_detect = false${header}, columns = {${columns}}${extra})`;
  });
  return reads.length === 1 ? reads[0]! : `(${reads.map((r) => `select * from ${r}`).join(' union all by name ')})`;
}

/** Finds the ingest_files() call in compiled SQL. */
export function findIngest(sql: string): IngestRequest | undefined {
  const match = MARKER_RE.exec(sql);
  return match ? (JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as IngestRequest) : undefined;
}

/** Replaces the marked reader with `reader`. */
export function replaceIngest(sql: string, reader: string): string {
  return sql.replace(MARKER_RE, () => reader);
}
