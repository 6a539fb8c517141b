import { CATEGORIES, PRODUCT_ADJECTIVES } from './catalog.js';
import { CsvWriter, csvField, formatCents } from './csv-writer.js';
import { RowStream } from './delayed-rows.js';
import { DefectPlan } from './dirty.js';
import { WeightedSampler, type Rng } from './prng.js';

export const PRODUCT_COLUMNS = ['product_id', 'product_name', 'category', 'brand', 'cost', 'list_price'] as const;

export const PRODUCT_DEFECTS = { duplicate_row: 0.02, inconsistent_category: 0.08 } as const;
export type ProductDefect = keyof typeof PRODUCT_DEFECTS;

/** What order items need: prices and how popular each product is, normally and in the holidays. */
export interface Catalog {
  readonly count: number;
  /** List price in cents per product (index = id - 1). */
  readonly priceCents: Int32Array;
  readonly regular: WeightedSampler;
  readonly holiday: WeightedSampler;
}

/** Products per category: 20 at scale 1, growing slowly (one more block of 20 per factor of ten). */
export function productsPerCategory(scale: number): number {
  return 20 * (1 + Math.max(0, Math.floor(Math.log10(Math.max(1, scale)) + 1e-9)));
}

function messUp(rng: Rng, category: string): string {
  switch (rng.int(0, 4)) {
    case 0: return category.toLowerCase();
    case 1: return category.toUpperCase();
    case 2: return ` ${category}`;
    case 3: return `${category}  `;
    default: return ` ${category.toLowerCase()} `;
  }
}

/** Writes products.csv: ids grouped by category, list prices ending in .99, cost 40-70% of price. */
export function writeProducts(rng: Rng, perCategory: number, path: string, tick: () => void): {
  readonly catalog: Catalog;
  readonly rows: number;
  readonly defects: Readonly<Record<ProductDefect, number>>;
} {
  const count = perCategory * CATEGORIES.length;
  const writer = new CsvWriter(path, PRODUCT_COLUMNS);
  const stream = new RowStream(writer);
  const plan = new DefectPlan(rng, count, PRODUCT_DEFECTS);
  const priceCents = new Int32Array(count);
  const regular = new Float64Array(count);
  const holiday = new Float64Array(count);

  CATEGORIES.forEach((category, k) => {
    for (let j = 0; j < perCategory; j++) {
      const index = k * perCategory + j;
      const noun = category.nouns[j % category.nouns.length] as string;
      const adjective = PRODUCT_ADJECTIVES[(Math.floor(j / category.nouns.length) + 3 * k) % PRODUCT_ADJECTIVES.length] as string;
      const generation = Math.floor(j / (category.nouns.length * PRODUCT_ADJECTIVES.length));
      const name = `${category.brands[j % category.brands.length]} ${noun} ${adjective}${generation > 0 ? ` Gen ${generation + 1}` : ''}`;
      // Squaring the draw skews prices low, like a real catalogue: many cheap items, a few expensive ones.
      const u = rng.next();
      const dollars = category.minPrice + Math.floor(u * u * (category.maxPrice - category.minPrice));
      const cents = dollars * 100 + 99;
      const cost = Math.round((cents * rng.int(40, 70)) / 100);
      priceCents[index] = cents;
      // Popularity: a few best sellers, many slow movers; cheap items sell a bit more often.
      const popularity = (1 / (0.08 + rng.next())) * (1.4 - u * 0.8);
      regular[index] = popularity;
      holiday[index] = popularity * category.holidayBoost;
      const defect = plan.next();
      const categoryText = defect === 'inconsistent_category' ? messUp(rng, category.name) : category.name;
      const line = [String(index + 1), name, categoryText, category.brands[j % category.brands.length] as string, formatCents(cost), formatCents(cents)]
        .map(csvField)
        .join(',');
      stream.write(line);
      if (defect === 'duplicate_row') stream.repeatLater(line, rng.int(0, 10));
      tick();
    }
  });
  stream.finish();
  return {
    catalog: { count, priceCents, regular: new WeightedSampler(regular), holiday: new WeightedSampler(holiday) },
    rows: writer.rows,
    defects: plan.counts(),
  };
}
