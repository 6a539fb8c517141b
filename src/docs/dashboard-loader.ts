/**
 * Loads `dashboards/*.yml`, runs each tile's and chart's SQL on the warehouse and returns the
 * results ready to embed. A broken file stops generation (every problem listed); a query that
 * fails only marks its tile or chart, so one stale dashboard does not hide the docs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../adapters/adapter.js';
import type { Manifest } from '../compile/manifest-types.js';
import { MdlError, type Diagnostic } from '../errors/diagnostic.js';
import { redact } from '../errors/redact.js';
import { parseDashboard, type ChartSpec, type DashboardSpec, type TileSpec } from './dashboard-spec.js';
import type { SiteChart, SiteDashboard, SiteTile } from './site-types.js';

export const DASHBOARD_DIR = 'dashboards';

/** Reads and validates every dashboard file; throws one MdlError listing all problems. */
export function loadDashboardSpecs(projectDir: string): DashboardSpec[] {
  const dir = join(projectDir, DASHBOARD_DIR);
  if (!existsSync(dir)) return [];
  const diagnostics: Diagnostic[] = [];
  const specs: DashboardSpec[] = [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  for (const name of files) {
    const file = `${DASHBOARD_DIR}/${name}`;
    const spec = parseDashboard(file, readFileSync(join(dir, name), 'utf8'), diagnostics);
    if (spec) specs.push(spec);
  }
  const seen = new Map<string, string>();
  for (const spec of specs) {
    const other = seen.get(spec.name);
    if (other) {
      diagnostics.push({
        code: 'E_DASHBOARD_DUPLICATE', kind: 'Parsing Error', file: spec.file,
        message: `Dashboard name '${spec.name}' is also used by ${other}.`, hint: 'Rename one of the files.',
      });
    }
    seen.set(spec.name, spec.file);
  }
  if (diagnostics.length > 0) throw new MdlError(diagnostics);
  return specs;
}

export interface DashboardQueryContext {
  readonly manifest: Manifest;
  readonly query: (sql: string) => Promise<Row[]>;
  readonly renderSql?: (sql: string) => Promise<string>;
}

export interface RunDashboardsResult {
  readonly dashboards: SiteDashboard[];
  /** One line per failed query: `dashboards/x.yml: chart "Title": <database message>`. */
  readonly problems: string[];
}

export async function runDashboards(specs: readonly DashboardSpec[], context: DashboardQueryContext): Promise<RunDashboardsResult> {
  const problems: string[] = [];
  const dashboards: SiteDashboard[] = [];
  for (const spec of specs) {
    const run = async (what: string, sql: string): Promise<{ rows: Row[]; error: string | null }> => {
      try {
        const rendered = context.renderSql ? await context.renderSql(sql) : resolveRefs(sql, context.manifest);
        return { rows: (await context.query(rendered)).map(plainRow), error: null };
      } catch (error) {
        const message = redact(error instanceof Error ? error.message : String(error));
        problems.push(`${spec.file}: ${what}: ${message}`);
        return { rows: [], error: message };
      }
    };
    const tiles: SiteTile[] = [];
    for (const t of spec.tiles) tiles.push(tileResult(t, await run(`tile "${t.title}"`, t.sql)));
    const charts: SiteChart[] = [];
    for (const c of spec.charts) charts.push(chartResult(c, await run(`chart "${c.title}"`, c.sql), spec.file, problems));
    dashboards.push({ name: spec.name, title: spec.title, description: spec.description, file: spec.file, tiles, charts });
  }
  return { dashboards, problems };
}

function tileResult(spec: TileSpec, result: { rows: Row[]; error: string | null }): SiteTile {
  const base = { title: spec.title, format: spec.format, deltaLabel: spec.deltaLabel };
  if (result.error) return { ...base, value: null, delta: null, error: result.error };
  const row = result.rows[0];
  if (!row) return { ...base, value: null, delta: null, error: 'The query returned no rows.' };
  const columns = Object.keys(row);
  const valueColumn = spec.value ?? columns[0]!;
  const missing = [valueColumn, spec.delta].filter((c): c is string => c !== null && !(c in row));
  if (missing.length > 0) {
    return { ...base, value: null, delta: null, error: `Column ${missing.map((c) => `'${c}'`).join(', ')} not in the result (columns: ${columns.join(', ')}).` };
  }
  const delta = spec.delta ? toNumber(row[spec.delta]) : null;
  return { ...base, value: row[valueColumn] ?? null, delta, error: null };
}

function chartResult(spec: ChartSpec, result: { rows: Row[]; error: string | null }, file: string, problems: string[]): SiteChart {
  const rows = result.rows.slice(0, spec.limit);
  const columns = result.rows[0] ? Object.keys(result.rows[0]) : [];
  let error = result.error;
  if (!error && rows.length > 0) {
    const wanted = [spec.x, ...spec.y, ...spec.columns].filter((c): c is string => c !== null);
    const missing = wanted.filter((c) => !columns.includes(c));
    if (missing.length > 0) {
      error = `Column ${missing.map((c) => `'${c}'`).join(', ')} not in the result (columns: ${columns.join(', ')}).`;
      problems.push(`${file}: chart "${spec.title}": ${error}`);
    }
  }
  return {
    title: spec.title, type: spec.type, x: spec.x, y: spec.y, horizontal: spec.horizontal, format: spec.format,
    width: spec.width, columns: spec.columns.length > 0 ? spec.columns : columns,
    rows: error ? [] : rows, truncated: result.rows.length > rows.length, error,
  };
}

/**
 * Without a renderer from the compile stage, `{{ ref('x') }}` and `{{ source('s', 't') }}`
 * are resolved against the manifest so dashboards written dbt-style still work.
 */
export function resolveRefs(sql: string, manifest: Manifest): string {
  return sql.replace(/\{\{\s*(ref|source)\s*\(([^)]*)\)\s*\}\}/g, (whole, fn: string, args: string) => {
    const names = [...args.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    if (fn === 'ref') {
      const name = names[names.length - 1];
      const node = Object.values(manifest.nodes).find((n) => n.name === name && n.resource_type !== 'test');
      if (!node?.relation_name) throw new Error(`ref('${name}') does not name a model or seed with a relation.`);
      return node.relation_name;
    }
    const source = Object.values(manifest.sources).find((s) => s.source_name === names[0] && s.name === names[1]);
    if (!source) throw new Error(`source('${names.join("', '")}') is not defined.`);
    return source.relation_name;
  });
}

/** JSON-friendly values: dates as ISO text (date only at midnight UTC), big integers as numbers or text. */
function plainRow(row: Row): Row {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
