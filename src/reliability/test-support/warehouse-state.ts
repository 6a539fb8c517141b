/**
 * A content fingerprint of every relation in a DuckDB file, for the crash-safety harness:
 * tables by an md5 over their sorted rows, views by their SQL. Opening the file is itself one of
 * the checks (a file a crash left unreadable throws here).
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** `schema.name` -> `table:<rows>:<md5>` or `view:<md5 of sql>`. */
export type WarehouseState = ReadonlyMap<string, string>;

const SYSTEM_SCHEMAS = "('information_schema', 'pg_catalog')";

async function rows(connection: Awaited<ReturnType<DuckDBInstance['connect']>>, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Reads the state of the file at `path` (opening it read-write, as the next mdl run would).
 * `volatileColumns` are left out of table hashes: values such as a load timestamp differ on
 * every build by design.
 */
export async function readWarehouseState(path: string, volatileColumns: readonly string[] = []): Promise<WarehouseState> {
  const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    const state = new Map<string, string>();
    const tables = await rows(connection, `SELECT schema_name AS s, table_name AS n FROM duckdb_tables()
      WHERE database_name = current_database() AND NOT temporary AND schema_name NOT IN ${SYSTEM_SCHEMAS}`);
    for (const t of tables) {
      const name = `${quote(String(t.s))}.${quote(String(t.n))}`;
      const columns = await rows(connection, `SELECT column_name AS c FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = '${String(t.s).replaceAll("'", "''")}' AND table_name = '${String(t.n).replaceAll("'", "''")}'`);
      const skip = columns.map((c) => String(c.c)).filter((c) => volatileColumns.includes(c));
      const source = skip.length ? `(SELECT * EXCLUDE (${skip.map(quote).join(', ')}) FROM ${name})` : name;
      // A row as text is its struct literal; sorting makes the hash independent of storage order.
      const [digest] = await rows(connection, `SELECT count(*) AS c, md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) AS h
        FROM (SELECT CAST(t AS VARCHAR) AS r FROM ${source} AS t)`);
      state.set(`${t.s}.${t.n}`, `table:${String(digest?.c)}:${String(digest?.h)}`);
    }
    const views = await rows(connection, `SELECT schema_name AS s, view_name AS n, md5(sql) AS h FROM duckdb_views()
      WHERE database_name = current_database() AND NOT internal AND NOT temporary AND schema_name NOT IN ${SYSTEM_SCHEMAS}`);
    for (const v of views) state.set(`${v.s}.${v.n}`, `view:${String(v.h)}`);
    return state;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Relations whose names say they are mdl's temporary or staging objects. */
export function temporaryRelations(state: WarehouseState): string[] {
  return [...state.keys()].filter((name) => /__mdl|__tmp|__backup|mdl_tmp|mdl_staging/i.test(name));
}

/**
 * Differences that break "each relation holds exactly its previous or its new content".
 * A relation may be missing only if it was missing before.
 */
export function atomicityViolations(after: WarehouseState, before: WarehouseState, next: WarehouseState): string[] {
  const problems: string[] = [];
  const names = new Set([...before.keys(), ...next.keys(), ...after.keys()]);
  for (const name of [...names].sort()) {
    const now = after.get(name);
    const old = before.get(name);
    const fresh = next.get(name);
    if (now === old || now === fresh) continue;
    if (now === undefined) problems.push(`${name} is missing (it existed before and after an uninterrupted build)`);
    else if (old === undefined && fresh === undefined) problems.push(`${name} should not exist`);
    else problems.push(`${name} holds neither its previous nor its new content (${now}; before ${old ?? 'absent'}, after ${fresh ?? 'absent'})`);
  }
  return problems;
}

/** Differences between two states, for "the next build matches an uninterrupted one". */
export function stateDifferences(actual: WarehouseState, expected: WarehouseState): string[] {
  const problems: string[] = [];
  for (const name of new Set([...actual.keys(), ...expected.keys()])) {
    if (actual.get(name) !== expected.get(name)) problems.push(`${name}: ${actual.get(name) ?? 'absent'}, expected ${expected.get(name) ?? 'absent'}`);
  }
  return problems.sort();
}
