import type { CteEnv, LineageContext } from './context.js';
import { walkExpr } from './expr-walker.js';
import { child, list, str, type PNode } from './parse-tree.js';
import type { OutputColumn, QueryShape, Scope } from './scope.js';
import { expandStar } from './star.js';

/** `* LIKE 'a%'` and friends: DuckDB's pattern filters on a star, by operator name. */
const PATTERN_OPERATORS: Readonly<Record<string, { readonly like: boolean; readonly flags: string; readonly negate: boolean }>> = {
  '~~': { like: true, flags: '', negate: false },
  '!~~': { like: true, flags: '', negate: true },
  '~~*': { like: true, flags: 'i', negate: false },
  '!~~*': { like: true, flags: 'i', negate: true },
  regexp_full_match: { like: false, flags: '', negate: false },
};

function likeToRegExp(pattern: string, flags: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, flags);
}

/** The STAR node nested somewhere in an expression, if any. */
function nestedStar(node: unknown): PNode | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = nestedStar(n);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const p = node as PNode;
  if (p.class === 'STAR') return p;
  if (p.class === 'SUBQUERY') return undefined; // a star in a subquery belongs to that query
  for (const value of Object.values(p)) {
    const found = nestedStar(value);
    if (found) return found;
  }
  return undefined;
}

function filtered(shape: QueryShape, keep: (name: string) => boolean): QueryShape {
  const columns = shape.columns.filter((c) => keep(c.name));
  return shape.open ? { columns, open: shape.open } : { columns };
}

/**
 * A select item that is an expression over a star: `* LIKE 'a%'` (a name filter), or
 * `min(COLUMNS(*))`, `COLUMNS('x')::text` (one output per expanded column, each derived from its
 * column). Returns undefined for items without a star.
 */
export function expandStarExpression(item: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): QueryShape | undefined {
  const star = nestedStar(item);
  if (!star) return undefined;
  const op = PATTERN_OPERATORS[str(item, 'function_name')];
  const [first, pattern] = list(item, 'children');
  const value = pattern ? child(pattern, 'value') : undefined;
  if (op && first === star && value && typeof value.value === 'string') {
    const re = op.like ? likeToRegExp(value.value, op.flags) : new RegExp(`^(?:${value.value})$`);
    return filtered(expandStar(star, scope, env, ctx), (name) => re.test(name) !== op.negate);
  }
  const expanded = expandStar(star, scope, env, ctx);
  const columns: OutputColumn[] = expanded.columns.map((c) => ({
    name: c.name,
    derivation: walkExpr(item, { ...scope, star: c.derivation }, env, ctx),
    named: false,
  }));
  const open = expanded.open;
  if (!open) return { columns };
  return {
    columns,
    open: {
      resolve: (name) => walkExpr(item, { ...scope, star: open.resolve(name) }, env, ctx),
      star: walkExpr(item, { ...scope, star: open.star }, env, ctx),
    },
  };
}
