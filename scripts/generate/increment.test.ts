import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from './generate.js';
import { generateIncrement, incrementFileName } from './increment.js';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-gen-increment-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'latin1');
const ids = (text: string) => text.trim().split('\n').slice(1).map((line) => Number(line.split(',')[0]));

describe('generator: landing layout and increments', () => {
  it('writes the base extract as <entity>/base.csv with the same bytes as the flat layout', () => {
    const flat = scratch();
    const landing = scratch();
    generate({ scale: 0.3, seed: 5, outDir: flat, progress: false });
    generate({ scale: 0.3, seed: 5, outDir: landing, layout: 'landing', progress: false });
    for (const entity of ['customers', 'products', 'orders', 'order_items']) {
      expect(readdirSync(join(landing, entity))).toEqual(['base.csv']);
      expect(read(landing, `${entity}/base.csv`), entity).toBe(read(flat, `${entity}.csv`));
    }
  });

  it('writes the same increment twice for the same seed, and new keys that never collide', () => {
    const a = scratch();
    const b = scratch();
    const base = scratch();
    generate({ scale: 1, seed: 42, outDir: base, progress: false });
    const first = generateIncrement({ scale: 1, seed: 42, outDir: a, increment: 1 });
    generateIncrement({ scale: 1, seed: 42, outDir: b, increment: 1 });
    const second = generateIncrement({ scale: 1, seed: 42, outDir: a, increment: 2 });
    expect(first.as_of_date).toBe('2025-01-07');
    expect(second.as_of_date).toBe('2025-01-14');
    for (const entity of ['customers', 'orders', 'order_items']) {
      const name = `${entity}/${incrementFileName(1)}`;
      expect(read(a, name), entity).toBe(read(b, name));
      expect(ids(read(a, name)).length).toBe(first.files[name]);
    }
    // Orders and items: fresh ids, unique across the base and both increments.
    for (const entity of ['orders', 'order_items']) {
      const baseIds = new Set(ids(read(base, `${entity}.csv`)).filter((id) => id > 0));
      const added = [...ids(read(a, `${entity}/${incrementFileName(1)}`)), ...ids(read(a, `${entity}/${incrementFileName(2)}`))];
      expect(added.filter((id) => baseIds.has(id)), entity).toEqual([]);
      expect(new Set(added).size, entity).toBe(added.length);
    }
    // Customers: existing ids, each with a changed city and marketing segment.
    const baseCustomers = new Map(read(base, 'customers.csv').trim().split('\n').slice(1).reverse().map((l) => [Number(l.split(',')[0]), l.split(',')]));
    const updates = read(a, `customers/${incrementFileName(1)}`).trim().split('\n').slice(1).map((l) => l.split(','));
    expect(updates.length).toBe(5);
    for (const fields of updates) {
      const before = baseCustomers.get(Number(fields[0]))!;
      expect(before, fields[0]).toBeDefined();
      expect(fields.slice(0, 6)).toEqual(before.slice(0, 6));
      expect(fields[6]).not.toBe(before[6]);
      expect(fields[11]).not.toBe(before[11]);
    }
  });

  it('rejects an increment that is not a whole number >= 1', () => {
    expect(() => generateIncrement({ scale: 1, seed: 42, outDir: scratch(), increment: 0 })).toThrow(/--increment must be a whole number >= 1, got 0/);
  });
});
