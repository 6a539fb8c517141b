import type { ExistingRelation, Warehouse } from '../adapters/adapter.js';
import type { Manifest, ManifestNode } from '../compile/manifest-types.js';
import type { Dag } from '../graph/dag.js';
import { redact } from '../errors/redact.js';
import type { ExecutionEvent, NodeResult } from './node-result.js';
import { runNode } from './run-node.js';

export interface ScheduleOptions {
  readonly manifest: Manifest;
  readonly dag: Dag;
  /** Node ids to execute (already selected and filtered by command). */
  readonly run: ReadonlySet<string>;
  readonly warehouse: Warehouse;
  readonly threads: number;
  readonly fullRefresh: boolean;
  readonly failFast: boolean;
  readonly projectDir: string;
  readonly existing: ReadonlyMap<string, ExistingRelation>;
  readonly onEvent: (event: ExecutionEvent) => void;
}

const isFailure = (r: NodeResult) => r.status === 'error' || r.status === 'fail';

/**
 * Runs nodes in dependency order on `threads` workers, each with its own connection.
 * A failed model, or a failed error-severity test, skips everything downstream of it.
 * Tests of a model gate that model's children (as `dbt build` does).
 */
export async function schedule(options: ScheduleOptions): Promise<NodeResult[]> {
  const { manifest, dag, run, warehouse } = options;
  const nodeOf = (id: string): ManifestNode => manifest.nodes[id]!;
  const executable = [...run].filter((id) => {
    const n = manifest.nodes[id];
    return n && !(n.resource_type === 'model' && n.config.materialized === 'ephemeral') && n.resource_type !== 'analysis';
  });
  const inRun = new Set(executable);
  // Waiting edges: graph parents within the run, plus tests gating their model's children.
  const waitsOn = new Map<string, Set<string>>(executable.map((id) => [id, new Set<string>()]));
  // Nearest ancestors that run: walk up through nodes that do not (ephemerals, unselected).
  const nearestRunParents = (id: string): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<string>();
    const stack = [...dag.parents(id)];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      if (inRun.has(p)) out.add(p);
      else if (manifest.nodes[p]?.config.materialized === 'ephemeral') stack.push(...dag.parents(p));
    }
    return out;
  };
  for (const id of executable) for (const p of nearestRunParents(id)) waitsOn.get(id)!.add(p);
  for (const id of executable) {
    const node = nodeOf(id);
    if (node.resource_type !== 'test' || !node.attached_node) continue;
    const parents = dag.parents(id);
    // A test with several parents (relationships) must not gate one of its own ancestors.
    const own = parents.length > 1 ? dag.ancestors(id) : new Set(parents);
    for (const child of dag.children(node.attached_node)) {
      if (!inRun.has(child) || nodeOf(child).resource_type === 'test' || own.has(child)) continue;
      waitsOn.get(child)!.add(id);
    }
  }
  const dependents = new Map<string, string[]>();
  for (const [id, deps] of waitsOn) for (const d of deps) (dependents.get(d) ?? dependents.set(d, []).get(d)!).push(id);

  const total = executable.length;
  const order = new Map(dag.order().map((id, i) => [id, i]));
  const ready: string[] = executable.filter((id) => waitsOn.get(id)!.size === 0);
  const pending = new Map([...waitsOn].map(([id, deps]) => [id, deps.size]));
  const results: NodeResult[] = [];
  const skipped = new Map<string, string>();
  let started = 0;
  let stop = false;

  const finish = (id: string) => {
    for (const dep of dependents.get(id) ?? []) {
      const left = pending.get(dep)! - 1;
      pending.set(dep, left);
      if (left === 0) ready.push(dep);
    }
  };
  const markSkipped = (failed: string) => {
    for (const d of dependents.get(failed) ?? []) {
      if (!skipped.has(d)) {
        skipped.set(d, failed);
        markSkipped(d);
      }
    }
  };
  // Tests first (they gate children), then graph order.
  const next = (): string | undefined => {
    if (ready.length === 0) return undefined;
    ready.sort((a, b) => {
      const ta = nodeOf(a).resource_type === 'test' ? 0 : 1;
      const tb = nodeOf(b).resource_type === 'test' ? 0 : 1;
      return ta - tb || order.get(a)! - order.get(b)!;
    });
    return ready.shift();
  };

  let wake: (() => void) | undefined;
  const worker = async (slot: number) => {
    const connection = await warehouse.connection(slot);
    for (;;) {
      const id = next();
      if (id === undefined) {
        if (results.length >= total) return;
        await new Promise<void>((resolve) => {
          const prev = wake;
          wake = () => {
            prev?.();
            resolve();
          };
        });
        continue;
      }
      const node = nodeOf(id);
      const index = ++started;
      const begin = new Date();
      let result: NodeResult;
      const base = {
        unique_id: id, resource_type: node.resource_type, name: node.name, schema: node.schema, alias: node.alias,
        relation_name: node.relation_name, compiled_code: node.compiled_code ? redact(node.compiled_code) : null,
        compiled_path: node.compiled_path, index, total, thread_id: `Thread-${slot + 1}`,
      };
      const blocker = skipped.get(id) ?? (stop ? 'fail-fast' : undefined);
      if (blocker) {
        result = {
          ...base, status: 'skipped', action: 'skipped', execution_time: 0, timing: [],
          message: blocker === 'fail-fast' ? 'Skipped: --fail-fast after an earlier failure' : `Skipped because upstream ${manifest.nodes[blocker]?.name ?? blocker} failed`,
          failures: null, adapter_response: {},
        };
      } else {
        options.onEvent({ type: 'node-start', id, index, total, label: node.name });
        const outcome = await runNode(node, {
          warehouse, connection, existing: options.existing.get(`${node.schema}.${node.alias}`.toLowerCase()),
          fullRefresh: options.fullRefresh, projectDir: options.projectDir,
        });
        const end = new Date();
        result = {
          ...base,
          status: outcome.status,
          action: outcome.action,
          rows: outcome.rows,
          execution_time: (end.getTime() - begin.getTime()) / 1000,
          timing: [{ name: 'execute', started_at: begin.toISOString(), completed_at: end.toISOString() }],
          message: outcome.message === null ? null : redact(outcome.message),
          failures: outcome.failures ?? (node.resource_type === 'test' ? 0 : null),
          adapter_response: outcome.rows !== undefined ? { rows_affected: outcome.rows, _message: outcome.message ?? undefined } : { _message: outcome.message ?? undefined },
        };
        if (isFailure(result)) {
          markSkipped(id);
          if (options.failFast) stop = true;
        }
      }
      results.push(result);
      options.onEvent({ type: 'node-done', result });
      finish(id);
      const w = wake;
      wake = undefined;
      w?.();
    }
  };
  const workers = Math.max(1, Math.min(options.threads, total || 1));
  await Promise.all(Array.from({ length: workers }, (_, slot) => worker(slot)));
  return results;
}
