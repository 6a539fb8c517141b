import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBWarehouse } from './warehouse.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const target = { name: 'dev', type: 'duckdb', schema: 'main', threads: 2, path: 'warehouse.duckdb' };

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-duckdb-'));
  dirs.push(dir);
  return dir;
}

describe('DuckDB warehouse checkpoint in the background', () => {
  it('keeps every write, reads beside it, lets later writes wait, and leaves one complete database file', async () => {
    const dir = freshDir();
    const warehouse = await DuckDBWarehouse.open(target, dir);
    const a = await warehouse.connection(0);
    const b = await warehouse.connection(1);
    for (let i = 0; i < 20; i++) await a.execute(`create table t${i} as select range as id, 'row ' || range as name from range(${1000 * (i + 1)})`);
    warehouse.checkpointInBackground();
    warehouse.checkpointInBackground(); // a second call is a no-op
    // Reads carry on beside the checkpoint; a write started during it waits and is kept.
    const [counts] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, i) => b.query(`select count(*) as n from t${i}`))),
      a.execute('create table late as select * from t3'),
    ]);
    expect(counts.map((rows) => Number(rows[0]!.n))).toEqual(Array.from({ length: 20 }, (_, i) => 1000 * (i + 1)));
    await warehouse.close();

    const wal = join(dir, 'warehouse.duckdb.wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const reopened = await DuckDBWarehouse.open({ ...target, read_only: true }, dir);
    const rows = await (await reopened.connection(0)).query('select (select count(*) from t19) as t19, (select count(*) from late) as late');
    expect(rows).toEqual([{ t19: 20000, late: 4000 }]);
    await reopened.close();
  });

  it('is refused while another write is open, and close() still checkpoints', async () => {
    const dir = freshDir();
    const warehouse = await DuckDBWarehouse.open(target, dir);
    const a = await warehouse.connection(0);
    await a.execute('create table kept as select range as id from range(5000)');
    await a.execute('begin transaction');
    await a.execute('create table pending as select 1 as id');
    warehouse.checkpointInBackground();
    await a.execute('commit');
    await warehouse.close();
    const reopened = await DuckDBWarehouse.open({ ...target, read_only: true }, dir);
    const rows = await (await reopened.connection(0)).query('select (select count(*) from kept) as kept, (select count(*) from pending) as pending');
    expect(rows).toEqual([{ kept: 5000, pending: 1 }]);
    await reopened.close();
  });

  it('does nothing for an in-memory database', async () => {
    const warehouse = await DuckDBWarehouse.open({ ...target, path: ':memory:' }, freshDir());
    await (await warehouse.connection(0)).execute('create table t as select 1 as id');
    warehouse.checkpointInBackground();
    await warehouse.close();
  });
});

describe('DuckDB warehouse storage format', () => {
  async function storageVersion(dir: string, settings?: Record<string, string>): Promise<string> {
    const warehouse = await DuckDBWarehouse.open({ ...target, ...(settings ? { settings } : {}) }, dir);
    const rows = await (await warehouse.connection(0)).query(
      "select tags['storage_version'] as value from duckdb_databases() where database_name = current_database()",
    );
    await warehouse.close();
    return String(rows[0]?.value);
  }

  it('writes a new database file in the current format, keeps an existing file in its own, and lets the target choose', async () => {
    const fresh = freshDir();
    const current = await storageVersion(fresh);
    const old = freshDir();
    const compatible = await storageVersion(old, { storage_compatibility_version: 'v0.10.2' });
    // DuckDB 1.5 tags the formats 'v1.5.0+' and 'v1.0.0+' (the oldest it writes).
    expect(compatible).toBe('v1.0.0+');
    expect(current).not.toBe(compatible);
    expect(current).toMatch(/^v1\.([5-9]|\d\d)/);
    // Reopened with the default, the old file stays in its format (readable by old DuckDB versions).
    expect(await storageVersion(old)).toBe(compatible);
  });
});
