import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestNode } from '../compile/manifest-types.js';
import { relationOf } from '../materializations/plan.js';
import type { RunNodeContext } from './run-node.js';

/** A seed failure that knows the CSV line at fault. */
export class SeedError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

/** Loads a seed CSV with the engine's own reader. Returns rows loaded. */
export async function loadSeed(node: ManifestNode, ctx: RunNodeContext): Promise<number> {
  const path = join(ctx.projectDir, node.original_file_path);
  const columnTypes = (node.config.column_types ?? {}) as Record<string, string>;
  if (ctx.existing && ctx.existing.kind === 'view') {
    await ctx.connection.execute(ctx.warehouse.dialect.dropRelation(relationOf(node), 'view'));
  }
  // DuckDB reads an empty file as zero rows of `column0`: say what is wrong instead.
  if (isBlankFile(path)) {
    throw new SeedError(`${node.original_file_path} is empty.\nAdd a header row (the column names) and the data, or delete the file.`, 1);
  }
  try {
    return await ctx.warehouse.loadCsv({
      path,
      relation: relationOf(node),
      columnTypes,
      delimiter: typeof node.config.delimiter === 'string' ? node.config.delimiter : undefined,
      quote: typeof node.config.quote === 'string' ? node.config.quote : undefined,
      header: node.config.header === false ? false : undefined,
    }, ctx.connection);
  } catch (error) {
    const message = (error as Error).message;
    const onLine = /CSV Error on Line: (\d+)/.exec(message);
    const line = onLine ? Number(onLine[1]) : findRaggedLine(path, String(node.config.delimiter ?? ','));
    const detail = message.split('\n').filter((l) => /Original Line|Error when converting|Expected Number|Could not convert|not utf-8 encoded/.test(l)).join('\n');
    const what = line !== undefined && !onLine ? `Row at line ${line} has a different number of fields than the header.` : detail || message.split('\n')[0]!;
    // A bad column_types entry (unknown column or type) is a config mistake, not a CSV one.
    if (/COLUMN_TYPES error|Type with name .* does not exist/.test(message)) {
      throw new SeedError(`${what}\nFix column_types of seed ${node.name} (${JSON.stringify(columnTypes)}): each key must be a column of ${node.original_file_path} and each value a DuckDB type.`);
    }
    throw new SeedError(`${what}\nFix the CSV at ${node.original_file_path}${line ? `:${line}` : ''}, or set column_types for the seed in YAML.`, line);
  }
}

function isBlankFile(path: string): boolean {
  try {
    const size = statSync(path).size;
    return size === 0 || (size < 64 && readFileSync(path, 'utf8').trim() === '');
  } catch {
    return false; // let the CSV reader report a missing or unreadable file
  }
}

/** First line whose field count differs from the header's (quotes respected). */
export function findRaggedLine(path: string, delimiter: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let fields = 1;
  let expected: number | undefined;
  let inQuotes = false;
  let line = 1;
  let rowStart = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter) fields++;
    else if (c === '\n') {
      line++;
      if (inQuotes) continue;
      const blank = text.slice(text.lastIndexOf('\n', i - 1) + 1, i).trim() === '';
      if (!blank) {
        if (expected === undefined) expected = fields;
        else if (fields !== expected) return rowStart;
      }
      fields = 1;
      rowStart = line;
    }
  }
  return undefined;
}
