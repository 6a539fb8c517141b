import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../adapter.js';
import { loadDialect } from '../registry.js';
import { build, run, type ExecuteOutcome } from '../../api/index.js';
import { captureReporter, cleanupProjects, writeProject } from '../../test-support/project.js';
import { contractProject } from './contract-project.js';
import { ENGINES, Reader, type ContractEngine } from './engines.js';

/**
 * The adapter contract: one project (contract-project.ts) built through the API on every engine,
 * each case asserting rows read back from the engine. Compile-time refusals are in
 * refusals.test.ts (they need no server).
 */

afterAll(cleanupProjects);

/** Spark statements take seconds each on a shared 2-core machine. */
const TIMEOUT = 600_000;

/**
 * Cases the suite found failing on an engine, outside src/adapters (reported to the owner). They
 * run as `it.fails`: the day the bug is fixed the case "passes unexpectedly" and fails the
 * suite, so this entry gets removed.
 */
const KNOWN_ISSUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

for (const engine of ENGINES) {
  // Loud on purpose: a silently skipped engine looks like a passing one.
  if (engine.skipReason) console.warn(`[contract] ${engine.type}: ${engine.skipReason}`);
  for (const [name, why] of Object.entries(KNOWN_ISSUES[engine.type] ?? {})) console.warn(`[contract] ${engine.type}: KNOWN ISSUE, expected to fail: ${name}: ${why}`);
}

