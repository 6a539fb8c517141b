/**
 * Dashboard files (`dashboards/*.yml`): parse and validate, with every problem reported at
 * its file, line and column. Pure: no file system, no database.
 *
 * ```yaml
 * title: Executive overview
 * description: Markdown shown under the title.
 * tiles:
 *   - title: Revenue
 *     sql: select total_revenue, last_month_growth_pct from {{ ref('executive_kpis') }}
 *     value: total_revenue        # default: the first column
 *     format: currency            # number | integer | currency | percent | text
 *     delta: last_month_growth_pct
 * charts:
 *   - title: Monthly revenue
 *     type: line                  # line | area | bar | pie | table
 *     sql: select month, revenue from {{ ref('monthly_revenue') }} order by month
 *     x: month
 *     y: revenue                  # or a list of columns
 * ```
 */
import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { isRecord, parseYamlFile, type YamlFile, type YamlPath } from '../project/yaml-file.js';
import type { ChartType, ValueFormat } from './site-types.js';

export interface TileSpec {
  readonly title: string;
  readonly sql: string;
  readonly value: string | null;
  readonly format: ValueFormat;
  readonly delta: string | null;
  readonly deltaLabel: string | null;
}

export interface ChartSpec {
  readonly title: string;
  readonly type: ChartType;
  readonly sql: string;
  readonly x: string | null;
  readonly y: readonly string[];
  readonly horizontal: boolean;
  readonly format: ValueFormat;
  readonly width: 'half' | 'full';
  readonly columns: readonly string[];
  /** Most rows embedded in the page. */
  readonly limit: number;
}

/** A validated dashboard file. */
export interface DashboardSpec {
  /** File name without extension; the page is `#/dashboard/<name>`. */
  readonly name: string;
  /** Path relative to the project directory. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly tiles: readonly TileSpec[];
  readonly charts: readonly ChartSpec[];
}

export const CHART_TYPES: readonly ChartType[] = ['line', 'area', 'bar', 'pie', 'table'];
export const VALUE_FORMATS: readonly ValueFormat[] = ['number', 'integer', 'currency', 'percent', 'text'];
const DASHBOARD_KEYS = ['title', 'description', 'tiles', 'charts'];
const TILE_KEYS = ['title', 'sql', 'value', 'format', 'delta', 'delta_label'];
const CHART_KEYS = ['title', 'type', 'sql', 'x', 'y', 'horizontal', 'format', 'width', 'columns', 'limit'];
const DEFAULT_LIMIT = 1000;

/** Parses one dashboard file; returns the spec, or undefined with diagnostics pushed. */
export function parseDashboard(file: string, text: string, diagnostics: Diagnostic[]): DashboardSpec | undefined {
  const yaml = parseYamlFile(file, text, diagnostics);
  if (!yaml) return undefined;
  const before = diagnostics.length;
  const check = new Checker(yaml, diagnostics);
  const root = yaml.value;
  if (!isRecord(root)) {
    check.fail([], 'A dashboard file must be a mapping with `title` and `tiles` and/or `charts`.');
    return undefined;
  }
  check.keys(root, [], DASHBOARD_KEYS, 'dashboard');
  const title = check.string(root, [], 'title', true) ?? '';
  const description = check.string(root, [], 'description', false) ?? '';
  const tiles = check.list(root, [], 'tiles').map((item, i) => tile(check, item, ['tiles', i]));
  const charts = check.list(root, [], 'charts').map((item, i) => chart(check, item, ['charts', i]));
  if (tiles.length === 0 && charts.length === 0 && diagnostics.length === before) {
    check.fail([], 'The dashboard has no `tiles` and no `charts`; add at least one.');
  }
  if (diagnostics.length > before) return undefined;
  const name = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  return { name, file, title, description, tiles: tiles as TileSpec[], charts: charts as ChartSpec[] };
}

function tile(check: Checker, item: unknown, path: YamlPath): TileSpec | undefined {
  if (!isRecord(item)) return check.fail(path, 'A tile must be a mapping with `title` and `sql`.');
  check.keys(item, path, TILE_KEYS, 'tile');
  return {
    title: check.string(item, path, 'title', true) ?? '',
    sql: check.string(item, path, 'sql', true) ?? '',
    value: check.string(item, path, 'value', false),
    format: check.oneOf(item, path, 'format', VALUE_FORMATS) ?? 'number',
    delta: check.string(item, path, 'delta', false),
    deltaLabel: check.string(item, path, 'delta_label', false),
  };
}

function chart(check: Checker, item: unknown, path: YamlPath): ChartSpec | undefined {
  if (!isRecord(item)) return check.fail(path, 'A chart must be a mapping with `title`, `type` and `sql`.');
  check.keys(item, path, CHART_KEYS, 'chart');
  const type = check.oneOf(item, path, 'type', CHART_TYPES);
  if (item.type === undefined) check.fail(path, `Chart has no \`type\`; use one of ${CHART_TYPES.join(', ')}.`);
  const x = check.string(item, path, 'x', false);
  const y = check.names(item, path, 'y');
  if (type && type !== 'table') {
    if (!x) check.fail(path, `A ${type} chart needs \`x\`: the column for the ${type === 'pie' ? 'slice names' : 'horizontal axis'}.`);
    if (y.length === 0) check.fail(path, `A ${type} chart needs \`y\`: the column (or list of columns) with the values.`);
    if (type === 'pie' && y.length > 1) check.fail([...path, 'y'], 'A pie chart takes exactly one `y` column.');
  }
  const horizontal = item.horizontal === undefined ? false : item.horizontal;
  if (typeof horizontal !== 'boolean') check.fail([...path, 'horizontal'], '`horizontal` must be true or false.');
  else if (horizontal && type !== 'bar') check.fail([...path, 'horizontal'], '`horizontal` only applies to bar charts.');
  const columns = check.names(item, path, 'columns');
  if (columns.length > 0 && type !== 'table') check.fail([...path, 'columns'], '`columns` only applies to table charts.');
  const limit = item.limit === undefined ? DEFAULT_LIMIT : item.limit;
  if (!Number.isInteger(limit) || (limit as number) < 1) check.fail([...path, 'limit'], '`limit` must be a positive whole number of rows.');
  return {
    title: check.string(item, path, 'title', true) ?? '',
    type: type ?? 'table',
    sql: check.string(item, path, 'sql', true) ?? '',
    x,
    y,
    horizontal: horizontal === true,
    format: check.oneOf(item, path, 'format', VALUE_FORMATS) ?? 'number',
    width: check.oneOf(item, path, 'width', ['half', 'full'] as const) ?? (type === 'table' || type === 'line' || type === 'area' ? 'full' : 'half'),
    columns,
    limit: typeof limit === 'number' ? limit : DEFAULT_LIMIT,
  };
}

/** Small validation helpers that turn each problem into a positioned diagnostic. */
class Checker {
  constructor(private readonly yaml: YamlFile, private readonly diagnostics: Diagnostic[]) {}

