/**
 * Workload 3: generate and build the example at scales 10, 100 and 1000 (1M orders, ~2M items):
 * generation time, build time, peak RSS and rows per second. Goals at 1000: generate <= 20 s,
 * build <= 20 s, build peak RSS <= 3 GB.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { checkGoal, goal, measureCase, round } from '../lib/cases.js';
import type { MeasurementRow } from '../lib/types.js';
import { mdlMissing, statusFromRows, type BenchContext, type Workload } from '../lib/workload.js';
import { copyExample, databaseFile, dataVars, exampleExists, generatedRows, generatorArgs } from '../projects/example.js';
import { buildCase } from './seed-cold.js';

/** Rows in the tables of a built database (views excluded), read after the last run. */
async function rowsInTables(database: string | undefined): Promise<number | undefined> {
  if (!database) return undefined;
  try {
    const instance = await DuckDBInstance.create(database, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('select coalesce(sum(estimated_size), 0)::bigint as n from duckdb_tables()');
    const value = Number(reader.getRowObjectsJS()[0]?.n ?? 0);
    connection.closeSync();
    instance.closeSync();
    return value;
  } catch {
    return undefined;
  }
}

async function measureScale(context: BenchContext, dir: string, scale: number): Promise<MeasurementRow[]> {
  const data = join(context.workDir, 'data', `scale-${scale}`);
  const big = scale >= 1000;
  const reps = big ? Math.min(context.reps, 2) : context.reps;
  const generate = await measureCase(
    {
      name: `scale ${scale}: generate`,
      display: `npm run generate -- --scale ${scale} --seed 42 --out bench/.work/data/scale-${scale}`,
      command: process.execPath,
      args: generatorArgs(context.repoDir, scale, data),
      cwd: context.repoDir,
      reps,
      timeoutMs: 900_000,
      before: () => rmSync(data, { recursive: true, force: true }),
      extra: (samples) => {
        const rows = generatedRows(data);
        const median = [...samples].map((s) => s.wallSeconds).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
        return { rows, rows_per_s: Math.round(rows / median) };
      },
      ...(big ? { goal: goal('median_s', '<=', 20, '<= 20 s') } : {}),
    },
    context.log,
  );
  if (generate.status !== 'ok') return [generate];
  const inputRows = generatedRows(data);
  const build = await measureCase(
    {
      ...buildCase(context, { name: `scale ${scale}: mdl build`, dir, extraArgs: ['--vars', dataVars(data)], reps }),
      extra: async (samples) => {
        const median = [...samples].map((s) => s.wallSeconds).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
        const written = await rowsInTables(databaseFile(dir));
        return {
          input_rows: inputRows,
          input_rows_per_s: Math.round(inputRows / median),
          ...(written === undefined ? {} : { rows_in_tables: written }),
        };
      },
      ...(big ? { goal: goal('median_s', '<=', 20, '<= 20 s') } : {}),
    },
    context.log,
  );
  const rows = [generate, build];
  if (big) {
    rows.push(checkGoal({ ...build, name: `scale ${scale}: mdl build, peak RSS`, goal: goal('peak_rss_mb', '<=', 3072, '<= 3 GB') }));
  }
  return rows.map((row) => ({ ...row, ...(row.median_s === null ? {} : { median_s: round(row.median_s) }) }));
}

export const scaleWorkload: Workload = {
  id: 'scale',
  title: 'Scale: generate and build the example',
  description:
    '`npm run generate -- --scale N --seed 42` (timed as plain node + tsx, no npm wrapper), then `mdl build` of the ' +
    'example reading that folder through `--vars {raw_data_path: ...}`, into a new database each run. Rows per second ' +
    '= generated input rows / median time. Scale 1000 runs at most twice. Goals at 1000: generate <= 20 s, ' +
    'build <= 20 s, build peak RSS <= 3 GB.',
  async run(context) {
    const missing = mdlMissing(context);
    if (missing) return missing;
    if (!exampleExists(context.repoDir)) {
      return { status: 'not-available', reason: 'the example project (project.yml, models/) is not in the repository yet', rows: [] };
    }
    const dir = copyExample(context.repoDir, join(context.workDir, 'example-scale'));
    const scales = context.quick ? [1] : [10, 100, 1000];
    const rows: MeasurementRow[] = [];
    for (const scale of scales) rows.push(...(await measureScale(context, dir, scale)));
    return { status: statusFromRows(rows), rows };
  },
};
