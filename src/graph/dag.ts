import { Graph, alg } from '@dagrejs/graphlib';

/**
 * The dependency graph as a domain object: node ids in, node ids out. Edges point from a parent
 * (what is depended on) to a child (what depends on it). Adjacency is kept in plain maps (graphlib's
 * multigraph bookkeeping cost a third of `ls` on 10,000 models); graphlib finds cycles.
 */
export class Dag {
  private readonly up = new Map<string, string[]>();
  private readonly down = new Map<string, string[]>();

  addNode(id: string): void {
    if (!this.up.has(id)) {
      this.up.set(id, []);
      this.down.set(id, []);
    }
  }

  addEdge(parent: string, child: string): void {
    this.addNode(parent);
    this.addNode(child);
    const parents = this.up.get(child)!;
    if (parents.includes(parent)) return;
    parents.push(parent);
    this.down.get(parent)!.push(child);
  }

  has(id: string): boolean {
    return this.up.has(id);
  }

  nodes(): string[] {
    return [...this.up.keys()];
  }

  parents(id: string): string[] {
    return [...(this.up.get(id) ?? [])];
  }

  children(id: string): string[] {
    return [...(this.down.get(id) ?? [])];
  }

  /** All ancestors, at most `depth` edges up (unbounded when undefined). */
  ancestors(id: string, depth?: number): Set<string> {
    return this.walk(id, depth, (n) => this.parents(n));
  }

  descendants(id: string, depth?: number): Set<string> {
    return this.walk(id, depth, (n) => this.children(n));
  }

  private walk(id: string, depth: number | undefined, next: (n: string) => string[]): Set<string> {
    const seen = new Set<string>();
    let frontier = [id];
    for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
      const following: string[] = [];
      for (const n of frontier) {
        for (const m of next(n)) {
          if (!seen.has(m)) {
            seen.add(m);
            following.push(m);
          }
        }
      }
      frontier = following;
    }
    seen.delete(id);
    return seen;
  }

  /** Every cycle as a chain `a > b > a`, so an error can name the whole loop. */
  cycles(): string[][] {
    // Only a graph that cannot be ordered has cycles: skip the search otherwise.
    if (this.order().length === this.up.size) return [];
    const graph = new Graph({ directed: true });
    for (const [child, parents] of this.up) {
      graph.setNode(child);
      for (const parent of parents) graph.setEdge(parent, child);
    }
    return alg.findCycles(graph).map((cycle) => {
      // findCycles lists members in reverse walk order; orient them along the edges.
      const ordered = [...cycle].reverse();
      const start = ordered.indexOf([...ordered].sort()[0]!);
      const rotated = [...ordered.slice(start), ...ordered.slice(0, start)];
      return [...rotated, rotated[0]!];
    });
  }

  /** Topological order (parents before children). Nodes in a cycle are left out. */
  order(): string[] {
    const indegree = new Map<string, number>();
    for (const [id, parents] of this.up) indegree.set(id, parents.length);
    // Kahn's algorithm; deterministic because nodes are inserted in a deterministic order.
    const out = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
    for (let i = 0; i < out.length; i++) {
      for (const child of this.down.get(out[i]!)!) {
        const d = indegree.get(child)! - 1;
        indegree.set(child, d);
        if (d === 0) out.push(child);
      }
    }
    return out;
  }

  /** Depth of each node: 0 for roots, else 1 + the deepest parent (for layered layouts). */
  depths(): Map<string, number> {
    const depth = new Map<string, number>();
    for (const id of this.order()) {
      const parents = this.parents(id);
      depth.set(id, parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => depth.get(p) ?? 0)));
    }
    return depth;
  }
}