  fail(path: YamlPath, message: string): undefined {
    const pos = this.yaml.position(path);
    const where = path.length > 0 ? `${describe(path)}: ` : '';
    this.diagnostics.push({
      code: 'E_DASHBOARD_INVALID',
      kind: 'Parsing Error',
      file: this.yaml.file,
      line: pos?.line,
      column: pos?.column,
      message: `${where}${message}`,
      hint: 'Fix the dashboard file; its format is described in the mdl docs README (src/docs/README.md).',
    });
    return undefined;
  }

  keys(value: Record<string, unknown>, path: YamlPath, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail([...path, key], `Unknown ${what} key \`${key}\`.${didYouMean(key, allowed)} Allowed: ${allowed.join(', ')}.`);
      }
    }
  }

  string(value: Record<string, unknown>, path: YamlPath, key: string, required: boolean): string | null {
    const v = value[key];
    if (v === undefined || v === null) {
      if (required) this.fail(path, `Missing \`${key}\`.`);
      return null;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail([...path, key], `\`${key}\` must be a non-empty string.`);
      return null;
    }
    return v;
  }

  oneOf<T extends string>(value: Record<string, unknown>, path: YamlPath, key: string, allowed: readonly T[]): T | null {
    const v = value[key];
    if (v === undefined) return null;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.fail([...path, key], `\`${key}\` is ${JSON.stringify(v)}; use one of ${allowed.join(', ')}.${typeof v === 'string' ? didYouMean(v, allowed) : ''}`);
    return null;
  }

  /** A column name or a list of column names. */
  names(value: Record<string, unknown>, path: YamlPath, key: string): string[] {
    const v = value[key];
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    if (list.some((s) => typeof s !== 'string' || s === '')) {
      this.fail([...path, key], `\`${key}\` must be a column name or a list of column names.`);
      return [];
    }
    return list as string[];
  }

  list(value: Record<string, unknown>, path: YamlPath, key: string): unknown[] {
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail([...path, key], `\`${key}\` must be a list.`);
      return [];
    }
    return v;
  }
}

/** `charts[2].type` */
function describe(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
