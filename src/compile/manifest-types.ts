/**
 * The manifest: the compile stage's output, written to `target/manifest.json`.
 * Field names follow dbt's manifest so dbt-aware tools can read it.
 */

export type ResourceType = 'model' | 'seed' | 'test' | 'source' | 'analysis' | 'snapshot';

export interface ColumnDef {
  readonly name: string;
  readonly description: string;
  readonly data_type?: string;
  readonly tags?: readonly string[];
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Config after folder-level (`+key`) and in-file `config()` merging. */
export interface NodeConfig {
  readonly enabled: boolean;
  readonly materialized: string;
  readonly schema?: string;
  readonly alias?: string;
  readonly tags: readonly string[];
  readonly pre_hook: readonly string[];
  readonly post_hook: readonly string[];
  readonly [key: string]: unknown;
}

export interface TestMetadata {
  /** Generic test name, e.g. `unique`, `accepted_values`, or a custom one. */
  readonly name: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly namespace?: string;
}

export interface ManifestNode {
  readonly unique_id: string;
  readonly resource_type: ResourceType;
  readonly name: string;
  readonly package_name: string;
  readonly path: string;
  readonly original_file_path: string;
  /** Schema the relation lives in (after +schema rules). */
  readonly schema: string;
  readonly alias: string;
  /** Quoted relation name, e.g. `"gold"."orders"`; null for ephemeral models and tests. */
  readonly relation_name: string | null;
  readonly config: NodeConfig;
  readonly tags: readonly string[];
  readonly description: string;
  readonly columns: Readonly<Record<string, ColumnDef>>;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly raw_code: string;
  readonly compiled_code?: string;
  readonly compiled_path?: string;
  readonly language: 'sql';
  readonly depends_on: { readonly nodes: readonly string[]; readonly macros: readonly string[] };
  readonly refs: readonly { readonly name: string }[];
  readonly sources: readonly (readonly [string, string])[];
  readonly checksum: { readonly name: 'sha256'; readonly checksum: string };
  readonly fqn: readonly string[];
  /** Tests only: the generic test and its arguments (absent for singular tests). */
  readonly test_metadata?: TestMetadata;
  /** Tests only: the node the test is attached to. */
  readonly attached_node?: string;
  readonly column_name?: string;
}

export interface ManifestSource {
  readonly unique_id: string;
  readonly resource_type: 'source';
  readonly name: string;
  readonly source_name: string;
  readonly package_name: string;
  readonly original_file_path: string;
  readonly schema: string;
  readonly identifier: string;
  readonly relation_name: string;
  readonly description: string;
  readonly source_description: string;
  readonly columns: Readonly<Record<string, ColumnDef>>;
  readonly loaded_at_field?: string;
  readonly freshness?: unknown;
  readonly tags: readonly string[];
  readonly fqn: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly config: { readonly enabled: boolean; readonly [key: string]: unknown };
}

export interface ManifestMacro {
  readonly unique_id: string;
  readonly name: string;
  readonly package_name: string;
  readonly original_file_path: string;
  readonly macro_sql: string;
  readonly description: string;
}

export interface ManifestDoc {
  readonly unique_id: string;
  readonly name: string;
  readonly original_file_path: string;
  readonly block_contents: string;
}

export interface Manifest {
  readonly metadata: {
    readonly dbt_schema_version: string;
    readonly mdl_version: string;
    readonly project_name: string;
    readonly generated_at: string;
    readonly invocation_id: string;
    readonly adapter_type: string;
    readonly target_name: string;
  };
  readonly nodes: Readonly<Record<string, ManifestNode>>;
  readonly sources: Readonly<Record<string, ManifestSource>>;
  readonly macros: Readonly<Record<string, ManifestMacro>>;
  readonly docs: Readonly<Record<string, ManifestDoc>>;
  readonly parent_map: Readonly<Record<string, readonly string[]>>;
  readonly child_map: Readonly<Record<string, readonly string[]>>;
}

/** `target/run_results.json`, dbt's shape. */
export interface RunResult {
  readonly unique_id: string;
  readonly status: 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';
  readonly execution_time: number;
  readonly timing: readonly { readonly name: string; readonly started_at: string; readonly completed_at: string }[];
  readonly thread_id: string;
  readonly message: string | null;
  readonly failures: number | null;
  readonly adapter_response: { readonly rows_affected?: number; readonly _message?: string };
  readonly relation_name: string | null;
  readonly compiled_code: string | null;
}

export interface RunResults {
  readonly metadata: { readonly dbt_schema_version: string; readonly generated_at: string; readonly invocation_id: string };
  readonly elapsed_time: number;
  readonly args: Readonly<Record<string, unknown>>;
  readonly results: readonly RunResult[];
}

/** `target/catalog.json`, dbt's shape: what the warehouse says exists, per node or source. */
export interface CatalogEntry {
  readonly unique_id: string;
  readonly metadata: { readonly type: string; readonly schema: string; readonly name: string };
  readonly columns: Readonly<Record<string, { readonly name: string; readonly type: string; readonly index: number }>>;
  readonly stats: { readonly row_count?: { readonly value: number } };
}

export interface Catalog {
  readonly metadata: { readonly generated_at: string; readonly invocation_id: string };
  readonly nodes: Readonly<Record<string, CatalogEntry>>;
  readonly sources: Readonly<Record<string, CatalogEntry>>;
}
