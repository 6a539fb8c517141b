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
