import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { MdlError, type Diagnostic } from '../errors/diagnostic.js';
import { Reporter } from '../reporting/console-reporter.js';

/** A project as a map of relative paths to file contents. */
export type FileMap = Readonly<Record<string, string>>;

const created: string[] = [];

/** Writes `files` into a fresh temp directory and returns its path. */
export function writeProject(files: FileMap): string {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-proj-'));
  created.push(dir);
  writeFiles(dir, files);
  return dir;
}

/** Adds or replaces files in an existing project directory. */
export function writeFiles(dir: string, files: FileMap): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** Removes every directory made by `writeProject` (call from afterAll). */
export function cleanupProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A Reporter whose output lands in strings, for assertions on console text. */
export interface CapturedReporter {
  readonly reporter: Reporter;
  readonly out: () => string;
  readonly err: () => string;
}

export function captureReporter(): CapturedReporter {
  const outStream = new PassThrough();
  const errStream = new PassThrough();
  let out = '';
  let err = '';
  outStream.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  errStream.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  // PassThrough emits 'data' synchronously on write in flowing mode, so reading right after a call is safe.
  const reporter = new Reporter({ out: outStream, err: errStream, color: false });
  return { reporter, out: () => out, err: () => err };
}

/** Runs `fn` and returns the diagnostics of the MdlError it throws (fails if it does not throw one). */
export async function diagnosticsOf(fn: () => unknown): Promise<readonly Diagnostic[]> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof MdlError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected an MdlError, but the call succeeded');
}

/** Reads rows from a DuckDB file (opened after mdl has closed it), BIGINTs as numbers. */
export async function queryDb(dbPath: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(dbPath, { autoinstall_known_extensions: 'false' });
  try {
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Reads a JSON artifact below the project, e.g. `target/run_results.json`. */
export function readJson<T = any>(dir: string, path: string): T {
  return JSON.parse(readFileSync(join(dir, path), 'utf8')) as T;
}

/** Path of the default warehouse of a project written by `writeProject`. */
export const warehouseOf = (dir: string): string => join(dir, 'warehouse.duckdb');

/**
 * The example's build-time audit columns: when a row was ingested, checked, refreshed or totalled
 * (`current_timestamp` of the build). They differ between any two builds by design, so tests that
 * compare two builds of the example leave them out.
 */
export const EXAMPLE_BUILD_TIME_COLUMNS: ReadonlySet<string> = new Set(['_ingested_at', '_checked_at', '_refreshed_at', '_built_at']);
