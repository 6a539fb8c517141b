import { splitArgs } from '../render/renderer.js';

/** What the template asked for: a glob relative to the project, a format, extra reader options. */
export interface IngestRequest {
  readonly glob: string;
  readonly format: 'csv' | 'parquet' | 'json';
  /** Extra reader arguments as SQL, e.g. `delim = ';'`. */
  readonly options?: string;
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
  const request: IngestRequest = { glob, format, ...(options ? { options: String(options) } : {}) };
  const encoded = Buffer.from(JSON.stringify(request)).toString('base64url');
  return `/*mdl:ingest:${encoded}*/${readerSql(request, glob)}/*mdl:ingest-end*/`;
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
