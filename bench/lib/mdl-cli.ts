/**
 * Finds the built mdl CLI (`dist/cli/main.js`), rebuilding it when src/ is newer, and detects which
 * commands exist, so workloads for features not written yet report "not available" instead of
 * pretending. Benchmarks always run the built JavaScript with plain `node`: no tsx start-up cost.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tail } from './measure.js';

/** The CLI as the harness runs it, or why it cannot. */
export type MdlCli =
  | {
      readonly ok: true;
      /** `node` */
      readonly command: string;
      /** `[dist/cli/main.js]`: prepend to every mdl argument list. */
      readonly prefix: readonly string[];
      /** Top-level command names listed by `mdl --help`. */
      readonly commands: ReadonlySet<string>;
      readonly helpText: string;
    }
  | { readonly ok: false; readonly reason: string };

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Parses commander's "Commands:" section. */
export function parseCommands(help: string): Set<string> {
  const names = new Set<string>();
  const section = help.split(/\nCommands:\n/)[1];
  if (!section) return names;
  for (const line of section.split('\n')) {
    const match = /^ {2}([a-z][\w-]*)/.exec(line);
    if (match) names.add(match[1]!);
  }
  return names;
}

/**
 * Builds when needed (`npm run build`) and checks that `mdl --help` runs. `MDL_BENCH_CLI=<file.ts>`
 * points the harness at another entry point run through tsx (for trying the harness on a work in
 * progress; figures measured that way include tsx's start-up and are not comparable).
 */
export function locateMdl(repoDir: string, log: (message: string) => void, build = true): MdlCli {
  const override = process.env.MDL_BENCH_CLI;
  if (override) {
    const prefix = ['--import', 'tsx', override];
    const help = spawnSync(process.execPath, [...prefix, '--help'], { cwd: repoDir, encoding: 'utf8' });
    if (help.status !== 0) return { ok: false, reason: `MDL_BENCH_CLI=${override} --help fails: ${tail(help.stderr, 3)}` };
    log(`using MDL_BENCH_CLI=${override} through tsx (figures not comparable with the built CLI)`);
    return { ok: true, command: process.execPath, prefix, commands: parseCommands(help.stdout), helpText: help.stdout };
  }
  const cli = join(repoDir, 'dist', 'cli', 'main.js');
  const stale = !existsSync(cli) || newestMtime(join(repoDir, 'src')) > statSync(cli).mtimeMs;
  if (stale && build) {
    log('building mdl (npm run build)...');
    const result = spawnSync('npm', ['run', 'build'], { cwd: repoDir, encoding: 'utf8' });
    if (result.status !== 0 && !existsSync(cli)) {
      return { ok: false, reason: `npm run build failed: ${tail(`${result.stdout}\n${result.stderr}`, 4)}` };
    }
    if (result.status !== 0) log('  npm run build failed; measuring the existing dist/ build');
  }
  if (!existsSync(cli)) return { ok: false, reason: 'the mdl CLI is not built yet (dist/cli/main.js missing)' };
  const help = spawnSync(process.execPath, [cli, '--help'], { cwd: repoDir, encoding: 'utf8' });
  if (help.status !== 0) {
    return { ok: false, reason: `mdl --help fails: ${tail(`${help.stdout}\n${help.stderr}`, 3)}` };
  }
  return { ok: true, command: process.execPath, prefix: [cli], commands: parseCommands(help.stdout), helpText: help.stdout };
}

/** Help text of one subcommand (e.g. to see whether `docs generate` exists), or '' if it fails. */
export function subcommandHelp(mdl: MdlCli, args: readonly string[], cwd: string): string {
  if (!mdl.ok) return '';
  const result = spawnSync(mdl.command, [...mdl.prefix, ...args, '--help'], { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : '';
}
