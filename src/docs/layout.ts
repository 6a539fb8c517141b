/**
 * Layered left-to-right layout of a DAG, computed once at generate time so the browser only
 * draws. Linear in nodes + edges per sweep, so 10,000 nodes take milliseconds, where a force
 * layout in the browser would take seconds and still look like a hairball.
 *
 * x: the node's layer (longest path from a root). y: the node's slot in its layer, ordered by
 * a few barycenter sweeps to cut edge crossings. Very tall layers wrap into sub-columns so the
 * picture keeps a sane aspect ratio.
 */

export interface LayoutInput {
  readonly ids: readonly string[];
  /** [parent, child] pairs; ids not in `ids` are ignored. */
  readonly edges: readonly (readonly [string, string])[];
  /** Initial order inside a layer (e.g. by folder then name); defaults to input order. */
  readonly sortKey?: (id: string) => string;
}

export interface LayoutPosition {
  readonly x: number;
  readonly y: number;
  readonly layer: number;
}

export interface LayoutOptions {
  /** Distance between layers. */
  readonly layerGap?: number;
  /** Distance between nodes in a column. */
  readonly rowGap?: number;
  /** Nodes per sub-column before a layer wraps; default grows with the graph (about 2·√n, at least 40). */
  readonly maxRows?: number;
  /**
   * Wanted height / width of the picture. Short, wide DAGs (many layers, few nodes each) get
   * more room between rows so labels do not collide; never less than `rowGap`. Default 0.6.
   */
  readonly aspect?: number;
  readonly sweeps?: number;
}

export function layoutDag(input: LayoutInput, options: LayoutOptions = {}): Map<string, LayoutPosition> {
  const layerGap = options.layerGap ?? 300;
  const minRowGap = options.rowGap ?? 40;
  const maxRows = options.maxRows ?? Math.max(40, Math.ceil(2 * Math.sqrt(input.ids.length)));
  const sweeps = options.sweeps ?? 4;

  const index = new Map<string, number>();
  input.ids.forEach((id, i) => index.set(id, i));
  const n = input.ids.length;
  const parents: number[][] = Array.from({ length: n }, () => []);
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of input.edges) {
    const a = index.get(from);
    const b = index.get(to);
    if (a === undefined || b === undefined || a === b) continue;
    parents[b]!.push(a);
    children[a]!.push(b);
  }

  const layer = assignLayers(n, parents, children);
  const layers: number[][] = [];
  for (let i = 0; i < n; i++) (layers[layer[i]!] ??= []).push(i);
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];

  const key = input.sortKey ?? ((id: string) => '');
  for (const members of layers) {
    members.sort((a, b) => compare(key(input.ids[a]!), key(input.ids[b]!)) || a - b);
  }

  // Position of each node inside its layer, normalised to 0..1 so layers of different sizes compare.
  const rank = new Float64Array(n);
  const weight = new Float64Array(n);
  const setRanks = (members: number[]) => members.forEach((m, i) => (rank[m] = (i + 0.5) / members.length));
  layers.forEach(setRanks);
  for (let s = 0; s < sweeps; s++) {
    const down = s % 2 === 0;
    const neighbours = down ? parents : children;
    for (let k = 0; k < layers.length; k++) {
      const members = layers[down ? k : layers.length - 1 - k]!;
      for (const m of members) {
        const list = neighbours[m]!;
        // Nodes without neighbours on that side keep their current rank as their weight.
        if (list.length === 0) {
          weight[m] = rank[m]!;
          continue;
        }
        let sum = 0;
        for (const p of list) sum += rank[p]!;
        weight[m] = sum / list.length;
      }
      members.sort((a, b) => weight[a]! - weight[b]! || rank[a]! - rank[b]!);
      setRanks(members);
    }
  }

  const tallest = Math.max(1, ...layers.map((m) => Math.ceil(m.length / Math.max(1, Math.ceil(m.length / maxRows)))));
  const rowGap = Math.max(minRowGap, Math.min(10 * minRowGap, (layers.length * layerGap * (options.aspect ?? 0.6)) / tallest));
  // Layers sit 0, 1/3 or 2/3 of a row lower in turn, so a label (drawn right of its node, often
  // wider than the gap to the next layers) does not run into a node at the same height.
  const stagger = layers.length > 1 ? rowGap / 3 : 0;
  const positions = new Map<string, LayoutPosition>();
  let x = 0;
  for (let l = 0; l < layers.length; l++) {
    const members = layers[l]!;
    const columns = Math.max(1, Math.ceil(members.length / maxRows));
    const rows = Math.ceil(members.length / columns);
    // Sub-columns sit closer than layers so a wrapped layer still reads as one block.
    const subGap = columns > 1 ? rowGap * 1.5 : 0;
    members.forEach((m, i) => {
      const column = Math.floor(i / rows);
      const row = i % rows;
      positions.set(input.ids[m]!, {
        x: x + column * subGap,
        y: (row - (rows - 1) / 2) * rowGap + (l % 3) * stagger,
        layer: l,
      });
    });
    x += layerGap + (columns - 1) * subGap;
  }
  return positions;
}

/**
 * Longest-path layering via Kahn's algorithm. Nodes on a cycle (which compile should have
 * rejected) are placed one layer after everything else instead of looping forever.
 */
function assignLayers(n: number, parents: number[][], children: number[][]): number[] {
  const layer = new Array<number>(n).fill(0);
  const pending = parents.map((p) => p.length);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue.push(i);
  let placed = 0;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    placed++;
    for (const child of children[node]!) {
      layer[child] = Math.max(layer[child]!, layer[node]! + 1);
      if (--pending[child]! === 0) queue.push(child);
    }
  }
  if (placed < n) {
    const max = queue.reduce((m, i) => Math.max(m, layer[i]!), 0);
    for (let i = 0; i < n; i++) if (pending[i]! > 0) layer[i] = max + 1;
  }
  return layer;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