describe.each(ENGINES)('adapter contract on $type', (engine: ContractEngine) => {
  const schema = `mdl_contract_${process.pid}`;
  const target: TargetConfig = engine.target(schema);
  let dir = '';
  let first: ExecuteOutcome;
  let q = (name: string) => name;
  let reader: Reader;
  const rows = (sql: string) => reader.rows(sql);
  const status = (outcome: ExecuteOutcome, name: string) => {
    const result = outcome.results.find((r) => r.name === name);
    return result ? [result.status, result.failures ?? null] : 'not run';
  };

  beforeAll(async () => {
    if (engine.skipReason) return;
    await engine.ready();
    const dialect = await loadDialect(engine.type);
    q = (name: string) => dialect.relationName({ schema, name });
    dir = writeProject(contractProject(target));
    reader = new Reader(engine, target, dir);
    // A schema left by a killed run of the same pid would turn first builds into incremental ones.
    await reader.executeQuietly([`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`]);
    first = await build({ projectDir: dir, reporter: captureReporter().reporter });
  }, TIMEOUT);

  afterAll(async () => {
    if (engine.skipReason || !reader) return;
    // DuckDB's file goes with the temp project; a server keeps schemas until dropped.
    if (engine.server) {
      const dialect = await loadDialect(engine.type);
      await reader.executeQuietly([schema, `${schema}_audit`].map((s) => `DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(s)} CASCADE`));
    }
    await reader.close();
  }, TIMEOUT);

  describe.skipIf(Boolean(engine.skipReason))('first build', { timeout: TIMEOUT }, () => {
    it('builds every seed and model without error', () => {
      const broken = first.results
        .filter((r) => r.resource_type !== 'test' && r.status !== 'success')
        .map((r) => `${r.name}: ${r.status} ${r.message ?? ''}`);
      expect(broken).toEqual([]);
      const built = first.results.filter((r) => r.resource_type !== 'test').map((r) => r.name).sort();
      expect(built).toEqual([
        'audit_rows', 'base_rows', 'codes', 'from_ephemeral', 'from_source', 'group', 'inc_append', 'inc_delete_insert', 'inc_merge',
        'inc_merge_composite', 'inc_merge_dupes', 'inc_new_column', 'inc_overwrite', 'no_rows', 'order', 'people', 'people_notes', 'people_table', 'types',
      ]);
    });

    it('view, table and ephemeral: rows read back, the ephemeral builds no relation', async () => {
      expect(await rows(`select id, name from ${q('base_rows')} order by id`)).toEqual([
        { id: 1, name: 'Ada' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Zoë' }, { id: 4, name: null },
      ]);
      expect(await rows(`select count(*) as n from ${q('people_table')}`)).toEqual([{ n: 4 }]);
      expect(await rows(`select n, last from ${q('from_ephemeral')}`)).toEqual([{ n: 2, last: 'Bob' }]);
      expect(await rows(`select n from ${q('from_source')}`)).toEqual([{ n: 4 }]);
      const kinds = await reader.relationKinds(schema);
      expect(kinds).toMatchObject({ base_rows: 'view', people_table: 'table', from_ephemeral: 'view', types: 'table', order: 'table', group: 'view' });
      expect(kinds['first_two']).toBeUndefined();
    });

    it('seeds: quotes, commas, backslashes, unicode; empty fields are NULL; column_types applied', async () => {
      expect(await rows(`select * from ${q('people')} order by id`)).toEqual([
        { id: 1, name: 'Ada', note: 'Smith, "Ann"', score: 1.5, joined: new Date('2024-01-02T00:00:00Z'), select: 'x' },
        { id: 2, name: 'Bob', note: "O'Brien C:\\temp", score: null, joined: new Date('2024-01-03T00:00:00Z'), select: 'y' },
        { id: 3, name: 'Zoë', note: 'naïve ☃ 日本', score: 2.25, joined: null, select: 'z' },
        { id: 4, name: null, note: null, score: 3, joined: new Date('2024-01-05T00:00:00Z'), select: null },
      ]);
      const types = await reader.columnTypes(schema, 'people');
      expect(types['score']).toBe('decimal(10,2)');
      expect(types['joined']).toBe('date');
      expect(await rows(`select sum(score) as total from ${q('people')}`)).toEqual([{ total: 6.75 }]);
    });

    it('seeds: inferred types match across engines (leading zeros kept, int64 exact, booleans, timestamps); a space in a header; no rows', async () => {
      expect(await rows(`select * from ${q('codes')} order by code`)).toEqual([
        { code: '007', n: '9223372036854775807', flag: true, at: new Date('2024-01-02T03:04:05Z'), 'unit amount': 1.5 },
        { code: '010', n: -1, flag: false, at: new Date('2024-02-29T23:59:59Z'), 'unit amount': 2 },
      ]);
      const types = await reader.columnTypes(schema, 'codes');
      // The engines' names for one type family: DuckDB's varchar is Spark's string.
      expect(Object.values(types).map((t) => (t === 'varchar' ? 'string' : t))).toEqual(['string', 'bigint', 'boolean', 'timestamp', 'double']);
      expect(await rows(`select count(*) as n from ${q('no_rows')}`)).toEqual([{ n: 0 }]);
      const empty = await reader.columnTypes(schema, 'no_rows');
      expect(Object.entries(empty).map(([k, t]) => [k, t === 'varchar' ? 'string' : t])).toEqual([['id', 'string'], ['name', 'string']]);
    });

    it('type mapping: integer, bigint, decimal(18,2) to the cent, double, boolean, date, timestamp, string', async () => {
      expect(await rows(`select * from ${q('types')}`)).toEqual([{
        int_col: 2147483647,
        bigint_col: 9007199254740991,
        decimal_col: 1234567890123.45,
        double_col: 0.5,
        bool_col: true,
        date_col: new Date('2024-02-29T00:00:00Z'),
        ts_col: new Date('2024-02-29T13:45:30Z'),
        ts_ms_col: new Date('2024-02-29T13:45:30.123Z'),
        negative_cent_col: -0.01,
        string_col: 'it\'s "q" naïve ☃ 日本',
      }]);
      expect(await rows(`select cast(decimal_col * 100 as bigint) as cents from ${q('types')}`)).toEqual([{ cents: 123456789012345 }]);
      const types = await reader.columnTypes(schema, 'types');
      expect(types['decimal_col']).toBe('decimal(18,2)');
      expect([types['int_col'], types['bigint_col'], types['double_col'], types['bool_col'], types['date_col']])
        .toEqual(engine.type === 'spark' ? ['int', 'bigint', 'double', 'boolean', 'date'] : ['integer', 'bigint', 'double', 'boolean', 'date']);
    });

    it('quoting: reserved words as relation and column names, mixed case, a dash (also in partition_by, zorder_by, order_by), a space (view)', async () => {
      expect(await rows(`select * from ${q('order')}`)).toEqual([{ from: 1, MixedCase: 'x', 'a-b': 2, select: 'x' }]);
      expect(await rows(`select * from ${q('group')}`)).toEqual([{ 'has space': 1 }]);
      expect(status(first, 'order_from_not_null')).toEqual(['pass', 0]);
      expect(status(first, 'codes_unit_amount_not_null')).toEqual(['pass', 0]);
    });

    it('data tests: each type passes or fails with its failure count; severity warn; a custom generic and singular tests', () => {
      const expected: Record<string, unknown> = {
        people_id_not_null: ['pass', 0],
        people_id_unique: ['pass', 0],
        people_id_in_seed: ['pass', 0],
        people_name_known: ['pass', 0],
        assert_people_ids_positive: ['pass', 0],
        audit_id_not_null: ['fail', 1],
        audit_id_unique: ['fail', 1],
        audit_status_known: ['fail', 1],
        audit_status_warn: ['warn', 1],
        audit_person_exists: ['fail', 1],
        audit_person_at_most_2: ['fail', 1],
        assert_no_weird_status: ['fail', 1],
      };
      expect(Object.fromEntries(Object.keys(expected).map((name) => [name, status(first, name)]))).toEqual(expected);
      expect(first.exitCode).toBe(1);
    });

    const knownIssue = (name: string) => (KNOWN_ISSUES[engine.type]?.[name] ? it.fails : it);
    knownIssue('accepted_values quoting')('accepted_values compares values holding a quote, a backslash, a comma and unicode', () => {
      expect(status(first, 'people_note_known')).toEqual(['pass', 0]);
    });

    it('store_failures keeps the failing rows in <schema>_audit', async () => {
      const dialect = await loadDialect(engine.type);
      const audit = dialect.relationName({ schema: `${schema}_audit`, name: 'audit_person_exists' });
      expect(await rows(`select * from ${audit}`)).toEqual([{ from_field: 99 }]);
    });
  });

  describe.skipIf(Boolean(engine.skipReason))('later runs', { timeout: TIMEOUT }, () => {
    it('incremental append (is_incremental() over {{ this }}), merge (single and composite key), delete+insert, insert_overwrite and append_new_columns apply the next batch; merge refuses duplicate keys', async () => {
      const outcome = await run({
        projectDir: dir, reporter: captureReporter().reporter, vars: { batch: 2 },
        select: ['inc_append', 'inc_merge', 'inc_merge_composite', 'inc_delete_insert', 'inc_overwrite', 'inc_new_column', 'inc_merge_dupes'],
      });
      expect(outcome.results.map((r) => `${r.name}: ${r.status}`).sort()).toEqual([
        'inc_append: success', 'inc_delete_insert: success', 'inc_merge: success', 'inc_merge_composite: success',
        'inc_merge_dupes: error', 'inc_new_column: success', 'inc_overwrite: success',
      ]);
      // Each reports the rows of its batch, on every engine.
      const written = Object.fromEntries(outcome.results.filter((r) => r.status === 'success').map((r) => [r.name, [r.rows, r.message]]));
      expect(written).toMatchObject({ inc_append: [1, 'OK 1'], inc_merge: [2, 'OK 2'], inc_delete_insert: [1, 'OK 1'], inc_overwrite: [2, 'OK 2'] });
      expect(await rows(`select id, day from ${q('inc_overwrite')} order by id`)).toEqual([{ id: 1, day: 1 }, { id: 5, day: 2 }, { id: 6, day: null }]);
      expect(outcome.results.find((r) => r.name === 'inc_merge_dupes')?.message).toMatch(/1 unique_key value \(id\) appears more than once/);
      expect(await rows(`select id, v from ${q('inc_append')} order by id`)).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
      expect(await rows(`select id, v from ${q('inc_merge')} order by id`)).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 3, v: 'c' }]);
      expect(await rows(`select k1, k2, n from ${q('inc_merge_composite')} order by k1, k2`)).toEqual([
        { k1: 1, k2: 'x', n: 10 }, { k1: 1, k2: 'y', n: 21 }, { k1: 2, k2: 'x', n: 30 },
      ]);
      expect(await rows(`select k, v from ${q('inc_delete_insert')} order by k, v`)).toEqual([{ k: 1, v: 'z' }, { k: 2, v: 'c' }]);
      expect(await rows(`select id, v, w from ${q('inc_new_column')} order by id`)).toEqual([{ id: 1, v: 'a', w: null }, { id: 2, v: 'b', w: 'x' }]);
      expect(await rows(`select id, v from ${q('inc_merge_dupes')}`)).toEqual([{ id: 1, v: 'a' }]);
      expect(await reader.relationKinds(schema)).not.toHaveProperty('inc_merge_dupes__mdl_new');
    });

    it('--full-refresh rebuilds an incremental model from its query; a failing model leaves the previous table readable; a view becomes a table and a table a view', async () => {
      const outcome = await run({
        projectDir: dir, reporter: captureReporter().reporter, fullRefresh: true,
        vars: { batch: 3, fail_people: true, base_rows_as: 'table', types_as: 'view' },
        select: ['inc_append', 'people_table', 'base_rows', 'types'],
      });
      expect(['inc_append', 'base_rows', 'types'].map((name) => status(outcome, name))).toEqual([['success', null], ['success', null], ['success', null]]);
      const failed = outcome.results.find((r) => r.name === 'people_table');
      expect(failed?.status).toBe('error');
      expect(failed?.message).toMatch(/boom in people_table/);
      expect(outcome.exitCode).toBe(1);
      expect(await rows(`select id, v from ${q('inc_append')} order by id`)).toEqual([{ id: 3, v: 'c' }, { id: 4, v: 'd' }]);
      expect(await rows(`select id, name from ${q('people_table')} order by id`)).toEqual([
        { id: 1, name: 'Ada' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Zoë' }, { id: 4, name: null },
      ]);
      expect(await reader.relationKinds(schema)).toMatchObject({ base_rows: 'table', types: 'view', people_table: 'table' });
      expect(await rows(`select count(*) as n from ${q('base_rows')}`)).toEqual([{ n: 4 }]);
      expect(await rows(`select decimal_col, ts_col from ${q('types')}`)).toEqual([{ decimal_col: 1234567890123.45, ts_col: new Date('2024-02-29T13:45:30Z') }]);
    });
  });
});
