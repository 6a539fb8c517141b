/**
 * Runs the mdl CLI as a user would: a separate Node process, exit code and output captured.
 *
 * The sources are transpiled once per test file with esbuild (no bundling, same layout as
 * src/) into a folder inside the repository, so `node_modules` resolves as it does for
 * dist/. That costs well under a second and avoids tsx's start-up on every one of the many
 * invocations, without touching the shared dist/ folder that `npm run build` owns.
 * `MDL_RELIABILITY_CLI=/path/to/main.js` runs another build instead (e.g. dist/cli/main.js).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** What one CLI invocation did. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support' && entry.name !== 'app') out.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** Transpiles src/ to a fresh folder under .scratch/ and returns the CLI entry point. */
export function buildCli(): { readonly main: string; readonly dispose: () => void } {
  const override = process.env.MDL_RELIABILITY_CLI;
  if (override) return { main: resolve(override), dispose: () => {} };
  const parent = join(repoDir, '.scratch', 'reliability');
  mkdirSync(parent, { recursive: true });
  const out = mkdtempSync(join(parent, 'cli-'));
  chmodSync(out, 0o755); // readable by the unprivileged user some cases run as
  const esbuild = join(repoDir, 'node_modules', '.bin', 'esbuild');
  const result = spawnSync(esbuild, [
    ...sourceFiles(join(repoDir, 'src')), `--outdir=${join(out, 'src')}`, `--outbase=${join(repoDir, 'src')}`,
    '--format=esm', '--platform=node', '--target=node20', '--log-level=error',
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`esbuild failed: ${result.stderr}`);
  const main = join(out, 'src', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`esbuild wrote no ${main}`);
  return { main, dispose: () => rmSync(out, { recursive: true, force: true }) };
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the process (SIGKILL) after this many ms; the result then has `signal` set. */
  readonly timeoutMs?: number;
  /** Run as this user id (only possible as root; used to make chmod 000 mean something). */
  readonly uid?: number;
  readonly gid?: number;
}

/** Environment for a child: the parent's, minus colour and MDL_* leftovers, plus `extra`. */
export function childEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MDL_') && key !== 'FORCE_COLOR') env[key] = value;
  }
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node <main> ...args` and resolves when it exits. */
export function runCli(main: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd: options.cwd ?? repoDir, env: childEnv(options.env), uid: options.uid, gid: options.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** True when the text looks like a JavaScript stack trace (`    at fn (file.js:1:2)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|\s)(file:\/\/|node:|\/).*:\d+:\d+\)?$/m.test(text) || /\b(TypeError|ReferenceError|RangeError|SyntaxError): /.test(text);
}
