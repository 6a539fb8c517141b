import type { CsvWriter } from './csv-writer.js';

/**
 * Writes rows to a CSV and lets a row be repeated a little later, the way a re-sent record shows up
 * in a real extract (an exact duplicate, but not always on the next line).
 */
export class RowStream {
  private readonly pending: { line: string; due: number }[] = [];

  constructor(private readonly writer: CsvWriter) {}

  write(line: string): void {
    this.writer.row(line);
    if (this.pending.length > 0) this.releaseDue();
  }

  /** Writes `line` again after `delay` more rows (or at {@link finish}, whichever comes first). */
  repeatLater(line: string, delay: number): void {
    this.pending.push({ line, due: this.writer.rows + delay });
  }

  finish(): void {
    for (const { line } of this.pending.splice(0)) this.writer.row(line);
    this.writer.close();
  }

  private releaseDue(): void {
    for (let i = 0; i < this.pending.length; ) {
      const item = this.pending[i] as { line: string; due: number };
      if (item.due <= this.writer.rows) {
        this.pending.splice(i, 1);
        this.writer.row(item.line);
      } else i++;
    }
  }
}
