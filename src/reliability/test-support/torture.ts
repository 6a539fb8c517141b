/**
 * Crash-safety harness: builds the example project (repo root, scale-1 seeds) into a temp copy
 * again and again, SIGKILLs the build at a random moment, and checks what a user would rely on:
 * the database opens; every relation holds exactly its previous or its new content; no mdl
 * temporary relation is visible; the next build succeeds and gives what an uninterrupted build
 * gives. Two versions of the seeds (all rows, and the first 80% of each file) alternate, so
 * "previous" and "new" differ for every relation; an incremental model is added so merges are
 * interrupted too.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_BUILD_TIME_COLUMNS } from '../../test-support/project.js';
import { buildCli, childEnv, repoDir, runCli } from './cli.js';
import { atomicityViolations, readWarehouseState, stateDifferences, temporaryRelations, type WarehouseState } from './warehouse-state.js';

export interface TortureOptions {
  readonly trials: number;
  /** PRNG seed for the kill moments (printed, so a run can be repeated). */
  readonly seed?: number;
  readonly log?: (message: string) => void;
  /** Keep the work folder (for a post-mortem). */
  readonly keep?: boolean;
}

/** One kill and what was found after it. */
export interface TrialReport {
  readonly index: number;
  readonly to: 'full' | 'trimmed';
  readonly killAfterMs: number;
  /** Kinds of node in flight when it died (`seed`, `model`, `incremental`, `test`, joined by +). */
  readonly phase: string;
  /** True when the build finished before the kill landed (no crash tested). */
  readonly finishedFirst: boolean;
  readonly violations: readonly string[];
}

export interface TortureReport {
  readonly seed: number;
  readonly trials: readonly TrialReport[];
  readonly violations: number;
  readonly killed: number;
  readonly phases: Readonly<Record<string, number>>;
}

const INCREMENTAL_MODEL = `-- Added by the torture harness so kills land in incremental merges too.
{{ config(materialized='incremental', unique_key='order_id', tags=['torture']) }}
select order_id, customer_id, status, order_date from {{ ref('silver_orders') }}
`;

const PROJECT_ENTRIES = ['project.yml', 'models', 'seeds', 'macros', 'tests'];
const state = (database: string) => readWarehouseState(database, [...EXAMPLE_BUILD_TIME_COLUMNS]);

/** mulberry32: small, seedable, good enough to spread kill moments. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What the build was doing when it died, from its JSON log: the kinds of node started but not
 * finished (seed, table/view model, incremental model, test), e.g. `seed+test`.
 */
function phaseOf(stdout: string): string {
  const inFlight = new Set<string>();
  let started = false;
  for (const line of stdout.split('\n')) {
    let event: { event?: string; id?: string; unique_id?: string };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue; // the last line may be cut by the kill
    }
    if (event.event === 'start') started = true;
    else if (event.event === 'node_start' && event.id) inFlight.add(event.id);
    else if (event.event === 'node_finished' && event.unique_id) inFlight.delete(event.unique_id);
  }
  if (!started) return 'before start';
  const kinds = new Set([...inFlight].map((id) => (id.endsWith('.torture_order_status') ? 'incremental' : id.split('.')[0]!)));
  return kinds.size === 0 ? 'between nodes' : [...kinds].sort().join('+');
}

/** How a build ended: its output, exit code, and ms from its "Running" line to its exit. */
interface BuildRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly killed: boolean;
  readonly runningMs: number;
}

/**
 * Runs a build; with `killAfterMs`, SIGKILLs it that long after it starts running nodes (the
 * killed build logs JSON, so the harness can tell which nodes were in flight).
 */
function build(main: string, dir: string, killAfterMs?: number): Promise<BuildRun> {
  return new Promise((resolve, reject) => {
    const json = killAfterMs === undefined ? [] : ['--log-format', 'json'];
    const child = spawn(process.execPath, [main, 'build', '--project-dir', dir, ...json], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let runningAt: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (runningAt === undefined && (stdout.includes('Running') || stdout.includes('"event":"start"'))) {
        runningAt = Date.now();
        if (killAfterMs !== undefined) {
          timer = setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, killAfterMs);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ stdout, stderr, code, killed: killed && signal === 'SIGKILL', runningMs: runningAt === undefined ? 0 : Date.now() - runningAt });
    });
  });
}

