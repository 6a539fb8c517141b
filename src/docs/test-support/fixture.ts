/**
 * A small project written inline for docs tests: two seeds, a source, a silver and a gold model,
 * tests and run results, with the tables really created in DuckDB so the catalog and the
 * dashboard queries are real.
 */
import type { Connection } from '../../adapters/adapter.js';
import type {
  Catalog, CatalogEntry, Manifest, ManifestNode, ManifestSource, RunResult, RunResults,
} from '../../compile/manifest-types.js';
import type { SiteColumnLineage } from '../site-types.js';

const PROJECT = 'shop';

export function node(partial: Partial<ManifestNode> & { unique_id: string; name: string }): ManifestNode {
  const type = partial.unique_id.split('.')[0] as ManifestNode['resource_type'];
  const folder = partial.fqn?.slice(1, -1).join('/') ?? '';
  return {
    resource_type: type,
    package_name: PROJECT,
    path: `${folder ? `${folder}/` : ''}${partial.name}.sql`,
    original_file_path: `${type === 'seed' ? 'seeds' : type === 'test' ? 'tests' : 'models'}/${folder ? `${folder}/` : ''}${partial.name}.${type === 'seed' ? 'csv' : 'sql'}`,
    schema: 'main',
    alias: partial.name,
    relation_name: `"main"."${partial.name}"`,
    config: { enabled: true, materialized: type === 'seed' ? 'seed' : type === 'test' ? 'test' : 'table', tags: [], pre_hook: [], post_hook: [] },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    raw_code: '',
    language: 'sql',
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: '0' },
    fqn: [PROJECT, partial.name],
    ...partial,
  };
}

export function manifestOf(nodes: readonly ManifestNode[], sources: readonly ManifestSource[] = []): Manifest {
  const all = [...nodes.map((n) => [n.unique_id, n.depends_on.nodes] as const), ...sources.map((s) => [s.unique_id, [] as readonly string[]] as const)];
  const parent_map = Object.fromEntries(all);
  const child_map: Record<string, string[]> = Object.fromEntries(all.map(([id]) => [id, []]));
  for (const [id, parents] of all) for (const p of parents) child_map[p]?.push(id);
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', mdl_version: '0.1.0', project_name: PROJECT,
      generated_at: '2026-01-01T00:00:00Z', invocation_id: 'test', adapter_type: 'duckdb', target_name: 'dev',
    },
    nodes: Object.fromEntries(nodes.map((n) => [n.unique_id, n])),
    sources: Object.fromEntries(sources.map((s) => [s.unique_id, s])),
    macros: {},
    docs: {},
    parent_map,
    child_map,
  };
}

const SEED_ORDERS = 'seed.shop.raw_orders';
const SEED_CUSTOMERS = 'seed.shop.raw_customers';
const SOURCE_EVENTS = 'source.shop.web.events';
const ORDER_LINES = 'model.shop.order_lines';
const KPIS = 'model.shop.executive_kpis';

export const FIXTURE_IDS = { SEED_ORDERS, SEED_CUSTOMERS, SOURCE_EVENTS, ORDER_LINES, KPIS } as const;

const SQL: Readonly<Record<string, string>> = {
  [SEED_ORDERS]: `CREATE TABLE main.raw_orders AS SELECT * FROM (VALUES
    (1, 10, DATE '2024-01-05', 2, 30.0), (2, 11, DATE '2024-01-20', 1, 12.5),
    (3, 10, DATE '2024-02-03', 5, 8.0), (4, 12, DATE '2024-03-11', 3, 21.0)) t(order_id, customer_id, ordered_at, quantity, unit_price)`,
  [SEED_CUSTOMERS]: `CREATE TABLE main.raw_customers AS SELECT * FROM (VALUES (10, 'Ada', 'retail'), (11, 'Bo', 'wholesale'), (12, 'Cy', 'retail')) t(customer_id, name, segment)`,
  [SOURCE_EVENTS]: `CREATE TABLE main.events AS SELECT 1 AS event_id, 10 AS customer_id`,
  [ORDER_LINES]: `CREATE TABLE main.order_lines AS SELECT o.order_id, o.customer_id, c.segment, date_trunc('month', o.ordered_at) AS month,
    o.quantity * o.unit_price AS line_total FROM main.raw_orders o JOIN main.raw_customers c USING (customer_id)`,
  [KPIS]: `CREATE TABLE main.executive_kpis AS SELECT sum(line_total) AS total_revenue, count(DISTINCT order_id) AS total_orders FROM main.order_lines`,
};

