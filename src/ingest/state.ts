import type { Dialect } from '../adapters/adapter.js';

/** A landing file as seen on disk now. */
export interface LandingFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What to do with each landing file on this run. */
export interface FileDecision {
  readonly fresh: readonly LandingFile[];
  readonly changed: readonly LandingFile[];
  readonly unchanged: readonly LandingFile[];
}

export const STATE_TABLE = 'mdl_ingested_files';

export const stateTableName = (schema: string, dialect: Dialect): string => dialect.relationName({ schema, name: STATE_TABLE });

export function createStateTableSql(schema: string, dialect: Dialect): string {
  return `CREATE TABLE IF NOT EXISTS ${stateTableName(schema, dialect)} (model VARCHAR, path VARCHAR, size BIGINT, mtime_ms BIGINT, ` +
    'rows BIGINT, ingested_at TIMESTAMP)';
}

/** New path: fresh. Known path with another size or mtime: changed. Otherwise unchanged. */
export function decideFiles(files: readonly LandingFile[], known: readonly LandingFile[]): FileDecision {
  const byPath = new Map(known.map((f) => [f.path, f]));
  const fresh: LandingFile[] = [];
  const changed: LandingFile[] = [];
  const unchanged: LandingFile[] = [];
  for (const file of files) {
    const prior = byPath.get(file.path);
    if (!prior) fresh.push(file);
    else if (prior.size !== file.size || prior.mtimeMs !== file.mtimeMs) changed.push(file);
    else unchanged.push(file);
  }
  return { fresh, changed, unchanged };
}

/** Forget the model's files (all, or the listed paths), then record `files` as ingested. */
export function recordFilesSql(schema: string, model: string, files: readonly LandingFile[], rowsByPath: ReadonlyMap<string, number>, all: boolean, dialect: Dialect): string[] {
  const table = stateTableName(schema, dialect);
  const lit = dialect.literal;
  const forget = all
    ? `DELETE FROM ${table} WHERE model = ${lit(model)}`
    : `DELETE FROM ${table} WHERE model = ${lit(model)} AND path IN (${files.map((f) => lit(f.path)).join(', ')})`;
  if (files.length === 0) return all ? [forget] : [];
  const values = files.map((f) => `(${lit(model)}, ${lit(f.path)}, ${f.size}, ${Math.round(f.mtimeMs)}, ${rowsByPath.get(f.path) ?? 0}, current_timestamp::TIMESTAMP)`);
  return [forget, `INSERT INTO ${table} VALUES ${values.join(', ')}`];
}
