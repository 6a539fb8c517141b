import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => captureReporter().reporter;
const ORDERS = 'id,month,amount\n1,2024-01,10\n2,2024-01,20\n3,2024-02,5\n';

describe('materialized: external', () => {
  it('writes hive partitions, exposes a view downstream models read, and rewrites cleanly', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/orders.csv': ORDERS,
      'models/orders_export.sql': "{{ config(materialized='external', location='lake/orders', partition_by=['month'], compression='zstd') }}\nselect * from {{ ref('orders') }}",
      'models/monthly.sql': "{{ config(materialized='table') }}select month, sum(amount) as total from {{ ref('orders_export') }} group by month",
    });
    const outcome = await build({ projectDir: dir, reporter: quiet() });
    expect(outcome.results.map((r) => [r.name, r.status])).toEqual([['orders', 'success'], ['orders_export', 'success'], ['monthly', 'success']]);
    expect(outcome.results.find((r) => r.name === 'orders_export')?.rows).toBe(3);
    expect(readdirSync(join(dir, 'lake/orders')).sort()).toEqual(['month=2024-01', 'month=2024-02']);
    // Any reader sees the same data straight from the files.
    const files = join(dir, 'lake/orders/**/*.parquet');
    expect(await queryDb(warehouseOf(dir), `select month, count(*) as n from read_parquet('${files}', hive_partitioning = true) group by month order by month`))
      .toEqual([{ month: '2024-01', n: 2 }, { month: '2024-02', n: 1 }]);
    expect(await queryDb(warehouseOf(dir), 'select month, total from main.monthly order by month')).toEqual([{ month: '2024-01', total: 30 }, { month: '2024-02', total: 5 }]);
    expect(await queryDb(warehouseOf(dir), "select table_type from information_schema.tables where table_name = 'orders_export'")).toEqual([{ table_type: 'VIEW' }]);

    // A second build with a month gone leaves no stale partition behind.
    writeFiles(dir, { 'seeds/orders.csv': 'id,month,amount\n4,2024-03,7\n' });
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(0);
    expect(readdirSync(join(dir, 'lake/orders'))).toEqual(['month=2024-03']);
    expect(readdirSync(join(dir, 'lake')).sort()).toEqual(['orders']);
    expect(await queryDb(warehouseOf(dir), 'select month, total from main.monthly')).toEqual([{ month: '2024-03', total: 7 }]);
  });

  it('writes one compressed CSV by default location, and a failing query keeps the previous files', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/orders.csv': ORDERS,
      'models/orders_csv.sql': "{{ config(materialized='external', format='csv', compression='gzip') }}\nselect id, amount from {{ ref('orders') }}",
    });
    const first = await build({ projectDir: dir, reporter: quiet() });
    expect(first.results.map((r) => r.message)).toEqual(['INSERT 3', 'OK 3']);
    const file = join(dir, 'external/orders_csv.csv.gz');
    expect(existsSync(file)).toBe(true);
    expect(await queryDb(warehouseOf(dir), `select sum(amount) as total from read_csv('${file}', header = true)`)).toEqual([{ total: 35 }]);
    writeFiles(dir, { 'models/orders_csv.sql': "{{ config(materialized='external', format='csv', compression='gzip') }}\nselect id, amount / 0 as amount, error('boom') as x from {{ ref('orders') }}" });
    expect((await build({ projectDir: dir, reporter: quiet() })).exitCode).toBe(1);
    expect(await queryDb(warehouseOf(dir), 'select sum(amount) as total from main.orders_csv')).toEqual([{ total: 35 }]);
    expect(readdirSync(join(dir, 'external'))).toEqual(['orders_csv.csv.gz']);
  });

  it('rejects an unknown format or compression at compile time', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': "{{ config(materialized='external', format='delta') }}select 1 as id",
      'models/b.sql': "{{ config(materialized='external', compression='rar') }}select 1 as id",
    });
    const diagnostics = await diagnosticsOf(() => build({ projectDir: dir, reporter: quiet() }));
    expect(diagnostics.filter((d) => d.code === 'E_EXTERNAL_CONFIG').map((d) => `${d.file}: ${d.message}`)).toEqual([
      "models/a.sql: Unknown external format 'delta'.",
      "models/b.sql: Unknown parquet compression 'rar'.",
    ]);
  });
});
