/** What a workload is given and what it returns. */
import type { Log } from './cases.js';
import type { MdlCli } from './mdl-cli.js';
import type { MeasurementRow, WorkloadStatus } from './types.js';

/** Shared by every workload in one run. */
export interface BenchContext {
  /** The repository root (the example project lives here). */
  readonly repoDir: string;
  /** Scratch space for generated projects, data and databases (`bench/.work`, git-ignored). */
  readonly workDir: string;
  /** Where the dbt virtual environment lives (`bench/.venv`, git-ignored). */
  readonly venvDir: string;
  readonly quick: boolean;
  /** Measured repetitions per case (1 in quick mode). */
  readonly reps: number;
  readonly mdl: MdlCli;
  readonly log: Log;
  /** Lets the dbt workload record the dbt version in the machine facts. */
  readonly setFact: (key: 'dbt' | 'python', value: string) => void;
}

/** The part of a workload result the workload itself decides. */
export interface WorkloadOutcome {
  readonly status: WorkloadStatus;
  readonly reason?: string;
  readonly rows: readonly MeasurementRow[];
  readonly notes?: readonly string[];
}

/** A benchmark workload. `id` is what `--only` takes. */
export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  run(context: BenchContext): Promise<WorkloadOutcome>;
}

/** Status of a workload from its rows: failed if any failed, ok if any ran, else the first status. */
export function statusFromRows(rows: readonly MeasurementRow[]): WorkloadStatus {
  if (rows.some((r) => r.status === 'failed')) return 'failed';
  if (rows.some((r) => r.status === 'ok')) return 'ok';
  return rows[0]?.status ?? 'skipped';
}

/** The outcome when mdl itself is not usable. */
export function mdlMissing(context: BenchContext): WorkloadOutcome | undefined {
  return context.mdl.ok ? undefined : { status: 'not-available', reason: context.mdl.reason, rows: [] };
}
