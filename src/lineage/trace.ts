import type { ColumnLineage, ColumnLineageEntry, ColumnRef, ColumnTransform } from './types.js';

/** A column reached while tracing upstream. */
export interface TracedColumn extends ColumnRef {
  /** Hops from the traced column (1 = a direct parent's column). */
  readonly depth: number;
  /** How this column is computed; absent for seeds, sources and other untraced nodes. */
  readonly transform?: ColumnTransform;
  readonly note?: string;
}

/** Everything a column derives from, back to seeds and sources. */
export interface ColumnTrace {
  readonly root: ColumnRef;
  /** Upstream columns in breadth-first order (nearest first), each once. */
  readonly columns: readonly TracedColumn[];
  /** Derivation edges among `root` and `columns`: `to` is computed from `from`. */
  readonly edges: readonly { readonly from: ColumnRef; readonly to: ColumnRef }[];
  /** Columns with nothing further upstream (seed and source columns, constants, unresolved ones). */
  readonly origins: readonly ColumnRef[];
}

function entryOf(lineage: ColumnLineage, ref: ColumnRef): { name: string; entry: ColumnLineageEntry } | undefined {
  const columns = lineage.nodes[ref.node]?.columns;
  if (!columns) return undefined;
  const exact = columns[ref.column];
  if (exact) return { name: ref.column, entry: exact };
  // Identifiers are case-insensitive in SQL; an edge may spell a column differently.
  const lower = ref.column.toLowerCase();
  const name = Object.keys(columns).find((c) => c.toLowerCase() === lower);
  return name ? { name, entry: columns[name]! } : undefined;
}

const key = (ref: ColumnRef) => `${ref.node}\u0000${ref.column.toLowerCase()}`;

/** The full upstream closure of `nodeId.column`, for "click a column to trace it back". */
export function traceColumn(lineage: ColumnLineage, nodeId: string, column: string): ColumnTrace {
  const rootEntry = entryOf(lineage, { node: nodeId, column });
  const root: ColumnRef = { node: nodeId, column: rootEntry?.name ?? column };
  const seen = new Set([key(root)]);
  const columns: TracedColumn[] = [];
  const edges: { from: ColumnRef; to: ColumnRef }[] = [];
  const origins: ColumnRef[] = [];
  let frontier: ColumnRef[] = [root];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: ColumnRef[] = [];
    for (const ref of frontier) {
      const found = entryOf(lineage, ref);
      const upstream = found?.entry.upstream ?? [];
      if (upstream.length === 0 && ref !== root) origins.push(ref);
      for (const up of upstream) {
        const upEntry = entryOf(lineage, up);
        const upRef: ColumnRef = { node: up.node, column: upEntry?.name ?? up.column };
        edges.push({ from: upRef, to: ref });
        if (seen.has(key(upRef))) continue;
        seen.add(key(upRef));
        const traced: TracedColumn = upEntry
          ? { ...upRef, depth, transform: upEntry.entry.transform, ...(upEntry.entry.note ? { note: upEntry.entry.note } : {}) }
          : { ...upRef, depth };
        columns.push(traced);
        next.push(upRef);
      }
    }
    frontier = next;
  }
  return { root, columns, edges, origins };
}
