import type { Connection } from '../adapters/adapter.js';

/**
 * DuckDB's parse tree as `json_serialize_sql()` returns it. Fields are read through the helpers
 * below because the tree is untyped JSON and `skip_empty` drops empty strings and lists.
 */
export type PNode = { readonly [key: string]: unknown };

export function str(node: PNode, key: string): string {
  const v = node[key];
  return typeof v === 'string' ? v : '';
}

export function list(node: PNode, key: string): readonly PNode[] {
  const v = node[key];
  return Array.isArray(v) ? (v as PNode[]) : [];
}

export function strings(node: PNode, key: string): readonly string[] {
  const v = node[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

export function child(node: PNode, key: string): PNode | undefined {
  const v = node[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as PNode) : undefined;
}

/** The first statement's query node, or the parser's error message. */
export type ParseResult = { readonly ok: true; readonly node: PNode } | { readonly ok: false; readonly error: string };

/** How many statements go into one `json_serialize_sql` query: one round trip per batch. */
const BATCH_SIZE = 100;

function literal(sql: string): string {
  return `'${sql.replace(/'/g, "''")}'`;
}

function toResult(json: unknown): ParseResult {
  let tree: PNode;
  try {
    tree = JSON.parse(String(json)) as PNode;
  } catch {
    return { ok: false, error: 'json_serialize_sql returned invalid JSON' };
  }
  if (tree.error === true) return { ok: false, error: str(tree, 'error_message') || 'the SQL does not parse' };
  const statements = list(tree, 'statements');
  const node = statements[0] ? child(statements[0], 'node') : undefined;
  return node ? { ok: true, node } : { ok: false, error: 'no SELECT statement found' };
}

function runBatch(connection: Connection, batch: readonly string[]): Promise<ParseResult[]> {
  const values = batch.map((sql, i) => `(${i}, ${literal(sql)})`).join(', ');
  return connection
    .query(
      `SELECT i, json_serialize_sql(s, skip_null := true, skip_empty := true) AS tree
         FROM (VALUES ${values}) AS v(i, s) ORDER BY i`,
    )
    .then((rows) => rows.map((row) => toResult(row.tree)));
}

/**
 * Parses many SQL texts with DuckDB's own parser, a batch of statements per query (a VALUES list
 * feeding `json_serialize_sql`). Yields one batch at a time, in input order, while DuckDB already
 * parses the next one, so the caller's work on a batch overlaps DuckDB's. Bad SQL yields
 * `{ ok: false }`, it does not throw.
 */
export async function* parseBatches(connection: Connection, sqls: readonly string[]): AsyncGenerator<ParseResult[]> {
  const start = (from: number): Promise<ParseResult[]> => {
    const pending = runBatch(connection, sqls.slice(from, from + BATCH_SIZE));
    pending.catch(() => undefined); // awaited below; this only stops an early failure being "unhandled"
    return pending;
  };
  let next = sqls.length > 0 ? start(0) : undefined;
  for (let from = 0; next; from += BATCH_SIZE) {
    const results = await next;
    next = from + BATCH_SIZE < sqls.length ? start(from + BATCH_SIZE) : undefined;
    yield results;
  }
}

/** All results of {@link parseBatches} at once. */
export async function parseQueries(connection: Connection, sqls: readonly string[]): Promise<ParseResult[]> {
  const results: ParseResult[] = [];
  for await (const batch of parseBatches(connection, sqls)) results.push(...batch);
  return results;
}
