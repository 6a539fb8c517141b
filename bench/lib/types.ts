/**
 * Shapes of the benchmark results file (`bench/results/<date>.json`) and of a workload.
 * Times are seconds, memory is MiB. Every field is plain JSON so RESULTS.md can be rebuilt from it.
 */

/** A target for one measurement. `metric` names the figure the goal is checked against. */
export interface Goal {
  readonly metric: 'median_s' | 'ratio' | 'peak_rss_mb';
  readonly op: '<=' | '<' | '>=' | '>';
  readonly value: number;
  /** How the goal reads in the table, e.g. `<= 1.5 s` or `dbt/mdl >= 20`. */
  readonly text: string;
}

/** A ratio of this measurement against a reference measurement, both medians. */
export interface Ratio {
  /** Name of the reference row, e.g. `floor (node-api)` or `dbt ls`. */
  readonly reference: string;
  /** How the ratio is formed, e.g. `mdl / floor` or `dbt / mdl`. */
  readonly label: string;
  readonly value: number;
  /** The same ratio of CPU medians (user + system), when both rows have them. */
  readonly cpu_value?: number;
}

export type RowStatus = 'ok' | 'failed' | 'skipped' | 'not-available';

/** One measured case: a command run `runs_s.length` times. */
export interface MeasurementRow {
  readonly name: string;
  /** The command as a person would type it (paths shortened). */
  readonly command: string;
  readonly status: RowStatus;
  /** Why the row failed or was skipped; the tail of stderr for a failure. */
  readonly reason?: string;
  readonly runs_s: readonly number[];
  readonly median_s: number | null;
  readonly min_s: number | null;
  readonly max_s: number | null;
  readonly peak_rss_mb: number | null;
  /** Median user + system CPU seconds of the runs (absent without GNU time). */
  readonly cpu_median_s?: number | null;
  readonly ratio?: Ratio;
  readonly goal?: Goal;
  /** Null when there is no goal, or no figure to check it against. */
  readonly pass?: boolean | null;
  /** Workload-specific figures, e.g. rows per second or number of nodes. */
  readonly extra?: Readonly<Record<string, number | string>>;
}

export type WorkloadStatus = 'ok' | 'failed' | 'skipped' | 'not-available';

/** The outcome of one workload. */
export interface WorkloadResult {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly status: WorkloadStatus;
  readonly reason?: string;
  readonly started_at: string;
  readonly elapsed_s: number;
  readonly quick: boolean;
  /** The mdl commit measured (workloads kept from an earlier run of the day may differ). */
  readonly mdl_commit: string;
  readonly rows: readonly MeasurementRow[];
  readonly notes: readonly string[];
}

/** Facts about the machine and versions a run was measured with. */
export interface MachineFacts {
  readonly hostname: string;
  readonly os: string;
  readonly cpu_model: string;
  readonly cores: number;
  readonly memory_gib: number;
  readonly load_average_at_start: readonly number[];
  /** 1, 5 and 15 minute load averages when the run ended: a busy shared machine shows here. */
  readonly load_average_at_end?: readonly number[];
  readonly node: string;
  readonly duckdb: string;
  readonly duckdb_node_api: string;
  readonly mdl_commit: string;
  readonly python?: string;
  readonly dbt?: string;
  readonly rss_method: string;
}

/** The whole results file. */
export interface BenchResults {
  readonly schema_version: 1;
  readonly date: string;
  readonly started_at: string;
  readonly finished_at: string;
  /** Set while a run is still going (the file is rewritten after every workload). */
  readonly in_progress?: true;
  readonly quick: boolean;
  readonly repetitions: number;
  readonly machine: MachineFacts;
  readonly workloads: readonly WorkloadResult[];
}
