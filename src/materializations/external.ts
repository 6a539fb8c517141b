import { isAbsolute, join, resolve } from 'node:path';
import type { Dialect, Relation } from '../adapters/adapter.js';
import type { ConfigMap } from '../project/folder-config.js';

export const EXTERNAL_FORMATS = ['parquet', 'csv'] as const;
const COMPRESSIONS: Record<string, readonly string[]> = {
  parquet: ['snappy', 'zstd', 'gzip', 'lz4', 'brotli', 'uncompressed'],
  csv: ['gzip', 'zstd', 'none'],
};

/** Where and how an external model writes its files. */
export interface ExternalConfig {
  readonly format: 'parquet' | 'csv';
  /** Absolute path: a file, or a folder of hive partitions when `partitionBy` is set. */
  readonly location: string;
  readonly partitionBy: readonly string[];
  readonly compression?: string;
}

const list = (value: unknown): string[] =>
  value === undefined || value === null || value === '' ? [] : (Array.isArray(value) ? value : [value]).map(String);

/**
 * Reads the config; `location` is relative to the project. Default: `external/<alias>.<format>`,
 * or the folder `external/<alias>` when partitioned.
 */
export function externalConfig(config: Readonly<ConfigMap>, alias: string, projectDir: string): ExternalConfig {
  const format = String(config.format ?? 'parquet') as ExternalConfig['format'];
  const partitionBy = list(config.partition_by);
  const compression = config.compression === undefined ? undefined : String(config.compression);
  // A compressed CSV gets the extension readers use to recognise it.
  const suffix = format === 'csv' && compression === 'gzip' ? '.gz' : format === 'csv' && compression === 'zstd' ? '.zst' : '';
  const raw = config.location === undefined ? join('external', partitionBy.length ? alias : `${alias}.${format}${suffix}`) : String(config.location);
  return { format, location: isAbsolute(raw) ? raw : resolve(projectDir, raw), partitionBy, compression };
}

/** Compile-time checks of an external model's config. */
export function validateExternalConfig(config: Readonly<ConfigMap>): { message: string; hint: string }[] {
  const problems: { message: string; hint: string }[] = [];
  const format = String(config.format ?? 'parquet');
  if (!(EXTERNAL_FORMATS as readonly string[]).includes(format)) {
    problems.push({ message: `Unknown external format '${format}'.`, hint: `Use one of: ${EXTERNAL_FORMATS.join(', ')}.` });
  } else if (config.compression !== undefined && !COMPRESSIONS[format]!.includes(String(config.compression))) {
    problems.push({ message: `Unknown ${format} compression '${String(config.compression)}'.`, hint: `Use one of: ${COMPRESSIONS[format]!.join(', ')}.` });
  }
  for (const column of list(config.partition_by)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) {
      problems.push({ message: `partition_by column '${column}' is not a plain column name.`, hint: 'Select the expression as a named column and partition by that name.' });
    }
  }
  return problems;
}

/** The files a location holds, as a read pattern. */
export function readPattern(cfg: ExternalConfig): string {
  return cfg.partitionBy.length ? `${cfg.location}/**/*.${cfg.format}${cfg.format === 'csv' ? '*' : ''}` : cfg.location;
}

/** COPY the model's rows to `path` (a fresh place; the runner swaps it in). */
export function copyStatement(cfg: ExternalConfig, sql: string, path: string, dialect: Dialect): string {
  const options = [`FORMAT ${cfg.format}`];
  if (cfg.format === 'csv') options.push('HEADER true');
  if (cfg.partitionBy.length) options.push(`PARTITION_BY (${cfg.partitionBy.map(dialect.quoteIdentifier).join(', ')})`);
  if (cfg.compression) options.push(`COMPRESSION ${cfg.compression}`);
  return `COPY (\n${sql}\n) TO ${dialect.literal(path)} (${options.join(', ')})`;
}

/** The view downstream models read: the files, with partition folders as columns. */
export function externalViewStatement(cfg: ExternalConfig, relation: Relation, dialect: Dialect): string {
  const reader = cfg.format === 'parquet' ? 'read_parquet' : 'read_csv';
  const compressed = cfg.format === 'csv' && cfg.compression && cfg.compression !== 'none';
  const extra = cfg.format === 'csv' ? `, header = true${compressed ? `, compression = ${dialect.literal(cfg.compression!)}` : ''}` : '';
  const hive = cfg.partitionBy.length ? ', hive_partitioning = true' : '';
  return dialect.createView(relation, `SELECT * FROM ${reader}(${dialect.literal(readPattern(cfg))}${hive}${extra})`);
}
