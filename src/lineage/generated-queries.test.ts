import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../adapters/adapter.js';
import { DuckDBWarehouse } from '../adapters/duckdb/warehouse.js';
import { computeColumnLineage, type ColumnTransform } from './index.js';
import { testCatalog, testManifest, type TestNode } from './test-support/project.js';

/**
 * Random pipelines of CTEs and subqueries over two seeds, generated together with the lineage
 * they must have (the generator tracks where every column comes from), then checked against
 * computeColumnLineage, with DuckDB itself as the judge that the SQL is valid.
 */

const SEEDS: Readonly<Record<string, readonly string[]>> = {
  orders: ['id', 'customer_id', 'amount', 'qty'],
  customers: ['id', 'score', 'age'],
};
const seedId = (table: string) => `seed.gen.${table}`;

interface GenColumn {
  readonly name: string;
  /** `table.column` of the seed columns it derives from. */
  readonly origins: ReadonlySet<string>;
  readonly agg: boolean;
  readonly win: boolean;
  readonly expr: boolean;
}

interface Source {
  readonly from: string;
  /** Columns, each with how to reference it in this step's SQL. */
  readonly columns: readonly (GenColumn & { readonly ref: string })[];
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function mix(name: string, parts: readonly GenColumn[], flags: Partial<GenColumn>): GenColumn {
  return {
    name,
    origins: new Set(parts.flatMap((p) => [...p.origins])),
    agg: parts.some((p) => p.agg) || !!flags.agg,
    win: parts.some((p) => p.win) || !!flags.win,
    expr: parts.some((p) => p.expr) || !!flags.expr,
  };
}

function baseSource(rand: () => number): Source {
  if (rand() < 0.3) {
    const col = (alias: string, table: string) => (name: string) =>
      ({ name, ref: `${alias}.${name}`, origins: new Set([`${table}.${name}`]), agg: false, win: false, expr: false });
    return {
      from: 'raw.orders o join raw.customers c on o.customer_id = c.id',
      columns: [...SEEDS.orders!.map(col('o', 'orders')), ...SEEDS.customers!.filter((n) => n !== 'id').map(col('c', 'customers'))],
    };
  }
  const table = pick(rand, Object.keys(SEEDS));
  return {
    from: `raw.${table}`,
    columns: SEEDS[table]!.map((name) => ({ name, ref: name, origins: new Set([`${table}.${name}`]), agg: false, win: false, expr: false })),
  };
}

/** One SELECT over `source`: its SQL and its output columns. */
function step(rand: () => number, source: Source, counter: { n: number }): { sql: string; columns: GenColumn[] } {
  const cols = source.columns;
  const fresh = () => `c${++counter.n}`;
  if (rand() < 0.2) {
    const [group, measure] = [pick(rand, cols), pick(rand, cols)];
    const total = fresh();
    return {
      sql: `select ${group.ref} as ${group.name}, sum(${measure.ref}) as ${total} from ${source.from} group by all`,
      columns: [group, mix(total, [measure], { agg: true })],
    };
  }
  if (rand() < 0.15) {
    // UNION ALL: columns pair up by position and take the first branch's names.
    const width = 1 + Math.floor(rand() * 3);
    const left = Array.from({ length: width }, () => pick(rand, cols));
    const right = Array.from({ length: width }, () => pick(rand, cols));
    const names = left.map(() => fresh());
    return {
      sql: `select ${left.map((c, i) => `${c.ref} as ${names[i]}`).join(', ')} from ${source.from}
        union all select ${right.map((c) => c.ref).join(', ')} from ${source.from}`,
      columns: names.map((name, i) => mix(name, [left[i]!, right[i]!], {})),
    };
  }
  if (rand() < 0.15 && !source.from.includes(' join ') && cols.length > 1) {
    const dropped = pick(rand, cols);
    return { sql: `select * exclude (${dropped.name}) from ${source.from}`, columns: cols.filter((c) => c !== dropped) };
  }
  const items: string[] = [];
  const out: GenColumn[] = [];
  const used = new Set<string>();
  const add = (sql: string, column: GenColumn) => {
    if (used.has(column.name)) return;
    used.add(column.name);
    items.push(sql);
    out.push(column);
  };
  if (rand() < 0.3 && !source.from.includes(' join ')) for (const c of cols) add(c.ref, c);
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const [a, b] = [pick(rand, cols), pick(rand, cols)];
    const name = fresh();
    switch (Math.floor(rand() * 6)) {
      case 0: add(a.ref, a); break;
      case 1: add(`${a.ref} as ${name}`, { ...a, name }); break;
      case 2: add(`${a.ref} + ${b.ref} as ${name}`, mix(name, [a, b], { expr: true })); break;
      case 3: add(`case when ${a.ref} > 0 then ${b.ref} else 0 end as ${name}`, mix(name, [a, b], { expr: true })); break;
      case 4: add(`sum(${a.ref}) over (partition by ${b.ref}) as ${name}`, mix(name, [a, b], { win: true })); break;
      default: add(`42 as ${name}`, mix(name, [], {})); break;
    }
  }
  return { sql: `select ${items.join(', ')} from ${source.from}`, columns: out };
}

