import type { CteEnv, CteEntry, LineageContext } from './context.js';
import { combine, edge, unresolved, withFlags, type Derivation } from './derivation.js';
import { walkExpr } from './expr-walker.js';
import { child, list, str, strings, type PNode } from './parse-tree.js';
import { walkQuery } from './query-walker.js';
import type { Binding, OpenColumns, QueryShape, Scope } from './scope.js';

/** The FROM clause's visible relations, and columns merged by USING / NATURAL joins. */
export interface FromResult {
  readonly bindings: readonly Binding[];
  readonly merged: ReadonlySet<string>;
}

const NOTHING: FromResult = { bindings: [], merged: new Set() };

function openAll(d: Derivation): OpenColumns {
  return { resolve: () => d, star: d };
}

/** `AS t(a, b)` (or a CTE's `name(a, b)`) renames the first columns positionally. */
export function renamed(shape: QueryShape, aliases: readonly string[]): QueryShape {
  if (aliases.length === 0) return shape;
  const columns = shape.columns.map((c, i) => (i < aliases.length ? { ...c, name: aliases[i]!, named: true } : c));
  if (aliases.length > shape.columns.length && shape.open) {
    // Names given for columns we could not list: keep them, derived like the rest of the unknown columns.
    const open = shape.open;
    for (const name of aliases.slice(shape.columns.length)) columns.push({ name, derivation: open.resolve(name), named: true });
  }
  return { columns, open: shape.open };
}

function ephemeralShape(entry: CteEntry, id: string): QueryShape {
  const columns = entry.shape.columns.map((c) => ({ name: c.name, derivation: edge(id, c.name), named: c.named }));
  const open = entry.shape.open;
  return open ? { columns, open: { resolve: (c) => edge(id, c), star: open.star } } : { columns };
}

function baseTable(t: PNode, env: CteEnv, ctx: LineageContext): Binding {
  const schemaName = str(t, 'schema_name');
  const tableName = str(t, 'table_name');
  const schema = schemaName.toLowerCase();
  const table = tableName.toLowerCase();
  const label = str(t, 'alias') || tableName;
  const cte = !schema && !str(t, 'catalog_name') ? env.get(table) : undefined;
  let shape: QueryShape;
  if (cte) {
    shape = cte.ephemeral ? ephemeralShape(cte, cte.ephemeral) : cte.shape;
  } else {
    const id = ctx.relations.find(schema, table);
    const written = schemaName ? `${schemaName}.${tableName}` : tableName;
    if (id) {
      const names = ctx.columnsOf(id);
      shape = names
        ? { columns: names.map((name) => ({ name, derivation: edge(id, name), named: true })) }
        : { columns: [], open: { resolve: (c) => edge(id, c), star: unresolved(`columns of ${id} are unknown (not in the catalog)`) } };
    } else {
      shape = { columns: [], open: openAll(unresolved(`${written} is not a model, seed or source of this project`)) };
    }
  }
  return { alias: label.toLowerCase(), label, schema, table, shape: renamed(shape, strings(t, 'column_name_alias')) };
}

/** Table functions whose rows are computed from their arguments only. */
const GENERATORS: ReadonlySet<string> = new Set(['range', 'generate_series', 'unnest', 'repeat_row', 'json_each', 'json_tree']);

function isFileReader(name: string): boolean {
  return name.startsWith('read_') || name.endsWith('_scan') || name === 'glob' || name === 'sniff_csv';
}

function tableFunction(t: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): Binding {
  const fn = child(t, 'function') ?? {};
  const name = str(fn, 'function_name').toLowerCase();
  const label = str(t, 'alias') || name;
  // Files are outside the project graph; generators compute from their arguments; anything else
  // (a table macro, an extension's scan) may read anything.
  const derivation = isFileReader(name)
    ? unresolved('reads files')
    : GENERATORS.has(name)
      ? withFlags(combine(list(fn, 'children').map((a) => walkExpr(a, scope, env, ctx))), { expression: true })
      : unresolved(`table function ${name}() is not traced`);
  const shape = renamed({ columns: [], open: openAll(derivation) }, strings(t, 'column_name_alias'));
  return { alias: label.toLowerCase(), label, shape };
}

function valuesList(t: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): Binding {
  const rows = (Array.isArray(t.values) ? t.values : []) as PNode[][];
  const width = rows[0]?.length ?? 0;
  const names = strings(t, 'expected_names');
  const columns = Array.from({ length: width }, (_, i) => ({
    name: names[i] ?? `col${i}`,
    derivation: combine(rows.map((row) => (row[i] ? walkExpr(row[i]!, scope, env, ctx) : combine([])))),
    named: true,
  }));
  const label = str(t, 'alias') || 'valueslist';
  return { alias: label.toLowerCase(), label, shape: { columns } };
}

function join(t: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): FromResult {
  const leftNode = child(t, 'left');
  const rightNode = child(t, 'right');
  const left = leftNode ? walkFrom(leftNode, scope, env, ctx) : NOTHING;
  // The right side may refer to the left one (LATERAL): give it the left bindings as an outer scope.
  const lateral: Scope = { bindings: left.bindings, merged: left.merged, parent: scope };
  const right = rightNode ? walkFrom(rightNode, lateral, env, ctx) : NOTHING;
  const merged = new Set([...left.merged, ...right.merged, ...strings(t, 'using_columns').map((c) => c.toLowerCase())]);
  if (str(t, 'ref_type') === 'NATURAL') {
    const names = (r: FromResult) => new Set(r.bindings.flatMap((b) => b.shape.columns.map((c) => c.name.toLowerCase())));
    const rightNames = names(right);
    for (const n of names(left)) if (rightNames.has(n)) merged.add(n);
  }
  return { bindings: [...left.bindings, ...right.bindings], merged };
}

/** Walks a FROM item: base tables, CTE references, subqueries, joins, table functions, VALUES. */
export function walkFrom(t: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): FromResult {
  const type = str(t, 'type');
  switch (type) {
    case 'EMPTY':
      return NOTHING;
    case 'BASE_TABLE':
      return { bindings: [baseTable(t, env, ctx)], merged: new Set() };
    case 'JOIN':
      return join(t, scope, env, ctx);
    case 'SUBQUERY': {
      const node = child(child(t, 'subquery') ?? {}, 'node');
      const shape = node ? walkQuery(node, scope, env, ctx) : { columns: [], open: openAll(unresolved('empty subquery')) };
      const label = str(t, 'alias') || 'subquery';
      return { bindings: [{ alias: label.toLowerCase(), label, shape: renamed(shape, strings(t, 'column_name_alias')) }], merged: new Set() };
    }
    case 'TABLE_FUNCTION':
      return { bindings: [tableFunction(t, scope, env, ctx)], merged: new Set() };
    case 'EXPRESSION_LIST':
      return { bindings: [valuesList(t, scope, env, ctx)], merged: new Set() };
    default: {
      const label = str(t, 'alias') || type.toLowerCase();
      const shape = { columns: [], open: openAll(unresolved(`${type} in FROM is not traced`)) };
      return { bindings: [{ alias: label.toLowerCase(), label, shape }], merged: new Set() };
    }
  }
}
