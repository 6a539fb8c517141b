/**
 * Every user-facing problem is a Diagnostic: a kind, the node it concerns, the file/line/column
 * where known, what is wrong and what to do. Loading collects many before stopping.
 */
export type DiagnosticKind =
  | 'Compilation Error'
  | 'Parsing Error'
  | 'Database Error'
  | 'Runtime Error'
  | 'Selection Error'
  | 'Seed Error'
  | 'Target Error';

export interface Diagnostic {
  /** Stable code, e.g. `E_MISSING_REF`; tests and tools match on it. */
  readonly code: string;
  readonly kind: DiagnosticKind;
  readonly message: string;
  /** What the user should do about it. */
  readonly hint?: string;
  /** Path relative to the project directory. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  readonly node?: { readonly type: string; readonly name: string };
  readonly severity?: 'error' | 'warning';
}

/** A failure that stops a command, carrying one or more diagnostics. */
export class MdlError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: number;

  constructor(diagnostics: Diagnostic | readonly Diagnostic[], options: { exitCode?: number; cause?: unknown } = {}) {
    const list = Array.isArray(diagnostics) ? (diagnostics as readonly Diagnostic[]) : [diagnostics as Diagnostic];
    super(list.map((d) => d.message).join('\n'), { cause: options.cause });
    this.name = 'MdlError';
    this.diagnostics = list;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Collects diagnostics while loading; `throwIfAny` stops once everything has been looked at. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  addAll(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.add(d);
  }

  get errors(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity !== 'warning');
  }

  get warnings(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new MdlError(this.errors);
  }
}
