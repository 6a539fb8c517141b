/**
 * Installs dbt-core and dbt-duckdb from PyPI into `bench/.venv` (git-ignored) on first use.
 *
 * The newest dbt-core (1.12) depends on dbt-core-experimental-parser, whose source package downloads
 * its wheel from outside PyPI while building; where that host is unreachable we fall back to the
 * newest 1.11 release, and say so in the results. If neither installs, the dbt workload is skipped
 * with pip's own message: never faked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tail } from './measure.js';

/** A ready dbt, or the reason there is none. */
export type DbtEnv =
  | { readonly ok: true; readonly dbt: string; readonly version: string; readonly python: string; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly notes: readonly string[] };

/** Environment for every dbt command: no tracking, output under target-dbt/ and logs-dbt/. */
export function dbtEnvironment(projectDir: string): Record<string, string> {
  return {
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DO_NOT_TRACK: '1',
    DBT_PROFILES_DIR: projectDir,
    DBT_TARGET_PATH: 'target-dbt',
    DBT_LOG_PATH: 'logs-dbt',
    DBT_USE_COLORS: 'false',
    DBT_PARTIAL_PARSE: 'true',
    DBT_STATIC_PARSER: 'true',
  };
}

function run(command: string, args: readonly string[], timeoutMs: number): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  if (result.error) return { ok: false, output: `${result.error.message}\n${output}` };
  return { ok: result.status === 0, output };
}

function versionOf(dbt: string): string | undefined {
  const result = run(dbt, ['--version'], 60_000);
  if (!result.ok) return undefined;
  const core = /installed:\s*([\w.]+)/.exec(result.output)?.[1];
  const duckdb = /duckdb:\s*([\w.]+)/.exec(result.output)?.[1];
  return core ? `dbt-core ${core}, dbt-duckdb ${duckdb ?? '?'}` : undefined;
}

/** Returns a working dbt, installing it when needed (about 40 s the first time). */
export function ensureDbt(venvDir: string, log: (message: string) => void): DbtEnv {
  const notesFile = join(venvDir, 'mdl-bench-notes.txt');
  const notes: string[] = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').split('\n').filter(Boolean) : [];
  const dbt = join(venvDir, 'bin', 'dbt');
  const python = join(venvDir, 'bin', 'python');
  let version = existsSync(dbt) ? versionOf(dbt) : undefined;
  if (!version) {
    log('  installing dbt-core and dbt-duckdb into bench/.venv (PyPI)...');
    rmSync(venvDir, { recursive: true, force: true });
    notes.length = 0;
    const venv = run('python3', ['-m', 'venv', venvDir], 120_000);
    if (!venv.ok) return { ok: false, reason: `python3 -m venv failed: ${tail(venv.output, 3)}`, notes };
    const pip = join(venvDir, 'bin', 'pip');
    const latest = run(pip, ['install', '-q', 'dbt-core', 'dbt-duckdb'], 600_000);
    if (!latest.ok) {
      notes.push(
        'dbt-core (latest) did not install: its dependency dbt-core-experimental-parser downloads a wheel ' +
          'from outside PyPI while building. Fell back to dbt-core<1.12.',
      );
      const pinned = run(pip, ['install', '-q', 'dbt-core<1.12', 'dbt-duckdb'], 600_000);
      if (!pinned.ok) {
        return { ok: false, reason: `pip install dbt-core dbt-duckdb failed: ${tail(pinned.output, 4)}`, notes };
      }
    }
    writeFileSync(notesFile, notes.join('\n'));
    version = versionOf(dbt);
    if (!version) return { ok: false, reason: 'dbt installed but `dbt --version` fails', notes };
  }
  const pythonVersion = run(python, ['--version'], 30_000).output.trim();
  return { ok: true, dbt, version, python: pythonVersion, notes };
}
