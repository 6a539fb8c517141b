import type { LineageContext } from './context.js';
import { toEntry, unresolved, type Derivation } from './derivation.js';
import type { ParseResult } from './parse-tree.js';
import { walkQuery } from './query-walker.js';
import { findColumn, ROOT_SCOPE, type OutputColumn, type QueryShape } from './scope.js';
import type { ColumnLineageEntry, NodeColumnLineage } from './types.js';

/** Column names DuckDB would give duplicates (`a`, `a_1`), so no entry overwrites another. */
function uniqueNames(columns: readonly OutputColumn[]): OutputColumn[] {
  const used = new Set<string>();
  return columns.map((c) => {
    let name = c.name;
    for (let i = 1; used.has(name.toLowerCase()); i++) name = `${c.name}_${i}`;
    used.add(name.toLowerCase());
    return name === c.name ? c : { ...c, name };
  });
}

/**
 * Pairs the traced output columns with the columns the warehouse actually has. The catalog is
 * the truth for names (DuckDB names unaliased expressions itself): positionally when the counts
 * agree and nothing is unlisted, else by name.
 */
function pairWithCatalog(shape: QueryShape, catalog: readonly string[], snapshot: boolean): [string, Derivation][] {
  if (!snapshot && !shape.open && shape.columns.length === catalog.length) {
    return catalog.map((name, i) => [name, shape.columns[i]!.derivation]);
  }
  return catalog.map((name) => {
    const found = findColumn(shape, name);
    if (found) return [name, found.derivation];
    if (shape.open) return [name, shape.open.resolve(name)];
    // Snapshots add their own bookkeeping columns around the query.
    if (snapshot && name.toLowerCase().startsWith('dbt_')) return [name, unresolved('snapshot metadata column')];
    return [name, unresolved('column not found in the compiled SQL (is the catalog stale?)')];
  });
}

/** Lineage of one model from its parsed compiled SQL; also returns its output column names. */
export function nodeLineage(
  parsed: ParseResult | undefined,
  catalogColumns: readonly string[] | undefined,
  ctx: LineageContext,
  snapshot = false,
): { lineage: NodeColumnLineage; columns?: readonly string[] } {
  if (!parsed || !parsed.ok) {
    const note = parsed ? `compiled SQL could not be parsed: ${parsed.error}` : 'no compiled SQL';
    const columns: Record<string, ColumnLineageEntry> = {};
    for (const name of catalogColumns ?? []) columns[name] = { upstream: [], transform: 'unresolved', note };
    return { lineage: { columns, note } };
  }
  const shape = walkQuery(parsed.node, ROOT_SCOPE, new Map(), ctx);
  const pairs: [string, Derivation][] = catalogColumns
    ? pairWithCatalog(shape, catalogColumns, snapshot)
    : uniqueNames(shape.columns).map((c) => [c.name, c.derivation]);
  const columns: Record<string, ColumnLineageEntry> = {};
  for (const [name, derivation] of pairs) columns[name] = toEntry(derivation, name);
  const names = pairs.map(([name]) => name);
  if (!catalogColumns && shape.open) {
    const note = `some columns are not listed: ${toEntry(shape.open.star, '*').note ?? 'SELECT * over columns that are unknown'}`;
    return { lineage: { columns, note } };
  }
  return { lineage: { columns }, columns: names };
}
