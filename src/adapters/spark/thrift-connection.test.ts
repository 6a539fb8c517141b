import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Warehouse } from '../adapter.js';
import { literal } from './dialect.js';
import { SparkError } from './errors.js';
import { sparkEngine } from './index.js';
import { SPARK_TIMEOUT, sparkAvailable, sparkTestTarget } from './test-support/spark-server.js';

describe.skipIf(!sparkAvailable)('spark thrift connection (real server)', () => {
  let warehouse: Warehouse;
  let connection: Connection;

  beforeAll(async () => {
    warehouse = await sparkEngine.open(sparkTestTarget('conn'), process.cwd());
    connection = await warehouse.connection(0);
  }, SPARK_TIMEOUT);

  afterAll(async () => {
    await warehouse?.close();
  });

  it('connects and answers a query', async () => {
    const rows = await connection.query('select 1 as one, current_timezone() as tz');
    expect(rows).toEqual([{ one: 1, tz: 'UTC' }]);
  });

  it('gives the same connection to the same worker and another to another worker', async () => {
    expect(await warehouse.connection(0)).toBe(connection);
    const other = await warehouse.connection(1);
    expect(other).not.toBe(connection);
    expect(await other.query('select 2 as two')).toEqual([{ two: 2 }]);
  }, SPARK_TIMEOUT);

  it('maps Spark types to plain JS values', async () => {
    const [row] = await connection.query(`
      select
        true as bool, cast(7 as tinyint) as tiny, cast(300 as smallint) as small, 70000 as int,
        cast(9007199254740991 as bigint) as big_safe, cast(9223372036854775807 as bigint) as big_max,
        cast(-42 as bigint) as big_neg, cast(1234567.89 as decimal(12, 2)) as amount,
        cast(0.5 as float) as float, 2.25d as double, ${literal("it's \\ 'q'")} as text,
        date'2024-02-29' as day, timestamp'2024-02-29 13:14:15.123' as ts,
        cast(null as int) as nothing, array(1, 2) as list, map('k', 'v') as dict,
        named_struct('a', 1, 'b', 'x') as record, X'CAFE' as bytes`);
    expect(row).toEqual({
      bool: true,
      tiny: 7,
      small: 300,
      int: 70000,
      big_safe: 9007199254740991,
      big_max: '9223372036854775807',
      big_neg: -42,
      amount: 1234567.89,
      float: 0.5,
      double: 2.25,
      text: "it's \\ 'q'",
      day: new Date('2024-02-29T00:00:00Z'),
      ts: new Date('2024-02-29T13:14:15.123Z'),
      nothing: null,
      list: [1, 2],
      dict: { k: 'v' },
      record: { a: 1, b: 'x' },
      bytes: Buffer.from([0xca, 0xfe]),
    });
  });

  it("reads SQL-standard '' as two adjacent literals, which is why literal() escapes with \\", async () => {
    expect(await connection.query("select 'it''s' as s")).toEqual([{ s: 'its' }]);
  });

  it('returns every row of a result larger than one fetch', async () => {
    const rows = await connection.query('select id from range(25000) order by id');
    expect(rows).toHaveLength(25000);
    expect(rows[24999]).toEqual({ id: 24999 });
    expect(rows.filter((r, i) => r['id'] !== i)).toEqual([]);
  }, SPARK_TIMEOUT);

  it('queues concurrent calls on one connection', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => connection.query(`select ${n} as n`)));
    expect(results).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
  });

  it('reports Spark errors without Java wrapping, with the SQL state', async () => {
    const error = await connection.query('select * from no_such_schema_x.no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SparkError);
    const { message, sqlState } = error as SparkError;
    expect(message).toMatch(/^Spark statement failed: \[TABLE_OR_VIEW_NOT_FOUND\] The table or view/);
    expect(message).not.toMatch(/org\.apache|Exception|UnresolvedRelation/);
    expect(sqlState).toBe('42P01');
    const syntax = (await connection.query('select ((').catch((e: unknown) => e)) as SparkError;
    expect(syntax.message).toMatch(/PARSE_SYNTAX_ERROR/);
    expect(syntax.sqlState).toBe('42601');
  });

  it('masks MDL_SECRET_* values that Spark echoes back in an error', async () => {
    process.env['MDL_SECRET_SPARK_TEST'] = 'hunter2tablename';
    try {
      const error = (await connection.query('select * from hunter2tablename').catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
      expect(error.message).not.toContain('hunter2tablename');
      expect(error.message).toContain('****');
    } finally {
      delete process.env['MDL_SECRET_SPARK_TEST'];
    }
  });

  it('names host and port when no server answers, without the password', async () => {
    process.env['MDL_SECRET_SPARK_PW'] = 's3cr3t-pw';
    try {
      const target = sparkTestTarget('down', { port: 1, password: 's3cr3t-pw', user: 'someone' });
      const down = await sparkEngine.open(target, process.cwd());
      const error = (await down.connection(0).catch((e: unknown) => e)) as Error;
      await down.close();
      expect(error).toBeInstanceOf(SparkError);
      expect(error.message).toMatch(/Could not connect to Spark Thrift server at .+:1 \(target 'spark_test'\)/);
      expect(error.message).toMatch(/scripts\/spark\.sh start/);
      expect(JSON.stringify(error) + String(error.stack)).not.toContain('s3cr3t-pw');
    } finally {
      delete process.env['MDL_SECRET_SPARK_PW'];
    }
  });
});

// Needs no Spark: a local socket that accepts connections and never answers.
describe('spark thrift connection to a server that never answers', () => {
  it('gives up after connect_timeout instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const target = sparkTestTarget('silent', { host: '127.0.0.1', port, connect_timeout: 1 });
      const warehouse = await sparkEngine.open(target, process.cwd());
      const error = (await warehouse.connection(0).catch((e: unknown) => e)) as Error;
      await warehouse.close();
      expect(error).toBeInstanceOf(SparkError);
      expect(error.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*no session after 1s \\(connect_timeout\\)`));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