function expectedTransform(c: GenColumn): ColumnTransform {
  if (c.win) return 'window';
  if (c.agg) return 'aggregate';
  if (c.origins.size === 0) return 'constant';
  if (c.expr) return 'expression';
  return [...c.origins].every((o) => o.split('.')[1] === c.name) ? 'identity' : 'rename';
}

function generate(seed: number): { sql: string; columns: GenColumn[] } {
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const counter = { n: 0 };
  const ctes: string[] = [];
  let source = baseSource(rand);
  const depth = 1 + Math.floor(rand() * 4);
  for (let i = 1; i < depth; i++) {
    const { sql, columns } = step(rand, source, counter);
    const alias = `s${i}`;
    const from = rand() < 0.5 ? (ctes.push(`${alias} as (${sql})`), alias) : `(${sql}) as ${alias}`;
    source = { from, columns: columns.map((c) => ({ ...c, ref: rand() < 0.5 ? `${alias}.${c.name}` : c.name })) };
  }
  const last = step(rand, source, counter);
  return { sql: `${ctes.length > 0 ? `with ${ctes.join(', ')} ` : ''}${last.sql}`, columns: last.columns };
}

describe('computeColumnLineage over generated pipelines', () => {
  let warehouse: DuckDBWarehouse;
  let connection: Connection;

  beforeAll(async () => {
    warehouse = await DuckDBWarehouse.open({ name: 'test', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' }, '/tmp');
    connection = await warehouse.connection(0);
    await connection.execute(`CREATE SCHEMA raw;
      CREATE TABLE raw.orders (id INTEGER, customer_id INTEGER, amount INTEGER, qty INTEGER);
      CREATE TABLE raw.customers (id INTEGER, score INTEGER, age INTEGER);`);
  });
  afterAll(async () => warehouse.close());

  it('finds exactly the seed columns each output column derives from, and how', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const { sql, columns } = generate(seed);
        await connection.execute(`CREATE OR REPLACE VIEW main.generated AS ${sql}`);
        const actual = (await warehouse.getColumns({ schema: 'main', name: 'generated' })).map((c) => c.name);
        const nodes: TestNode[] = [
          ...Object.keys(SEEDS).map((t) => ({ id: seedId(t), relation: { schema: 'raw', name: t } })),
          { id: 'model.gen.generated', relation: { schema: 'main', name: 'generated' }, sql, dependsOn: Object.keys(SEEDS).map(seedId) },
        ];
        const catalog = testCatalog({ [seedId('orders')]: SEEDS.orders!, [seedId('customers')]: SEEDS.customers!, 'model.gen.generated': actual });
        const lineage = await computeColumnLineage({ manifest: testManifest(nodes), catalog, connection });
        const got = lineage.nodes['model.gen.generated']!.columns;
        const want = Object.fromEntries(columns.map((c) => [c.name, {
          upstream: [...c.origins].sort(),
          transform: expectedTransform(c),
        }]));
        const seen = Object.fromEntries(Object.entries(got).map(([name, e]) => [name, {
          upstream: e.upstream.map((u) => `${u.node.split('.').pop()}.${u.column}`).sort(),
          transform: e.transform,
        }]));
        expect(seen, sql).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});
