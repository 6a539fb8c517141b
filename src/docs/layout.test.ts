import { describe, expect, it } from 'vitest';
import { layoutDag } from './layout.js';

function overlapping(positions: Map<string, { x: number; y: number }>): string[] {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const [id, p] of positions) {
    const key = `${p.x},${p.y}`;
    if (seen.has(key)) clashes.push(`${seen.get(key)} and ${id}`);
    seen.set(key, id);
  }
  return clashes;
}

describe('layoutDag', () => {
  it('puts each node one layer right of its deepest parent', () => {
    const pos = layoutDag({
      ids: ['seed', 'stg', 'dim', 'fct', 'mart'],
      edges: [['seed', 'stg'], ['stg', 'dim'], ['stg', 'fct'], ['dim', 'fct'], ['fct', 'mart'], ['seed', 'mart']],
    });
    expect([...pos.entries()].map(([id, p]) => [id, p.layer])).toEqual([
      ['seed', 0], ['stg', 1], ['dim', 2], ['fct', 3], ['mart', 4],
    ]);
    expect(pos.get('seed')!.x).toBeLessThan(pos.get('stg')!.x);
    expect(pos.get('fct')!.x).toBeLessThan(pos.get('mart')!.x);
  });

  it('orders a layer by the barycenter of parents, so a two-chain graph has no crossings', () => {
    const pos = layoutDag({
      ids: ['a', 'b', 'a2', 'b2', 'a3', 'b3'],
      edges: [['a', 'b2'], ['b', 'a2'], ['b2', 'b3'], ['a2', 'a3']],
      sortKey: (id) => id,
    });
    // Children follow their parents' vertical order, whatever the initial alphabetical order says.
    const aboveA = pos.get('a')!.y < pos.get('b')!.y;
    expect(pos.get('b2')!.y < pos.get('a2')!.y).toBe(aboveA);
    expect(pos.get('b3')!.y < pos.get('a3')!.y).toBe(aboveA);
  });

  it('wraps a very tall layer into sub-columns without overlaps', () => {
    const ids = ['root', ...Array.from({ length: 100 }, (_, i) => `leaf${i}`)];
    const pos = layoutDag({ ids, edges: ids.slice(1).map((id) => ['root', id] as const) }, { maxRows: 30 });
    const leafXs = new Set(ids.slice(1).map((id) => pos.get(id)!.x));
    expect(leafXs.size).toBe(4);
    expect(Math.min(...leafXs)).toBeGreaterThan(pos.get('root')!.x);
    expect(overlapping(pos)).toEqual([]);
    const leafYs = ids.slice(1).map((id) => pos.get(id)!.y);
    expect(Math.max(...leafYs) - Math.min(...leafYs)).toBe(24 * 40);
  });

  it('spreads rows of a long, thin DAG and staggers neighbouring layers so labels do not collide', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const pos = layoutDag({ ids, edges: ids.slice(1).map((id, i) => [ids[i]!, id] as const).concat([['n0', 'n11']]) }, { rowGap: 40 });
    const ys = [...new Set(ids.map((id) => pos.get(id)!.y))].sort((a, b) => a - b);
    expect(ys).toHaveLength(3);
    expect(ys[1]! - ys[0]!).toBeGreaterThan(40);
    expect(new Set(['n1', 'n2', 'n3'].map((id) => pos.get(id)!.y)).size).toBe(3);
  });

  it('places nodes on a cycle after the rest instead of hanging', () => {
    const pos = layoutDag({ ids: ['a', 'b', 'c', 'd'], edges: [['a', 'b'], ['b', 'c'], ['c', 'b'], ['c', 'd']] });
    expect(pos.get('a')!.layer).toBe(0);
    expect(pos.get('b')!.layer).toBe(1);
    expect(pos.get('c')!.layer).toBe(1);
    expect(pos.size).toBe(4);
  });

  it('ignores edges to unknown ids and self loops', () => {
    const pos = layoutDag({ ids: ['a', 'b'], edges: [['a', 'b'], ['a', 'zzz'], ['b', 'b']] });
    expect(pos.get('b')!.layer).toBe(1);
  });

  it('lays out a 10,000-node DAG with every edge pointing right and no overlaps', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `m${i}`);
    const edges: [string, string][] = [];
    // Deterministic pseudo-random DAG: each node depends on up to 3 earlier nodes.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 50; i < ids.length; i++) {
      for (let k = 0; k < 1 + (next() % 3); k++) edges.push([ids[next() % i]!, ids[i]!]);
    }
    const pos = layoutDag({ ids, edges });
    expect(pos.size).toBe(10_000);
    for (const [from, to] of edges) expect(pos.get(to)!.x).toBeGreaterThan(pos.get(from)!.x);
    expect(overlapping(pos)).toEqual([]);
  });
});
