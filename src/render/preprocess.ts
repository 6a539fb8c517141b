import type { Diagnostic } from '../errors/diagnostic.js';

/**
 * Jinja that nunjucks would accept and then get silently wrong is rejected here, at its line;
 * a few dbt forms nunjucks lacks are rewritten in place (same lines, so positions stay true).
 */
const REJECTS: readonly { re: RegExp; message: string; hint: string; applies?: (match: string) => boolean }[] = [
  {
    re: /{%-?\s*for\s+[^%]*?\s+in\s+[^%]*?\s+if\s+[^%]*%}/g,
    // `for x in (a if c else b)` is an inline if inside the iterable, which nunjucks gets right.
    applies: (match) => /\sif\s/.test(outsideBrackets(match.slice(match.search(/\sin\s/)))),
    message: '`{% for x in items if condition %}` is not supported: the condition would be ignored.',
    hint: 'Put an `{% if condition %}` inside the loop, or filter the list first (e.g. with `selectattr`).',
  },
  {
    re: /{%-?\s*set\s+[A-Za-z_]\w*\s*,\s*[A-Za-z_]\w*[^%]*=/g,
    message: 'Tuple unpacking in `{% set a, b = ... %}` is not supported.',
    hint: 'Set each name on its own line: `{% set a = pair[0] %}`.',
  },
  {
    re: /{%-?\s*macro\s+\w+\s*\([^)]*\*\w+/g,
    message: '`*args`/`**kwargs` in a macro signature are not supported.',
    hint: 'Declare each argument with a default instead, e.g. `{% macro m(a, b=none) %}`.',
  },
  {
    re: /(['"])[^'"\n]*%[sdfr][^'"\n]*\1\s*%\s*[\w(]/g,
    message: "Python `'%s' % value` string formatting is not supported (it would render NaN).",
    hint: "Concatenate with `~` instead: `'prefix_' ~ value`.",
  },
];

/** `text` without whatever sits inside (...) or [...]. */
function outsideBrackets(text: string): string {
  let depth = 0;
  let out = '';
  for (const c of text) {
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function preprocessTemplate(file: string, source: string, diagnostics: Diagnostic[]): string {
  if (!source.includes('{%') && !source.includes('%')) return source;
  for (const rule of REJECTS) {
    for (const match of source.matchAll(rule.re)) {
      if (rule.applies && !rule.applies(match[0])) continue;
      diagnostics.push({
        code: 'E_UNSUPPORTED_JINJA', kind: 'Compilation Error', file, line: lineAt(source, match.index ?? 0),
        message: rule.message, hint: rule.hint,
      });
    }
  }
  return source
    .replace(/{%(-?)\s*test\s+([A-Za-z_]\w*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/{%(-?)\s*endtest\s*(-?)%}/g, '{%$1 endmacro $2%}')
    .replace(/{%(-?)\s*set\s+([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=\s*([\s\S]*?)\s*(-?)%}/g,
      (_m, l: string, obj: string, attr: string, expr: string, r: string) => `{%${l} do __mdl_setattr(${obj}, "${attr}", ${expr}) ${r}%}`);
}
