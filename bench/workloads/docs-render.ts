/**
 * Runs `first-render.mjs` (headless Chromium through playwright-core) and turns the times it prints
 * into a measurement row. The figure is navigation-to-ready inside the browser, not process time:
 * Chromium's own launch is not what the goal is about. Peak RSS is the Node driver's tree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkGoal, summaryRow, unavailableRow } from '../lib/cases.js';
import { runMeasured, tail } from '../lib/measure.js';
import type { Goal, MeasurementRow } from '../lib/types.js';
import type { BenchContext } from '../lib/workload.js';

export async function measureFirstRender(context: BenchContext, siteDir: string, name: string, target: Goal): Promise<MeasurementRow> {
  const command = 'node bench/workloads/first-render.mjs <site> <reps>';
  if (!existsSync('/usr/bin/chromium')) {
    return unavailableRow(name, command, 'skipped', 'no /usr/bin/chromium (apt-get install -y chromium)', target);
  }
  if (!existsSync(join(siteDir, 'index.html'))) {
    return unavailableRow(name, command, 'failed', `docs generate wrote no ${siteDir}/index.html`, target);
  }
  const sample = await runMeasured({
    command: process.execPath,
    args: [join(context.repoDir, 'bench', 'workloads', 'first-render.mjs'), siteDir, String(context.reps)],
    cwd: context.repoDir,
    timeoutMs: 600_000,
  });
  if (sample.exitCode !== 0) return unavailableRow(name, command, 'failed', tail(sample.stderr || sample.stdout, 4), target);
  const seconds = (JSON.parse(sample.stdout.trim().split('\n').pop() ?? '{}') as { seconds?: number[] }).seconds ?? [];
  if (seconds.length === 0) return unavailableRow(name, command, 'failed', 'no timings printed', target);
  const row: MeasurementRow = { ...summaryRow(name, command, seconds, [], [sample.peakRssMb]), goal: target };
  context.log(`  ${name}: median ${row.median_s}s`);
  return checkGoal(row);
}
