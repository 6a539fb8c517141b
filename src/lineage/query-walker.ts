import type { CteEnv, LineageContext } from './context.js';
import { combine, unresolved, type Derivation } from './derivation.js';
import { defaultName, walkExpr } from './expr-walker.js';
import { renamed, walkFrom } from './from-walker.js';
import { child, list, str, strings, type PNode } from './parse-tree.js';
import { findColumn, type OpenColumns, type OutputColumn, type QueryShape, type Scope } from './scope.js';
import { combineOpen, expandStar } from './star.js';
import { expandStarExpression } from './star-expression.js';

/** Adds the node's `WITH` definitions, in order (each sees the ones before it). */
function withCtes(node: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): CteEnv {
  const entries = list(child(node, 'cte_map') ?? {}, 'map');
  if (entries.length === 0) return env;
  const next = new Map(env);
  for (const entry of entries) {
    const name = str(entry, 'key').toLowerCase();
    const value = child(entry, 'value') ?? {};
    const query = child(child(value, 'query') ?? {}, 'node');
    const shape = query ? renamed(walkQuery(query, scope, next, ctx), strings(value, 'aliases')) : { columns: [] };
    const ephemeral = ctx.ephemeralFor(name);
    next.set(name, ephemeral ? { shape, ephemeral } : { shape });
  }
  return next;
}

/** Unlisted columns of several set-operation branches: a column derives from all of them. */
function unionOpens(opens: readonly (OpenColumns | undefined)[]): OpenColumns | undefined {
  const present = opens.filter((o): o is OpenColumns => !!o);
  if (present.length === 0) return undefined;
  return { resolve: (c) => combine(present.map((o) => o.resolve(c))), star: combine(present.map((o) => o.star)) };
}

/** UNION [ALL] / UNION BY NAME / INTERSECT / EXCEPT: every branch that supplies values contributes. */
function setOperation(branches: readonly QueryShape[], type: string): QueryShape {
  const contributing = type === 'EXCEPT' ? branches.slice(0, 1) : branches;
  const first = branches[0] ?? { columns: [] };
  const open = unionOpens(contributing.map((b) => b.open));
  if (type === 'UNION_BY_NAME') {
    const names: string[] = [];
    for (const b of contributing) for (const c of b.columns) if (!names.some((n) => n.toLowerCase() === c.name.toLowerCase())) names.push(c.name);
    const columns = names.map((name) => ({
      name,
      derivation: combine(contributing.map((b) => findColumn(b, name)?.derivation ?? b.open?.resolve(name)).filter((d): d is Derivation => !!d)),
      named: true,
    }));
    return open ? { columns, open } : { columns };
  }
  // Positional: names come from the first branch.
  const columns = first.columns.map((c, i) => ({
    ...c,
    derivation: combine(contributing.map((b) => b.columns[i]?.derivation ?? b.open?.star).filter((d): d is Derivation => !!d)),
  }));
  return open ? { columns, open } : { columns };
}

function walkSelect(node: PNode, outer: Scope, env: CteEnv, ctx: LineageContext): QueryShape {
  const fromNode = child(node, 'from_table');
  const from = fromNode ? walkFrom(fromNode, outer, env, ctx) : { bindings: [], merged: new Set<string>() };
  const aliases = new Map<string, Derivation>();
  const scope: Scope = { bindings: from.bindings, merged: from.merged, parent: outer, aliases };
  const columns: OutputColumn[] = [];
  const opens: OpenColumns[] = [];
  for (const item of list(node, 'select_list')) {
    if (str(item, 'class') === 'STAR') {
      const expanded = expandStar(item, scope, env, ctx);
      columns.push(...expanded.columns);
      if (expanded.open) opens.push(expanded.open);
      continue;
    }
    const overStar = expandStarExpression(item, scope, env, ctx);
    if (overStar) {
      columns.push(...overStar.columns);
      if (overStar.open) opens.push(overStar.open);
      continue;
    }
    const derivation = walkExpr(item, scope, env, ctx);
    const alias = str(item, 'alias');
    if (alias) aliases.set(alias.toLowerCase(), derivation);
    columns.push({ name: alias || defaultName(item), derivation, named: !!alias || str(item, 'class') === 'COLUMN_REF' });
  }
  const open = combineOpen(opens);
  return open ? { columns, open } : { columns };
}

/** `WITH RECURSIVE r AS (anchor UNION ALL step)`: the step reads r, approximated by the anchor's columns. */
function walkRecursive(node: PNode, outer: Scope, env: CteEnv, ctx: LineageContext): QueryShape {
  const aliases = strings(node, 'aliases');
  const leftNode = child(node, 'left');
  const rightNode = child(node, 'right');
  const anchor = renamed(leftNode ? walkQuery(leftNode, outer, env, ctx) : { columns: [] }, aliases);
  const self = new Map(env);
  self.set(str(node, 'cte_name').toLowerCase(), { shape: anchor });
  const step = rightNode ? walkQuery(rightNode, outer, self, ctx) : { columns: [] };
  return setOperation([anchor, step], 'UNION');
}

/** The output columns of a query node and what each derives from. */
export function walkQuery(node: PNode, outer: Scope, env: CteEnv, ctx: LineageContext): QueryShape {
  const inner = withCtes(node, outer, env, ctx);
  const type = str(node, 'type');
  switch (type) {
    case 'SELECT_NODE':
      return walkSelect(node, outer, inner, ctx);
    case 'SET_OPERATION_NODE': {
      const children = list(node, 'children');
      const branches = (children.length > 0 ? children : [child(node, 'left'), child(node, 'right')])
        .filter((b): b is PNode => !!b)
        .map((b) => walkQuery(b, outer, inner, ctx));
      return setOperation(branches, str(node, 'setop_type'));
    }
    case 'RECURSIVE_CTE_NODE':
      return walkRecursive(node, outer, inner, ctx);
    default: {
      const d = unresolved(`${type || 'unknown'} query is not traced`);
      return { columns: [], open: { resolve: () => d, star: d } };
    }
  }
}
