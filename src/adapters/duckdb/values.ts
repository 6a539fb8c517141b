import type { Row } from '../adapter.js';

/**
 * DuckDB hands back BIGINT/HUGEINT as BigInt. Plain JS callers (JSON artifacts, docs, tests)
 * want numbers: convert when exact, otherwise keep the digits as a string rather than lose them.
 */
export function toPlainValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainValue(v)]));
  }
  return value;
}

export function toPlainRow(row: Record<string, unknown>): Row {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) out[key] = toPlainValue(row[key]);
  return out;
}
