/**
 * Workload 6 (hook): `mdl docs generate` on the 10,000-model project, and time to first interactive
 * lineage render in Chromium. Goals <= 5 s and <= 3 s. Detects `mdl docs` from `mdl --help`; until
 * it exists the workload reports "not available yet" (issue 5), never a made-up figure.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { goal, measureCase, unavailableRow } from '../lib/cases.js';
import { subcommandHelp } from '../lib/mdl-cli.js';
import type { MeasurementRow } from '../lib/types.js';
import { mdlMissing, statusFromRows, type Workload } from '../lib/workload.js';
import { writeBigProject } from '../projects/big-project.js';
import { measureFirstRender } from './docs-render.js';

export const docsWorkload: Workload = {
  id: 'docs',
  title: 'Docs: generate and first lineage render',
  description:
    '`mdl docs generate` on the generated 10,000-model project (cold: target/ and .mdl/ moved aside before each run and ' +
    'deleted after the last, see bench/PROFILE.md), and the time from ' +
    'navigation to the first interactive lineage graph in headless Chromium (the site sets window.mdlDocs.ready). ' +
    'Goals: generate <= 5 s, first render <= 3 s.',
  async run(context) {
    const missing = mdlMissing(context);
    if (missing) return missing;
    const generateGoal = goal('median_s', '<=', 5, '<= 5 s');
    const renderGoal = goal('median_s', '<=', 3, '<= 3 s');
    if (!context.mdl.ok || !context.mdl.commands.has('docs') || !/generate/.test(subcommandHelp(context.mdl, ['docs'], context.repoDir))) {
      const reason = 'not available yet (issue 5): `mdl docs generate` is not a command of the built CLI';
      return {
        status: 'not-available',
        reason,
        rows: [
          unavailableRow('mdl docs generate', 'mdl docs generate', 'not-available', reason, generateGoal),
          unavailableRow('first lineage render', 'chromium', 'not-available', reason, renderGoal),
        ],
      };
    }
    const models = context.quick ? 50 : 10_000;
    const dir = join(context.workDir, `big-${models}`);
    if (!existsSync(join(dir, 'project.yml'))) writeBigProject(dir, models);
    const label = models.toLocaleString('en-US');
    const trash = join(context.workDir, `trash-docs-${models}`);
    const generate = await measureCase(
      {
        name: `mdl docs generate, ${label} models, cold`,
        display: `mdl docs generate --project-dir bench/.work/big-${models} (cold)`,
        command: context.mdl.command,
        args: [...context.mdl.prefix, 'docs', 'generate', '--project-dir', dir],
        cwd: dir,
        reps: context.reps,
        timeoutMs: 600_000,
        before: () => setAside(dir, trash),
        goal: generateGoal,
      },
      context.log,
    );
    rmSync(trash, { recursive: true, force: true });
    const rows: MeasurementRow[] = [generate];
    if (generate.status === 'ok') {
      rows.push(await measureFirstRender(context, join(dir, 'target', 'docs'), `first lineage render, ${label} models`, renderGoal));
    } else {
      rows.push(unavailableRow('first lineage render', 'chromium', 'skipped', 'docs generate failed', renderGoal));
    }
    return { status: statusFromRows(rows), rows };
  },
};

/**
 * Cold without a just-deleted tree: target/ and .mdl/ are moved aside (one rename each, untimed) and
 * deleted once all runs are done. Deleting the previous run's 30,000 compiled files right before a
 * run that creates 30,000 again made ext4 on the bench machine skip every recently freed inode on
 * each create (perf: ~75% of samples under ext4_create -> recently_deleted): 10-30 s of system time
 * that grew run after run (8.8, 22.8, 43.1 s) and measured the harness's own `rm -rf`, not mdl.
 * See bench/PROFILE.md, "docs, second pass".
 */
function setAside(dir: string, trash: string): void {
  mkdirSync(trash, { recursive: true });
  for (const name of ['target', '.mdl']) {
    const from = join(dir, name);
    if (existsSync(from)) renameSync(from, join(trash, `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`));
  }
}
