import type { ConfigMap } from '../project/folder-config.js';

export const INCREMENTAL_STRATEGIES = ['append', 'merge', 'delete+insert', 'insert_overwrite'] as const;
export const SCHEMA_CHANGE_MODES = ['ignore', 'append_new_columns', 'sync_all_columns', 'fail'] as const;
export const NULL_KEY_MODES = ['fail', 'warn', 'allow'] as const;

export type IncrementalStrategy = (typeof INCREMENTAL_STRATEGIES)[number];
export type SchemaChangeMode = (typeof SCHEMA_CHANGE_MODES)[number];
export type NullKeyMode = (typeof NULL_KEY_MODES)[number];

/** An incremental model's settings, read once from its config with dbt's defaults. */
export interface IncrementalConfig {
  readonly strategy: IncrementalStrategy;
  readonly uniqueKey: readonly string[];
  /** `partition_by`: the partitions `insert_overwrite` replaces. */
  readonly partitionBy: readonly string[];
  readonly onSchemaChange: SchemaChangeMode;
  readonly onNullKey: NullKeyMode;
  /** SQL conditions; they may name `DBT_INTERNAL_DEST` / `DBT_INTERNAL_SOURCE` (dbt's aliases). */
  readonly predicates: readonly string[];
}

const list = (value: unknown): string[] =>
  value === undefined || value === null || value === '' ? [] : (Array.isArray(value) ? value : [value]).map(String);

/** dbt defaults: merge when a unique_key is set, append otherwise. */
export function incrementalConfig(config: Readonly<ConfigMap>): IncrementalConfig {
  const uniqueKey = list(config.unique_key).flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean);
  const strategy = String(config.incremental_strategy ?? (uniqueKey.length > 0 ? 'merge' : 'append')) as IncrementalStrategy;
  return {
    strategy,
    uniqueKey,
    partitionBy: list(config.partition_by),
    onSchemaChange: String(config.on_schema_change ?? 'ignore') as SchemaChangeMode,
    onNullKey: String(config.on_null_key ?? 'fail') as NullKeyMode,
    predicates: list(config.incremental_predicates),
  };
}

/** A config problem found at compile time: what is wrong and what to do. */
export interface ConfigProblem {
  readonly message: string;
  readonly hint: string;
}

const oneOf = (key: string, value: unknown, allowed: readonly string[]): ConfigProblem[] =>
  value === undefined || value === null || allowed.includes(String(value))
    ? []
    : [{ message: `Unknown ${key} '${String(value)}'.`, hint: `Use one of: ${allowed.join(', ')}.` }];

/** Checks an incremental model's config; the compiler reports each problem with the file. */
export function validateIncrementalConfig(config: Readonly<ConfigMap>): ConfigProblem[] {
  const problems = [
    ...oneOf('incremental_strategy', config.incremental_strategy, INCREMENTAL_STRATEGIES),
    ...oneOf('on_schema_change', config.on_schema_change, SCHEMA_CHANGE_MODES),
    ...oneOf('on_null_key', config.on_null_key, NULL_KEY_MODES),
  ];
  const cfg = incrementalConfig(config);
  if ((cfg.strategy === 'merge' || cfg.strategy === 'delete+insert') && cfg.uniqueKey.length === 0) {
    problems.push({
      message: `incremental_strategy '${cfg.strategy}' needs a unique_key.`,
      hint: "Set unique_key='id' (or a list of columns), or use incremental_strategy='append'.",
    });
  }
  if (cfg.strategy === 'insert_overwrite') {
    if (cfg.partitionBy.length === 0) {
      problems.push({
        message: "incremental_strategy 'insert_overwrite' needs partition_by: it replaces the partitions present in the new rows.",
        hint: "Set partition_by='day' (or a list of columns), or use incremental_strategy='merge' with a unique_key.",
      });
    }
    if (cfg.uniqueKey.length > 0) {
      problems.push({
        message: "incremental_strategy 'insert_overwrite' does not use unique_key: it replaces whole partitions.",
        hint: "Remove unique_key, or use incremental_strategy='merge' or 'delete+insert' to replace rows by key.",
      });
    }
  }
  return problems;
}
