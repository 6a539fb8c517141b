/**
 * `npm run bench [-- --quick] [-- --only id[,id]] [-- --reps N] [-- --out DIR] [-- --list]`
 *
 * Runs the benchmark workloads, writes `<out>/results/<date>.json` and regenerates `<out>/RESULTS.md`.
 * The default output is `bench/` for a full run and `bench/.work/quick/` for `--quick`, so a smoke
 * run never overwrites the committed figures.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineFacts } from './lib/machine.js';
import { locateMdl } from './lib/mdl-cli.js';
import { writeResults } from './lib/results-file.js';
import type { BenchResults, MachineFacts, WorkloadResult } from './lib/types.js';
import type { BenchContext } from './lib/workload.js';
import { WORKLOADS } from './workloads/registry.js';

/** Parsed command-line options. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly only: readonly string[];
  readonly reps: number;
  readonly outDir: string;
  readonly build: boolean;
  readonly list: boolean;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = resolve(benchDir, '..');

function usage(message: string): never {
  console.error(`${message}\nusage: npm run bench -- [--quick] [--only ${WORKLOADS.map((w) => w.id).join('|')}[,...]] [--reps N] [--out DIR] [--no-build] [--list]`);
  process.exit(2);
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only: string[] = [];
  let reps: number | undefined;
  let outDir: string | undefined;
  let build = true;
  let list = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg.startsWith('--only=')) only = arg.slice(7).split(',').filter(Boolean);
    else if (arg === '--reps') reps = Number(value());
    else if (arg === '--out') outDir = resolve(value());
    else if (arg === '--no-build') build = false;
    else if (arg === '--list') list = true;
    else usage(`unknown option ${arg}`);
  }
  const known = new Set(WORKLOADS.map((w) => w.id));
  for (const id of only) if (!known.has(id)) usage(`unknown workload ${id}`);
  if (reps !== undefined && (!Number.isInteger(reps) || reps < 1)) usage('--reps takes a whole number >= 1');
  return {
    quick,
    only,
    reps: reps ?? (quick ? 1 : 3),
    outDir: outDir ?? (quick ? join(benchDir, '.work', 'quick') : benchDir),
    build,
    list,
  };
}

/** Runs the selected workloads and writes the results; returns them (the test calls this). */
export async function runBench(options: BenchOptions, log: (message: string) => void = console.log): Promise<BenchResults> {
  const startedAt = new Date();
  const workDir = join(benchDir, '.work');
  mkdirSync(workDir, { recursive: true });
  const facts: { -readonly [K in keyof MachineFacts]: MachineFacts[K] } = await machineFacts(repoDir);
  const mdl = locateMdl(repoDir, log, options.build);
  if (!mdl.ok) log(`mdl is not usable: ${mdl.reason}`);
  const context: BenchContext = {
    repoDir,
    workDir,
    venvDir: join(benchDir, '.venv'),
    quick: options.quick,
    reps: options.reps,
    mdl,
    log,
    setFact: (key, value) => {
      facts[key] = value;
    },
  };
  const selected = options.only.length > 0 ? WORKLOADS.filter((w) => options.only.includes(w.id)) : WORKLOADS;
  const results: WorkloadResult[] = [];
  // Written after every workload, so an interrupted run still leaves what it measured.
  const save = (inProgress: boolean) => {
    const finishedAt = new Date();
    facts.load_average_at_end = os.loadavg().map((v) => Math.round(v * 100) / 100);
    const run: BenchResults = {
      schema_version: 1,
      date: startedAt.toISOString().slice(0, 10),
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      ...(inProgress ? { in_progress: true as const } : {}),
      quick: options.quick,
      repetitions: options.reps,
      machine: { ...facts },
      workloads: [...results],
    };
    return writeResults(options.outDir, run, WORKLOADS.map((w) => w.id), options.only.length > 0);
  };
  for (const workload of selected) {
    log(`== ${workload.id}: ${workload.title}`);
    const started = Date.now();
    const startedIso = new Date(started).toISOString();
    let outcome;
    try {
      outcome = await workload.run(context);
    } catch (error) {
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcome = { status: 'failed' as const, reason, rows: [] };
    }
    if (outcome.status !== 'ok') log(`  ${outcome.status}${outcome.reason ? `: ${outcome.reason.split('\n')[0]}` : ''}`);
    results.push({
      id: workload.id,
      title: workload.title,
      description: workload.description,
      status: outcome.status,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      started_at: startedIso,
      elapsed_s: Math.round((Date.now() - started) / 100) / 10,
      quick: options.quick,
      mdl_commit: facts.mdl_commit,
      rows: outcome.rows,
      notes: outcome.notes ?? [],
    });
    if (workload !== selected[selected.length - 1]) save(true);
  }
  const { paths, merged } = save(false);
  log(`wrote ${paths.json} and ${paths.markdown}`);
  return merged;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const options = parseOptions(process.argv.slice(2));
  if (options.list) {
    for (const w of WORKLOADS) console.log(`${w.id.padEnd(14)} ${w.title}`);
  } else {
    const started = Date.now();
    await runBench(options);
    console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}
