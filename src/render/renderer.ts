import type nunjucks from 'nunjucks';
import { loadNunjucks } from './nunjucks-module.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { parseFastTemplate, renderFast, type FastTemplate } from './fast-path.js';
import { MacroReturn, createNunjucksEnvironment } from './nunjucks-env.js';
import { preprocessTemplate } from './preprocess.js';
import type { TemplateCodeCache } from './template-code-cache.js';

/** Raised by `exceptions.raise_compiler_error` and by context functions for user mistakes. */
export class TemplateRaise extends Error {
  constructor(message: string, readonly hint?: string, readonly code = 'E_TEMPLATE') {
    super(message);
    this.name = 'CompilationError';
  }
}

/** Per-render values: `ref`, `source`, `config`, `this`, `model`, `is_incremental`... */
export type RenderScope = Readonly<Record<string, unknown>>;

export interface MacroInfo {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly source: string;
}

export interface RenderOutcome {
  readonly sql?: string;
  readonly diagnostic?: Diagnostic;
}

/** Keyword arguments from nunjucks arrive as a trailing object flagged `__keywords`. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && last.__keywords) {
    const { __keywords: _, ...kwargs } = last;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

/**
 * One nunjucks environment per compile. Macros from every macro file are globals, so models and
 * macros call them without imports. Rendering is synchronous, so per-render scope is installed as
 * globals for the duration of one render (macros see the current model's `this`, `ref`, ...).
 */
export class Renderer {
  readonly env: nunjucks.Environment;
  readonly macros = new Map<string, MacroInfo>();
  private readonly templates = new Map<string, nunjucks.Template | FastTemplate>();
  private lastRaise: TemplateRaise | undefined;
  /** The macro an error left first during the current render (see `traced`). */
  private failedIn: MacroInfo | undefined;
  /** The template being rendered, so context functions (exceptions.warn) can say where they ran. */
  current: { readonly file: string; readonly node: { type: string; name: string } } | undefined;

  constructor(baseGlobals: Record<string, unknown>, private readonly codeCache?: TemplateCodeCache) {
    this.env = createNunjucksEnvironment();
    for (const [key, value] of Object.entries(baseGlobals)) this.env.addGlobal(key, value);
    this.env.addGlobal('return', (value: unknown) => {
      throw new MacroReturn(value);
    });
    this.env.addGlobal('__mdl_setattr', (obj: Record<string, unknown>, key: string, value: unknown) => {
      obj[key] = value;
      return '';
    });
  }

  /**
   * A macro that notes itself when an error leaves it, so the diagnostic can name the macro
   * (nunjucks reports the position of the outermost call, in the model). The innermost macro wins.
   */
  private traced(info: MacroInfo, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    const renderer = this;
    return function (this: unknown, ...args: unknown[]): unknown {
      try {
        return fn.apply(this, args);
      } catch (error) {
        if (!(error instanceof MacroReturn) && renderer.failedIn === undefined) renderer.failedIn = info;
        throw error;
      }
    };
  }

  /** Wraps a context function so user mistakes it raises keep their message through nunjucks. */
  raise(error: TemplateRaise): never {
    this.lastRaise = error;
    throw error;
  }

  /** Compiles a macro file and installs its macros as globals. */
  loadMacroFile(file: string, source: string, diagnostics: Diagnostic[]): void {
    const prepared = preprocessTemplate(file, source, diagnostics);
    let exported: Record<string, unknown> = {};
    try {
      const template = this.nunjucksTemplate(file, prepared);
      (template as unknown as { getExported(cb: (err: unknown, exp: Record<string, unknown>) => void): void })
        .getExported((err, exp) => {
          if (err) throw err;
          exported = exp;
        });
    } catch (error) {
      diagnostics.push(this.toDiagnostic(error, file, source, { type: 'macro', name: file }));
      return;
    }
    for (const [name, fn] of Object.entries(exported)) {
      if (typeof fn !== 'function') continue;
      const line = lineOfMacro(source, name);
      const existing = this.macros.get(name);
      if (existing) {
        diagnostics.push({
          code: 'E_DUPLICATE_MACRO', kind: 'Compilation Error', file, line,
          message: `Macro '${name}' is defined twice: in ${existing.file}:${existing.line} and ${file}:${line}.`,
          hint: 'Rename or remove one of them.',
        });
        continue;
      }
      const info: MacroInfo = { name, file, line, source: extractMacro(source, name) };
      this.macros.set(name, info);
      this.env.addGlobal(name, this.traced(info, fn as (...args: unknown[]) => unknown));
    }
  }

