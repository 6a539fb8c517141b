import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Landing CSV files with declared columns (`ingest_files(..., columns=[...])`): mdl reads each
 * file's header itself, checks it names exactly those columns, and has DuckDB read the file with
 * them (auto_detect = false). DuckDB's CSV sniffer otherwise samples every file for its dialect and
 * types (50-60 ms for a 10,000-row file, most of reading it); and with auto_detect off DuckDB
 * would take the columns by position, silently swapping two a file lists in another order.
 */

/** The header names of a CSV file: its first record, split on `delimiter`, quotes honoured. */
export function readCsvHeader(path: string, delimiter = ',', quote = '"'): string[] | undefined {
  const fd = openSync(path, 'r');
  try {
    let text = '';
    const chunk = Buffer.alloc(64 * 1024);
    for (let offset = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, offset);
      if (n === 0) break;
      offset += n;
      text += chunk.subarray(0, n).toString('utf8');
      const end = recordEnd(text, quote);
      if (end !== undefined) return splitRecord(text.slice(0, end), delimiter, quote);
      if (offset > 16 * 1024 * 1024) break; // no line end in the first 16 MB: not a header
    }
    return text.trim() === '' ? undefined : splitRecord(text, delimiter, quote);
  } finally {
    closeSync(fd);
  }
}

/** Index of the first line end outside quotes, or undefined. */
function recordEnd(text: string, quote: string): number | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === quote) quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return i;
  }
  return undefined;
}

function splitRecord(record: string, delimiter: string, quote: string): string[] {
  const line = record.replace(/^\uFEFF/, '');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === quote && line[i + 1] === quote) {
        field += quote;
        i += 1;
      } else if (c === quote) quoted = false;
      else field += c;
    } else if (c === quote) quoted = true;
    else if (line.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length - 1;
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** A single-character (or escaped) option's value in reader options such as `delim = ';'`. */
export function optionValue(options: string | undefined, ...names: string[]): string | undefined {
  if (!options) return undefined;
  for (const name of names) {
    const match = new RegExp(`\\b${name}\\s*=\\s*'((?:[^']|'')*)'`, 'i').exec(options);
    if (match) return match[1]!.replaceAll("''", "'").replace(/^\\t$/, '\t');
  }
  return undefined;
}

/** True when reader options turn the header off (`header = false`). */
export function headerOff(options: string | undefined): boolean {
  return /\bheader\s*=\s*(false|0)\b/i.test(options ?? '');
}

/**
 * Checks each file's header against the declared columns and groups the files by the order their
 * header lists them in (path order kept within and across groups). Throws naming the file, the
 * missing and the unexpected columns.
 */
export function groupByHeader(paths: readonly string[], declared: readonly string[], options: string | undefined): { order: string[]; paths: string[] }[] {
  const delimiter = optionValue(options, 'delim', 'sep', 'delimiter') ?? ',';
  const quote = optionValue(options, 'quote') ?? '"';
  const groups: { order: string[]; paths: string[] }[] = [];
  const wanted = new Set(declared.map((c) => c.toLowerCase()));
  for (const path of paths) {
    const header = readCsvHeader(path, delimiter, quote);
    if (!header) throw new Error(`Landing file ${path} is empty: it has no header line naming its columns (${declared.join(', ')}).`);
    const seen = new Set(header.map((c) => c.toLowerCase()));
    const missing = declared.filter((c) => !seen.has(c.toLowerCase()));
    const extra = header.filter((c) => !wanted.has(c.toLowerCase()));
    const repeated = header.filter((c, i) => header.findIndex((d) => d.toLowerCase() === c.toLowerCase()) !== i);
    if (missing.length || extra.length || repeated.length) {
      const parts = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `unexpected ${extra.join(', ')}` : '',
        repeated.length ? `repeated ${repeated.join(', ')}` : '',
      ].filter(Boolean).join('; ');
      throw new Error(`Landing file ${path}: its header (${header.join(', ')}) does not match the columns ingest_files() declares (${declared.join(', ')}): ${parts}. ` +
        'Fix the file, or change the columns= list.');
    }
    const last = groups[groups.length - 1];
    if (last && last.order.join('\u0000').toLowerCase() === header.join('\u0000').toLowerCase()) last.paths.push(path);
    else groups.push({ order: header, paths: [path] });
  }
  return groups;
}
