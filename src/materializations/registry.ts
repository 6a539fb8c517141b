import type { ConfigMap } from '../project/folder-config.js';
import { validateSnapshotConfig } from '../snapshots/snapshot-config.js';
import { validateExternalConfig } from './external.js';
import { validateIncrementalConfig } from './incremental-config.js';

/** Materializations a model may declare. Each has a planner or runner in this folder. */
export const MODEL_MATERIALIZATIONS: readonly string[] = ['view', 'table', 'ephemeral', 'incremental', 'external'];

/** A materialization config problem, reported by the compiler as a Compilation Error with the file. */
export interface MaterializationProblem {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

/** Checks the config a materialization depends on (strategy names, required keys). */
export function validateMaterializationConfig(materialized: string, config: Readonly<ConfigMap>): MaterializationProblem[] {
  switch (materialized) {
    case 'incremental':
      return validateIncrementalConfig(config).map((p) => ({ code: 'E_INCREMENTAL_CONFIG', ...p }));
    case 'external':
      return validateExternalConfig(config).map((p) => ({ code: 'E_EXTERNAL_CONFIG', ...p }));
    case 'snapshot':
      return validateSnapshotConfig(config).map((p) => ({ code: 'E_SNAPSHOT_CONFIG', ...p }));
    default:
      return [];
  }
}
