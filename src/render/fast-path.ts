/**
 * Most models use Jinja only as `{{ ref('x') }}`, `{{ source('a', 'b') }}`, `{{ config(...) }}`
 * and macro calls with literal arguments. Compiling such a template with nunjucks costs ~0.3 ms;
 * this reads it with a tiny parser and calls the same global functions directly.
 * Anything else (blocks, filters, variables, whitespace control) returns null: use nunjucks.
 */
type Literal = string | number | boolean | null | Literal[];

interface Call {
  readonly name: string;
  readonly args: readonly Literal[];
  readonly kwargs: Readonly<Record<string, Literal>> | null;
  /** 0-based line, and column of the call's `(`, as nunjucks reports runtime positions. */
  readonly line: number;
  readonly column: number;
}

export interface FastTemplate {
  readonly segments: readonly (string | Call)[];
}

export function parseFastTemplate(source: string): FastTemplate | null {
  if (source.includes('{%')) return null;
  const text = source.includes('{#') ? stripComments(source) : source;
  if (text === null) return null;
  const segments: (string | Call)[] = [];
  let pos = 0;
  // Line and line start of `counted`, advanced as calls are found (no re-split per call).
  let counted = 0;
  let line = 0;
  let lineStart = 0;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open < 0) {
      segments.push(text.slice(pos));
      break;
    }
    if (open > pos) segments.push(text.slice(pos, open));
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return null;
    const expr = text.slice(open + 2, close);
    if (expr.startsWith('-') || expr.endsWith('-')) return null;
    const parsed = parseCall(expr);
    if (!parsed) return null;
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < open; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    counted = open;
    // nunjucks points a failed call at its opening parenthesis: report the same column.
    const paren = open + 2 + expr.indexOf('(');
    segments.push({ name: parsed.name, args: parsed.args, kwargs: parsed.kwargs, line, column: paren - lineStart });
    pos = close + 2;
  }
  return { segments };
}

/** Jinja comments vanish, but their newlines stay so line numbers hold. */
function stripComments(source: string): string | null {
  let out = '';
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{#', pos);
    if (open < 0) return out + source.slice(pos);
    const close = source.indexOf('#}', open + 2);
    if (close < 0) return null;
    out += source.slice(pos, open) + source.slice(open, close + 2).replace(/[^\n]/g, '');
    pos = close + 2;
  }
  return out;
}

const CALL_RE = /^\s*([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*$/;

function parseCall(expr: string): Omit<Call, 'line' | 'column'> | null {
  const m = CALL_RE.exec(expr);
  if (!m) return null;
  const tokens = tokenize(m[2]!);
  if (!tokens) return null;
  const args: Literal[] = [];
  let kwargs: Record<string, Literal> | null = null;
  let i = 0;
  const literal = (): Literal | undefined => {
    const t = tokens[i];
    if (t === undefined) return undefined;
    if (t.kind === 'str' || t.kind === 'num') {
      i++;
      return t.value;
    }
    if (t.kind === 'name') {
      const word = t.value as string;
      const v = { true: true, True: true, false: false, False: false, none: null, None: null } as Record<string, Literal>;
      if (word in v) {
        i++;
        return v[word]!;
      }
      return undefined;
    }
    if (t.kind === 'punct' && t.value === '[') {
      i++;
      const list: Literal[] = [];
      while (tokens[i] && !(tokens[i]!.kind === 'punct' && tokens[i]!.value === ']')) {
        const item = literal();
        if (item === undefined) return undefined;
        list.push(item);
        if (tokens[i]?.kind === 'punct' && tokens[i]!.value === ',') i++;
      }
      if (!tokens[i]) return undefined;
      i++;
      return list;
    }
    return undefined;
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'name' && tokens[i + 1]?.kind === 'punct' && tokens[i + 1]!.value === '=') {
      i += 2;
      const value = literal();
      if (value === undefined) return null;
      kwargs ??= {};
      kwargs[t.value as string] = value;
    } else {
      if (kwargs) return null;
      const value = literal();
      if (value === undefined) return null;
      args.push(value);
    }
    if (i < tokens.length) {
      if (!(tokens[i]!.kind === 'punct' && tokens[i]!.value === ',')) return null;
      i++;
    }
  }
  return { name: m[1]!, args, kwargs };
}

interface Token {
  readonly kind: 'str' | 'num' | 'name' | 'punct';
  readonly value: string | number;
}

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') {
          const next = text[j + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) return null;
      tokens.push({ kind: 'str', value });
      i = j + 1;
    } else if ((code >= 48 && code <= 57) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) {
      const m = /^[A-Za-z_]\w*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else if (c === ',' || c === '=' || c === '[' || c === ']') {
      if (c === '=' && text[i + 1] === '=') return null;
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else {
      return null;
    }
  }
  return tokens;
}

/** Renders like nunjucks would: None prints nothing, everything else its string form. */
export function renderFast(template: FastTemplate, globals: Record<string, unknown>, file: string): string {
  let out = '';
  for (const segment of template.segments) {
    if (typeof segment === 'string') {
      out += segment;
      continue;
    }
    const fn = globals[segment.name];
    // Errors read like nunjucks runtime errors so one translator serves both paths.
    const fail = (message: string): never => {
      throw new Error(`(${file}) [Line ${segment.line}, Column ${segment.column}]\n  Error: ${message}`);
    };
    if (typeof fn !== 'function') fail(`Unable to call \`${segment.name}\`, which is undefined or falsey`);
    const args: unknown[] = [...segment.args];
    if (segment.kwargs) args.push({ ...segment.kwargs, __keywords: true });
    let value: unknown;
    try {
      value = (fn as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    if (value !== null && value !== undefined) out += String(value);
  }
  return out;
}