export interface Fixture {
  readonly manifest: Manifest;
  readonly runResults: RunResults;
  readonly lineage: SiteColumnLineage;
}

export function fixture(): Fixture {
  const source: ManifestSource = {
    unique_id: SOURCE_EVENTS, resource_type: 'source', name: 'events', source_name: 'web', package_name: PROJECT,
    original_file_path: 'models/sources.yml', schema: 'main', identifier: 'events', relation_name: '"main"."events"',
    description: 'Raw web events.', source_description: 'The web tracker.', columns: {}, tags: [], fqn: [PROJECT, 'web', 'events'],
    meta: {}, config: { enabled: true },
  };
  const nodes = [
    node({ unique_id: SEED_ORDERS, name: 'raw_orders', config: { enabled: true, materialized: 'seed', tags: [], pre_hook: [], post_hook: [] } }),
    node({ unique_id: SEED_CUSTOMERS, name: 'raw_customers' }),
    node({
      unique_id: ORDER_LINES, name: 'order_lines', schema: 'main', fqn: [PROJECT, 'silver', 'order_lines'],
      description: 'One row per order line, **with revenue**.',
      columns: { line_total: { name: 'line_total', description: 'quantity × unit price' }, order_id: { name: 'order_id', description: 'The order.' } },
      raw_code: "select o.order_id, o.quantity * o.unit_price as line_total\nfrom {{ ref('raw_orders') }} o",
      compiled_code: SQL[ORDER_LINES],
      depends_on: { nodes: [SEED_ORDERS, SEED_CUSTOMERS, SOURCE_EVENTS], macros: [] },
    }),
    node({
      unique_id: KPIS, name: 'executive_kpis', fqn: [PROJECT, 'gold', 'executive_kpis'],
      description: 'Headline numbers for the *executive* dashboard.',
      columns: { total_revenue: { name: 'total_revenue', description: 'Sum of line totals.' } },
      raw_code: "select sum(line_total) as total_revenue from {{ ref('order_lines') }}", compiled_code: SQL[KPIS],
      depends_on: { nodes: [ORDER_LINES], macros: [] },
    }),
    node({
      unique_id: 'test.shop.not_null_executive_kpis_total_revenue', name: 'not_null_executive_kpis_total_revenue', relation_name: null,
      attached_node: KPIS, column_name: 'total_revenue', test_metadata: { name: 'not_null', kwargs: { column_name: 'total_revenue' } },
      depends_on: { nodes: [KPIS], macros: [] },
    }),
    node({
      unique_id: 'test.shop.unique_order_lines_order_id', name: 'unique_order_lines_order_id', relation_name: null,
      attached_node: ORDER_LINES, column_name: 'order_id', test_metadata: { name: 'unique', kwargs: { column_name: 'order_id' } },
      depends_on: { nodes: [ORDER_LINES], macros: [] },
    }),
  ];
  const result = (id: string, status: RunResult['status'], rows?: number, failures: number | null = null): RunResult => ({
    unique_id: id, status, execution_time: 0.05, thread_id: 'Thread-1', message: status === 'fail' ? `Got ${failures} results, configured to fail if != 0` : 'OK',
    failures, adapter_response: rows === undefined ? {} : { rows_affected: rows }, relation_name: null, compiled_code: null,
    timing: [{ name: 'execute', started_at: '2026-01-01T10:00:00Z', completed_at: '2026-01-01T10:00:01Z' }],
  });
  const runResults: RunResults = {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json', generated_at: '2026-01-01T10:00:02Z', invocation_id: 'test' },
    elapsed_time: 1.5,
    args: {},
    results: [
      result(SEED_ORDERS, 'success', 4), result(SEED_CUSTOMERS, 'success', 3), result(ORDER_LINES, 'success', 4), result(KPIS, 'success', 1),
      result('test.shop.not_null_executive_kpis_total_revenue', 'pass', undefined, 0),
      result('test.shop.unique_order_lines_order_id', 'fail', undefined, 2),
    ],
  };
  const col = (node: string, column: string) => ({ node, column });
  const lineage: SiteColumnLineage = {
    version: 1,
    nodes: {
      [ORDER_LINES]: {
        columns: {
          order_id: { upstream: [col(SEED_ORDERS, 'order_id')], transform: 'identity' },
          customer_id: { upstream: [col(SEED_ORDERS, 'customer_id')], transform: 'identity' },
          segment: { upstream: [col(SEED_CUSTOMERS, 'segment')], transform: 'identity' },
          month: { upstream: [col(SEED_ORDERS, 'ordered_at')], transform: 'expression' },
          line_total: { upstream: [col(SEED_ORDERS, 'quantity'), col(SEED_ORDERS, 'unit_price')], transform: 'expression' },
        },
      },
      [KPIS]: {
        columns: {
          total_revenue: { upstream: [col(ORDER_LINES, 'line_total')], transform: 'aggregate' },
          total_orders: { upstream: [col(ORDER_LINES, 'order_id')], transform: 'aggregate' },
        },
      },
    },
  };
  return { manifest: manifestOf(nodes, [source]), runResults, lineage };
}