  /** A macro function by name (for adapter.dispatch and generic tests). */
  macro(name: string): ((...args: unknown[]) => unknown) | undefined {
    const fn = (this.env as unknown as { globals: Record<string, unknown> }).globals[name];
    return this.macros.has(name) && typeof fn === 'function' ? (fn as (...args: unknown[]) => unknown) : undefined;
  }

  /**
   * Renders a template named by its project-relative path. Errors come back as one diagnostic
   * with the real 1-based line.
   */
  render(file: string, source: string, scope: RenderScope, node: { type: string; name: string }): RenderOutcome {
    return this.withScope(scope, { file, node }, (globals) => {
      this.failedIn = undefined;
      try {
        const template = this.compiled(file, source);
        if ('segments' in template) return { sql: renderFast(template, globals, file) };
        return { sql: template.render({}) };
      } catch (error) {
        return { diagnostic: this.toDiagnostic(error, file, source, node) };
      }
    });
  }

  /** Calls a macro with keyword arguments inside a render scope (used for generic tests). */
  callMacro(name: string, kwargs: Record<string, unknown>, scope: RenderScope, file: string, node: { type: string; name: string }): RenderOutcome {
    return this.withScope(scope, { file, node }, () => {
      this.failedIn = undefined;
      try {
        const fn = this.macro(name);
        if (!fn) throw new TemplateRaise(`Macro '${name}' is not defined.`);
        return { sql: String(fn({ ...kwargs, __keywords: true }) ?? '') };
      } catch (error) {
        const info = this.macros.get(name);
        const diagnostic = this.toDiagnostic(error, info?.file ?? file, info?.source ?? '', node);
        return { diagnostic: { ...diagnostic, message: `${diagnostic.message}\n(while rendering the test declared in ${file})` } };
      }
    });
  }

  /** Installs `scope` as globals for one synchronous render, then puts the old values back. */
  private withScope<T>(scope: RenderScope, current: typeof this.current, body: (globals: Record<string, unknown>) => T): T {
    const globals = (this.env as unknown as { globals: Record<string, unknown> }).globals;
    const saved: Record<string, unknown> = {};
    for (const key of Object.keys(scope)) {
      saved[key] = globals[key];
      globals[key] = scope[key];
    }
    this.lastRaise = undefined;
    const outer = this.current;
    this.current = current;
    try {
      return body(globals);
    } finally {
      this.current = outer;
      for (const key of Object.keys(saved)) globals[key] = saved[key];
    }
  }

  /** Checks a template for constructs we reject, returning the prepared source. */
  private compiled(file: string, source: string): nunjucks.Template | FastTemplate {
    // Keyed by the full source: several templates share a file name (test arguments such as
    // `ref('customers')` and `ref('suppliers')` both render as models/schema.yml), and two of
    // them may have the same length.
    const key = `${file}\u0000${source}`;
    let template = this.templates.get(key);
    if (!template) {
      const fast = parseFastTemplate(source);
      if (fast) template = fast;
      else {
        const diagnostics: Diagnostic[] = [];
        const prepared = preprocessTemplate(file, source, diagnostics);
        if (diagnostics.length > 0) throw new RejectedTemplate(diagnostics[0]!);
        template = this.nunjucksTemplate(file, prepared);
      }
      this.templates.set(key, template);
    }
    return template;
  }

