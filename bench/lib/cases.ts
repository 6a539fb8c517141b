/**
 * A measured case: one command run N times (with optional untimed set-up before each run and an
 * optional untimed warm-up), summarised as a {@link MeasurementRow}. Ratios and goals are applied
 * afterwards, once the reference row exists.
 */
import { median, runMeasured, tail, type CommandSpec, type RunSample } from './measure.js';
import type { Goal, MeasurementRow } from './types.js';

/** One case to measure. */
export interface CaseSpec extends CommandSpec {
  readonly name: string;
  /** The command as shown in the table. */
  readonly display: string;
  readonly reps: number;
  /** Untimed, before every measured run: e.g. delete target/ for a cold run, or the database. */
  readonly before?: () => void | Promise<void>;
  /** Run the command once untimed first, so measured runs see a warm cache. */
  readonly warmup?: boolean;
  readonly goal?: Goal;
  /** Extra figures computed from the measured samples (e.g. rows per second). */
  readonly extra?: (samples: readonly RunSample[]) => Record<string, number | string> | Promise<Record<string, number | string>>;
}

export type Log = (message: string) => void;

function failedRow(spec: CaseSpec, reason: string, runs: readonly number[] = []): MeasurementRow {
  return {
    name: spec.name,
    command: spec.display,
    status: 'failed',
    reason,
    runs_s: runs,
    median_s: null,
    min_s: null,
    max_s: null,
    peak_rss_mb: null,
    ...(spec.goal ? { goal: spec.goal, pass: null } : {}),
  };
}

function describeFailure(sample: RunSample): string {
  if (sample.timedOut) return 'timed out';
  const output = tail(sample.stderr) || tail(sample.stdout);
  return `exit ${sample.exitCode}: ${output}`;
}

/** Measures a case; a failing run stops the case and is reported, it never throws. */
export async function measureCase(spec: CaseSpec, log: Log): Promise<MeasurementRow> {
  try {
    if (spec.warmup) {
      await spec.before?.();
      const warm = await runMeasured(spec);
      if (warm.exitCode !== 0) return failedRow(spec, `warm-up ${describeFailure(warm)}`);
    }
    const samples: RunSample[] = [];
    for (let rep = 0; rep < spec.reps; rep += 1) {
      await spec.before?.();
      const sample = await runMeasured(spec);
      if (sample.exitCode !== 0) {
        log(`  ${spec.name}: FAILED (${describeFailure(sample).split('\n')[0]})`);
        return failedRow(spec, describeFailure(sample), samples.map((s) => s.wallSeconds));
      }
      samples.push(sample);
    }
    const row: MeasurementRow = {
      ...summaryRow(
        spec.name, spec.display, samples.map((s) => s.wallSeconds),
        samples.map((s) => s.cpuSeconds), samples.map((s) => s.peakRssMb),
      ),
      ...(spec.goal ? { goal: spec.goal } : {}),
      ...(spec.extra ? { extra: await spec.extra(samples) } : {}),
    };
    log(`  ${spec.name}: median ${row.median_s}s (min ${row.min_s}, max ${row.max_s}), CPU ${row.cpu_median_s}s, peak ${row.peak_rss_mb} MiB`);
    return checkGoal(row);
  } catch (error) {
    return failedRow(spec, error instanceof Error ? error.message : String(error));
  }
}

/** Rounds seconds to the millisecond (the harness cannot honestly claim more). */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A row for a case that could not be measured at all, with the reason (never a made-up figure). */
export function unavailableRow(
  name: string,
  command: string,
  status: 'skipped' | 'not-available' | 'failed',
  reason: string,
  goal?: Goal,
): MeasurementRow {
  return {
    name,
    command,
    status,
    reason,
    runs_s: [],
    median_s: null,
    min_s: null,
    max_s: null,
    peak_rss_mb: null,
    ...(goal ? { goal, pass: null } : {}),
  };
}

/**
 * Adds `ratio` to a row. `direction` says which way round: `'row/ref'` gives e.g. mdl / floor,
 * `'ref/row'` gives e.g. dbt / mdl (how many times faster the row is). The goal is re-checked.
 */
export function withRatio(
  row: MeasurementRow,
  reference: MeasurementRow,
  label: string,
  direction: 'row/ref' | 'ref/row',
): MeasurementRow {
  if (row.median_s === null || reference.median_s === null || row.median_s === 0 || reference.median_s === 0) {
    return row;
  }
  const value = direction === 'row/ref' ? row.median_s / reference.median_s : reference.median_s / row.median_s;
  const mine = row.cpu_median_s;
  const theirs = reference.cpu_median_s;
  const cpu = mine && theirs ? (direction === 'row/ref' ? mine / theirs : theirs / mine) : undefined;
  const ratio = { reference: reference.name, label, value: round(value, 3), ...(cpu === undefined ? {} : { cpu_value: round(cpu, 3) }) };
  return checkGoal({ ...row, ratio });
}

/** Sets `pass` from the row's goal and figures; null when a needed figure is missing. */
export function checkGoal(row: MeasurementRow): MeasurementRow {
  if (!row.goal) return row;
  const figure =
    row.goal.metric === 'ratio' ? row.ratio?.value : row.goal.metric === 'median_s' ? row.median_s : row.peak_rss_mb;
  if (figure === undefined || figure === null) return { ...row, pass: null };
  const { op, value } = row.goal;
  const pass = op === '<=' ? figure <= value : op === '<' ? figure < value : op === '>=' ? figure >= value : figure > value;
  return { ...row, pass };
}

/** Shorthand for goals. */
export function goal(metric: Goal['metric'], op: Goal['op'], value: number, text: string): Goal {
  return { metric, op, value, text };
}

/** An ok row from wall seconds per run, with CPU medians and peak memory where measured. */
export function summaryRow(
  name: string, command: string, seconds: readonly number[],
  cpuSeconds: readonly (number | null | undefined)[] = [], peakRssMb: readonly (number | null | undefined)[] = [],
): MeasurementRow {
  const runs = seconds.map((s) => round(s));
  const cpu = cpuSeconds.filter((v): v is number => typeof v === 'number');
  const rss = peakRssMb.filter((v): v is number => typeof v === 'number');
  return {
    name,
    command,
    status: 'ok',
    runs_s: runs,
    median_s: round(median(runs)),
    min_s: Math.min(...runs),
    max_s: Math.max(...runs),
    peak_rss_mb: rss.length > 0 ? Math.max(...rss) : null,
    cpu_median_s: cpu.length > 0 ? round(median(cpu), 2) : null,
  };
}
