/**
 * The data the docs site embeds, shared by the generator (Node) and the front-end (browser).
 * Plain JSON values only: the generator writes them as `window.*` assignments in `.js` files,
 * because `fetch()` of JSON is blocked when the site is opened from disk (file://).
 */

/** One node of the lineage graph, already laid out (x grows with DAG depth). */
export interface SiteGraphNode {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** Colour key: the model's first folder (layer), or `seed` / `source`. */
  readonly group: string;
  readonly x: number;
  readonly y: number;
  readonly layer: number;
  /** Which `data/nodes-<chunk>.js` file holds this node's page data. */
  readonly chunk: number;
  /** Last run status from run_results.json, if the node ran. */
  readonly status?: string;
}

export interface SiteGroup {
  readonly name: string;
  readonly color: string;
  readonly count: number;
}

export interface SiteGraph {
  readonly nodes: readonly SiteGraphNode[];
  /** Edges as [parent index, child index] into `nodes`, parent upstream of child. */
  readonly edges: readonly (readonly [number, number])[];
  readonly groups: readonly SiteGroup[];
}

export interface SiteColumn {
  readonly name: string;
  readonly type: string | null;
  readonly description: string;
  /** Whether the column exists in the warehouse (catalog) and/or is documented in YAML. */
  readonly inCatalog: boolean;
  readonly documented: boolean;
}

export interface SiteTest {
  readonly id: string;
  readonly name: string;
  readonly column: string | null;
  readonly kind: string;
  readonly status: string | null;
  readonly failures: number | null;
  readonly message: string | null;
}

export interface SiteNodeDetail {
  readonly id: string;
  readonly name: string;
  readonly resourceType: string;
  readonly description: string;
  readonly path: string;
  readonly relation: string | null;
  readonly materialized: string | null;
  readonly config: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly rawSql: string;
  readonly compiledSql: string;
  readonly columns: readonly SiteColumn[];
  readonly tests: readonly SiteTest[];
  readonly rowCount: number | null;
  readonly lastBuiltAt: string | null;
  readonly executionTime: number | null;
  readonly status: string | null;
  readonly message: string | null;
  readonly parents: readonly string[];
  readonly children: readonly string[];
}

export interface SiteRunRow {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly executionTime: number;
  readonly failures: number | null;
  readonly message: string | null;
  readonly completedAt: string | null;
}

export interface SiteRunStatus {
  readonly generatedAt: string;
  readonly elapsed: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly tests: { readonly pass: number; readonly fail: number; readonly warn: number; readonly error: number; readonly skipped: number };
  readonly results: readonly SiteRunRow[];
}

export type ValueFormat = 'number' | 'integer' | 'currency' | 'percent' | 'text';

export interface SiteTile {
  readonly title: string;
  readonly format: ValueFormat;
  readonly value: unknown;
  readonly delta: number | null;
  readonly deltaLabel: string | null;
  readonly error: string | null;
}

export type ChartType = 'line' | 'area' | 'bar' | 'pie' | 'table';

export interface SiteChart {
  readonly title: string;
  readonly type: ChartType;
  readonly x: string | null;
  readonly y: readonly string[];
  readonly horizontal: boolean;
  readonly format: ValueFormat;
  readonly width: 'half' | 'full';
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly truncated: boolean;
  readonly error: string | null;
}

export interface SiteDashboard {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly file: string;
  readonly tiles: readonly SiteTile[];
  readonly charts: readonly SiteChart[];
}

/** Everything the first page load needs (`data/index.js`). Node pages and lineage load lazily. */
export interface SiteIndex {
  readonly project: string;
  readonly generatedAt: string;
  readonly adapter: string;
  readonly graph: SiteGraph;
  readonly chunkCount: number;
  readonly hasLineage: boolean;
  readonly status: SiteRunStatus | null;
  readonly dashboards: readonly SiteDashboard[];
}

/** The column lineage shape produced by `src/lineage` (`target/lineage.json`). */
export interface SiteColumnLineage {
  readonly version: 1;
  readonly nodes: Readonly<Record<string, {
    readonly columns: Readonly<Record<string, {
      readonly upstream: readonly { readonly node: string; readonly column: string }[];
      readonly transform: string;
      readonly note?: string;
    }>>;
    /** Set when the node as a whole could not be traced. */
    readonly note?: string;
  }>>;
}
