import type { RunResult } from '../compile/manifest-types.js';

/** What running one node produced; the reporter and run_results.json both read it. */
export interface NodeResult extends RunResult {
  readonly resource_type: string;
  readonly name: string;
  readonly schema: string;
  readonly alias: string;
  /** Console verb phrase, e.g. `created table`, `loaded seed`, `test`. */
  readonly action: string;
  readonly rows?: number;
  readonly compiled_path?: string;
  readonly index: number;
  readonly total: number;
}

export type ExecutionEvent =
  | { readonly type: 'start'; readonly total: number; readonly threads: number; readonly target: string }
  | { readonly type: 'node-start'; readonly id: string; readonly index: number; readonly total: number; readonly label: string }
  | { readonly type: 'node-done'; readonly result: NodeResult }
  | { readonly type: 'hook'; readonly name: string; readonly ok: boolean; readonly message?: string };
