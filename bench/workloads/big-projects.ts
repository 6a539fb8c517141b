/**
 * Workload 4: `mdl ls` and `mdl compile` on generated projects of 1,000 and 10,000 models, cold
 * (target/ and .mdl/ deleted before each run) and warm (the same command run once first, so the
 * measured runs reuse whatever cache mdl keeps under target/).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { goal, measureCase, withRatio, type CaseSpec } from '../lib/cases.js';
import type { Goal, MeasurementRow } from '../lib/types.js';
import { mdlMissing, statusFromRows, type BenchContext, type Workload } from '../lib/workload.js';
import { writeBigProject } from '../projects/big-project.js';

/** Deletes mdl's outputs and caches in a project, so the next run is cold. */
export function clearMdlCache(projectDir: string): void {
  for (const name of ['target', '.mdl']) rmSync(join(projectDir, name), { recursive: true, force: true });
}

/** An mdl command against a project, as a case. */
export function mdlCase(
  context: BenchContext,
  options: {
    readonly name: string;
    readonly args: readonly string[];
    readonly projectDir: string;
    readonly warm: boolean;
    /** Warm, and the previous case's last run already left the cache: skip the untimed warm-up. */
    readonly primed?: boolean;
    readonly goal?: Goal;
    readonly reps?: number;
  },
): CaseSpec {
  if (!context.mdl.ok) throw new Error('mdl is not available');
  const args = [...options.args, '--project-dir', options.projectDir];
  return {
    name: options.name,
    display: `mdl ${args.join(' ').replace(context.workDir, 'bench/.work')}${options.warm ? ' (warm)' : ' (cold)'}`,
    command: context.mdl.command,
    args: [...context.mdl.prefix, ...args],
    cwd: options.projectDir,
    reps: options.reps ?? context.reps,
    timeoutMs: 600_000,
    warmup: options.warm && !options.primed,
    before: options.warm ? undefined : () => clearMdlCache(options.projectDir),
    ...(options.goal ? { goal: options.goal } : {}),
  };
}

export const bigProjects: Workload = {
  id: 'big-projects',
  title: 'Big projects: mdl ls and compile',
  description:
    'Generated projects where every model has a config() call, two refs, a macro call and two generic tests ' +
    '(unique, not_null) in YAML; parents are picked by a seeded PRNG. Cold: target/ and .mdl/ deleted before ' +
    'each run. Warm: one untimed run first, then the measured runs reuse the cache under target/. ' +
    'Goals at 10,000 models: ls cold <= 1.5 s, ls warm <= 0.5 s.',
  async run(context) {
    const missing = mdlMissing(context);
    if (missing) return missing;
    const sizes = context.quick ? [50] : [1_000, 10_000];
    const rows: MeasurementRow[] = [];
    const notes: string[] = [];
    for (const models of sizes) {
      const dir = join(context.workDir, `big-${models}`);
      const info = writeBigProject(dir, models);
      notes.push(`${models.toLocaleString('en-US')} models: ${info.tests.toLocaleString('en-US')} tests, written to bench/.work/big-${models}.`);
      const label = models.toLocaleString('en-US');
      const big = models >= 10_000;
      for (const command of ['ls', 'compile'] as const) {
        let cold: MeasurementRow | undefined;
        for (const warm of [false, true]) {
          const target =
            big && command === 'ls'
              ? warm
                ? goal('median_s', '<=', 0.5, '<= 0.5 s')
                : goal('median_s', '<=', 1.5, '<= 1.5 s')
              : undefined;
          const row = await measureCase(
            mdlCase(context, {
              name: `${label} models, mdl ${command}, ${warm ? 'warm' : 'cold'}`,
              args: [command],
              projectDir: dir,
              warm,
              // The cold runs just before leave target/ behind: that is the warm cache.
              primed: warm && cold?.status === 'ok',
              ...(target ? { goal: target } : {}),
            }),
            context.log,
          );
          rows.push(cold ? withRatio(row, cold, 'warm / cold', 'row/ref') : row);
          cold ??= row;
        }
      }
    }
    return { status: statusFromRows(rows), rows, notes };
  },
};
