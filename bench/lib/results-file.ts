/**
 * Writes `results/<date>.json` and regenerates `RESULTS.md` beside it. A run of some workloads only
 * (`--only`) replaces those workloads in the same day's file and keeps the others, so RESULTS.md
 * always shows the latest figure of every workload.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderResults } from './report.js';
import type { BenchResults, WorkloadResult } from './types.js';

/** Where a run writes: `<dir>/results/<date>.json` and `<dir>/RESULTS.md`. */
export interface OutputPaths {
  readonly json: string;
  readonly markdown: string;
}

export function outputPaths(dir: string, date: string): OutputPaths {
  return { json: join(dir, 'results', `${date}.json`), markdown: join(dir, 'RESULTS.md') };
}

function readExisting(path: string): BenchResults | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
    return parsed.schema_version === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the order of `order` (the registry order), taking each workload from `fresh` first. */
function mergeWorkloads(
  previous: readonly WorkloadResult[],
  fresh: readonly WorkloadResult[],
  order: readonly string[],
): WorkloadResult[] {
  const byId = new Map(previous.map((w) => [w.id, w]));
  for (const w of fresh) byId.set(w.id, w);
  const rank = (id: string): number => {
    const index = order.indexOf(id);
    return index === -1 ? order.length : index;
  };
  return [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id));
}

/** Writes both files and returns the merged results. */
export function writeResults(
  dir: string,
  results: BenchResults,
  order: readonly string[],
  merge: boolean,
): { readonly paths: OutputPaths; readonly merged: BenchResults } {
  const paths = outputPaths(dir, results.date);
  const previous = merge ? readExisting(paths.json) : undefined;
  // Quick figures and real figures never mix in one file.
  const compatible = previous && previous.quick === results.quick ? previous : undefined;
  const merged: BenchResults = compatible
    ? { ...results, started_at: compatible.started_at, workloads: mergeWorkloads(compatible.workloads, results.workloads, order) }
    : results;
  mkdirSync(join(dir, 'results'), { recursive: true });
  writeFileSync(paths.json, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(paths.markdown, renderResults(merged));
  return { paths, merged };
}
