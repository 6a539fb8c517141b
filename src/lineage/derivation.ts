import type { ColumnLineageEntry, ColumnRef, ColumnTransform } from './types.js';

/**
 * What one expression was computed from, gathered while walking the parse tree. Derivations
 * compose: a column read through a CTE or subquery carries the CTE column's derivation.
 */
export interface Derivation {
  readonly upstream: readonly ColumnRef[];
  readonly aggregate: boolean;
  readonly window: boolean;
  readonly expression: boolean;
  /** Reasons this could not be fully traced; any note makes the column `unresolved`. */
  readonly notes: readonly string[];
}

export const EMPTY: Derivation = { upstream: [], aggregate: false, window: false, expression: false, notes: [] };

export function edge(node: string, column: string): Derivation {
  return { ...EMPTY, upstream: [{ node, column }] };
}

export function unresolved(note: string): Derivation {
  return { ...EMPTY, notes: [note] };
}

/** Marks a derivation as computed (not a plain column reference). */
export function withFlags(d: Derivation, flags: Partial<Pick<Derivation, 'aggregate' | 'window' | 'expression'>>): Derivation {
  return {
    ...d,
    aggregate: d.aggregate || !!flags.aggregate,
    window: d.window || !!flags.window,
    expression: d.expression || !!flags.expression,
  };
}

export function withNote(d: Derivation, note: string): Derivation {
  return d.notes.includes(note) ? d : { ...d, notes: [...d.notes, note] };
}

/** Union of several derivations (all of them contribute to one value). */
export function combine(parts: readonly Derivation[]): Derivation {
  if (parts.length === 0) return EMPTY;
  if (parts.length === 1) return parts[0]!;
  const seen = new Set<string>();
  const upstream: ColumnRef[] = [];
  const notes: string[] = [];
  let aggregate = false;
  let window = false;
  let expression = false;
  for (const p of parts) {
    for (const u of p.upstream) {
      const key = `${u.node}\u0000${u.column.toLowerCase()}`;
      if (!seen.has(key)) {
        seen.add(key);
        upstream.push(u);
      }
    }
    for (const n of p.notes) if (!notes.includes(n)) notes.push(n);
    aggregate ||= p.aggregate;
    window ||= p.window;
    expression ||= p.expression;
  }
  return { upstream, aggregate, window, expression, notes };
}

function transformOf(d: Derivation, column: string): ColumnTransform {
  if (d.notes.length > 0) return 'unresolved';
  if (d.window) return 'window';
  if (d.aggregate) return 'aggregate';
  if (d.upstream.length === 0) return 'constant';
  if (d.expression) return 'expression';
  const name = column.toLowerCase();
  return d.upstream.every((u) => u.column.toLowerCase() === name) ? 'identity' : 'rename';
}

/** The serializable entry for an output column named `column`. */
export function toEntry(d: Derivation, column: string): ColumnLineageEntry {
  const transform = transformOf(d, column);
  // Order of appearance in the SQL: stable across runs and readable (`a - b` lists a first).
  const upstream = [...d.upstream];
  return d.notes.length > 0 ? { upstream, transform, note: d.notes.join('; ') } : { upstream, transform };
}
