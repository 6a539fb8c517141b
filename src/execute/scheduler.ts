import type { Connection, Dialect, ExistingRelation, Warehouse } from '../adapters/adapter.js';
import { hookStatements } from '../materializations/plan.js';
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
 * Runs nodes in dependency order, `threads` at a time, each on a connection of its own.
 * A failed model, or a failed error-severity test, skips everything downstream of it.
 * Tests of a model gate that model's children (as `dbt build` does): a child that writes only
 * inside its transaction starts beside them and commits only once they pass (rolled back and
 * reported skipped otherwise); any other child waits for them.
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
  // Tests gating a child that writes only inside its transaction do not hold it back: it runs
  // beside them and commits once they have passed (gates), so a build is not serialised on tests.
  const gates = new Map<string, string[]>();
  const gatedBy = new Map<string, string[]>();
  const runsBeside = new Map<string, boolean>();
  for (const id of executable) {
    const node = nodeOf(id);
    if (node.resource_type !== 'test' || !node.attached_node) continue;
    const parents = dag.parents(id);
    // A test with several parents (relationships) must not gate one of its own ancestors.
    const own = parents.length > 1 ? dag.ancestors(id) : new Set(parents);
    for (const child of dag.children(node.attached_node)) {
      if (!inRun.has(child) || nodeOf(child).resource_type === 'test' || own.has(child)) continue;
      let beside = runsBeside.get(child);
      if (beside === undefined) runsBeside.set(child, (beside = runsBesideItsTests(nodeOf(child), warehouse.dialect)));
      if (beside) {
        (gates.get(child) ?? gates.set(child, []).get(child)!).push(id);
        (gatedBy.get(id) ?? gatedBy.set(id, []).get(id)!).push(child);
      } else {
        waitsOn.get(child)!.add(id);
      }
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
  const begun = new Set<string>();
  let started = 0;
  let stop = false;

  // Each gating test settles once, to whether it blocks its children (failed, or skipped).
  const settled = new Map<string, { promise: Promise<boolean>; resolve: (blocks: boolean) => void; done: boolean }>();
  for (const id of gatedBy.keys()) {
    let resolve!: (blocks: boolean) => void;
    const promise = new Promise<boolean>((r) => (resolve = r));
    const entry = { promise, done: false, resolve: (blocks: boolean) => {
      entry.done = true;
      resolve(blocks);
    } };
    settled.set(id, entry);
  }

  const finish = (id: string) => {
    for (const dep of dependents.get(id) ?? []) {
      const left = pending.get(dep)! - 1;
      pending.set(dep, left);
      if (left === 0) ready.push(dep);
    }
  };
  const markSkipped = (failed: string) => {
    for (const d of [...(dependents.get(failed) ?? []), ...(gatedBy.get(failed) ?? [])]) {
      if (!skipped.has(d) && !begun.has(d)) {
        skipped.set(d, failed);
        markSkipped(d);
      }
    }
  };
  // Tests that hold a child back first, then the other nodes (the next model of a chain starts as
  // soon as a thread is free), then the other tests; graph order within each.
  const rank = (id: string) => nodeOf(id).resource_type !== 'test' ? 1 : (dependents.get(id)?.length ?? 0) > 0 ? 0 : 2;
  const next = (): string | undefined => {
    if (ready.length === 0) return undefined;
    ready.sort((a, b) => rank(a) - rank(b) || order.get(a)! - order.get(b)!);
    return ready.shift();
  };

  // `threads` nodes run at a time. A node waiting at its gate gives its slot back (the tests it
  // waits for may need one) and keeps its connection, so connections can outnumber threads.
  const workers = Math.max(1, Math.min(options.threads, total || 1));
  const idle: { connection: Connection; index: number }[] = [];
  let opened = 0;
  let running = 0;
  let settle!: () => void;
  let abort!: (error: unknown) => void;
  const allDone = new Promise<void>((resolve, reject) => {
    settle = resolve;
    abort = reject;
  });

  const runOne = async (id: string): Promise<void> => {
    const blocker = skipped.get(id) ?? (stop ? 'fail-fast' : undefined);
    // A skipped node needs no connection.
    const lease = blocker ? undefined : idle.pop() ?? { index: opened, connection: await warehouse.connection(opened++) };
    let holdsSlot = true;
    const releaseSlot = () => {
      if (!holdsSlot) return;
      holdsSlot = false;
      running -= 1;
      pump();
    };
    const node = nodeOf(id);
    const index = ++started;
    const begin = new Date();
    let result: NodeResult;
    const base = {
      unique_id: id, resource_type: node.resource_type, name: node.name, schema: node.schema, alias: node.alias,
      relation_name: node.relation_name, compiled_code: node.compiled_code ? redact(node.compiled_code) : null,
      compiled_path: node.compiled_path, index, total, thread_id: `Thread-${(lease?.index ?? 0) + 1}`,
    };
    const skippedResult = (blocker: string): NodeResult => ({
      ...base, status: 'skipped', action: 'skipped', execution_time: 0, timing: [],
      message: blocker === 'fail-fast' ? 'Skipped: --fail-fast after an earlier failure' : `Skipped because upstream ${manifest.nodes[blocker]?.name ?? blocker} failed`,
      failures: null, adapter_response: {},
    });
    if (!lease) {
      result = skippedResult(blocker!);
    } else {
      begun.add(id);
      options.onEvent({ type: 'node-start', id, index, total, label: node.name });
      const waitFor = gates.get(id) ?? [];
      // Time spent waiting at the gate is not the node's own: execution_time leaves it out.
      let waited = 0;
      const gate = waitFor.length === 0 ? undefined : async (): Promise<string | undefined> => {
        if (waitFor.some((t) => !settled.get(t)!.done)) releaseSlot();
        const from = Date.now();
        const failed = await Promise.all(waitFor.map((t) => settled.get(t)!.promise));
        waited += Date.now() - from;
        return waitFor[failed.indexOf(true)];
      };
      const outcome = await runNode(node, {
        warehouse, connection: lease.connection, existing: options.existing.get(`${node.schema}.${node.alias}`.toLowerCase()),
        fullRefresh: options.fullRefresh, projectDir: options.projectDir, gate,
      });
      const end = new Date();
      if (outcome.skippedBy) {
        result = skippedResult(outcome.skippedBy);
        markSkipped(id);
      } else {
        result = {
          ...base,
          status: outcome.status,
          action: outcome.action,
          rows: outcome.rows,
          execution_time: (end.getTime() - begin.getTime() - waited) / 1000,
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
    }
    settled.get(id)?.resolve(isFailure(result) || result.status === 'skipped');
    results.push(result);
    options.onEvent({ type: 'node-done', result });
    finish(id);
    if (lease) idle.push(lease);
    if (holdsSlot) releaseSlot();
    else pump();
  };

  const pump = () => {
    while (running < workers) {
      const id = next();
      if (id === undefined) break;
      running += 1;
      runOne(id).catch(abort);
    }
    if (results.length >= total) settle();
  };
  pump();
  await allDone;
  return results;
}

/**
 * Whether a node may run while the tests of its parents still run: everything it writes is in
 * its transaction (a model materialized as a table, view or incremental table, or a snapshot, on an
 * engine with transactional DDL) and its hooks only read and write tables. A hook that copies to a
 * file, attaches a database or sets an option acts outside the transaction, and an external model
 * writes files: those wait for the tests, as a failed test must leave nothing behind.
 */
export function runsBesideItsTests(node: ManifestNode, dialect: Dialect): boolean {
  if (!dialect.capabilities.transactionalDdl) return false;
  const materialized = String(node.config.materialized ?? '');
  const transactional = node.resource_type === 'snapshot' || (node.resource_type === 'model' && ['table', 'view', 'incremental'].includes(materialized));
  if (!transactional) return false;
  return [...hookStatements(node, 'pre_hook'), ...hookStatements(node, 'post_hook')].every(writesTablesOnly);
}

const TABLE_STATEMENT = /^(create|insert|delete|update|drop|alter|with|select|merge|truncate)\b/i;
const OUTSIDE_EFFECT = /\b(copy|export|import|attach|detach|install|load|call|pragma|checkpoint|vacuum|secret)\b/i;

function writesTablesOnly(sql: string): boolean {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').trim();
  if (text === '') return true;
  return TABLE_STATEMENT.test(text) && !OUTSIDE_EFFECT.test(text);
}
