import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Warehouse } from '../adapter.js';
import { parseCsv, seedStatements } from './csv.js';
import { sparkDialect as dialect } from './dialect.js';
import { sparkEngine } from './index.js';
import { SPARK_TIMEOUT, sparkAvailable, sparkTestTarget } from './test-support/spark-server.js';

describe.skipIf(!sparkAvailable)('spark CSV seeds (real server)', () => {
  const target = sparkTestTarget('seeds');
  const schema = target.schema;
  let warehouse: Warehouse;
  let c: Connection;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mdl-spark-seeds-'));
    warehouse = await sparkEngine.open(target, process.cwd());
    c = await warehouse.connection(0);
    await c.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
    await c.execute(dialect.createSchema(schema));
  }, SPARK_TIMEOUT);

  afterAll(async () => {
    await c?.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`).catch(() => undefined);
    await warehouse?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, SPARK_TIMEOUT);

  it('loads a CSV with inferred and explicit types, quotes and empty values', async () => {
    const path = join(dir, 'payments.csv');
    await writeFile(
      path,
      'payment_id,order_id,method,amount,paid_on,note\n' +
        '1,10,card,12.50,2024-01-02,"Smith, ""Ann"""\n' +
        "2,11,cash,7,2024-01-03,O'Brien\\x\n" +
        '3,,card,0.10,2024-01-04,\n',
    );
    const relation = { schema, name: 'payments' };
    const loaded = await warehouse.loadCsv(
      { path, relation, columnTypes: { AMOUNT: 'decimal(10,2)', order_id: 'int' } },
      c,
    );
    expect(loaded).toBe(3);
    expect(await warehouse.getColumns(relation)).toEqual([
      { name: 'payment_id', dataType: 'bigint' },
      { name: 'order_id', dataType: 'int' },
      { name: 'method', dataType: 'string' },
      { name: 'amount', dataType: 'decimal(10,2)' },
      { name: 'paid_on', dataType: 'date' },
      { name: 'note', dataType: 'string' },
    ]);
    expect(await c.query(`select * from ${dialect.relationName(relation)} order by payment_id`)).toEqual([
      { payment_id: 1, order_id: 10, method: 'card', amount: 12.5, paid_on: new Date('2024-01-02T00:00:00Z'), note: 'Smith, "Ann"' },
      { payment_id: 2, order_id: 11, method: 'cash', amount: 7, paid_on: new Date('2024-01-03T00:00:00Z'), note: "O'Brien\\x" },
      { payment_id: 3, order_id: null, method: 'card', amount: 0.1, paid_on: new Date('2024-01-04T00:00:00Z'), note: null },
    ]);
    const [sum] = await c.query(`select sum(amount) as total from ${dialect.relationName(relation)}`);
    expect(sum).toEqual({ total: 19.6 });

    // Loading again replaces the rows (a new Delta version), it does not append.
    await writeFile(path, 'payment_id,order_id,method,amount,paid_on,note\n9,1,card,1.00,2024-02-01,x\n');
    await warehouse.loadCsv({ path, relation, columnTypes: { amount: 'decimal(10,2)', order_id: 'int' } }, c);
    expect(await c.query(`select payment_id from ${dialect.relationName(relation)}`)).toEqual([{ payment_id: 9 }]);
  }, SPARK_TIMEOUT);

  it('loads in several batches through a staging table that it drops afterwards', async () => {
    const relation = { schema, name: 'many' };
    const text = 'id,label\n' + Array.from({ length: 50 }, (_, i) => `${i},row ${i}`).join('\n');
    const statements = seedStatements(relation, parseCsv(text), ['int', 'string'], 400);
    expect(statements.length).toBeGreaterThan(3);
    for (const sql of statements) await c.execute(sql);
    const [stats] = await c.query(
      `select count(*) as n, sum(id) as total, max(label) as last from ${dialect.relationName(relation)}`,
    );
    expect(stats).toEqual({ n: 50, total: 1225, last: 'row 9' });
    const names = (await warehouse.listRelations([schema])).map((r) => r.name);
    expect(names).toContain('many');
    expect(names.filter((n) => n.includes('mdl_seed_load'))).toEqual([]);
  }, SPARK_TIMEOUT);

  it('reports a column_types entry that is not in the header, naming the file', async () => {
    const path = join(dir, 'small.csv');
    await writeFile(path, 'a,b\n1,2\n');
    await expect(
      warehouse.loadCsv({ path, relation: { schema, name: 'small' }, columnTypes: { c: 'int' } }, c),
    ).rejects.toThrow(/small\.csv: column_types names 'c', not in the header \(a, b\)/);
  });
});
