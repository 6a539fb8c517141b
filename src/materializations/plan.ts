import type { Dialect, ExistingRelation, Relation } from '../adapters/adapter.js';
import type { ManifestNode } from '../compile/manifest-types.js';

/**
 * What a materialization wants executed. `transactional` statements run between BEGIN and
 * COMMIT, and the first failure rolls back, so a failed model leaves its previous version.
 */
export interface Plan {
  readonly statements: readonly string[];
  readonly transactional: boolean;
  /** Present when the relation gets rows we can count afterwards. */
  readonly countRows: boolean;
  /** Short label for the console: `created table`, `created view`, `appended to`... */
  readonly action: string;
}

export interface PlanContext {
  readonly dialect: Dialect;
  readonly existing: ExistingRelation | undefined;
  readonly fullRefresh: boolean;
}

const list = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);

/** Hooks may say `{{ this }}`; it means the node's own relation. A blank hook (a template that rendered to nothing) is skipped. */
export function hookStatements(node: ManifestNode, key: 'pre_hook' | 'post_hook'): string[] {
  return list(node.config[key]).filter((sql) => sql.trim() !== '').map((sql) => sql.replace(/{{\s*this\s*}}/g, node.relation_name ?? ''));
}

export function relationOf(node: ManifestNode): Relation {
  return { schema: node.schema, name: node.alias };
}

/** Plans a model. Pure: the same node and context always give the same statements. */
export function planModel(node: ManifestNode, ctx: PlanContext): Plan {
  const { dialect, existing } = ctx;
  const relation = relationOf(node);
  const sql = node.compiled_code ?? '';
  const materialized = String(node.config.materialized);
  const transactional = dialect.capabilities.transactionalDdl;
  const pre = hookStatements(node, 'pre_hook');
  const post = hookStatements(node, 'post_hook');
  const dropOther = (kind: 'table' | 'view') =>
    existing && existing.kind !== kind ? [dialect.dropRelation(relation, existing.kind)] : [];
  const tableOptions = {
    orderBy: list(node.config.order_by),
    partitionBy: list(node.config.partition_by),
    zorderBy: list(node.config.zorder_by),
  };
  switch (materialized) {
    case 'view':
      return {
        statements: [...pre, ...dropOther('view'), dialect.createView(relation, sql), ...post],
        transactional, countRows: false, action: 'created view',
      };
    case 'table':
      return {
        statements: [...pre, ...dropOther('table'), ...dialect.createTableAs(relation, sql, tableOptions, true), ...post],
        transactional, countRows: true, action: 'created table',
      };
    case 'incremental': {
      if (!existing || existing.kind !== 'table' || ctx.fullRefresh || node.config.full_refresh === true) {
        return {
          statements: [...pre, ...dropOther('table'), ...dialect.createTableAs(relation, sql, tableOptions, true), ...post],
          transactional, countRows: true, action: 'created incremental',
        };
      }
      // Applying new rows needs the live columns (on_schema_change) and NULL-key counts: see
      // run-incremental.ts, which run-node uses for incremental models.
      throw new Error('incremental models on an existing table are run by runIncremental, not planned statically');
    }
    default:
      throw new Error(`no planner for materialization '${materialized}'`);
  }
}
