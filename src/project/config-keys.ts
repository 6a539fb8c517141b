/**
 * The config keys mdl knows, per resource type. Anything else is an error with a suggestion:
 * a misspelled `unique_key` silently ignored is how people lose data.
 */
const COMMON = [
  'enabled', 'tags', 'meta', 'schema', 'alias', 'docs', 'description', 'group',
  'pre_hook', 'post_hook', 'access',
] as const;

const MODEL = [
  ...COMMON, 'materialized', 'order_by', 'partition_by', 'zorder_by', 'unique_key',
  'incremental_strategy', 'on_schema_change', 'incremental_predicates', 'full_refresh',
  'location', 'format', 'compression', 'on_null_key',
] as const;

const SEED = [...COMMON, 'column_types', 'delimiter', 'quote', 'header', 'full_refresh', 'materialized'] as const;

const TEST = [
  'enabled', 'tags', 'meta', 'severity', 'where', 'limit', 'warn_if', 'error_if', 'store_failures',
  'store_failures_as', 'schema', 'alias', 'fail_calc', 'group',
] as const;

const SNAPSHOT = [
  ...COMMON, 'materialized', 'unique_key', 'strategy', 'updated_at', 'check_cols', 'target_schema',
  'invalidate_hard_deletes', 'hard_deletes', 'snapshot_meta_column_names', 'dbt_valid_to_current',
] as const;

const SOURCE = ['enabled', 'tags', 'meta', 'freshness', 'loaded_at_field', 'quoting', 'event_time'] as const;

export type ConfigResource = 'models' | 'seeds' | 'tests' | 'snapshots' | 'sources' | 'analyses';

export const CONFIG_KEYS: Readonly<Record<ConfigResource, ReadonlySet<string>>> = {
  models: new Set(MODEL),
  seeds: new Set(SEED),
  tests: new Set(TEST),
  snapshots: new Set(SNAPSHOT),
  sources: new Set(SOURCE),
  analyses: new Set(COMMON),
};

/** dbt spells hooks with a dash in YAML; normalise to one name. */
export function normaliseConfigKey(key: string): string {
  const bare = key.startsWith('+') ? key.slice(1) : key;
  return bare === 'pre-hook' ? 'pre_hook' : bare === 'post-hook' ? 'post_hook' : bare;
}

/** Keys whose values accumulate across levels instead of replacing (as in dbt). */
export const ADDITIVE_KEYS: ReadonlySet<string> = new Set(['tags', 'pre_hook', 'post_hook']);

export const MATERIALIZATIONS = ['view', 'table', 'ephemeral', 'incremental', 'external', 'seed', 'test', 'snapshot'] as const;

/** dbt configs that mdl does not implement: rejected with a message saying so, never ignored. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  persist_docs: 'descriptions are kept in the docs site and manifest, not written to the warehouse',
  grants: 'grant privileges in an on-run-end hook or a post_hook',
  contract: 'declare column checks as data tests',
  sql_header: 'put the statement in a pre_hook',
  file_format: 'Spark tables are always Delta',
  cluster_by: 'use order_by (DuckDB) or zorder_by (Spark)',
  quote_columns: 'seed columns are always quoted',
  database: 'a target writes to one database; choose it in the target and use schema here',
  quoting: 'relation names are always quoted',
};

/** The message for a config key that is not in `known`: unsupported dbt keys say what to do instead. */
export function unknownConfigMessage(key: string, known: Iterable<string>, suggest: (key: string, known: Iterable<string>) => string): string {
  const bare = normaliseConfigKey(key);
  const reason = UNSUPPORTED[bare];
  return reason ? `Config key '${key}' is a dbt setting mdl does not support: ${reason}.` : `Unknown config key '${key}'.${suggest(bare, known)}`;
}
