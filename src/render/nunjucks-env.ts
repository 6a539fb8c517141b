import type nunjucks from 'nunjucks';
import { loadNunjucks } from './nunjucks-module.js';

/** Thrown by `return(value)` inside a macro; the macro call evaluates to `value`. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

type Runtime = {
  makeMacro: (argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown;
  memberLookup: (obj: unknown, val: unknown, autoescape?: boolean) => unknown;
};

const STRING_METHODS: Record<string, (s: string, ...args: any[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars?: string) => (chars ? trimChars(s, chars, true, true) : s.trim()),
  lstrip: (s, chars?: string) => (chars ? trimChars(s, chars, true, false) : s.trimStart()),
  rstrip: (s, chars?: string) => (chars ? trimChars(s, chars, false, true) : s.trimEnd()),
  split: (s, sep?: string, max?: number) => {
    const parts = sep === undefined || sep === null ? s.trim().split(/\s+/).filter(Boolean) : s.split(sep);
    if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(sep ?? ' ')];
  },
  startswith: (s, prefix: string) => s.startsWith(prefix),
  endswith: (s, suffix: string) => s.endsWith(suffix),
  replace: (s, from: string, to: string) => s.split(from).join(to),
  title: (s) => s.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isupper: (s) => s === s.toUpperCase() && /[A-Z]/.test(s),
  islower: (s) => s === s.toLowerCase() && /[a-z]/.test(s),
  find: (s, sub: string) => s.indexOf(sub),
  count: (s, sub: string) => s.split(sub).length - 1,
  join: (s, items: unknown[]) => items.map(String).join(s),
  format: (s, ...args: unknown[]) => { let i = 0; return s.replace(/\{\}/g, () => String(args[i++])); },
  zfill: (s, width: number) => s.padStart(width, '0'),
};

function trimChars(s: string, chars: string, start: boolean, end: boolean): string {
  let a = 0;
  let b = s.length;
  while (start && a < b && chars.includes(s[a]!)) a++;
  while (end && b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

let patched = false;

/**
 * Makes nunjucks behave like the Jinja dbt users write: Jinja compat (`.items()`, `True`, slices),
 * Python string methods, and `return()` from macros. The runtime is a module singleton, so this
 * patches it once per process.
 */
function patchRuntime(): void {
  if (patched) return;
  patched = true;
  loadNunjucks().installJinjaCompat();
  const runtime = (loadNunjucks() as unknown as { runtime: Runtime }).runtime;
  const makeMacro = runtime.makeMacro;
  runtime.makeMacro = (argNames, kwargNames, func) => {
    const macro = makeMacro(argNames, kwargNames, func);
    // Every macro, however it is reached (global, frame, import), catches its own return().
    return function (this: unknown, ...args: unknown[]) {
      try {
        return macro.apply(this, args);
      } catch (error) {
        if (error instanceof MacroReturn) return error.value;
        throw error;
      }
    };
  };
  const memberLookup = runtime.memberLookup;
  runtime.memberLookup = function (obj, val, autoescape) {
    if (typeof obj === 'string' && typeof val === 'string' && STRING_METHODS[val]) {
      const method = STRING_METHODS[val]!;
      return (...args: unknown[]) => method(obj, ...args);
    }
    if (obj instanceof Map && typeof val === 'string' && val === 'get') {
      return (key: unknown, fallback?: unknown) => (obj.has(key) ? obj.get(key) : fallback ?? null);
    }
    return memberLookup.call(this, obj, val, autoescape);
  };
}

/** `{% do expr %}`: evaluates an expression for its side effect. */
class DoExtension {
  tags = ['do'];
  parse(parser: any, nodes: any): unknown {
    const token = parser.nextToken();
    const expr = parser.parseExpression();
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(token.lineno, token.colno, [expr]), null);
  }
  run(): string {
    return '';
  }
}

export function createNunjucksEnvironment(): nunjucks.Environment {
  patchRuntime();
  const env = new (loadNunjucks().Environment)(null, { autoescape: false, throwOnUndefined: false, trimBlocks: false });
  env.addExtension('DoExtension', new DoExtension());
  env.addFilter('tojson', (value: unknown) => JSON.stringify(value));
  env.addFilter('as_text', (value: unknown) => String(value ?? ''));
  env.addFilter('as_bool', (value: unknown) => value === true || String(value).toLowerCase() === 'true');
  env.addFilter('as_number', (value: unknown) => Number(value));
  env.addFilter('unique', (value: unknown[]) => [...new Set(value ?? [])]);
  env.addFilter('map', (value: any[], ...args: any[]) => {
    const kw = args.find((a) => a && typeof a === 'object' && a.__keywords) as Record<string, unknown> | undefined;
    const attribute = kw?.attribute as string | undefined;
    if (attribute) return (value ?? []).map((item) => item?.[attribute]);
    const filterName = args.find((a) => typeof a === 'string') as string | undefined;
    if (filterName) {
      const filter = env.getFilter(filterName);
      return (value ?? []).map((item) => filter(item));
    }
    return value;
  });
  return env;
}
