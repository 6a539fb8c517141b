import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ManifestNode } from '../compile/manifest-types.js';
import { GateClosed } from '../execute/gate.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';
import { isFullBuild, runIncremental } from '../materializations/run-incremental.js';
import { groupByHeader, headerOff } from './csv-header.js';
import { checkedCsvReaderSql, readerSql, replaceIngest, SOURCE_FILE_COLUMN, type IngestRequest } from './marker.js';
import { createStateTableSql, decideFiles, recordFilesSql, stateTableName, type LandingFile } from './state.js';

/**
 * One CREATE of the state table per warehouse and schema at a time: ingestion models running in
 * parallel on other connections would otherwise hit DuckDB's catalog write-write conflict.
 */
const creating = new WeakMap<object, Map<string, Promise<unknown>>>();
async function ensureStateTable(ctx: RunNodeContext, schema: string): Promise<void> {
  let bySchema = creating.get(ctx.warehouse);
  if (!bySchema) creating.set(ctx.warehouse, (bySchema = new Map()));
  let pending = bySchema.get(schema);
  if (!pending) {
    pending = ctx.connection.execute(createStateTableSql(schema, ctx.warehouse.dialect));
    bySchema.set(schema, pending);
    pending.catch(() => bySchema!.delete(schema));
  }
  await pending;
}

/** The landing files matching the glob now, sorted by path. */
async function listFiles(ctx: RunNodeContext, pattern: string): Promise<LandingFile[]> {
  const rows = await ctx.connection.query(`SELECT file FROM glob(${ctx.warehouse.dialect.literal(pattern)}) ORDER BY file`);
  return rows.map((r) => {
    const path = String(r.file);
    const stat = statSync(path);
    return { path, size: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
  });
}

/**
 * An incremental model over `ingest_files(glob)`: reads only new and changed landing files and
 * records them in the state table, in the same transaction as the rows.
 */
export async function runIngest(node: ManifestNode, ctx: RunNodeContext, request: IngestRequest): Promise<NodeOutcome> {
  const { connection } = ctx;
  const dialect = ctx.warehouse.dialect;
  const pattern = isAbsolute(request.glob) ? request.glob : resolve(ctx.projectDir, request.glob);
  const lit = dialect.literal;
  try {
    const files = await listFiles(ctx, pattern);
    const full = isFullBuild(node, ctx);
    await ensureStateTable(ctx, node.schema);
    const known = full ? [] : (await connection.query(
      `SELECT path, size, mtime_ms FROM ${stateTableName(node.schema, dialect)} WHERE model = ${lit(node.unique_id)}`,
    )).map((r) => ({ path: String(r.path), size: Number(r.size), mtimeMs: Number(r.mtime_ms) }));
    const decision = decideFiles(files, known);
    const toRead = [...decision.fresh, ...decision.changed].sort((a, b) => a.path.localeCompare(b.path));
    if (toRead.length === 0) {
      if (full) return { status: 'error', action: 'error', message: `No landing files match ${request.glob} (looked for ${pattern}).` };
      return { status: 'success', action: 'no new files for', rows: 0, message: `OK 0 (no new files, ${decision.unchanged.length} already ingested)` };
    }
    const rowsByPath = new Map<string, number>();
    const paths = toRead.map((f) => f.path);
    const reader = !request.columns ? readerSql(request, paths)
      : headerOff(request.options) ? checkedCsvReaderSql(request, [{ order: request.columns.map(([name]) => name), paths }])
        : checkedCsvReaderSql(request, groupByHeader(paths, request.columns.map(([name]) => name), request.options));
    const outcome = await runIncremental(node, ctx, {
      sql: replaceIngest(node.compiled_code ?? '', reader),
      beforeApply: async (conn, target) => {
        if (decision.changed.length === 0) return;
        const columns = (await conn.query(`DESCRIBE ${target}`)).map((r) => String(r.column_name));
        if (!columns.includes(SOURCE_FILE_COLUMN)) {
          throw new Error(`${decision.changed.length} landing file(s) changed since they were ingested, but ${node.name} has no ${SOURCE_FILE_COLUMN} column to find their old rows. ` +
            `Keep ${SOURCE_FILE_COLUMN} in the select list (select * keeps it).`);
        }
        await conn.execute(`DELETE FROM ${target} WHERE ${dialect.quoteIdentifier(SOURCE_FILE_COLUMN)} IN (${decision.changed.map((f) => lit(f.path)).join(', ')})`);
      },
      afterWrite: async (conn, fullBuild) => {
        const target = dialect.relationName({ schema: node.schema, name: node.alias });
        const counts = await conn.query(`SELECT ${dialect.quoteIdentifier(SOURCE_FILE_COLUMN)} AS path, count(*) AS n FROM ${target} ` +
          `WHERE ${dialect.quoteIdentifier(SOURCE_FILE_COLUMN)} IN (${toRead.map((f) => lit(f.path)).join(', ')}) GROUP BY 1`).catch(() => []);
        for (const r of counts) rowsByPath.set(String(r.path), Number(r.n));
        for (const sql of recordFilesSql(node.schema, node.unique_id, toRead, rowsByPath, fullBuild, dialect)) await conn.execute(sql);
      },
    });
    if (outcome.status === 'error') return outcome;
    const reread = decision.changed.length ? `, ${decision.changed.length} re-ingested` : '';
    return { ...outcome, message: `${outcome.message} from ${toRead.length} file${toRead.length === 1 ? '' : 's'}${reread}` };
  } catch (error) {
    if (error instanceof GateClosed) throw error;
    return { status: 'error', action: 'error', message: (error as Error).message };
  }
}
