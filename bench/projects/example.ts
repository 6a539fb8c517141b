/**
 * The example project (repository root) copied into `bench/.work/example`, so benchmark builds never
 * touch the shared checkout's warehouse.duckdb or target/ (others may be running the example too).
 * Also: where its database lives, how to empty it, and how to generate larger data for it.
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Folders copied besides those project.yml names in its `*-paths` keys. */
const DEFAULT_PARTS = ['project.yml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots', 'dashboards'];

function projectYml(dir: string): Record<string, unknown> {
  const path = join(dir, 'project.yml');
  if (!existsSync(path)) return {};
  const value: unknown = parse(readFileSync(path, 'utf8'));
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** True when the repository root holds the example project yet. */
export function exampleExists(repoDir: string): boolean {
  return existsSync(join(repoDir, 'project.yml')) && existsSync(join(repoDir, 'models'));
}

/** Copies the example into `dest` (emptied first) and returns `dest`. */
export function copyExample(repoDir: string, dest: string): string {
  rmSync(dest, { recursive: true, force: true });
  const yml = projectYml(repoDir);
  const parts = new Set(DEFAULT_PARTS);
  for (const [key, value] of Object.entries(yml)) {
    if (!key.endsWith('-paths') || key === 'clean-targets') continue;
    for (const path of Array.isArray(value) ? value : [value]) if (typeof path === 'string' && !path.startsWith('..')) parts.add(path);
  }
  for (const part of parts) {
    const from = join(repoDir, part);
    if (existsSync(from)) cpSync(from, join(dest, part), { recursive: true });
  }
  return dest;
}

/** The DuckDB file of the project's default target (what `mdl build` writes). */
export function databaseFile(dir: string): string | undefined {
  const yml = projectYml(dir);
  const targets = (yml.targets ?? {}) as Record<string, Record<string, unknown>>;
  const target = targets[String(yml.target ?? 'dev')] ?? {};
  if (target.type !== undefined && target.type !== 'duckdb') return undefined;
  const raw = String(target.path ?? target.file ?? 'warehouse.duckdb');
  if (raw === ':memory:' || raw.includes('{{')) return undefined;
  return isAbsolute(raw) ? raw : resolve(dir, raw);
}

/** Deletes the project's database, target/ and .mdl/, so the next build starts from nothing. */
export function freshDatabase(dir: string): void {
  const database = databaseFile(dir);
  if (database) for (const suffix of ['', '.wal', '.tmp']) rmSync(`${database}${suffix}`, { recursive: true, force: true });
  for (const name of ['target', '.mdl']) rmSync(join(dir, name), { recursive: true, force: true });
}

/** The generator command (plain node + tsx's CLI, no npm wrapper) for scale `scale` into `out`. */
export function generatorArgs(repoDir: string, scale: number, out: string): string[] {
  return [join(repoDir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoDir, 'scripts', 'generate', 'main.ts'),
    '--scale', String(scale), '--seed', '42', '--out', out, '--no-progress'];
}

/** Rows the generator wrote, from its generator_manifest.json (0 if missing). */
export function generatedRows(dir: string): number {
  const path = join(dir, 'generator_manifest.json');
  if (!existsSync(path)) return 0;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files?: Record<string, { rows?: number }> };
  return Object.values(manifest.files ?? {}).reduce((sum, file) => sum + (file.rows ?? 0), 0);
}

/** True when `dir` already holds a generated extract of this scale and seed 42 (reused between workloads). */
export function generatedAlready(dir: string, scale: number): boolean {
  const path = join(dir, 'generator_manifest.json');
  if (!existsSync(path)) return false;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { scale?: number; seed?: number };
  return manifest.scale === scale && manifest.seed === 42;
}

/** The `--vars` value pointing the example at a generated folder. */
export function dataVars(dir: string): string {
  return JSON.stringify({ raw_data_path: dir });
}
