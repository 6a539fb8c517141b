/**
 * Workload 7: side by side with dbt-core + dbt-duckdb on the same projects, in the same run.
 * - the generated 2,000-model project: `ls` cold (dbt with --no-partial-parse, mdl with no target/),
 *   `ls` warm (dbt's partial parse vs mdl's cache), and `compile` cold;
 * - a small seeds + models + tests project: `build` into a new database each run.
 * Ratios are dbt / mdl (how many times faster mdl is). Goals: >= 20 on parse (ls cold), >= 10 on build.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { goal, measureCase, unavailableRow, withRatio, type CaseSpec } from '../lib/cases.js';
import { dbtEnvironment, ensureDbt } from '../lib/dbt-env.js';
import type { Goal, MeasurementRow } from '../lib/types.js';
import { mdlMissing, statusFromRows, type BenchContext, type Workload } from '../lib/workload.js';
import { writeBigProject } from '../projects/big-project.js';
import { DBT_DATABASE, DBT_LOG_PATH, DBT_TARGET_PATH, MDL_DATABASE } from '../projects/project-files.js';
import { writeSmallProject } from '../projects/small-project.js';
import { clearMdlCache, mdlCase } from './big-projects.js';

function clearDbt(projectDir: string, database: boolean): void {
  for (const name of [DBT_TARGET_PATH, DBT_LOG_PATH, ...(database ? [DBT_DATABASE, `${DBT_DATABASE}.wal`] : [])]) {
    rmSync(join(projectDir, name), { recursive: true, force: true });
  }
}

function dbtCase(
  context: BenchContext,
  dbt: string,
  options: { readonly name: string; readonly args: readonly string[]; readonly projectDir: string; readonly warm: boolean; readonly reps: number; readonly freshDatabase?: boolean },
): CaseSpec {
  const args = [...options.args, ...(options.warm ? [] : ['--no-partial-parse'])];
  return {
    name: options.name,
    display: `dbt ${args.join(' ')}${options.warm ? ' (warm: partial parse)' : ' (cold)'}`,
    command: dbt,
    args,
    cwd: options.projectDir,
    env: dbtEnvironment(options.projectDir),
    reps: options.reps,
    timeoutMs: 900_000,
    warmup: options.warm,
    before: options.warm ? undefined : () => clearDbt(options.projectDir, options.freshDatabase ?? false),
  };
}

/** Measures mdl then dbt on one command and returns both rows, the dbt row carrying the ratio. */
async function pair(
  context: BenchContext,
  dbt: string,
  spec: {
    readonly label: string;
    readonly mdlArgs: readonly string[];
    readonly dbtArgs: readonly string[];
    readonly dir: string;
    readonly warm: boolean;
    readonly goal?: Goal;
    readonly fresh?: boolean;
    /** At most this many dbt runs: a cold dbt compile of 2,000 models takes minutes on 2 cores. */
    readonly maxDbtReps: number;
  },
): Promise<MeasurementRow[]> {
  const dbtReps = Math.min(context.reps, spec.maxDbtReps);
  const mdlSpec = mdlCase(context, { name: `mdl ${spec.label}`, args: spec.mdlArgs, projectDir: spec.dir, warm: spec.warm });
  const mdlRow = await measureCase(
    spec.fresh
      ? {
          ...mdlSpec,
          before: () => {
            clearMdlCache(spec.dir);
            rmSync(join(spec.dir, MDL_DATABASE), { force: true });
            rmSync(join(spec.dir, `${MDL_DATABASE}.wal`), { force: true });
          },
        }
      : mdlSpec,
    context.log,
  );
  const dbtRow = await measureCase(
    {
      ...dbtCase(context, dbt, { name: `dbt ${spec.label}`, args: spec.dbtArgs, projectDir: spec.dir, warm: spec.warm, reps: dbtReps, freshDatabase: spec.fresh ?? false }),
      ...(spec.goal ? { goal: spec.goal } : {}),
    },
    context.log,
  );
  return [mdlRow, withRatio(dbtRow, mdlRow, 'dbt / mdl', 'row/ref')];
}

export const dbtCompare: Workload = {
  id: 'dbt',
  title: 'Side by side with dbt-core',
  description:
    'The same generated project (each model: config(), two refs, a macro call, two generic tests) in both formats, ' +
    'and a small seeds + models + tests project built into a new database each run. dbt runs from bench/.venv ' +
    '(PyPI dbt-core + dbt-duckdb); cold dbt runs use --no-partial-parse. Ratio = dbt median / mdl median. ' +
    'Goals: mdl >= 20x faster on parse (ls, cold), >= 10x on build.',
  async run(context) {
    const env = ensureDbt(context.venvDir, context.log);
    if (!env.ok) {
      return { status: 'skipped', reason: env.reason, rows: [unavailableRow('dbt', 'dbt', 'skipped', env.reason)], notes: env.notes };
    }
    context.setFact('dbt', env.version);
    context.setFact('python', env.python);
    const missing = mdlMissing(context);
    if (missing) return { ...missing, notes: env.notes };
    const models = context.quick ? 20 : 2_000;
    const big = join(context.workDir, `dbt-big-${models}`);
    const info = writeBigProject(big, models);
    const small = join(context.workDir, 'dbt-small');
    const smallInfo = context.quick ? writeSmallProject(small, 50, 100) : writeSmallProject(small);
    const label = models.toLocaleString('en-US');
    const parse = goal('ratio', '>=', 20, 'dbt/mdl >= 20');
    const build = goal('ratio', '>=', 10, 'dbt/mdl >= 10');
    const ls = { mdlArgs: ['ls'], dbtArgs: ['ls', '--quiet'], dir: big } as const;
    const rows: MeasurementRow[] = [
      ...(await pair(context, env.dbt, { ...ls, label: `ls, ${label} models, cold`, warm: false, goal: parse, maxDbtReps: 2 })),
      ...(await pair(context, env.dbt, { ...ls, label: `ls, ${label} models, warm`, warm: true, maxDbtReps: 3 })),
      ...(await pair(context, env.dbt, {
        label: `compile, ${label} models, cold`,
        mdlArgs: ['compile'],
        dbtArgs: ['compile', '--quiet'],
        dir: big,
        warm: false,
        maxDbtReps: 1,
      })),
      ...(await pair(context, env.dbt, {
        label: 'build, small project, new database',
        mdlArgs: ['build'],
        dbtArgs: ['build'],
        dir: small,
        warm: false,
        fresh: true,
        goal: build,
        maxDbtReps: 3,
      })),
    ];
    const notes = [
      ...env.notes,
      `${env.version} on ${env.python}.`,
      `Big project: ${info.models.toLocaleString('en-US')} models and ${info.tests.toLocaleString('en-US')} tests. ` +
        `Small project: ${smallInfo.seeds} seeds, ${smallInfo.models} models, ${smallInfo.tests} tests.`,
      'Both tools use threads: 2 (the machine has 2 cores). dbt runs are capped (ls cold 2, compile 1) to fit the ' +
        '30-minute budget: a cold dbt compile of 2,000 models takes minutes here.',
    ];
    return { status: statusFromRows(rows), rows, notes };
  },
};
