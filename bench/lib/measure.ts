/**
 * Runs one child process and measures its wall time and peak resident memory.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the largest process
 * in the child's tree) when it is installed; otherwise we poll `/proc/<pid>/status` for VmHWM, which
 * sees the direct child only. Wall time is taken here around the spawn, so both paths time the same.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One run of one command. */
export interface RunSample {
  readonly wallSeconds: number;
  /** Peak resident set size in MiB, or null when it could not be read. */
  readonly peakRssMb: number | null;
  /** User + system CPU seconds of the process tree (GNU time only): steadier than wall time on a busy machine. */
  readonly cpuSeconds: number | null;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** What to run. `env` is merged over the harness's own environment. */
export interface CommandSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

const TAIL = 64 * 1024;
let gnuTime: boolean | undefined;

/** True when `/usr/bin/time` is GNU time and accepts `-f %M -o FILE`. */
export function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    gnuTime =
      existsSync('/usr/bin/time') &&
      spawnSync('/usr/bin/time', ['-f', '%M', '-o', '/dev/null', 'true'], { stdio: 'ignore' }).status === 0;
  }
  return gnuTime;
}

/** How peak memory is measured on this machine, for the results file. */
export function rssMethod(): string {
  return hasGnuTime() ? 'GNU time %M (max RSS of the process tree)' : '/proc/<pid>/status VmHWM (direct child)';
}

function keepTail(current: string, chunk: Buffer): string {
  const next = current + chunk.toString('utf8');
  return next.length > TAIL ? next.slice(next.length - TAIL) : next;
}

function readVmHwmKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Runs the command once; never throws for a failing command (the exit code says so). */
export function runMeasured(spec: CommandSpec): Promise<RunSample> {
  const useTime = hasGnuTime();
  const scratch = useTime ? mkdtempSync(join(tmpdir(), 'mdl-bench-')) : '';
  const rssFile = join(scratch, 'rss');
  const command = useTime ? '/usr/bin/time' : spec.command;
  const args = useTime ? ['-f', '%M %U %S', '-o', rssFile, spec.command, ...spec.args] : [...spec.args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let polledKb: number | null = null;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout = keepTail(stdout, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = keepTail(stderr, chunk)));
    const poll = useTime
      ? undefined
      : setInterval(() => {
          const kb = child.pid === undefined ? null : readVmHwmKb(child.pid);
          if (kb !== null && (polledKb === null || kb > polledKb)) polledKb = kb;
        }, 25);
    const timer = spec.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, spec.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      let kb = polledKb;
      let cpuSeconds: number | null = null;
      if (useTime) {
        // GNU time writes "Command exited with non-zero status N" before the figures on failure.
        const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
        const [maxKb, user, system] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
        kb = maxKb !== undefined && Number.isFinite(maxKb) && maxKb > 0 ? maxKb : null;
        if (user !== undefined && system !== undefined && Number.isFinite(user) && Number.isFinite(system)) {
          cpuSeconds = Math.round((user + system) * 100) / 100;
        }
        rmSync(scratch, { recursive: true, force: true });
      }
      resolve({
        wallSeconds,
        peakRssMb: kb === null ? null : Math.round((kb / 1024) * 10) / 10,
        cpuSeconds,
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        timedOut,
      });
    });
  });
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The last `lines` lines of a process's output, for error messages in the results. */
export function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
