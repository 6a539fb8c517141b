/**
 * The config keys mdl knows, per resource type. Anything else is an error with a suggestion:
 * a misspelled `unique_key` silently ignored is how people lose data.
 */
const COMMON = [
  'enabled', 'tags', 'meta', 'schema', 'alias', 'docs', 'description', 'persist_docs', 'database', 'group',
  'pre_hook', 'post_hook', 'grants', 'contract', 'access', 'quoting',
] as const;

const MODEL = [
  ...COMMON, 'materialized', 'order_by', 'partition_by', 'zorder_by', 'cluster_by', 'unique_key',
  'incremental_strategy', 'on_schema_change', 'incremental_predicates', 'full_refresh', 'sql_header',
  'location', 'format', 'compression', 'file_format', 'on_null_key', 'wap',
] as const;

const SEED = [...COMMON, 'column_types', 'delimiter', 'quote', 'header', 'quote_columns', 'full_refresh', 'materialized'] as const;

const TEST = [
  'enabled', 'tags', 'meta', 'severity', 'where', 'limit', 'warn_if', 'error_if', 'store_failures',
  'store_failures_as', 'schema', 'alias', 'fail_calc', 'database', 'group',
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
