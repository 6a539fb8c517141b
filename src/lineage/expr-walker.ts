import type { LineageContext, CteEnv } from './context.js';
import { combine, EMPTY, unresolved, withFlags, type Derivation } from './derivation.js';
import { child, list, str, strings, type PNode } from './parse-tree.js';
import { walkQuery } from './query-walker.js';
import { resolveColumn, resolvePosition, type Scope } from './scope.js';

function isExpression(value: unknown): value is PNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as PNode).class === 'string';
}

/** Derivations of every expression nested anywhere inside `node` (arguments, ORDER BY, FILTER, CASE arms...). */
function nested(node: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): Derivation[] {
  const out: Derivation[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isExpression(value)) out.push(walkExpr(value, scope, env, ctx));
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const [key, value] of Object.entries(node)) if (key !== 'class' && key !== 'type') visit(value);
  return out;
}

function lambdaParams(lhs: PNode | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (n: PNode): void => {
    if (str(n, 'class') === 'COLUMN_REF') names.add(strings(n, 'column_names').join('.').toLowerCase());
    for (const c of list(n, 'children')) visit(c);
  };
  if (lhs) visit(lhs);
  return names;
}

function starIn(scope: Scope): Derivation | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.star) return s.star;
  return undefined;
}

/** What an expression's value is computed from, and how (aggregate, window, computed). */
export function walkExpr(e: PNode, scope: Scope, env: CteEnv, ctx: LineageContext): Derivation {
  switch (str(e, 'class')) {
    case 'COLUMN_REF':
      return resolveColumn(scope, strings(e, 'column_names'));
    case 'CONSTANT':
    case 'PARAMETER':
    case 'DEFAULT':
      return EMPTY;
    case 'FUNCTION': {
      const aggregate = ctx.aggregates.has(str(e, 'function_name').toLowerCase());
      return withFlags(combine(nested(e, scope, env, ctx)), aggregate ? { aggregate } : { expression: true });
    }
    case 'WINDOW':
      return withFlags(combine(nested(e, scope, env, ctx)), { window: true });
    case 'SUBQUERY': {
      const query = child(child(e, 'subquery') ?? {}, 'node');
      const parts: Derivation[] = [];
      if (query) {
        const shape = walkQuery(query, scope, env, ctx);
        parts.push(...shape.columns.map((c) => c.derivation));
        if (shape.open) parts.push(shape.open.star);
      }
      const lhs = child(e, 'child');
      if (lhs) parts.push(walkExpr(lhs, scope, env, ctx));
      return withFlags(combine(parts), { expression: true });
    }
    case 'LAMBDA': {
      const inner: Scope = { bindings: [], merged: new Set(), parent: scope, lambdaParams: lambdaParams(child(e, 'lhs')) };
      const body = child(e, 'expr');
      return withFlags(body ? walkExpr(body, inner, env, ctx) : EMPTY, { expression: true });
    }
    case 'STAR':
      return starIn(scope) ?? unresolved('COLUMNS(...) or * inside an expression is not traced');
    case 'POSITIONAL_REFERENCE':
      return resolvePosition(scope, typeof e.index === 'number' ? e.index : 0);
    default:
      return withFlags(combine(nested(e, scope, env, ctx)), { expression: true });
  }
}

/** The name DuckDB gives an unaliased select item, close enough for columns without a catalog. */
export function defaultName(e: PNode): string {
  switch (str(e, 'class')) {
    case 'COLUMN_REF': {
      const parts = strings(e, 'column_names');
      return parts[parts.length - 1] ?? '?';
    }
    case 'CONSTANT': {
      const value = child(e, 'value');
      return value && value.is_null !== true ? String(value.value) : 'NULL';
    }
    case 'FUNCTION': {
      const args = list(e, 'children').map(defaultName);
      const name = str(e, 'function_name');
      if (e.is_operator === true && args.length === 2) return `(${args[0]} ${name} ${args[1]})`;
      return `${name === 'count_star' ? 'count_star' : name}(${args.join(', ')})`;
    }
    case 'CAST': {
      const inner = child(e, 'child');
      const type = child(e, 'cast_type');
      return `CAST(${inner ? defaultName(inner) : '?'} AS ${type ? str(type, 'id') : '?'})`;
    }
    default:
      return str(e, 'function_name') || str(e, 'type').toLowerCase();
  }
}
