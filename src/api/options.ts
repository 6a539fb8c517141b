import type { Reporter } from '../reporting/console-reporter.js';

/** Options every command accepts (the CLI maps flags onto these). */
export interface CommonOptions {
  readonly projectDir?: string;
  readonly target?: string;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly reporter?: Reporter;
}

export interface ExecuteOptions extends CommonOptions {
  readonly threads?: number;
  readonly fullRefresh?: boolean;
  readonly failFast?: boolean;
  /** Seconds to wait for another mdl process writing the same warehouse. */
  readonly wait?: number;
  /** Restrict to these resource types (after selection). */
  readonly resourceTypes?: readonly string[];
  /** Write-audit-publish: build into staging schemas, publish only if every error test passes. */
  readonly wap?: boolean;
}
