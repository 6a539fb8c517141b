import type { Rng } from './prng.js';

/**
 * Chooses which rows get which kind of defect, streaming, with exact counts.
 *
 * Each kind gets a fixed number of rows (a few percent of the clean rows, at least one, so every kind
 * is present even at small scales). Selection sampling (Knuth's algorithm S generalised to several
 * kinds) gives every row the same chance without knowing row positions in advance, and a row gets at
 * most one defect, so counts stay exact and kinds never mask each other.
 */
export class DefectPlan<K extends string> {
  private readonly remaining: Map<K, number>;
  private rowsLeft: number;
  private readonly counted = new Map<K, number>();

  constructor(
    private readonly rng: Rng,
    eligibleRows: number,
    rates: Readonly<Record<K, number>>,
  ) {
    this.rowsLeft = eligibleRows;
    this.remaining = new Map();
    let planned = 0;
    for (const kind of Object.keys(rates) as K[]) {
      const count = eligibleRows === 0 ? 0 : Math.max(1, Math.round(eligibleRows * rates[kind]));
      this.remaining.set(kind, count);
      this.counted.set(kind, 0);
      planned += count;
    }
    if (planned > eligibleRows) throw new Error(`defect plan needs ${planned} rows but only ${eligibleRows} are eligible`);
  }

  /** The defect for the next eligible row, or undefined for a clean row. Call once per eligible row. */
  next(): K | undefined {
    if (this.rowsLeft <= 0) throw new Error('defect plan called for more rows than planned');
    let target = this.rng.next() * this.rowsLeft;
    this.rowsLeft -= 1;
    for (const [kind, left] of this.remaining) {
      if (target < left) {
        this.remaining.set(kind, left - 1);
        this.counted.set(kind, (this.counted.get(kind) ?? 0) + 1);
        return kind;
      }
      target -= left;
    }
    return undefined;
  }

  /** How many rows got each defect so far (all of the plan once every row was seen). */
  counts(): Readonly<Record<K, number>> {
    return Object.fromEntries(this.counted) as Record<K, number>;
  }
}
