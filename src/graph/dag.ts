import { Graph, alg } from '@dagrejs/graphlib';

/**
 * The dependency graph as a domain object: node ids in, node ids out. Edges point from a parent
 * (what is depended on) to a child (what depends on it). Adjacency is kept in plain maps (graphlib's
 * multigraph bookkeeping cost a third of `ls` on 10,000 models); graphlib finds cycles.
 */
/** One node's adjacency: a single record per node keeps addEdge and order() to one lookup each. */
interface Adjacency {
  readonly parents: string[];
  readonly children: string[];
  /** Scratch for order(): parents not yet placed. */
  pending: number;
}

export class Dag {
  private readonly adjacency = new Map<string, Adjacency>();

  addNode(id: string): void {
    this.node(id);
  }

  private node(id: string): Adjacency {
    let found = this.adjacency.get(id);
    if (!found) {
      found = { parents: [], children: [], pending: 0 };
      this.adjacency.set(id, found);
    }
    return found;
  }

  addEdge(parent: string, child: string): void {
    const up = this.node(parent);
    const down = this.node(child);
    if (down.parents.includes(parent)) return;
    down.parents.push(parent);
    up.children.push(child);
  }

  has(id: string): boolean {
    return this.adjacency.has(id);
  }

  nodes(): string[] {
    return [...this.adjacency.keys()];
  }

  parents(id: string): string[] {
    return [...(this.adjacency.get(id)?.parents ?? [])];
  }

  children(id: string): string[] {
    return [...(this.adjacency.get(id)?.children ?? [])];
  }

  /** All ancestors, at most `depth` edges up (unbounded when undefined). */
  ancestors(id: string, depth?: number): Set<string> {
    return this.walk(id, depth, (n) => this.adjacency.get(n)?.parents ?? []);
  }

  descendants(id: string, depth?: number): Set<string> {
    return this.walk(id, depth, (n) => this.adjacency.get(n)?.children ?? []);
  }

  /** Breadth-first from `id`; `next` may return the graph's own arrays (they are only read). */
  private walk(id: string, depth: number | undefined, next: (n: string) => readonly string[]): Set<string> {
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
    if (this.order().length === this.adjacency.size) return [];
    const graph = new Graph({ directed: true });
    for (const [child, { parents }] of this.adjacency) {
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
    // Kahn's algorithm; deterministic because nodes are inserted in a deterministic order.
    const out: string[] = [];
    for (const [id, node] of this.adjacency) {
      node.pending = node.parents.length;
      if (node.pending === 0) out.push(id);
    }
    for (let i = 0; i < out.length; i++) {
      for (const child of this.adjacency.get(out[i]!)!.children) {
        const node = this.adjacency.get(child)!;
        if (--node.pending === 0) out.push(child);
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
