import type { ColumnInfo, Connection, Dialect } from '../adapters/adapter.js';
import type { ManifestNode } from '../compile/manifest-types.js';
import { beforeCommit, GateClosed } from '../execute/gate.js';
import type { NodeOutcome, RunNodeContext } from '../execute/run-node.js';
import { incrementalConfig } from './incremental-config.js';
import { duplicateKeyCountSql, nullKeyCountSql, planSchemaChange, planStrategy } from './incremental.js';
import { hookStatements, relationOf } from './plan.js';

export { hookStatements };

const list = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);


/**
 * Column names and types of a relation or staging table, read on the session that created it
 * (a DuckDB temp table is invisible to other sessions). DuckDB's DESCRIBE answers
 * `column_name`/`column_type`; Spark's answers `col_name`/`data_type` and, after the columns, a
 * blank row and `# Partition Information` / `# Detailed Table Information` sections.
 */
export async function describeColumns(connection: Connection, relation: string): Promise<ColumnInfo[]> {
  const columns: ColumnInfo[] = [];
  for (const r of await connection.query(`DESCRIBE ${relation}`)) {
    const name = String(r.column_name ?? r.col_name ?? '');
    if (name === '' || name.startsWith('#')) break;
    columns.push({ name, dataType: String(r.column_type ?? r.data_type) });
  }
  return columns;
}

/**
 * Runs `body` between BEGIN and COMMIT; any error (ours or the engine's) rolls back first, so the
 * table is exactly as it was. DuckDB keeps a transaction open after a binder error: roll back
 * ourselves rather than trust the engine to have aborted.
 */
export async function inTransaction<T>(connection: Connection, dialect: Dialect, body: () => Promise<T>, ready?: () => Promise<void>): Promise<T> {
  // Engines without transactional DDL (Spark) rely on each statement being atomic on its own.
  if (!dialect.capabilities.transactionalDdl) return body();
  await connection.execute(dialect.beginTransaction());
  try {
    const value = await body();
    await ready?.();
    await connection.execute(dialect.commit());
    return value;
  } catch (error) {
    try {
      await connection.execute(dialect.rollback());
    } catch {
      // the engine already aborted it
    }
    throw error;
  }
}

/** True when the table is (re)built from scratch: first run, --full-refresh, or full_refresh config. */
export function isFullBuild(node: ManifestNode, ctx: Pick<RunNodeContext, 'existing' | 'fullRefresh'>): boolean {
  return !ctx.existing || ctx.existing.kind !== 'table' || ctx.fullRefresh || node.config.full_refresh === true;
}

/** Extra work a caller (file ingestion) slots into the incremental transaction. */
export interface IncrementalHooks {
  /** SQL to use instead of the compiled code (e.g. with the list of new files filled in). */
  readonly sql?: string;
  /** Runs inside the transaction after the table has been written (e.g. record ingested files). */
  readonly afterWrite?: (connection: Connection, fullBuild: boolean) => Promise<void>;
  /** Runs inside the transaction before the new rows are applied (e.g. delete rows of re-ingested files). */
  readonly beforeApply?: (connection: Connection, target: string) => Promise<void>;
}

/**
 * An incremental model: the first run (or --full-refresh) creates the table; later runs stage the
 * new rows (so the model's query runs once), check NULL keys and schema changes, and apply the
 * strategy. On DuckDB all of it is one transaction. Spark has none: every check runs on the
 * staged rows before the target is touched, then column additions (if any) and one MERGE or
 * INSERT (delete+insert: a MERGE ... DELETE, then the INSERT), each an atomic Delta commit, so a
 * failure leaves the target readable at its last commit.
 */
