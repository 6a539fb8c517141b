/**
 * Workload 5: the example's incremental flow at scale 1000. The base extract in the landing layout
 * (`--layout landing`), a full build into a new database (bronze ingests every landing file), then
 * per repetition one increment of ~1% new orders (`--increment K`, week K) and `mdl build` on the
 * same database: bronze appends only the new files, silver decides again only the verdicts that can
 * change, order_lines rewrites only changed lines, the quarantine takes only new verdicts and the gold
 * facts total again only changed orders; the gold tables are rebuilt from the facts. Reported: the
 * incremental build's median against the full build's. Goal <= 15%. If the example or the generator
 * lacks what this needs, the workload says so; it never makes a figure up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { goal, measureCase, round, summaryRow, unavailableRow, withRatio } from '../lib/cases.js';
import type { MeasurementRow } from '../lib/types.js';
import { mdlMissing, statusFromRows, type BenchContext, type Workload } from '../lib/workload.js';
import { copyExample, exampleExists, generatedAlready, generatorArgs } from '../projects/example.js';
import { buildCase } from './seed-cold.js';

function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

/** True when a model or project.yml in the example declares the incremental materialization. */
export function exampleHasIncremental(repoDir: string): boolean {
  const project = join(repoDir, 'project.yml');
  if (existsSync(project) && /materialized:\s*['"]?incremental/.test(readFileSync(project, 'utf8'))) return true;
  return filesUnder(join(repoDir, 'models'), '.sql').some((f) => /materialized\s*=\s*\(?\s*['"]incremental['"]/.test(readFileSync(f, 'utf8')));
}

/** True when the generator's --help mentions an increment option. */
export function generatorHasIncrement(repoDir: string): boolean {
  const result = spawnSync(process.execPath, [join(repoDir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoDir, 'scripts', 'generate', 'main.ts'), '--help'], {
    cwd: repoDir,
    encoding: 'utf8',
  });
  return result.status === 0 && /increment/i.test(result.stdout);
}

/** Runs the generator (untimed set-up); throws with its output when it fails. */
function runGenerator(repoDir: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: repoDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`generator failed (exit ${result.status}): ${(result.stderr || result.stdout).slice(-2000)}`);
}

/** The base landing extract of `scale` in `dir`, without increments from an earlier run. */
function prepareLanding(context: BenchContext, scale: number, dir: string): void {
  if (!generatedAlready(dir, scale) || !existsSync(join(dir, 'orders', 'base.csv'))) {
    rmSync(dir, { recursive: true, force: true });
    runGenerator(context.repoDir, [...generatorArgs(context.repoDir, scale, dir), '--layout', 'landing']);
  }
  for (const path of filesUnder(dir, '.csv')) if (/increment-\d+\.csv$/.test(path)) rmSync(path);
  for (const name of readdirSync(dir)) if (name.startsWith('generator_increment_')) rmSync(join(dir, name));
}

/** Writes increment `k` into `dir` and returns its summary (rows per file, the as_of_date to build with). */
function writeIncrement(context: BenchContext, scale: number, dir: string, k: number): { as_of_date: string; files: Record<string, number> } {
  runGenerator(context.repoDir, [...generatorArgs(context.repoDir, scale, dir), '--increment', String(k)]);
  return JSON.parse(readFileSync(join(dir, `generator_increment_${String(k).padStart(4, '0')}.json`), 'utf8'));
}

/** One row from single-run rows of the same case (each increment needs its own as_of_date). */
function combine(name: string, command: string, rows: readonly MeasurementRow[], extra: Record<string, number | string>): MeasurementRow {
  const failed = rows.find((r) => r.status !== 'ok');
  if (failed) return { ...failed, name, command };
  return {
    ...summaryRow(name, command, rows.flatMap((r) => r.runs_s), rows.map((r) => r.cpu_median_s), rows.map((r) => r.peak_rss_mb)),
    extra,
  };
}

async function measureIncremental(context: BenchContext, scale: number): Promise<MeasurementRow[]> {
  const data = join(context.workDir, 'data', `landing-scale-${scale}`);
  const dir = copyExample(context.repoDir, join(context.workDir, 'example-incremental'));
  prepareLanding(context, scale, data);
  const reps = scale >= 1000 ? Math.min(context.reps, 2) : context.reps;
  const shown = (path: string) => path.replaceAll(context.workDir, 'bench/.work');

  // Full build: every landing file into a new database each run; the last run's database is kept.
  const full = await measureCase(
    buildCase(context, { name: `scale ${scale}: full build (landing files)`, dir, extraArgs: ['--vars', JSON.stringify({ landing_path: data })], reps }),
    context.log,
  );
  if (full.status !== 'ok') return [full];

  // Incremental builds: increment k, then a build on the database the previous build left.
  const single: MeasurementRow[] = [];
  let newOrders = 0;
  let newRows = 0;
  for (let k = 1; k <= reps; k += 1) {
    const increment = writeIncrement(context, scale, data, k);
    newOrders += increment.files[`orders/increment-${String(k).padStart(4, '0')}.csv`] ?? 0;
    newRows += Object.values(increment.files).reduce((a, b) => a + b, 0);
    const spec = buildCase(context, {
      name: `scale ${scale}: incremental build ${k}`,
      dir,
      extraArgs: ['--vars', JSON.stringify({ landing_path: data, as_of_date: increment.as_of_date })],
      reps: 1,
    });
    const row = await measureCase({ ...spec, before: undefined }, context.log);
    single.push(row);
    if (row.status !== 'ok') break;
  }
  const display = shown(`mdl build --project-dir ${dir} --vars '{landing_path: ${data}, as_of_date: <end of increment k>}' after npm run generate -- --increment k (same database)`);
  const incremental = combine(`scale ${scale}: incremental build (~1% new orders)`, display, single, {
    increments: single.length,
    new_orders_per_increment: Math.round(newOrders / Math.max(1, single.length)),
    new_rows_per_increment: Math.round(newRows / Math.max(1, single.length)),
  });
  const target = goal('ratio', '<=', 0.15, 'incremental / full <= 0.15');
  return [full, withRatio({ ...incremental, goal: target }, full, 'incremental / full', 'row/ref')];
}

export const incrementalWorkload: Workload = {
  id: 'incremental',
  title: 'Incremental: 1% new orders at scale 1000',
  description:
    'At scale 1000, the base extract in the landing layout (`npm run generate -- --layout landing`), a full `mdl build ' +
    "--vars '{landing_path: ...}'` into a new database, then per repetition `--increment k` (~1% new orders, one week, " +
    'and new versions of ~1% of the customers) and `mdl build` again on the same database (bronze appends only the new ' +
    'files, silver checks again only what can change, order_lines rewrites the changed lines, the quarantine takes only ' +
    'new verdicts, the gold facts total again only changed orders, customers and months; the gold tables are rebuilt ' +
    'from the facts; the ' +
    'costly uniqueness and relationship tests check what the build wrote, the others every row). Goal: incremental ' +
    'build <= 15% of the full build.',
  async run(context) {
    const unavailable = mdlMissing(context);
    if (unavailable) return unavailable;
    const missing: string[] = [];
    if (!exampleExists(context.repoDir) || !exampleHasIncremental(context.repoDir)) missing.push('no incremental model in the example');
    if (!generatorHasIncrement(context.repoDir)) missing.push('the generator has no increment option');
    if (missing.length > 0) {
      const reason = `not available yet (issue 6): ${missing.join('; ')}`;
      return { status: 'not-available', reason, rows: [unavailableRow('incremental build / full build', 'mdl build', 'not-available', reason)] };
    }
    const scale = context.quick ? 1 : 1000;
    let rows: MeasurementRow[];
    try {
      rows = await measureIncremental(context, scale);
    } catch (error) {
      rows = [unavailableRow(`scale ${scale}: incremental build`, 'npm run generate', 'failed', (error as Error).message)];
    }
    return {
      status: statusFromRows(rows),
      rows,
      notes: [
        'Bronze is incremental (file-by-file ingestion, header checked, no CSV sniffing); silver keeps its verdicts, ' +
          'order_lines, the quarantine and the gold facts (sales per order, per order and product, per customer, per month, ' +
          'per day) are incremental; the gold tables (ranks, shares and recency over all customers, products and months) ' +
          'are rebuilt from the facts, and the snapshot compares every customer. The scoped tests ' +
          '(tests/generic/unique_scoped.sql) check the rows the build wrote; the other tests read full tables. A model runs ' +
          "beside its parents' tests and commits once they pass.",
        'Each repetition adds the next increment (week k) with its own as_of_date, on the database the previous build left.',
      ],
    };
  },
};