  /** A compiled nunjucks template, its code taken from the cache when there is one. */
  private nunjucksTemplate(file: string, prepared: string): nunjucks.Template {
    const nj = loadNunjucks();
    if (!this.codeCache) return new nj.Template(prepared, this.env, file, true);
    const env = this.env as unknown as { asyncFilters: unknown; extensionsList: unknown; opts: unknown };
    const compiler = (nj as unknown as { compiler: { compile(...args: unknown[]): string } }).compiler;
    let code: string;
    try {
      code = this.codeCache.code(file, prepared, () => compiler.compile(prepared, env.asyncFilters, env.extensionsList, file, env.opts));
    } catch {
      // Compiled again the usual way, so the error carries the position nunjucks reports.
      return new nj.Template(prepared, this.env, file, true);
    }
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- nunjucks's own compiled form
    const props = new Function(code)() as unknown;
    return new nj.Template({ type: 'code', obj: props } as unknown as string, this.env, file, true);
  }

  private toDiagnostic(error: unknown, file: string, source: string, node: { type: string; name: string }): Diagnostic {
    if (error instanceof RejectedTemplate) return { ...error.diagnostic, node };
    const raise = this.lastRaise ?? (error instanceof TemplateRaise ? error : undefined);
    const text = error instanceof Error ? error.message : String(error);
    const match = /^\((?:[^)]*)\)(?: \[Line (\d+), Column (\d+)\])?\s*\n?\s*([\s\S]*)$/.exec(text);
    let line: number | undefined;
    let column: number | undefined;
    let message = match ? match[3]!.trim() : text;
    if (match?.[1] !== undefined) {
      // Runtime errors ("Error: ...") carry 0-based positions; parser errors are already 1-based.
      const runtime = /^[A-Za-z]*Error: /.test(message);
      line = Number(match[1]) + (runtime ? 1 : 0);
      column = Number(match[2]) + (runtime ? 1 : 0);
    } else if (/end of file/.test(message)) {
      line = source.split('\n').length;
    }
    message = message.replace(/^[A-Za-z]*Error: /, '');
    let hint = raise?.hint;
    const undefinedCall = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(message);
    if (undefinedCall) {
      const name = undefinedCall[1]!;
      message = `'${name}' is undefined: no macro or function has that name.`;
      hint = `Define a macro '${name}' in macros/, or correct the name.${didYouMean(name, this.macros.keys())}`;
    }
    if (raise) message = raise.message;
    const inMacro = this.failedIn;
    this.failedIn = undefined;
    if (inMacro && inMacro.file !== file) message = `${message}\n> in macro ${inMacro.name} (${inMacro.file}:${inMacro.line})`;
    return {
      code: raise?.code ?? (undefinedCall ? 'E_UNDEFINED' : match?.[1] === undefined && !raise ? 'E_JINJA_SYNTAX' : 'E_TEMPLATE'),
      kind: 'Compilation Error',
      file,
      line,
      column,
      node,
      message,
      hint: hint ?? (raise ? undefined : 'Check the Jinja syntax at this position.'),
    };
  }
}

class RejectedTemplate extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function lineOfMacro(source: string, name: string): number {
  const re = new RegExp(`{%-?\\s*(?:macro|test)\\s+(?:test_)?${name.replace(/^test_/, '')}\\s*\\(`);
  const index = source.search(re);
  return index < 0 ? 1 : source.slice(0, index).split('\n').length;
}

function extractMacro(source: string, name: string): string {
  const start = source.search(new RegExp(`{%-?\\s*(?:macro|test)\\s+(?:test_)?${name.replace(/^test_/, '')}\\s*\\(`));
  if (start < 0) return '';
  const end = source.slice(start).search(/{%-?\s*end(?:macro|test)\s*-?%}/);
  if (end < 0) return source.slice(start);
  const close = source.indexOf('%}', start + end);
  return source.slice(start, close + 2);
}
