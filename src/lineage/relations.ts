import type { Catalog, Manifest } from '../compile/manifest-types.js';

/** Splits a relation name like `"db"."gold"."Orders"` (or Spark's `` `gold`.`orders` ``) into unquoted parts. */
export function relationParts(relationName: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (let i = 0; i < relationName.length; i++) {
    const ch = relationName[i]!;
    if (ch === '"' || ch === '`') {
      if (quote === ch && relationName[i + 1] === ch) {
        current += ch;
        i++;
      } else if (quote === ch) quote = '';
      else if (!quote) quote = ch;
      else current += ch;
    } else if (ch === '.' && !quote) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Finds which manifest node or source a table named in SQL is. Names compare unquoted, lower-cased. */
export class RelationIndex {
  private readonly bySchemaAndName = new Map<string, string>();
  private readonly byName = new Map<string, string[]>();

  constructor(manifest: Manifest) {
    const add = (id: string, relationName: string | null | undefined) => {
      if (!relationName) return;
      const parts = relationParts(relationName).map((p) => p.toLowerCase());
      const name = parts[parts.length - 1]!;
      const schema = parts.length >= 2 ? parts[parts.length - 2]! : '';
      const key = `${schema}.${name}`;
      if (!this.bySchemaAndName.has(key)) this.bySchemaAndName.set(key, id);
      this.byName.set(name, [...(this.byName.get(name) ?? []), id]);
    };
    for (const node of Object.values(manifest.nodes)) {
      if (node.resource_type !== 'test' && node.resource_type !== 'analysis') add(node.unique_id, node.relation_name);
    }
    for (const source of Object.values(manifest.sources)) add(source.unique_id, source.relation_name);
  }

  /** The node or source id for `schema.table` (schema may be empty: then the name must be unique). */
  find(schema: string, table: string): string | undefined {
    const name = table.toLowerCase();
    if (schema) return this.bySchemaAndName.get(`${schema.toLowerCase()}.${name}`);
    const ids = this.byName.get(name);
    return ids && ids.length === 1 ? ids[0] : undefined;
  }
}

/** Column names of a node or source as the warehouse reports them, in table order. */
export function catalogColumns(catalog: Catalog, id: string): string[] | undefined {
  const entry = catalog.nodes[id] ?? catalog.sources[id];
  if (!entry) return undefined;
  return Object.values(entry.columns)
    .slice()
    .sort((a, b) => a.index - b.index)
    .map((c) => c.name);
}
