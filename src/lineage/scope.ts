import { combine, EMPTY, unresolved, withFlags, withNote, type Derivation } from './derivation.js';

/** One output column of a query, CTE, subquery or relation. */
export interface OutputColumn {
  readonly name: string;
  readonly derivation: Derivation;
  /** False when the SQL gives no name and DuckDB would generate one (e.g. `a + 1`). */
  readonly named: boolean;
}

/** Columns that cannot be listed, e.g. a `*` over `read_csv(...)` or a relation not in the catalog. */
export interface OpenColumns {
  resolve(column: string): Derivation;
  /** What a `*` over these columns derives from. */
  readonly star: Derivation;
}

/** What a query (or FROM item) produces: its listed columns, plus possibly unlisted ones. */
export interface QueryShape {
  readonly columns: readonly OutputColumn[];
  readonly open?: OpenColumns;
}

/** A FROM item visible under an alias. */
export interface Binding {
  /** Lower-cased alias (or table name) that qualified references use. */
  readonly alias: string;
  /** As written, for notes. */
  readonly label: string;
  /** Lower-cased schema and table of a base table, for `schema.table.column` references. */
  readonly schema?: string;
  readonly table?: string;
  readonly shape: QueryShape;
}

/** Name resolution context of one SELECT (with its enclosing SELECTs for correlated references). */
export interface Scope {
  readonly bindings: readonly Binding[];
  /** Columns merged by `USING (...)` or NATURAL joins: an unqualified reference means all sides. */
  readonly merged: ReadonlySet<string>;
  readonly parent?: Scope;
  readonly lambdaParams?: ReadonlySet<string>;
  /** What a `*` / `COLUMNS(*)` inside an expression stands for while one expanded column is walked. */
  readonly star?: Derivation;
  /** Select-list aliases defined so far (DuckDB lets later items refer to them). */
  readonly aliases?: ReadonlyMap<string, Derivation>;
}

/** Keywords DuckDB parses as column references and binds as functions when no column matches. */
const NILADIC: ReadonlySet<string> = new Set([
  'current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp',
  'current_user', 'current_role', 'current_schema', 'current_catalog', 'session_user', 'user',
]);

export const ROOT_SCOPE: Scope = { bindings: [], merged: new Set() };

const columnMaps = new WeakMap<QueryShape, Map<string, OutputColumn>>();

/** A listed column by name, case-insensitively (the first one, as DuckDB binds duplicates). */
export function findColumn(shape: QueryShape, name: string): OutputColumn | undefined {
  let byName = columnMaps.get(shape);
  if (!byName) {
    // Built once per shape: wide tables are looked up once per reference.
    byName = new Map();
    for (const c of shape.columns) if (!byName.has(c.name.toLowerCase())) byName.set(c.name.toLowerCase(), c);
    columnMaps.set(shape, byName);
  }
  return byName.get(name.toLowerCase());
}

function fromBinding(binding: Binding, column: string): Derivation {
  const found = findColumn(binding.shape, column);
  if (found) return found.derivation;
  if (binding.shape.open) return binding.shape.open.resolve(column);
  return unresolved(`column ${column} not found in ${binding.label}`);
}

/** `a.b` where `a` is a column means a struct field: computed, not a plain copy. */
function fieldAccess(d: Derivation, isField: boolean): Derivation {
  return isField ? withFlags(d, { expression: true }) : d;
}

function qualified(scope: Scope, parts: readonly string[]): Derivation | undefined {
  const lower = parts.map((p) => p.toLowerCase());
  const byAlias = scope.bindings.find((b) => b.alias === lower[0]);
  if (byAlias) return fieldAccess(fromBinding(byAlias, parts[1]!), parts.length > 2);
  if (parts.length >= 3) {
    const byName = scope.bindings.find((b) => b.schema === lower[0] && b.table === lower[1]);
    if (byName) return fieldAccess(fromBinding(byName, parts[2]!), parts.length > 3);
  }
  return undefined;
}

function unqualified(scope: Scope, name: string): Derivation | undefined {
  const lower = name.toLowerCase();
  if (scope.lambdaParams?.has(lower)) return EMPTY;
  const found: { binding: Binding; derivation: Derivation }[] = [];
  const open: Binding[] = [];
  for (const b of scope.bindings) {
    const column = findColumn(b.shape, name);
    if (column) found.push({ binding: b, derivation: column.derivation });
    else if (b.shape.open) open.push(b);
  }
  const labels = (bs: readonly Binding[]) => bs.map((b) => b.label).join(', ');
  if (found.length > 1) {
    if (scope.merged.has(lower)) return combine(found.map((f) => f.derivation));
    return unresolved(`ambiguous column ${name} (in ${labels(found.map((f) => f.binding))})`);
  }
  if (found.length === 1) {
    const only = found[0]!.derivation;
    if (open.length === 0) return only;
    return withNote(only, `column ${name} may also come from ${labels(open)} (columns unknown)`);
  }
  // Not a listed column: an earlier select-list alias, or `current_date` and friends (they parse as
  // column references), are likelier than a column of a relation whose columns we cannot see.
  const alias = scope.aliases?.get(lower);
  if (alias) return alias;
  if (NILADIC.has(lower)) return withFlags(EMPTY, { expression: true });
  if (open.length === 1) return open[0]!.shape.open!.resolve(name);
  if (open.length > 1) return unresolved(`cannot tell which of ${labels(open)} has column ${name} (columns unknown)`);
  return undefined;
}

/**
 * Resolves a column reference (`c`, `t.c`, `schema.t.c`, `c.field`) to what it derives from,
 * looking in the innermost SELECT first, then enclosing ones (correlated subqueries).
 */
export function resolveColumn(scope: Scope, parts: readonly string[]): Derivation {
  if (parts.length >= 2) {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const d = qualified(s, parts);
      if (d) return d;
    }
  }
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const d = unqualified(s, parts[0]!);
    if (d) return fieldAccess(d, parts.length > 1);
  }
  return unresolved(`unknown column ${parts.join('.')}`);
}

/** `#n`: the n-th column (1-based) of the FROM clause. */
export function resolvePosition(scope: Scope, index: number): Derivation {
  let remaining = index;
  for (const b of scope.bindings) {
    if (remaining <= b.shape.columns.length) return b.shape.columns[remaining - 1]!.derivation;
    if (b.shape.open) return unresolved(`#${index} falls in columns of ${b.label} that are unknown`);
    remaining -= b.shape.columns.length;
  }
  return unresolved(`#${index} is past the last column`);
}
