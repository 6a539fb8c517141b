import { isAbsolute, resolve } from 'node:path';
import type { TargetConfig } from '../adapter.js';

/** Resolves the database path of a target: `path` (or `file`), relative to the project. */
export function databasePath(target: TargetConfig, projectDir: string): string {
  const raw = String(target.path ?? target.file ?? 'warehouse.duckdb');
  if (raw === ':memory:') return raw;
  return isAbsolute(raw) ? raw : resolve(projectDir, raw);
}
