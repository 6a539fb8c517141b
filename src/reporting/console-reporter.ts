import type { Diagnostic } from '../errors/diagnostic.js';
import { formatDiagnostic } from '../errors/format.js';
import { redact } from '../errors/redact.js';
import type { ExecutionEvent, NodeResult } from '../execute/node-result.js';

export interface ReporterOptions {
  readonly format?: 'text' | 'json';
  readonly color?: boolean;
  readonly out?: NodeJS.WritableStream;
  readonly err?: NodeJS.WritableStream;
  readonly quiet?: boolean;
}

const WIDTH = 80;

/** The only code that writes to the terminal. Every line passes through `redact`. */
export class Reporter {
  private readonly format: 'text' | 'json';
  private readonly color: boolean;
  private readonly out: NodeJS.WritableStream;
  private readonly err: NodeJS.WritableStream;
  private readonly quiet: boolean;
  /** Live progress (a TTY only): what is running now, redrawn in place under the node lines. */
  private readonly live: boolean;
  private readonly running = new Map<string, string>();
  private done = 0;
  private total = 0;
  private statusShown = false;

  constructor(options: ReporterOptions = {}) {
    this.out = options.out ?? process.stdout;
    this.err = options.err ?? process.stderr;
    this.format = options.format ?? 'text';
    const tty = (this.out as NodeJS.WriteStream).isTTY === true;
    this.color = options.color ?? (tty && !process.env.NO_COLOR);
    this.quiet = options.quiet ?? false;
    this.live = tty && this.format === 'text' && !this.quiet && !process.env.CI;
  }

  private write(stream: NodeJS.WritableStream, text: string): void {
    this.clearStatus();
    stream.write(`${redact(text)}\n`);
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.out.write('\r\u001b[2K');
    this.statusShown = false;
  }

  private drawStatus(): void {
    if (!this.live || this.running.size === 0) return;
    const columns = (this.out as NodeJS.WriteStream).columns ?? WIDTH;
    const names = [...this.running.values()].join(', ');
    const text = `[${this.done}/${this.total}] running ${names}`;
    this.clearStatus();
    this.out.write(this.paint(2, text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text));
    this.statusShown = true;
  }

