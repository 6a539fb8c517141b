/**
 * Column-level lineage: for each column of each model, the columns of its direct parents it is
 * computed from. A plain, serializable value, written to `target/lineage.json`.
 */

/** How a column is computed from its upstream columns (the strongest step on the path wins). */
export type ColumnTransform =
  | 'identity'
  | 'rename'
  | 'expression'
  | 'aggregate'
  | 'window'
  | 'constant'
  | 'unresolved';

/** A column of a node (model, seed, snapshot) or source, by unique id. */
export interface ColumnRef {
  readonly node: string;
  readonly column: string;
}

/** Lineage of one output column. */
export interface ColumnLineageEntry {
  /** Columns of direct parents this column derives from (also ones a window partitions/orders by). */
  readonly upstream: readonly ColumnRef[];
  readonly transform: ColumnTransform;
  /** Why the column is `unresolved` (or what else could not be traced). */
  readonly note?: string;
}

/** Lineage of one node's columns, keyed by the column name as the warehouse spells it. */
export interface NodeColumnLineage {
  readonly columns: Readonly<Record<string, ColumnLineageEntry>>;
  /** Set when the node as a whole could not be traced (e.g. its SQL does not parse). */
  readonly note?: string;
}

/** The whole project's column lineage (`target/lineage.json`). */
export interface ColumnLineage {
  readonly version: 1;
  readonly nodes: Readonly<Record<string, NodeColumnLineage>>;
}
