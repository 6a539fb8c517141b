import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Relation, Warehouse } from '../adapter.js';
import {
  deleteMatching,
  dropStaging,
  insertInto,
  insertOverwrite,
  mergeInto,
  sparkDialect as dialect,
  stageRows,
} from './dialect.js';
import { sparkEngine } from './index.js';
import { SPARK_TIMEOUT, sparkAvailable, sparkTestTarget } from './test-support/spark-server.js';

/** Every statement the dialect wrote for one step, run in order (as the executor would). */
async function runAll(connection: Connection, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await connection.execute(sql);
}

describe.skipIf(!sparkAvailable)('spark warehouse on Delta (real server)', () => {
  const target = sparkTestTarget('wh');
  const schema = target.schema;
  const rel = (name: string): Relation => ({ schema, name });
  let warehouse: Warehouse;
  let c: Connection;

  beforeAll(async () => {
    warehouse = await sparkEngine.open(target, process.cwd());
    c = await warehouse.connection(0);
    await c.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
    await c.execute(dialect.createSchema(schema));
    // Idempotent, as every model run asks for its schema.
    await c.execute(dialect.createSchema(schema));
  }, SPARK_TIMEOUT);

  afterAll(async () => {
    await c?.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`).catch(() => undefined);
    await warehouse?.close();
  }, SPARK_TIMEOUT);

  it('creates tables and views through the dialect and lists them with their kinds', async () => {
    await runAll(c, dialect.createTableAs(rel('customers'), "select 1 as id, 'Ada' as name", {}, false));
    await c.execute(dialect.createView(rel('customer_names'), `select name from ${dialect.relationName(rel('customers'))}`));
    const listed = await warehouse.listRelations([schema, 'mdl_schema_that_does_not_exist']);
    expect([...listed].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { schema, name: 'customer_names', kind: 'view' },
      { schema, name: 'customers', kind: 'table' },
    ]);
    expect(await warehouse.getColumns(rel('customers'))).toEqual([
      { name: 'id', dataType: 'int' },
      { name: 'name', dataType: 'string' },
    ]);
    expect(await c.query(`select * from ${dialect.relationName(rel('customer_names'))}`)).toEqual([{ name: 'Ada' }]);
    const [detail] = await c.query(`DESCRIBE DETAIL ${dialect.relationName(rel('customers'))}`);
    expect(detail?.['format']).toBe('delta');
  }, SPARK_TIMEOUT);

  it('keeps the previous table readable when a CREATE OR REPLACE fails mid-query', async () => {
    const table = dialect.relationName(rel('atomic'));
    await runAll(c, dialect.createTableAs(rel('atomic'), 'select id from range(3)', {}, true));
    // raise_error fails while rows are being written, after the statement has started.
    const failing = dialect.createTableAs(
      rel('atomic'),
      "select id, case when id = 5 then raise_error('boom in model') else id end as x from range(10)",
      {},
      true,
    );
    await expect(runAll(c, failing)).rejects.toThrow(/boom in model/);
    expect(await c.query(`select id from ${table} order by id`)).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
    const history = await c.query(`DESCRIBE HISTORY ${table}`);
    expect(history.map((h) => h['version'])).toEqual([0]);
    // A successful replace becomes a new Delta version, and a view over the table follows it.
    await c.execute(dialect.createView(rel('atomic_v'), `select count(*) as n from ${table}`));
    await runAll(c, dialect.createTableAs(rel('atomic'), 'select id from range(7)', {}, true));
    expect(await c.query(`select n from ${dialect.relationName(rel('atomic_v'))}`)).toEqual([{ n: 7 }]);
    const after = await c.query(`DESCRIBE HISTORY ${table}`);
    expect(after.map((h) => h['version'])).toEqual([1, 0]);
    expect(after[0]?.['operation']).toBe('CREATE OR REPLACE TABLE AS SELECT');
  }, SPARK_TIMEOUT);

  it('writes partitioned, Z-ordered Delta tables visible in DESCRIBE DETAIL and HISTORY', async () => {
    const table = dialect.relationName(rel('orders'));
    const statements = dialect.createTableAs(
      rel('orders'),
      "select id as order_id, id % 3 as customer_id, date_add(date'2024-01-01', cast(id % 2 as int)) as order_date from range(60)",
      { partitionBy: ['order_date'], zorderBy: ['customer_id'] },
      true,
    );
    await runAll(c, statements);
    const [detail] = await c.query(`DESCRIBE DETAIL ${table}`);
    expect(detail?.['partitionColumns']).toEqual(['order_date']);
    expect(detail?.['format']).toBe('delta');
    const history = await c.query(`DESCRIBE HISTORY ${table}`);
    const operations = history.map((h) => h['operation']);
    expect(operations).toEqual(['OPTIMIZE', 'CREATE OR REPLACE TABLE AS SELECT']);
    // Spark prints this map<string,string> without escaping the inner quotes (not JSON), so it
    // comes back as text.
    expect(history[0]?.['operationParameters']).toContain('"zOrderBy":"["customer_id"]"');
    expect(history[1]?.['operationParameters']).toContain('"partitionBy":"["order_date"]"');
    // max() of a DATE column: Delta's metadata-only answer breaks under the Thrift server unless
    // the session turns it off (SESSION_SETUP).
    expect(await c.query(`select max(order_date) as last from ${table}`)).toEqual([{ last: new Date('2024-01-02T00:00:00Z') }]);
    const partitions = await c.query(`select order_date, count(*) as n from ${table} group by order_date order by order_date`);
    expect(partitions).toEqual([
      { order_date: new Date('2024-01-01T00:00:00Z'), n: 30 },
      { order_date: new Date('2024-01-02T00:00:00Z'), n: 30 },
    ]);
  }, SPARK_TIMEOUT);

  it('runs the incremental strategies: append, merge on a key, insert_overwrite by partition, delete+insert', async () => {
    const events = rel('events');
    const table = dialect.relationName(events);
    await runAll(
      c,
      dialect.createTableAs(events, "select * from values (1, 'a', 'p1'), (2, 'b', 'p2') as t(id, v, part)", { partitionBy: ['part'] }, true),
    );
    await c.execute(insertInto(events, "select * from values (3, 'c', 'p2') as t(id, v, part)"));
    await c.execute(mergeInto(events, "select * from values (2, 'B', 'p2'), (4, 'd', 'p1') as t(id, v, part)", ['id']));
    const read = () => c.query(`select id, v, part from ${table} order by id, v`);
    expect(await read()).toEqual([
      { id: 1, v: 'a', part: 'p1' },
      { id: 2, v: 'B', part: 'p2' },
      { id: 3, v: 'c', part: 'p2' },
      { id: 4, v: 'd', part: 'p1' },
    ]);
    // Only partition p2 is replaced; p1 keeps its rows.
    await runAll(c, insertOverwrite(events, "select * from values (9, 'z', 'p2') as t(id, v, part)"));
    expect(await read()).toEqual([
      { id: 1, v: 'a', part: 'p1' },
      { id: 4, v: 'd', part: 'p1' },
      { id: 9, v: 'z', part: 'p2' },
    ]);
    const [mode] = await c.query('SET spark.sql.sources.partitionOverwriteMode');
    expect(mode?.['value']).toBe('STATIC');
    // delete+insert: staged rows replace every row with a matching key (several rows per key allowed).
    const staging = rel('events__mdl_new');
    await runAll(c, stageRows(staging, "select * from values (1, 'x1', 'p1'), (1, 'x2', 'p1'), (5, 'e', 'p2') as t(id, v, part)"));
    await c.execute(deleteMatching(events, staging, ['id']));
    await c.execute(insertInto(events, `select * from ${dialect.relationName(staging)}`));
    await c.execute(dropStaging(staging));
    expect(await read()).toEqual([
      { id: 1, v: 'x1', part: 'p1' },
      { id: 1, v: 'x2', part: 'p1' },
      { id: 4, v: 'd', part: 'p1' },
      { id: 5, v: 'e', part: 'p2' },
      { id: 9, v: 'z', part: 'p2' },
    ]);
    expect((await warehouse.listRelations([schema])).map((r) => r.name)).not.toContain('events__mdl_new');
  }, SPARK_TIMEOUT);

  it('renames and drops tables and views', async () => {
    await runAll(c, dialect.createTableAs(rel('to_rename'), 'select 1 as x', {}, true));
    await c.execute(dialect.createView(rel('view_to_rename'), 'select 1 as x'));
    await c.execute(dialect.renameRelation(rel('to_rename'), 'renamed', 'table'));
    await c.execute(dialect.renameRelation(rel('view_to_rename'), 'view_renamed', 'view'));
    let names = (await warehouse.listRelations([schema])).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['renamed', 'view_renamed']));
    expect(names).not.toEqual(expect.arrayContaining(['to_rename']));
    await c.execute(dialect.dropRelation(rel('renamed'), 'table'));
    await c.execute(dialect.dropRelation(rel('view_renamed'), 'view'));
    await c.execute(dialect.dropRelation(rel('never_existed'), 'table'));
    names = (await warehouse.listRelations([schema])).map((r) => r.name);
    expect(names).not.toEqual(expect.arrayContaining(['renamed']));
    expect(names).not.toEqual(expect.arrayContaining(['view_renamed']));
  }, SPARK_TIMEOUT);
});
