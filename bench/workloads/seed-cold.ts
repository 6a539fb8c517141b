/**
 * Workload 1: a fresh process running `mdl build` on the example project at seed scale (its seeds,
 * all models, all tests) into a new database. Goal <= 1.0 s.
 */
import { join } from 'node:path';
import { goal, measureCase, unavailableRow } from '../lib/cases.js';
import { mdlMissing, statusFromRows, type BenchContext, type Workload } from '../lib/workload.js';
import { copyExample, exampleExists, freshDatabase } from '../projects/example.js';

/** An untimed-setup `mdl build` case on a project, each run into a new database. */
export function buildCase(
  context: BenchContext,
  options: { readonly name: string; readonly dir: string; readonly extraArgs?: readonly string[]; readonly reps: number },
) {
  if (!context.mdl.ok) throw new Error('mdl is not available');
  const args = ['build', '--project-dir', options.dir, ...(options.extraArgs ?? [])];
  return {
    name: options.name,
    display: `mdl ${args.map((a) => (a.includes(' ') || a.includes('{') ? `'${a}'` : a)).join(' ').replaceAll(context.workDir, 'bench/.work')} (new database)`,
    command: context.mdl.command,
    args: [...context.mdl.prefix, ...args],
    cwd: options.dir,
    reps: options.reps,
    timeoutMs: 900_000,
    before: () => freshDatabase(options.dir),
  };
}

export const seedCold: Workload = {
  id: 'seed-cold',
  title: 'Seed scale, cold build of the example',
  description:
    'A fresh process runs `mdl build` on the example project (seeds, all models, all tests) into a new database: ' +
    'the database file, target/ and .mdl/ are deleted before every run. Goal <= 1.0 s.',
  async run(context: BenchContext) {
    const missing = mdlMissing(context);
    if (missing) return missing;
    const target = goal('median_s', '<=', 1.0, '<= 1.0 s');
    if (!exampleExists(context.repoDir)) {
      const reason = 'the example project (project.yml, models/) is not in the repository yet';
      return { status: 'not-available', reason, rows: [unavailableRow('mdl build, seed scale', 'mdl build', 'not-available', reason, target)] };
    }
    const dir = copyExample(context.repoDir, join(context.workDir, 'example-seed'));
    const reps = context.quick ? 1 : Math.max(context.reps, 5);
    const row = await measureCase({ ...buildCase(context, { name: 'mdl build, seed scale', dir, reps }), goal: target }, context.log);
    return { status: statusFromRows([row]), rows: [row], notes: ['The example is copied to bench/.work/example-seed so the shared checkout is untouched.'] };
  },
};