  private paint(code: number, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private json(event: string, data: Record<string, unknown>): void {
    this.write(this.out, JSON.stringify({ event, ts: new Date().toISOString(), ...data }));
  }

  info(message: string): void {
    if (this.quiet) return;
    if (this.format === 'json') this.json('info', { message });
    else this.write(this.out, message);
  }

  /** Plain data output (ls, show, compile --inline): never suppressed, never decorated. */
  data(text: string): void {
    this.write(this.out, text);
  }

  diagnostics(list: readonly Diagnostic[]): void {
    for (const d of list) {
      if (this.format === 'json') this.json(d.severity === 'warning' ? 'warning' : 'error', { ...d });
      else this.write(this.err, d.severity === 'warning' ? this.paint(33, formatDiagnostic(d)) : this.paint(31, formatDiagnostic(d)));
    }
  }

  event(event: ExecutionEvent): void {
    if (this.format === 'json') {
      if (event.type === 'node-done') {
        const { compiled_code: _, ...rest } = event.result;
        this.json('node_finished', rest as Record<string, unknown>);
      } else this.json(event.type.replace('-', '_'), event as unknown as Record<string, unknown>);
      return;
    }
    if (this.quiet) return;
    if (event.type === 'node-start') {
      this.running.set(event.id, event.label);
      this.drawStatus();
      return;
    }
    if (event.type === 'start') {
      this.total = event.total;
      this.write(this.out, `Running ${event.total} node${event.total === 1 ? '' : 's'} on target '${event.target}' with ${event.threads} thread${event.threads === 1 ? '' : 's'}`);
    } else if (event.type === 'node-done') {
      this.running.delete(event.result.unique_id);
      this.done += 1;
      this.write(this.out, this.line(event.result));
      this.drawStatus();
    } else if (event.type === 'hook') {
      this.write(this.out, `${event.ok ? 'OK' : 'ERROR'} hook ${event.name}${event.message ? `: ${event.message}` : ''}`);
    }
  }

  private line(r: NodeResult): string {
    const relation = r.resource_type === 'test' ? r.name : `${r.schema}.${r.alias}`;
    const secs = `${r.execution_time.toFixed(2)}s`;
    let status: string;
    let what: string;
    let tail: string;
    switch (r.status) {
      case 'success':
        status = this.paint(32, 'OK');
        what = `${r.action} ${relation}`;
        tail = r.rows !== undefined ? `[${r.rows} rows in ${secs}]` : `[OK in ${secs}]`;
        break;
      case 'pass':
        status = this.paint(32, 'PASS');
        what = relation;
        tail = `[PASS in ${secs}]`;
        break;
      case 'warn':
        status = this.paint(33, 'WARN');
        what = relation;
        tail = `[WARN ${r.failures ?? ''} in ${secs}]`;
        break;
      case 'fail':
        status = this.paint(31, 'FAIL');
        what = relation;
        tail = `[FAIL ${r.failures ?? ''} in ${secs}]`;
        break;
      case 'error':
        status = this.paint(31, 'ERROR');
        what = `${r.resource_type === 'test' ? 'running test' : `building ${r.resource_type}`} ${relation}`;
        tail = `[ERROR in ${secs}]`;
        break;
      default:
        status = this.paint(33, 'SKIP');
        what = `${r.resource_type} ${relation}`;
        tail = '[SKIP]';
    }
    const head = `${String(r.index).padStart(String(r.total).length)} of ${r.total} ${status} ${what} `;
    const visible = head.replace(/\u001b\[\d+m/g, '').length;
    const dots = '.'.repeat(Math.max(3, WIDTH - visible - tail.length - 1));
    return `${head}${dots} ${tail}`;
  }

  /** `failedHooks`: on-run-start/end hooks that failed; they fail the run like a node does. */
  summary(results: readonly NodeResult[], elapsed: number, failedHooks = 0): void {
    const count = (pred: (r: NodeResult) => boolean) => results.filter(pred).length;
    const pass = count((r) => r.status === 'success' || r.status === 'pass');
    const warn = count((r) => r.status === 'warn');
    const error = count((r) => r.status === 'error' || r.status === 'fail') + failedHooks;
    const skip = count((r) => r.status === 'skipped');
    if (this.format === 'json') {
      this.json('summary', { pass, warn, error, skip, total: results.length, elapsed });
      return;
    }
    if (this.quiet) return;
    const kinds = new Map<string, number>();
    for (const r of results) kinds.set(r.resource_type, (kinds.get(r.resource_type) ?? 0) + 1);
    const parts = [...kinds].map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`);
    this.write(this.out, `\nFinished running ${parts.join(', ') || 'nothing'} in ${elapsed.toFixed(2)}s.`);
    const problems = results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'warn');
    if (error === 0) this.write(this.out, this.paint(32, 'Completed successfully'));
    else this.write(this.out, this.paint(31, `Completed with ${error} error${error === 1 ? '' : 's'} and ${warn} warning${warn === 1 ? '' : 's'}:`));
    for (const r of problems) {
      const kind = r.status === 'warn' ? 'Warning' : r.resource_type === 'test' ? 'Failure' : 'Database Error';
      this.write(this.out, `\n${this.paint(r.status === 'warn' ? 33 : 31, `${kind} in ${r.resource_type} ${r.name}`)}${r.compiled_path ? ` (${r.compiled_path})` : ''}`);
      if (r.message) this.write(this.out, r.message.split('\n').map((l) => `  ${l}`).join('\n'));
    }
    this.write(this.out, `\nDone. PASS=${pass} WARN=${warn} ERROR=${error} SKIP=${skip} TOTAL=${results.length}`);
  }
}
