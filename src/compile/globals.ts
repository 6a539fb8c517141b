import { randomUUID } from 'node:crypto';
import type { Dialect } from '../adapters/adapter.js';
import { TemplateRaise, splitArgs, type Renderer } from '../render/renderer.js';
import { isRecord } from '../project/yaml-file.js';
import { ingestFiles } from '../ingest/marker.js';
import { PyDateTime, datetimeModule } from './py-datetime.js';

export interface GlobalsInput {
  readonly vars: Readonly<Record<string, unknown>>;
  /** `name` in project.yml, as dbt's `project_name`. */
  readonly projectName?: string;
  readonly target: Readonly<Record<string, unknown>>;
  readonly dialect: Dialect;
  readonly invocationId: string;
  readonly onLog: (message: string, info: boolean) => void;
  readonly onWarn: (message: string) => void;
}

/** A template-visible missing var/env var: a user mistake with a clear fix. */
function missing(message: string, hint: string, code: string): TemplateRaise {
  return new TemplateRaise(message, hint, code);
}

/**
 * The dbt context that does not change from node to node: var, env_var, target, adapter,
 * exceptions, log, namespace, modules. `renderer` is passed late because `adapter.dispatch`
 * looks up macros, which are loaded into the renderer created with these globals.
 */
export function baseGlobals(input: GlobalsInput, renderer: () => Renderer): Record<string, unknown> {
  const raise = (error: TemplateRaise): never => renderer().raise(error);
  const dispatch = (name: string) => {
    const r = renderer();
    const candidates = [`${input.dialect.type}__${name}`, `default__${name}`];
    for (const candidate of candidates) {
      const fn = r.macro(candidate);
      if (fn) return fn;
    }
    return raise(missing(
      `adapter.dispatch('${name}') found no macro: looked for ${candidates.join(' and ')}.`,
      `Define \`{% macro default__${name}(...) %}\` (or one for ${input.dialect.type}) in macros/.`,
      'E_DISPATCH',
    ));
  };
  return {
    // nunjucks' own range() loops on `i < stop` with whatever it gets: range('1', '5') builds
    // '1', '11', '111'... forever. Whole numbers only, and a bounded length.
    range: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const ints = positional.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN));
      const shown = positional.map((v) => (typeof v === 'string' ? `'${v}'` : typeof v === 'function' ? 'a function' : String(v))).join(', ');
      if (ints.length === 0 || ints.length > 3 || ints.some((n) => !Number.isSafeInteger(n))) {
        return raise(new TemplateRaise(`range() takes one to three whole numbers, got range(${shown}).`, 'For example range(3) or range(1, 10, 2).', 'E_TEMPLATE'));
      }
      const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
      if (step === 0) return raise(new TemplateRaise('range() step must not be zero.', undefined, 'E_TEMPLATE'));
      const length = Math.max(0, Math.ceil((stop - start) / step));
      if (length > 1_000_000) return raise(new TemplateRaise(`range(${shown}) would make ${length} numbers; mdl allows at most 1,000,000.`, undefined, 'E_TEMPLATE'));
      return Array.from({ length }, (_, i) => start + i * step);
    },
    var: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[0]);
      if (Object.prototype.hasOwnProperty.call(input.vars, name)) return input.vars[name];
      if (positional.length > 1) return positional[1];
      return raise(missing(
        `Required var '${name}' is not set.`,
        `Add it under \`vars:\` in project.yml, pass --vars '{${name}: ...}', or give a default: var('${name}', ...).`,
        'E_MISSING_VAR',
      ));
    },
    env_var: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[0]);
      const value = process.env[name];
      if (value !== undefined) return value;
      if (positional.length > 1) return positional[1];
      return raise(missing(`Environment variable '${name}' is not set and has no default.`, `Set ${name}, or give a default: env_var('${name}', '...').`, 'E_MISSING_ENV_VAR'));
    },
    target: input.target,
    project_name: input.projectName ?? '',
    // File-by-file ingestion for bronze models (src/ingest).
    ingest_files: ingestFiles,
    invocation_id: input.invocationId,
    // A Python-like aware datetime in UTC, as dbt's (prints 2026-11-26 14:52:03.123000+00:00).
    run_started_at: PyDateTime.fromDate(new Date(), true),
    adapter: {
      dispatch: (name: string) => dispatch(name),
      type: () => input.dialect.type,
      quote: (identifier: string) => input.dialect.quoteIdentifier(identifier),
      // A string literal in the engine's syntax: Spark reads 'it''s' as 'its' and \ as an escape.
      literal: (value: unknown) => input.dialect.literal(String(value)),
    },
    exceptions: {
      // An empty message would print a bare "Compilation Error in model x" and nothing else.
      raise_compiler_error: (message: unknown) => raise(new TemplateRaise(String(message ?? '').trim() || 'exceptions.raise_compiler_error() was called with an empty message.', undefined, 'E_RAISED')),
      warn: (message: unknown) => {
        input.onWarn(String(message));
        return '';
      },
    },
    log: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      input.onLog(String(positional[0] ?? ''), positional[1] === true || kwargs.info === true);
      return '';
    },
    print: (message: unknown) => {
      input.onLog(String(message), true);
      return '';
    },
    namespace: (...args: unknown[]) => {
      const { kwargs } = splitArgs(args);
      return { ...kwargs };
    },
    zip: (...lists: unknown[][]) => lists[0]?.map((_, i) => lists.map((l) => l[i])) ?? [],
    modules: { datetime: datetimeModule(), uuid: { uuid4: () => randomUUID() } },
    fromjson: (text: string) => JSON.parse(text),
    tojson: (value: unknown) => JSON.stringify(value),
    toyaml: (value: unknown) => JSON.stringify(value),
    set: (items: unknown[]) => [...new Set(items)],
    is_record: isRecord,
    flags: { FULL_REFRESH: false, WHICH: 'compile' },
  };
}
