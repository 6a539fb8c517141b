import type { Row } from '../adapter.js';

/**
 * Turns a HiveServer2 result (Thrift `TTableSchema` + columnar `TRowSet`s) into plain JS rows.
 * Pure; the Thrift objects are typed `any` by hive-driver, so the shapes used are spelled out here.
 *
 * Conversions, chosen so values compare equal across engines and serialize to JSON:
 * - BOOLEAN -> boolean; TINYINT/SMALLINT/INT/FLOAT/DOUBLE -> number.
 * - BIGINT -> number when it is a safe integer (|n| < 2^53), else its exact decimal text: a
 *   silently rounded id is worse than a string.
 * - DECIMAL -> number. Spark sends the exact text; amounts with up to 15 significant digits
 *   survive the double exactly enough to compare to the cent.
 * - DATE -> Date at UTC midnight, as the DuckDB adapter returns dates, so rows compare equal
 *   across engines.
 * - TIMESTAMP -> Date. Sessions run with `spark.sql.session.timeZone=UTC`, so the text Spark
 *   sends is UTC wall time.
 * - ARRAY/MAP/STRUCT -> parsed JSON (Spark sends JSON-like text); when Spark's text is not valid
 *   JSON (it does not escape quotes inside nested strings) the text is returned as is.
 * - BINARY -> Buffer; intervals -> text.
 */

/** Thrift `TTypeId` values from TCLIService.thrift (stable across HiveServer2 versions). */
const T = {
  BOOLEAN: 0,
  TINYINT: 1,
  SMALLINT: 2,
  INT: 3,
  BIGINT: 4,
  FLOAT: 5,
  DOUBLE: 6,
  STRING: 7,
  TIMESTAMP: 8,
  BINARY: 9,
  ARRAY: 10,
  MAP: 11,
  STRUCT: 12,
  DECIMAL: 15,
  NULL: 16,
  DATE: 17,
  VARCHAR: 18,
  CHAR: 19,
} as const;

/** The parts of a Thrift column descriptor read here. */
export interface ThriftColumnDesc {
  readonly columnName: string;
  readonly position: number;
  readonly typeDesc: { readonly types: readonly { readonly primitiveEntry?: { readonly type: number } }[] };
}

/** One column of a columnar row set: exactly one of these holds `{ values, nulls }`. */
type ThriftColumn = Readonly<Record<string, { readonly values: readonly unknown[]; readonly nulls?: Uint8Array } | null | undefined>>;

const VALUE_KEYS = ['boolVal', 'byteVal', 'i16Val', 'i32Val', 'i64Val', 'doubleVal', 'stringVal', 'binaryVal'];

/** node-int64 value as hive-driver hands it over. */
interface Int64Like {
  toOctetString(): string;
}

function bigintValue(value: unknown): number | string {
  const exact =
    typeof value === 'object' && value !== null && 'toOctetString' in value
      ? BigInt.asIntN(64, BigInt('0x' + (value as Int64Like).toOctetString()))
      : BigInt(value as number | string);
  const asNumber = Number(exact);
  return Number.isSafeInteger(asNumber) ? asNumber : exact.toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function timestampValue(text: string): Date | string {
  const date = new Date(text.replace(' ', 'T') + 'Z');
  return Number.isNaN(date.getTime()) ? text : date;
}

/** Converts one non-null value of Thrift type `typeId`. */
export function convertValue(typeId: number | undefined, value: unknown): unknown {
  switch (typeId) {
    case T.BIGINT:
      return bigintValue(value);
    case T.DECIMAL:
      return Number(value);
    case T.TIMESTAMP:
      return timestampValue(String(value));
    case T.DATE:
      return timestampValue(`${String(value)} 00:00:00`);
    case T.ARRAY:
    case T.MAP:
    case T.STRUCT:
      return parseJson(String(value));
    case T.NULL:
      return null;
    default:
      return value;
  }
}

function isNull(nulls: Uint8Array | undefined, i: number): boolean {
  if (!nulls || nulls.length === 0) return false;
  const byte = nulls[Math.floor(i / 8)] ?? 0;
  return (byte & (1 << i % 8)) !== 0;
}

/** Rows from a result schema and its fetched row sets, in order. */
export function rowsFromResult(
  columns: readonly ThriftColumnDesc[],
  rowSets: readonly { readonly columns?: readonly ThriftColumn[] | null }[],
): Row[] {
  const descriptors = [...columns].sort((a, b) => a.position - b.position);
  const rows: Row[] = [];
  for (const rowSet of rowSets) {
    const data = rowSet.columns ?? [];
    if (data.length === 0) continue;
    const firstColumn = data[0];
    const firstKey = firstColumn && VALUE_KEYS.find((key) => firstColumn[key]);
    const count = firstKey ? (firstColumn[firstKey]?.values.length ?? 0) : 0;
    for (let i = 0; i < count; i++) {
      const row: Row = {};
      descriptors.forEach((descriptor, index) => {
        const column = data[index];
        const key = column && VALUE_KEYS.find((k) => column[k]);
        const holder = key ? column[key] : undefined;
        row[descriptor.columnName] =
          !holder || isNull(holder.nulls, i)
            ? null
            : convertValue(descriptor.typeDesc.types[0]?.primitiveEntry?.type, holder.values[i]);
      });
      rows.push(row);
    }
  }
  return rows;
}
