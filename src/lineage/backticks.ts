/**
 * Spark (and MySQL-style) SQL quotes identifiers with backticks, which DuckDB's parser rejects.
 * Rewrites `` `name` `` to `"name"` outside string literals and comments, so Spark-compiled models
 * can be traced too. SQL without backticks is returned unchanged.
 */
export function backticksToDoubleQuotes(sql: string): string {
  if (!sql.includes('`')) return sql;
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === "'" || ch === '"') {
      // A string literal or double-quoted identifier: copy through its closing quote ('' and \' escape).
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '`') {
      let name = '';
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '`' && sql[j + 1] === '`') {
          name += '`';
          j += 2;
        } else if (sql[j] === '`') break;
        else name += sql[j++];
      }
      out += `"${name.replace(/"/g, '""')}"`;
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
