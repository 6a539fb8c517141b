import { describe, expect, it } from 'vitest';
import {
  deleteMatching,
  dropStaging,
  insertInto,
  insertOverwrite,
  literal,
  mergeInto,
  quoteIdentifier,
  sparkDialect,
  stageRows,
} from './dialect.js';

// Golden files of the SQL the Spark dialect writes. Regenerate after an intended change with
// `npx vitest run src/adapters/spark/dialect.test.ts -u` and review the diff.
const golden = (name: string) => `./goldens/${name}.sql`;
const orders = { schema: 'gold', name: 'orders' } as const;
const select = 'select order_id, order_date, customer_id, amount\nfrom `silver`.`orders`';

describe('spark dialect', () => {
  it('quotes identifiers with backticks, doubling embedded backticks', () => {
    expect(quoteIdentifier('order id')).toBe('`order id`');
    expect(quoteIdentifier('we`ird')).toBe('`we``ird`');
    expect(sparkDialect.relationName({ schema: 'my schema', name: 'a`b' })).toBe('`my schema`.`a``b`');
  });

  it('escapes quotes and backslashes in string literals', () => {
    expect(literal("it's")).toBe("'it\\'s'");
    expect(literal('C:\\tmp')).toBe("'C:\\\\tmp'");
    expect(literal('')).toBe("''");
  });

  it('declares Delta capabilities', () => {
    expect(sparkDialect.capabilities).toEqual({
      transactionalDdl: false,
      atomicReplaceTable: true,
      merge: true,
      sortedWrites: false,
      partitionedTables: true,
      zorder: true,
      unsupportedMaterializations: ['snapshot', 'external'],
      fileIngestion: false,
    });
    expect(sparkDialect.stringType).toBe('string');
  });

  it('refuses to write transaction statements', () => {
    expect(() => sparkDialect.beginTransaction()).toThrow(/no transactions/);
    expect(() => sparkDialect.commit()).toThrow(/transactionalDdl/);
    expect(() => sparkDialect.rollback()).toThrow(/no transactions/);
  });

  it('writes schema, view, drop and rename DDL', async () => {
    const sql = [
      sparkDialect.createSchema('gold'),
      sparkDialect.createView({ schema: 'silver', name: 'orders_v' }, select),
      sparkDialect.dropRelation(orders, 'table'),
      sparkDialect.dropRelation({ schema: 'silver', name: 'orders_v' }, 'view'),
      sparkDialect.renameRelation(orders, 'orders_old', 'table'),
      sparkDialect.renameRelation({ schema: 'silver', name: 'orders_v' }, 'orders_v2', 'view'),
    ].join(';\n\n');
    await expect(sql + ';\n').toMatchFileSnapshot(golden('ddl'));
  });

  it('creates a plain Delta table, replacing atomically when asked', async () => {
    const create = sparkDialect.createTableAs(orders, select, {}, false);
    const replace = sparkDialect.createTableAs(orders, select, {}, true);
    expect(create).toHaveLength(1);
    await expect(create[0] + ';\n').toMatchFileSnapshot(golden('create-table'));
    await expect(replace.join(';\n\n') + ';\n').toMatchFileSnapshot(golden('replace-table'));
  });

  it('partitions, then Z-orders after the write; order_by writes nothing', async () => {
    const statements = sparkDialect.createTableAs(
      orders,
      select,
      { partitionBy: ['order_date'], zorderBy: ['customer_id', 'order_id'], orderBy: ['amount'] },
      true,
    );
    expect(statements).toHaveLength(2);
    await expect(statements.join(';\n\n') + ';\n').toMatchFileSnapshot(golden('partitioned-zorder'));
    const orderOnly = sparkDialect.createTableAs(orders, select, { orderBy: ['amount'] }, true);
    expect(orderOnly).toEqual(sparkDialect.createTableAs(orders, select, {}, true));
  });

  it('writes incremental statements: append, merge, insert_overwrite', async () => {
    const sql = [
      insertInto(orders, select),
      mergeInto(orders, select, ['order_id']),
      mergeInto(orders, select, ['order_id', 'order_date']),
      ...insertOverwrite(orders, select),
    ].join(';\n\n');
    await expect(sql + ';\n').toMatchFileSnapshot(golden('incremental'));
    expect(() => mergeInto(orders, select, [])).toThrow(/unique_key/);
  });

  it('stages new rows in a Delta table and deletes matches with MERGE (no DELETE subqueries)', async () => {
    const staging = { schema: 'gold', name: 'orders__mdl_new' };
    const sql = [
      ...stageRows(staging, select),
      deleteMatching(orders, staging, ['order_id', 'order_date']),
      deleteMatching(orders, staging, ['order_id'], ["DBT_INTERNAL_DEST.order_date > '2024-01-01'"]),
      insertInto(orders, `SELECT * FROM ${sparkDialect.relationName(staging)}`),
      dropStaging(staging),
    ].join(';\n\n');
    await expect(sql + ';\n').toMatchFileSnapshot(golden('delete-insert'));
    expect(() => deleteMatching(orders, staging, [])).toThrow(/unique_key/);
  });
});