export async function runTorture(options: TortureOptions): Promise<TortureReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = prng(seed);
  const cli = buildCli();
  const work = mkdtempSync(join(tmpdir(), 'mdl-torture-'));
  try {
    const dir = join(work, 'project');
    mkdirSync(dir);
    for (const entry of PROJECT_ENTRIES) cpSync(join(repoDir, entry), join(dir, entry), { recursive: true });
    writeFileSync(join(dir, 'models', 'gold', 'torture_order_status.sql'), INCREMENTAL_MODEL);
    // The two seed versions: every row, and the first 80% of each file (no field spans lines).
    const versions = { full: join(work, 'seeds-full'), trimmed: join(work, 'seeds-trimmed') };
    mkdirSync(versions.full);
    mkdirSync(versions.trimmed);
    for (const file of readdirSync(join(dir, 'seeds')).filter((f) => f.endsWith('.csv'))) {
      const text = readFileSync(join(dir, 'seeds', file), 'utf8');
      copyFileSync(join(dir, 'seeds', file), join(versions.full, file));
      const lines = text.split('\n').filter((l) => l !== '');
      writeFileSync(join(versions.trimmed, file), `${lines.slice(0, Math.max(2, Math.floor(lines.length * 0.8))).join('\n')}\n`);
    }
    const useSeeds = (version: 'full' | 'trimmed') => {
      for (const file of readdirSync(versions[version])) copyFileSync(join(versions[version], file), join(dir, 'seeds', file));
    };
    const database = join(dir, 'warehouse.duckdb');
    // Recent "Running"-to-exit times of uninterrupted builds: kills land uniformly within the
    // shortest, so nearly all of them hit a build in progress even when the machine is busy.
    const durations: number[] = [];
    const fullBuild = async (what: string) => {
      const result = await build(cli.main, dir);
      if (result.code !== 0) throw new Error(`${what}: build exited ${result.code}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
      durations.push(result.runningMs);
      if (durations.length > 5) durations.shift();
    };

    // References from uninterrupted builds: full, then trimmed. The trimmed rows are a subset of
    // the full ones, so the incremental model holds the full rows from the first build on and
    // each direction has one fixed expected result.
    log(`torture: seed ${seed}, work folder ${work}`);
    useSeeds('full');
    await fullBuild('reference build (full)');
    const reference: Record<'full' | 'trimmed', WarehouseState> = { full: await state(database), trimmed: new Map() };
    useSeeds('trimmed');
    await fullBuild('reference build (trimmed)');
    reference.trimmed = await state(database);
    log(`torture: ${reference.full.size} relations; an uninterrupted build runs its nodes in ${(Math.min(...durations) / 1000).toFixed(1)} s`);

    const trials: TrialReport[] = [];
    let current: 'full' | 'trimmed' = 'trimmed';
    for (let index = 1; index <= options.trials; index++) {
      const to: 'full' | 'trimmed' = current === 'full' ? 'trimmed' : 'full';
      useSeeds(to);
      const killAfterMs = Math.floor(random() * Math.min(...durations));
      const run = await build(cli.main, dir, killAfterMs);
      const finishedFirst = !run.killed;
      const stdout = run.stdout;
      const violations: string[] = [];
      let after: WarehouseState | undefined;
      try {
        after = await state(database);
      } catch (error) {
        violations.push(`the database does not open: ${(error as Error).message.split('\n')[0]}`);
      }
      if (after) {
        violations.push(...atomicityViolations(after, reference[current], reference[to]));
        violations.push(...temporaryRelations(after).map((name) => `temporary relation visible after the kill: ${name}`));
      }
      try {
        await fullBuild('the build after the kill');
        const recovered = await state(database);
        violations.push(...stateDifferences(recovered, reference[to]).map((d) => `after the next build: ${d}`));
        violations.push(...temporaryRelations(recovered).map((name) => `temporary relation left after the next build: ${name}`));
      } catch (error) {
        violations.push((error as Error).message.split('\n').slice(0, 6).join('\n'));
      }
      const trial: TrialReport = { index, to, killAfterMs, phase: finishedFirst ? 'finished before the kill' : phaseOf(stdout), finishedFirst, violations };
      trials.push(trial);
      log(`trial ${index}: kill after ${killAfterMs} ms (${trial.phase}) -> ${violations.length === 0 ? 'ok' : `${violations.length} violation(s)\n  ${violations.join('\n  ')}`}`);
      current = to;
    }
    const phases: Record<string, number> = {};
    for (const t of trials) phases[t.phase] = (phases[t.phase] ?? 0) + 1;
    return {
      seed, trials, phases,
      violations: trials.reduce((n, t) => n + t.violations.length, 0),
      killed: trials.filter((t) => !t.finishedFirst).length,
    };
  } finally {
    cli.dispose();
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}