/** Creates the fixture's tables and reads a dbt-shaped catalog back from DuckDB. */
export async function buildFixture(connection: Connection, manifest: Manifest): Promise<Catalog> {
  for (const id of [SEED_ORDERS, SEED_CUSTOMERS, SOURCE_EVENTS, ORDER_LINES, KPIS]) await connection.execute(SQL[id]!);
  const entry = async (id: string, name: string): Promise<CatalogEntry> => {
    const cols = await connection.query(`SELECT column_name, data_type, ordinal_position FROM information_schema.columns WHERE table_schema = 'main' AND table_name = '${name}' ORDER BY ordinal_position`);
    const count = await connection.query(`SELECT count(*) AS n FROM main.${name}`);
    return {
      unique_id: id,
      metadata: { type: 'BASE TABLE', schema: 'main', name },
      columns: Object.fromEntries(cols.map((c) => [String(c.column_name), { name: String(c.column_name), type: String(c.data_type), index: Number(c.ordinal_position) }])),
      stats: { row_count: { value: Number(count[0]!.n) } },
    };
  };
  const nodes: Record<string, CatalogEntry> = {};
  for (const n of Object.values(manifest.nodes)) if (n.resource_type !== 'test') nodes[n.unique_id] = await entry(n.unique_id, n.name);
  return {
    metadata: { generated_at: '2026-01-01T10:00:03Z', invocation_id: 'test' },
    nodes,
    sources: { [SOURCE_EVENTS]: await entry(SOURCE_EVENTS, 'events') },
  };
}

export const FIXTURE_DASHBOARD = `title: Sales overview
description: Revenue from the **fixture** project.
tiles:
  - title: Revenue
    sql: select total_revenue from {{ ref('executive_kpis') }}
    format: currency
  - title: Orders
    sql: select total_orders from {{ ref('executive_kpis') }}
    format: integer
charts:
  - title: Revenue by month
    type: line
    sql: select month, sum(line_total) as revenue from {{ ref('order_lines') }} group by 1 order by 1
    x: month
    y: revenue
    format: currency
  - title: Revenue by segment
    type: pie
    sql: select segment, sum(line_total) as revenue from {{ ref('order_lines') }} group by 1
    x: segment
    y: revenue
  - title: Orders by customer
    type: bar
    sql: select customer_id::varchar as customer, count(*) as orders from {{ ref('order_lines') }} group by 1 order by 2 desc
    x: customer
    y: orders
  - title: Lines
    type: table
    sql: select order_id, segment, line_total from {{ ref('order_lines') }} order by order_id
`;
