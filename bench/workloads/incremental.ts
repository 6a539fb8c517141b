/**
 * Workload 5 (hook): at scale 1000, one increment of ~1% new orders, then `mdl build`, against a
 * full build. Goal <= 15%. It needs two things that land with issue 6: an incremental model in the
 * example, and a generator option that writes an increment. Until both are detected this workload
 * reports "not available yet" with what is missing; it never makes a figure up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unavailableRow } from '../lib/cases.js';
import type { Workload } from '../lib/workload.js';

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
  return filesUnder(join(repoDir, 'models'), '.sql').some((f) => /materialized\s*=\s*['"]incremental['"]/.test(readFileSync(f, 'utf8')));
}

/** True when the generator's --help mentions an increment option. */
export function generatorHasIncrement(repoDir: string): boolean {
  const result = spawnSync(process.execPath, [join(repoDir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoDir, 'scripts', 'generate', 'main.ts'), '--help'], {
    cwd: repoDir,
    encoding: 'utf8',
  });
  return result.status === 0 && /increment/i.test(result.stdout);
}

export const incrementalWorkload: Workload = {
  id: 'incremental',
  title: 'Incremental: 1% new orders at scale 1000',
  description:
    'At scale 1000, append an increment of ~1% new orders, run `mdl build`, and compare with a full build. ' +
    'Goal: incremental build <= 15% of the full build.',
  async run(context) {
    const missing: string[] = [];
    if (!exampleHasIncremental(context.repoDir)) missing.push('no incremental model in the example');
    if (!generatorHasIncrement(context.repoDir)) missing.push('the generator has no increment option');
    const reason =
      missing.length > 0
        ? `not available yet (issue 6): ${missing.join('; ')}`
        : 'incremental support detected, but the bench has no driver for it yet (bench/workloads/incremental.ts)';
    return {
      status: 'not-available',
      reason,
      rows: [unavailableRow('incremental build / full build', 'mdl build', 'not-available', reason)],
    };
  },
};
