import type { ConfigMap } from '../project/folder-config.js';

/** A snapshot's settings, read from its config. */
export interface SnapshotConfig {
  readonly strategy: 'timestamp' | 'check';
  readonly uniqueKey: readonly string[];
  readonly updatedAt?: string;
  /** Columns compared by the check strategy; `all` means every column but the key. */
  readonly checkCols: readonly string[] | 'all';
  readonly hardDeletes: 'ignore' | 'invalidate';
}

const list = (value: unknown): string[] =>
  value === undefined || value === null || value === '' ? [] : (Array.isArray(value) ? value : [value]).map(String);

export function snapshotConfig(config: Readonly<ConfigMap>): SnapshotConfig {
  const checkCols = config.check_cols === 'all' ? 'all' : list(config.check_cols);
  const hard = config.hard_deletes ?? (config.invalidate_hard_deletes === true ? 'invalidate' : 'ignore');
  return {
    strategy: String(config.strategy) as SnapshotConfig['strategy'],
    uniqueKey: list(config.unique_key).flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean),
    updatedAt: config.updated_at === undefined || config.updated_at === null ? undefined : String(config.updated_at),
    checkCols,
    hardDeletes: String(hard) as SnapshotConfig['hardDeletes'],
  };
}

/** Problems with a snapshot's config, each a message and what to do. */
export function validateSnapshotConfig(config: Readonly<ConfigMap>): { message: string; hint: string }[] {
  const problems: { message: string; hint: string }[] = [];
  const cfg = snapshotConfig(config);
  if (config.strategy === undefined) {
    problems.push({ message: 'A snapshot needs a strategy.', hint: "Set strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)." });
  } else if (cfg.strategy !== 'timestamp' && cfg.strategy !== 'check') {
    problems.push({ message: `Unknown snapshot strategy '${String(config.strategy)}'.`, hint: 'Use timestamp or check.' });
  }
  if (cfg.uniqueKey.length === 0) problems.push({ message: 'A snapshot needs a unique_key.', hint: "Set unique_key='id' (or a list of columns)." });
  if (cfg.strategy === 'timestamp' && !cfg.updatedAt) {
    problems.push({ message: "The timestamp strategy needs updated_at.", hint: "Set updated_at='<column holding the last change time>'." });
  }
  if (cfg.strategy === 'check' && cfg.checkCols !== 'all' && cfg.checkCols.length === 0) {
    problems.push({ message: 'The check strategy needs check_cols.', hint: "Set check_cols=['col_a', 'col_b'] or check_cols='all'." });
  }
  if (cfg.hardDeletes !== 'ignore' && cfg.hardDeletes !== 'invalidate') {
    problems.push({ message: `Unsupported hard_deletes '${cfg.hardDeletes}'.`, hint: 'Use ignore or invalidate.' });
  }
  for (const key of ['snapshot_meta_column_names', 'dbt_valid_to_current']) {
    if (config[key] !== undefined) problems.push({ message: `Snapshot config '${key}' is not supported by mdl.`, hint: `Remove ${key}; mdl uses dbt's default column names and NULL for current rows.` });
  }
  return problems;
}
