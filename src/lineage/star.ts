import type { CteEnv, LineageContext } from './context.js';
import { combine, unresolved, withFlags, type Derivation } from './derivation.js';
import { walkExpr } from './expr-walker.js';
import { child, list, str, strings, type PNode } from './parse-tree.js';
import { resolveColumn, type Binding, type OpenColumns, type OutputColumn, type QueryShape, type Scope } from './scope.js';

/** Several `*` over unlisted columns: a named column could come from any of them. */
export function combineOpen(opens: readonly OpenColumns[]): OpenColumns | undefined {
  if (opens.length === 0) return undefined;
  if (opens.length === 1) return opens[0];
  const star = combine(opens.map((o) => o.star));
  return {
    resolve: (column) => unresolved(`cannot tell where column ${column} comes from (several * over unknown columns)`),
    star,
  };
}

/** `COLUMNS('regex')` / `COLUMNS(*)`: which column names it keeps, or a reason it cannot be traced. */
function columnsFilter(item: PNode): ((name: string) => boolean) | string {
  if (item.columns !== true) return () => true;
  const expr = child(item, 'expr');
  if (!expr || str(expr, 'class') === 'STAR') return () => true;
  const value = child(expr, 'value');
  if (str(expr, 'class') === 'CONSTANT' && value && typeof value.value === 'string') {
    try {
      const re = new RegExp(value.value);
      return (name) => re.test(name);
    } catch {
      return `COLUMNS('${value.value}') uses a pattern JavaScript cannot read`;
    }
  }
  return 'COLUMNS(...) with a lambda or list is not traced';
}

/**
 * Expands `*`, `t.*` and `COLUMNS(...)` in a select list, with EXCLUDE, REPLACE and RENAME.
 * USING / NATURAL join columns appear once, derived from every side.
 */
export function expandStar(item: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): QueryShape {
  const relation = str(item, 'relation_name').toLowerCase();
  const bindings: readonly Binding[] = relation ? scope.bindings.filter((b) => b.alias === relation) : scope.bindings;
  if (relation && bindings.length === 0) {
    // `s.*` on a struct column, or a relation we do not know.
    const d = withFlags(resolveColumn(scope, [str(item, 'relation_name')]), { expression: true });
    return { columns: [], open: { resolve: () => d, star: d } };
  }
  const keep = columnsFilter(item);
  if (typeof keep === 'string') {
    const d = unresolved(keep);
    return { columns: [], open: { resolve: () => d, star: d } };
  }
  const exclude = new Set(strings(item, 'exclude_list').map((c) => c.toLowerCase()));
  for (const q of list(item, 'qualified_exclude_list')) {
    const table = str(q, 'table').toLowerCase();
    exclude.add(table ? `${table}.${str(q, 'column').toLowerCase()}` : str(q, 'column').toLowerCase());
  }
  const replace = new Map<string, Derivation>();
  for (const r of list(item, 'replace_list')) {
    const value = child(r, 'value');
    if (value) replace.set(str(r, 'key').toLowerCase(), walkExpr(value, scope, env, ctx));
  }
  const rename = new Map<string, string>();
  for (const r of list(item, 'rename_list')) {
    const key = child(r, 'key') ?? {};
    const table = str(key, 'table').toLowerCase();
    const column = str(key, 'column').toLowerCase();
    rename.set(table ? `${table}.${column}` : column, str(r, 'value'));
  }

  const columns: OutputColumn[] = [];
  const seenMerged = new Set<string>();
  const opens: OpenColumns[] = [];
  for (const b of bindings) {
    for (const c of b.shape.columns) {
      const lower = c.name.toLowerCase();
      if (exclude.has(lower) || exclude.has(`${b.alias}.${lower}`) || !keep(c.name)) continue;
      let derivation = c.derivation;
      if (!relation && scope.merged.has(lower)) {
        if (seenMerged.has(lower)) continue;
        seenMerged.add(lower);
        derivation = resolveColumn(scope, [c.name]);
      }
      const replaced = replace.get(lower);
      const name = rename.get(`${b.alias}.${lower}`) ?? rename.get(lower) ?? c.name;
      columns.push({ name, derivation: replaced ?? derivation, named: true });
    }
    if (b.shape.open) opens.push(b.shape.open);
  }
  const open = combineOpen(opens);
  return open ? { columns, open } : { columns };
}
