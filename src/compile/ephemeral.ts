/**
 * Ephemeral models are not built: their SQL is inlined into each consumer as CTEs named
 * `__mdl_ephemeral_<name>`, nested ephemerals first.
 */
export const ephemeralCteName = (name: string): string => `__mdl_ephemeral_${name}`;

/** Position just after the leading comments and whitespace of a SQL text. */
function codeStart(sql: string): number {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

/** Prepends `ctes` (already `name as (...)` texts) to `sql`, merging into an existing WITH. */
export function injectCtes(sql: string, ctes: readonly string[]): string {
  if (ctes.length === 0) return sql;
  const start = codeStart(sql);
  const head = sql.slice(0, start);
  const body = sql.slice(start);
  const withMatch = /^with(\s+recursive)?\s/i.exec(body);
  if (withMatch) {
    return `${head}${body.slice(0, withMatch[0].length)}${ctes.join(',\n')},\n${body.slice(withMatch[0].length)}`;
  }
  return `${head}with ${ctes.join(',\n')}\n${body}`;
}
