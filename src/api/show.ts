import type { Row } from '../adapters/adapter.js';
import { compileProject } from '../compile/compile.js';
import { MdlError } from '../errors/diagnostic.js';
import type { CommonOptions } from './options.js';
import { compileOptions, openWarehouse } from './project-context.js';

export interface ShowOptions extends CommonOptions {
  readonly inline?: string;
  readonly limit?: number;
}

/** `mdl show`: a preview of a model's compiled SQL (or inline SQL) with a row limit. */
export async function show(options: ShowOptions): Promise<{ columns: string[]; rows: Row[] }> {
  const compiled = await compileProject(compileOptions(options));
  let sql: string;
  if (options.inline) {
    sql = renderInline(options.inline, compiled);
  } else {
    const name = options.select?.[0];
    const node = Object.values(compiled.manifest.nodes).find((n) => n.name === name && n.compiled_code !== undefined);
    if (!node) {
      throw new MdlError({ code: 'E_SHOW', kind: 'Selection Error', message: `No model or analysis named '${name ?? ''}' to show.`, hint: 'Pass --select <name> or --inline "select ...".' });
    }
    sql = node.compiled_code!;
  }
  const warehouse = await openWarehouse({ ...compiled.target, read_only: compiled.target.type === 'duckdb' }, compiled.project.dir);
  try {
    const connection = await warehouse.connection(0);
    const limit = options.limit ?? 10;
    let rows: Row[];
    try {
      const preview = `select * from (\n${sql}\n) as mdl_show limit ${Math.max(0, Math.floor(limit))}`;
      rows = await (connection.queryForDisplay ? connection.queryForDisplay(preview) : connection.query(preview));
    } catch (error) {
      throw new MdlError({
        code: 'E_DATABASE', kind: 'Database Error', message: (error as Error).message,
        hint: options.inline ? 'Fix the SQL passed to --inline.' : 'Build the model first (mdl build -s <name>), then show it.',
      }, { exitCode: 1, cause: error });
    }
    return { columns: rows[0] ? Object.keys(rows[0]) : [], rows };
  } finally {
    await warehouse.close();
  }
}

/** Inline SQL may use ref('x') and source('a','b'): resolve them against the manifest. */
function renderInline(sql: string, compiled: Awaited<ReturnType<typeof compileProject>>): string {
  return sql
    .replace(/{{\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*}}/g, (whole, name: string) =>
      Object.values(compiled.manifest.nodes).find((n) => n.name === name && n.relation_name)?.relation_name ?? whole)
    .replace(/{{\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*}}/g, (whole, s: string, t: string) =>
      Object.values(compiled.manifest.sources).find((x) => x.source_name === s && x.name === t)?.relation_name ?? whole);
}

/** Renders rows as an aligned text table for the terminal. */
export function formatTable(columns: readonly string[], rows: readonly Row[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? 'NULL' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line([...columns]), sep, ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}
