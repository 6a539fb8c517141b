import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from './index.js';
import { EXAMPLE_BUILD_TIME_COLUMNS, captureReporter, queryDb, warehouseOf } from '../test-support/project.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** The example project at the repository root, copied so the test never touches its target/. */
function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-example-'));
  copies.push(dir);
  for (const path of ['project.yml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots']) {
    if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  return dir;
}


async function contents(dir: string): Promise<Record<string, unknown>> {
  const relations = await queryDb(warehouseOf(dir), `select table_schema || '.' || table_name as r from information_schema.tables
    where table_schema not in ('information_schema', 'pg_catalog') order by 1`);
  const out: Record<string, unknown> = {};
  for (const { r } of relations) {
    const [schema, name] = String(r).split('.');
    // Audit columns differ between any two builds by design.
    const columns = await queryDb(warehouseOf(dir), `select column_name as c from information_schema.columns
      where table_schema = '${schema}' and table_name = '${name}' order by ordinal_position`);
    const kept = columns.map((c) => `"${String(c.c)}"`).filter((c) => !EXAMPLE_BUILD_TIME_COLUMNS.has(c.slice(1, -1)));
    out[String(r)] = await queryDb(warehouseOf(dir), `select ${kept.join(', ')} from "${schema}"."${name}" order by all`);
  }
  return out;
}

describe('the example project', () => {
  it('builds with every test passing, and --threads 1 and --threads 4 give identical tables', async () => {
    const one = copyExample();
    const four = copyExample();
    const a = await build({ projectDir: one, threads: 1, reporter: captureReporter().reporter });
    const failed = a.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.name}: ${r.status} ${r.message ?? ''}`);
    expect(failed).toEqual([]);
    expect(a.exitCode).toBe(0);
    expect(a.results.filter((r) => r.resource_type === 'test').length).toBeGreaterThan(0);
    const b = await build({ projectDir: four, threads: 4, reporter: captureReporter().reporter });
    expect(b.exitCode).toBe(0);
    const left = await contents(one);
    expect(Object.keys(left).length).toBeGreaterThan(0);
    expect(await contents(four)).toEqual(left);
  });
});
