import type { Dialect, Relation } from '../adapters/adapter.js';
import type { ManifestNode } from '../compile/manifest-types.js';

/**
 * Incremental strategies on an existing table. The new rows are staged in a temporary view
 * so the model's SQL runs once; all steps run in the model's transaction.
 */
export function planIncremental(node: ManifestNode, relation: Relation, sql: string, dialect: Dialect): { statements: string[]; action: string } {
  const target = dialect.relationName(relation);
  const staging = dialect.quoteIdentifier(`${relation.name}__mdl_incr`);
  const strategy = String(node.config.incremental_strategy ?? (node.config.unique_key ? 'merge' : 'append'));
  const keys = (Array.isArray(node.config.unique_key) ? node.config.unique_key : node.config.unique_key ? [node.config.unique_key] : []).map(String);
  const stage = `CREATE OR REPLACE TEMPORARY VIEW ${staging} AS (\n${sql}\n)`;
  const predicates = (Array.isArray(node.config.incremental_predicates) ? node.config.incremental_predicates : []).map(String);
  const extra = predicates.length ? ` AND ${predicates.join(' AND ')}` : '';
  const q = (c: string) => dialect.quoteIdentifier(c);
  switch (strategy) {
    case 'append':
      return { statements: [stage, `INSERT INTO ${target} BY NAME SELECT * FROM ${staging}`, `DROP VIEW ${staging}`], action: 'appended to' };
    case 'delete+insert': {
      const match = keys.map((k) => `${target}.${q(k)} = mdl_new.${q(k)}`).join(' AND ');
      return {
        statements: [
          stage,
          `DELETE FROM ${target} WHERE EXISTS (SELECT 1 FROM ${staging} AS mdl_new WHERE ${match})${extra}`,
          `INSERT INTO ${target} BY NAME SELECT * FROM ${staging}`,
          `DROP VIEW ${staging}`,
        ],
        action: 'delete+insert into',
      };
    }
    case 'merge': {
      const on = keys.map((k) => `mdl_target.${q(k)} = mdl_new.${q(k)}`).join(' AND ');
      return {
        statements: [
          stage,
          `MERGE INTO ${target} AS mdl_target USING ${staging} AS mdl_new ON ${on}${extra.replaceAll(target, 'mdl_target')}\n` +
            'WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *',
          `DROP VIEW ${staging}`,
        ],
        action: 'merged into',
      };
    }
    default:
      throw new Error(`unknown incremental strategy '${strategy}'`);
  }
}
