import type { Dialect } from '../adapters/adapter.js';
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

/**
 * Checks the config a materialization depends on (strategy names, required keys) and, given the
 * target's dialect, that the engine can run it at all: refusing at compile time beats a model
 * failing halfway through a build.
 */
export function validateMaterializationConfig(
  materialized: string, config: Readonly<ConfigMap>, dialect?: Pick<Dialect, 'type' | 'capabilities'>,
): MaterializationProblem[] {
  if (dialect?.capabilities.unsupportedMaterializations.includes(materialized)) {
    const what = materialized === 'snapshot' ? 'Snapshots are' : `materialized='${materialized}' is`;
    return [{
      code: 'E_UNSUPPORTED_ON_ENGINE',
      message: `${what} not supported on ${dialect.type}.`,
      hint: materialized === 'snapshot'
        ? `Build snapshots with a DuckDB target, or keep it off ${dialect.type}: config(enabled=(target.type == 'duckdb')).`
        : `Use materialized='table' or 'incremental' on ${dialect.type}, or keep it off ${dialect.type}: config(enabled=(target.type == 'duckdb')).`,
    }];
  }
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
