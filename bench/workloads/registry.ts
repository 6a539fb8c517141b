/** Every workload, in the order of issue 7 (and of RESULTS.md). `--only` takes these ids. */
import type { Workload } from '../lib/workload.js';
import { bigProjects } from './big-projects.js';
import { dbtCompare } from './dbt-compare.js';
import { docsWorkload } from './docs.js';
import { floorWorkload } from './floor.js';
import { incrementalWorkload } from './incremental.js';
import { scaleWorkload } from './scale.js';
import { seedCold } from './seed-cold.js';

export const WORKLOADS: readonly Workload[] = [
  seedCold,
  floorWorkload,
  scaleWorkload,
  bigProjects,
  incrementalWorkload,
  docsWorkload,
  dbtCompare,
];