export async function runIncremental(node: ManifestNode, ctx: RunNodeContext, extra: IncrementalHooks = {}): Promise<NodeOutcome> {
  const { connection, existing } = ctx;
  const dialect = ctx.warehouse.dialect;
  const cfg = incrementalConfig(node.config);
  const relation = relationOf(node);
  const target = dialect.relationName(relation);
  const sql = extra.sql ?? node.compiled_code ?? '';
  const fullBuild = isFullBuild(node, ctx);
  const stagingRelation = { schema: relation.schema, name: `${relation.name}__mdl_new` };
  const staging = dialect.stagingName(stagingRelation);
  const duplicateCheck = async (relationName: string): Promise<void> => {
    const countSql = duplicateKeyCountSql(cfg, relationName, dialect);
    const n = countSql ? Number((await connection.query(countSql))[0]?.n ?? 0) : 0;
    if (n === 0) return;
    const keys = cfg.uniqueKey.join(', ');
    throw new Error(`${n} unique_key value${n === 1 ? '' : 's'} (${keys}) appear${n === 1 ? 's' : ''} more than once in the new rows of ${node.name}: ` +
      `a merge would keep several rows per key. Deduplicate the query (for example qualify row_number() over (partition by ${keys} order by ...) = 1), ` +
      "or use incremental_strategy='delete+insert' if several rows per key are intended.");
  };
  const nullCheck = async (relationName: string): Promise<string | undefined> => {
    const countSql = nullKeyCountSql(cfg, relationName, dialect);
    if (!countSql) return undefined;
    const n = Number((await connection.query(countSql))[0]?.n ?? 0);
    if (n === 0) return undefined;
    const message = `${n} new row${n === 1 ? '' : 's'} of ${node.name} ha${n === 1 ? 's' : 've'} a NULL in unique_key (${cfg.uniqueKey.join(', ')}): ` +
      'they never match an existing row, so each run would add them again.';
    if (cfg.onNullKey === 'fail') {
      throw new Error(`${message} Filter or fill the NULL keys, or set on_null_key='warn' or 'allow' to accept them.`);
    }
    return message;
  };
  try {
    const outcome = await inTransaction(connection, dialect, async () => {
      for (const sqlText of hookStatements(node, 'pre_hook')) await connection.execute(sqlText);
      let rows: number;
      let warning: string | undefined;
      let action: string;
      if (fullBuild) {
        if (existing && existing.kind !== 'table') await connection.execute(dialect.dropRelation(relation, existing.kind));
        const options = { orderBy: list(node.config.order_by), partitionBy: list(node.config.partition_by) };
        for (const statement of dialect.createTableAs(relation, sql, options, true)) await connection.execute(statement);
        warning = await nullCheck(target);
        await duplicateCheck(target);
        rows = Number((await connection.query(`SELECT count(*) AS n FROM ${target}`))[0]?.n ?? 0);
        action = 'created incremental';
      } else {
        for (const statement of dialect.stageRows(stagingRelation, sql)) await connection.execute(statement);
        const change = planSchemaChange(cfg.onSchemaChange, await describeColumns(connection, target), await describeColumns(connection, staging), target, dialect);
        if (change.error) throw new Error(change.error);
        warning = await nullCheck(staging);
        await duplicateCheck(staging);
        for (const statement of change.statements) await connection.execute(statement);
        await extra.beforeApply?.(connection, target);
        // Every strategy writes the staged rows: count them once, the same way on every engine (the
        // Spark driver reports no affected rows, and its insert_overwrite ends in a SET).
        rows = Number((await connection.query(`SELECT count(*) AS n FROM ${staging}`))[0]?.n ?? 0);
        for (const statement of planStrategy(cfg, relation, stagingRelation, change.columns, dialect)) await connection.execute(statement);
        await connection.execute(dialect.dropStaging(stagingRelation));
        action = { append: 'appended to', merge: 'merged into', 'delete+insert': 'delete+insert into', insert_overwrite: 'overwrote partitions of' }[cfg.strategy];
      }
      await extra.afterWrite?.(connection, fullBuild);
      for (const sqlText of hookStatements(node, 'post_hook')) await connection.execute(sqlText);
      return { rows, warning, action };
    }, () => beforeCommit(ctx));
    return {
      status: outcome.warning ? 'warn' : 'success', action: outcome.action, rows: outcome.rows,
      message: outcome.warning ?? `OK ${outcome.rows}`,
    };
  } catch (error) {
    if (error instanceof GateClosed) throw error;
    // Without transactions a failed run leaves its staging table behind; remove it.
    if (!fullBuild && !dialect.capabilities.transactionalDdl) {
      try {
        await connection.execute(dialect.dropStaging(stagingRelation));
      } catch {
        // keep the original error; the next run replaces the staging table anyway
      }
    }
    return { status: 'error', action: 'error', message: (error as Error).message };
  }
}
