/**
 * A one-line progress bar, drawn only when stdout is a terminal (a redirected or CI run gets only the
 * final summary). Redraws at most every 2% so it costs nothing per row.
 */
export class Progress {
  private done = 0;
  private nextDraw = 0;
  private readonly step: number;
  private label = '';

  constructor(
    private readonly total: number,
    private readonly enabled: boolean = process.stdout.isTTY === true,
  ) {
    this.step = Math.max(1, Math.floor(total / 50));
  }

  phase(label: string): void {
    this.label = label;
    this.draw();
  }

  /** Counts one unit of work; cheap enough to call once per row. */
  tick = (): void => {
    this.done += 1;
    if (this.done >= this.nextDraw) this.draw();
  };

  finish(): void {
    if (this.enabled) process.stdout.write('\r\x1b[2K');
  }

  private draw(): void {
    this.nextDraw = this.done + this.step;
    if (!this.enabled) return;
    const fraction = Math.min(1, this.done / this.total);
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    process.stdout.write(`\r[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${this.label.padEnd(16)}`);
  }
}
