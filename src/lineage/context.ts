import type { RelationIndex } from './relations.js';
import type { QueryShape } from './scope.js';

/** What the walkers know about the project while tracing one model's SQL. */
export interface LineageContext {
  readonly relations: RelationIndex;
  /** Column names of a node or source (catalog first, else lineage computed for it), if known. */
  columnsOf(id: string): readonly string[] | undefined;
  /** Lower-cased aggregate function names. */
  readonly aggregates: ReadonlySet<string>;
  /** The ephemeral model a CTE named `__mdl_ephemeral_<name>` inlines, if any. */
  ephemeralFor(cteName: string): string | undefined;
}

/** A CTE visible by name. */
export interface CteEntry {
  readonly shape: QueryShape;
  /** Set when the CTE is an inlined ephemeral model: its columns then come from that node. */
  readonly ephemeral?: string;
}

/** CTEs in scope, by lower-cased name (inner definitions shadow outer ones). */
export type CteEnv = ReadonlyMap<string, CteEntry>;
