/**
 * Workload 2: the floor. mdl compiles the example once (untimed); the statements it would run on a
 * new database go to a plan file, which `bench/floor/floor-runner.mjs` executes in order on one
 * connection with @duckdb/node-api and nothing else. Then `mdl build --threads 1` and `--threads 2`
 * each build the same project into a new database. Ratios are mdl / floor at scales 1, 10 and 100.
 * Goals at scale 100: threads 1 <= 1.10, threads 2 < 1.0 (parallelism beats the serial floor).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goal, measureCase, unavailableRow, withRatio } from '../lib/cases.js';
import { tail } from '../lib/measure.js';
import type { MeasurementRow } from '../lib/types.js';
import { mdlMissing, statusFromRows, type BenchContext, type Workload } from '../lib/workload.js';
import { floorPlan } from '../floor/floor-plan.js';
import { copyExample, dataVars, exampleExists, freshDatabase, generatedAlready, generatorArgs } from '../projects/example.js';
import { buildCase } from './seed-cold.js';

/** Generated data for scale N under bench/.work/data (generated once, reused by later workloads). */
export function ensureData(context: BenchContext, scale: number): string {
  const dir = join(context.workDir, 'data', `scale-${scale}`);
  if (!generatedAlready(dir, scale)) {
    context.log(`  generating scale ${scale} data (untimed here)...`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const result = spawnSync(process.execPath, generatorArgs(context.repoDir, scale, dir), { cwd: context.repoDir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`generating scale ${scale} failed: ${tail(`${result.stdout}\n${result.stderr}`, 4)}`);
  }
  return dir;
}

/** `--vars` arguments for a scale: none at scale 1 (the example's own seeds). */
export function scaleArgs(context: BenchContext, scale: number): string[] {
  return scale === 1 ? [] : ['--vars', dataVars(ensureData(context, scale))];
}

async function measureScale(context: BenchContext, dir: string, scale: number): Promise<MeasurementRow[]> {
  if (!context.mdl.ok) return [];
  const vars = scaleArgs(context, scale);
  freshDatabase(dir);
  const compile = spawnSync(context.mdl.command, [...context.mdl.prefix, 'compile', '--project-dir', dir, ...vars], { cwd: dir, encoding: 'utf8' });
  if (compile.status !== 0) {
    const reason = `mdl compile failed: ${tail(`${compile.stdout}\n${compile.stderr}`, 4)}`;
    return [unavailableRow(`scale ${scale}: floor`, 'mdl compile', 'failed', reason)];
  }
  const plan = floorPlan(join(dir, 'target', 'manifest.json'), dir);
  const planFile = join(context.workDir, `floor-plan-${scale}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const floorDb = join(context.workDir, `floor-${scale}.duckdb`);
  const floor = await measureCase(
    {
      name: `scale ${scale}: floor (node-api, serial)`,
      display: `node bench/floor/floor-runner.mjs bench/.work/floor-plan-${scale}.json bench/.work/floor-${scale}.duckdb`,
      command: process.execPath,
      args: [join(context.repoDir, 'bench', 'floor', 'floor-runner.mjs'), planFile, floorDb],
      cwd: dir,
      reps: context.reps,
      timeoutMs: 900_000,
      before: () => {
        for (const suffix of ['', '.wal']) rmSync(`${floorDb}${suffix}`, { force: true });
      },
      extra: () => ({ statements: plan.statements.length, seeds: plan.seeds, models: plan.models, tests: plan.tests }),
    },
    context.log,
  );
  const rows: MeasurementRow[] = [floor];
  for (const threads of [1, 2]) {
    const target =
      scale === 100
        ? threads === 1
          ? goal('ratio', '<=', 1.1, 'mdl/floor <= 1.10')
          : goal('ratio', '<', 1.0, 'mdl/floor < 1.0')
        : undefined;
    const row = await measureCase(
      {
        ...buildCase(context, { name: `scale ${scale}: mdl build --threads ${threads}`, dir, extraArgs: [...vars, '--threads', String(threads)], reps: context.reps }),
        ...(target ? { goal: target } : {}),
      },
      context.log,
    );
    rows.push(withRatio(row, floor, 'mdl / floor', 'row/ref'));
  }
  return rows;
}

export const floorWorkload: Workload = {
  id: 'floor',
  title: 'The floor: mdl build vs the same statements through @duckdb/node-api',
  description:
    'mdl compiles the example once; the statements it would run on a new database (schemas, seeds via read_csv, ' +
    "models through mdl's own planner and DuckDB dialect, each test as select count(*) from (<test sql>)) are " +
    'executed in dependency order on one connection by bench/floor/floor-runner.mjs, which uses @duckdb/node-api ' +
    'and nothing else. Every run starts from a new database. Ratio = mdl median / floor median. Goals at scale 100: ' +
    '--threads 1 <= 1.10, --threads 2 < 1.0.',
  async run(context) {
    const missing = mdlMissing(context);
    if (missing) return missing;
    if (!exampleExists(context.repoDir)) {
      const reason = 'the example project (project.yml, models/) is not in the repository yet';
      return { status: 'not-available', reason, rows: [] };
    }
    const dir = copyExample(context.repoDir, join(context.workDir, 'example-floor'));
    const scales = context.quick ? [1] : [1, 10, 100];
    const rows: MeasurementRow[] = [];
    for (const scale of scales) rows.push(...(await measureScale(context, dir, scale)));
    return {
      status: statusFromRows(rows),
      rows,
      notes: [
        'The floor does no bookkeeping: no transactions, no row counts, no catalog queries, no run_results.json. ' +
          'Both sides pay Node start-up and opening DuckDB. Scale N > 1 data: `npm run generate -- --scale N --seed 42`, ' +
          'read through `--vars {raw_data_path: ...}`.',
      ],
    };
  },
};
