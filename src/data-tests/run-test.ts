import type { ManifestNode } from '../compile/manifest-types.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';

const CONDITION_RE = /^\s*(=|==|!=|<>|>=|<=|>|<)\s*-?\d+(\.\d+)?\s*$/;

/** `!= 0`, `> 10`, ... from warn_if / error_if; anything else is refused (it is spliced into SQL). */
export function thresholdCondition(value: unknown, fallback = '!= 0'): string {
  const text = value === undefined || value === null ? fallback : String(value);
  if (!CONDITION_RE.test(text)) throw new Error(`invalid threshold '${text}': use a comparison like '!= 0' or '> 10'`);
  return text.replace('==', '=');
}

/** Wraps a test query the way dbt does: count the rows it returns, compare with thresholds. */
export function wrapTestSql(sql: string, config: Readonly<Record<string, unknown>>): string {
  const warnIf = thresholdCondition(config.warn_if);
  const errorIf = thresholdCondition(config.error_if);
  // fail_calc (dbt's name) says how to count failures from the test's rows, e.g. `sum(n_records)`.
  const calc = typeof config.fail_calc === 'string' && config.fail_calc.trim() ? `coalesce(${config.fail_calc}, 0)` : 'count(*)';
  return `select ${calc} as failures, ${calc} ${warnIf} as should_warn, ${calc} ${errorIf} as should_error\nfrom (\n${sql}\n) dbt_internal_test`;
}

/** Runs one data test. A test fails with the number of rows its query returns. */
export async function runDataTest(node: ManifestNode, ctx: RunNodeContext): Promise<NodeOutcome> {
  const sql = node.compiled_code ?? '';
  const rows = await ctx.connection.query(wrapTestSql(sql, node.config));
  const row = rows[0] ?? {};
  const failures = Number(row.failures ?? 0);
  const severity = String(node.config.severity ?? 'error').toLowerCase();
  let status: NodeOutcome['status'] = 'pass';
  if (severity === 'error' && row.should_error === true) status = 'fail';
  else if (row.should_warn === true) status = 'warn';
  // As in dbt, store_failures_as (table | view | ephemeral) wins over store_failures.
  const storeAs = node.config.store_failures_as ?? (node.config.store_failures === true ? 'table' : undefined);
  if (storeAs === 'table' || storeAs === 'view') {
    const dialect = ctx.warehouse.dialect;
    const relation = { schema: `${node.schema}_audit`, name: node.alias };
    await ctx.connection.execute(dialect.createSchema(relation.schema));
    await ctx.connection.execute(dialect.dropRelation(relation, storeAs === 'view' ? 'table' : 'view'));
    const statements = storeAs === 'view' ? [dialect.createView(relation, sql)] : dialect.createTableAs(relation, sql, {}, true);
    for (const stmt of statements) await ctx.connection.execute(stmt);
  }
  const message = status === 'pass' ? null : `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${status === 'fail' ? 'fail' : 'warn'} if ${String(node.config[status === 'fail' ? 'error_if' : 'warn_if'] ?? '!= 0')}`;
  return { status, action: 'test', failures, message };
}
