import { closeSync, openSync, writeSync } from 'node:fs';

const BUFFER_BYTES = 1 << 22;

/**
 * Appends CSV lines to a file through a 4 MB buffer: one write system call per buffer, and the file
 * never exists as one string in memory. Lines are encoded as latin1, which is exact for the ASCII the
 * generator writes and much faster than building a large string per flush.
 */
export class CsvWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private offset = 0;
  private rowCount = 0;

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'w');
    this.append(header.join(','));
  }

  /** Writes one row; values must already be CSV-safe (see {@link csvField}). */
  row(line: string): void {
    this.append(line);
    this.rowCount += 1;
  }

  get rows(): number {
    return this.rowCount;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private append(line: string): void {
    // A latin1 character is one byte, so the string length is the byte count.
    if (this.offset + line.length + 1 > BUFFER_BYTES) this.flush();
    this.offset += this.buffer.write(line, this.offset, 'latin1');
    this.buffer[this.offset++] = 10;
  }

  private flush(): void {
    if (this.offset > 0) writeSync(this.fd, this.buffer, 0, this.offset);
    this.offset = 0;
  }
}

/** Quotes a field when it needs it (separators, quotes, or edge whitespace that readers may trim). */
export function csvField(value: string): string {
  if (/[",\n\r]/.test(value) || value !== value.trim()) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** Formats integer cents as a decimal string, e.g. 1999 -> "19.99", without floating-point rounding. */
export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}
