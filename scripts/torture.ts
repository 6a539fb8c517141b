/**
 * `npm run torture -- --trials N [--seed S] [--keep] [--json FILE]`: SIGKILLs builds of the example
 * project at random moments and counts violations of crash safety (see src/reliability/test-support/torture.ts).
 * Exits 1 if any trial found a violation.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runTorture } from '../src/reliability/test-support/torture.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '20' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run torture -- [--trials N] [--seed S] [--keep] [--json FILE]');
  process.exit(0);
}
const started = Date.now();
const report = await runTorture({
  trials: Number(values.trials),
  seed: values.seed === undefined ? undefined : Number(values.seed),
  keep: values.keep,
  log: (message) => console.log(message),
});
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\n${report.trials.length} trials (${report.killed} killed mid-build) in ${minutes} min, seed ${report.seed}`);
console.log(`kill phases: ${Object.entries(report.phases).map(([p, n]) => `${p} ${n}`).join(', ')}`);
console.log(`${report.violations} violations`);
if (values.json) writeFileSync(values.json, JSON.stringify({ ...report, minutes: Number(minutes) }, null, 2));
process.exit(report.violations === 0 ? 0 : 1);
