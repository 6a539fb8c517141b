/**
 * A synthetic project of N models in layers (seeds, then models each reading up to three
 * earlier ones), for checking that the site stays usable at 10,000 nodes.
 */
import type { Manifest, ManifestNode } from '../../compile/manifest-types.js';
import { manifestOf, node } from './fixture.js';

export function syntheticManifest(models: number, seeds = Math.max(1, Math.floor(models / 50))): Manifest {
  const nodes: ManifestNode[] = [];
  const folders = ['staging', 'intermediate', 'marts'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < seeds; i++) nodes.push(node({ unique_id: `seed.big.raw_${i}`, name: `raw_${i}` }));
  for (let i = 0; i < models; i++) {
    const pool = seeds + i;
    const parents = new Set<string>();
    const count = i < models / 10 ? 1 : 1 + (next() % 3);
    for (let k = 0; k < count; k++) parents.add(nodes[i < models / 10 ? next() % seeds : seeds + (next() % Math.max(1, i))]!.unique_id);
    if (pool === 0) continue;
    const folder = folders[Math.min(2, Math.floor((3 * i) / models))]!;
    nodes.push(node({
      unique_id: `model.big.m_${i}`, name: `m_${i}`, fqn: ['big', folder, `m_${i}`],
      description: `Synthetic model ${i}.`, raw_code: `select * from {{ ref('x') }} -- ${i}`, compiled_code: `select * from x -- ${i}`,
      depends_on: { nodes: [...parents], macros: [] },
    }));
  }
  return manifestOf(nodes);
}
