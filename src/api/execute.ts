import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ExistingRelation, Warehouse } from '../adapters/adapter.js';
import { compileProject, type CompileResult } from '../compile/compile.js';
import type { RunResults } from '../compile/manifest-types.js';
import type { ExecutionEvent, NodeResult } from '../execute/node-result.js';
import { runStatements } from '../execute/run-node.js';
import { schedule } from '../execute/scheduler.js';
import { acquireWriterLock } from '../execute/writer-lock.js';
import { publish } from '../wap/publish.js';
import { prepareStage } from '../wap/stage.js';
import { writeCompileArtifacts, writeRunResults } from './artifacts.js';
import type { ExecuteOptions } from './options.js';
import { compileOptions, openWarehouse, reporterOf, select, warehouseFile } from './project-context.js';

export type Command = 'build' | 'run' | 'seed' | 'test' | 'snapshot';

const TYPES: Record<Command, readonly string[]> = {
  build: ['seed', 'model', 'test', 'snapshot'],
  run: ['model'],
  seed: ['seed'],
  test: ['test'],
  snapshot: ['snapshot'],
};

export interface ExecuteOutcome {
  readonly results: readonly NodeResult[];
  readonly exitCode: number;
  readonly compiled: CompileResult;
  readonly elapsed: number;
}

/**
 * compile (nothing written if the project is broken) -> artifacts -> lock -> open warehouse ->
 * schemas -> on-run-start -> schedule -> on-run-end -> run_results.json.
 */
export async function executeCommand(command: Command, options: ExecuteOptions): Promise<ExecuteOutcome> {
  const started = Date.now();
  const reporter = reporterOf(options);
  const invocationId = randomUUID();
  // Rendering needs to know which incremental tables exist (is_incremental()). With a warehouse
  // file that exists the project renders once, after the warehouse opens; without one it renders
  // before the file is created, so a broken template leaves nothing behind.
  let compiled = await compileProject(compileOptions(options, { invocationId, fullRefresh: options.fullRefresh, deferRender: true, onLog: (m, info) => info && reporter.info(m) }));
  const types = options.resourceTypes ?? TYPES[command];
  const selected = select(compiled, options);
  const run = new Set([...selected].filter((id) => types.includes(compiled.nodes.get(id)?.resourceType ?? '')));
  const projectDir = compiled.project.dir;
  const targetPath = compiled.project.config.targetPath;
  const schemas = [...new Set([...run].map((id) => compiled.nodes.get(id)!).filter((n) => n.relationName !== null).map((n) => n.schema))].sort();

  const file = warehouseFile(compiled.target, projectDir);
  const renderFirst = file === undefined || !existsSync(file);
  if (renderFirst) {
    compiled = compiled.rerender(undefined);
    reporter.diagnostics(compiled.warnings);
  }
  const release = file ? await acquireWriterLock(file, command, options.wait ?? 0) : () => {};
  let warehouse: Warehouse | undefined;
  try {
    warehouse = await openWarehouse(compiled.target, projectDir);
    const existingList = await warehouse.listRelations(schemas);
    const existing = new Map<string, ExistingRelation>(existingList.map((r) => [`${r.schema}.${r.name}`.toLowerCase(), r]));
    // is_incremental() is true only over an existing table: a view of the same name (the model
    // was a view before) is replaced by a full build, so its SQL must not filter against it.
    const tables = new Set([...existing].filter(([, r]) => r.kind === 'table').map(([key]) => key));
    if (!renderFirst) {
      compiled = compiled.rerender(tables);
      reporter.diagnostics(compiled.warnings);
    } else if ([...run].some((id) => {
      const n = compiled.nodes.get(id)!;
      return n.config.materialized === 'incremental' && tables.has(`${n.schema}.${n.alias}`.toLowerCase());
    })) {
      // A database other than a local file (in memory, a server) may hold tables already.
      compiled = compiled.rerender(tables);
    }
    writeCompileArtifacts(projectDir, targetPath, compiled.manifest);
    const threads = options.threads ?? compiled.target.threads;
    const connection = await warehouse.connection(0);
    for (const schema of schemas) await connection.execute(warehouse.dialect.createSchema(schema));
    // --wap: build into staging schemas; publish below only if the audit passes.
    const wapMode = (options.wap ?? compiled.project.config.wap) && command === 'build';
    const stage = wapMode ? await prepareStage(compiled.manifest, run, compiled.dag.order(), warehouse, connection, existing, projectDir) : undefined;
    reporter.event({ type: 'start', total: [...run].filter((id) => compiled.manifest.nodes[id]?.config.materialized !== 'ephemeral').length, threads, target: compiled.target.name });
    const hooks = async (name: string, statements: readonly string[]) => {
      // Every command that runs nodes runs the project hooks, `mdl test` included (as dbt does).
      if (statements.length === 0) return true;
      try {
        await runStatements(connection, statements, false, warehouse!.dialect);
        reporter.event({ type: 'hook', name, ok: true });
        return true;
      } catch (error) {
        reporter.event({ type: 'hook', name, ok: false, message: (error as Error).message });
        return false;
      }
    };
    const startOk = await hooks('on-run-start', compiled.project.config.onRunStart);
    const results = startOk
      ? await schedule({
        manifest: stage?.manifest ?? compiled.manifest, dag: compiled.dag, run, warehouse, threads,
        fullRefresh: options.fullRefresh ?? false, failFast: options.failFast ?? false, projectDir, existing: stage?.existing ?? existing,
        onEvent: (e: ExecutionEvent) => reporter.event(e),
      })
      : [];
    const wap = stage ? await publish(stage, results, warehouse, connection, existing, projectDir) : undefined;
    if (wap) reporter.info(wap.message);
    const endOk = await hooks('on-run-end', compiled.project.config.onRunEnd);
    const elapsed = (Date.now() - started) / 1000;
    const runResults: RunResults = {
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json', generated_at: new Date().toISOString(), invocation_id: invocationId },
      elapsed_time: elapsed,
      args: { which: command, select: options.select ?? [], exclude: options.exclude ?? [], threads, full_refresh: options.fullRefresh ?? false, target: compiled.target.name },
      results: results.map(({ unique_id, status, execution_time, timing, thread_id, message, failures, adapter_response, relation_name, compiled_code }) =>
        ({ unique_id, status, execution_time, timing, thread_id, message, failures, adapter_response, relation_name, compiled_code })),
    };
    writeRunResults(projectDir, targetPath, runResults);
    reporter.summary(results, elapsed, (startOk ? 0 : 1) + (endOk ? 0 : 1));
    const failed = !startOk || !endOk || wap?.published === false || results.some((r) => r.status === 'error' || r.status === 'fail');
    return { results, exitCode: failed ? 1 : 0, compiled, elapsed };
  } finally {
    await warehouse?.close();
    release();
  }
}
