/**
 * Crash safety, short form of `npm run torture`: 10 builds of the example project killed with
 * SIGKILL at random moments, each followed by the checks in src/reliability/test-support/torture.ts. The first
 * test shows the checker itself catches a half-replaced table and a leftover staging relation,
 * so a zero below means something.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, test } from 'vitest';
import { runTorture } from './test-support/torture.js';
import { atomicityViolations, readWarehouseState, stateDifferences, temporaryRelations } from './test-support/warehouse-state.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function exec(path: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

describe('crash safety', () => {
  test('the checker sees a relation that is neither old nor new, a missing one and a staging leftover', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-state-'));
    temps.push(dir);
    const db = join(dir, 'w.duckdb');
    await exec(db, "CREATE SCHEMA gold; CREATE TABLE gold.t AS SELECT range AS id, 'v1' AS v, now() AS _ingested_at FROM range(5); CREATE VIEW gold.v AS SELECT * FROM gold.t; CREATE TABLE gold.u AS SELECT 1 AS x");
    const before = await readWarehouseState(db, ['_ingested_at']);
    await exec(db, "CREATE OR REPLACE TABLE gold.t AS SELECT range AS id, 'v2' AS v, now() AS _ingested_at FROM range(5)");
    const after = await readWarehouseState(db, ['_ingested_at']);
    expect(atomicityViolations(after, before, after)).toEqual([]);
    expect(atomicityViolations(before, before, after)).toEqual([]);
    // Half the rows replaced: neither state.
    await exec(db, "UPDATE gold.t SET v = 'v1' WHERE id < 2; DROP TABLE gold.u; CREATE TABLE gold.t__mdl_tmp AS SELECT 1 AS x");
    const torn = await readWarehouseState(db, ['_ingested_at']);
    const problems = atomicityViolations(torn, before, after);
    expect(problems.some((p) => p.startsWith('gold.t holds neither'))).toBe(true);
    expect(problems.some((p) => p.startsWith('gold.u is missing'))).toBe(true);
    expect(temporaryRelations(torn)).toEqual(['gold.t__mdl_tmp']);
    expect(stateDifferences(torn, after).length).toBeGreaterThan(0);
    // The volatile column is ignored; row order is not part of the content.
    await exec(db, "DROP TABLE gold.t__mdl_tmp; CREATE OR REPLACE TABLE gold.u AS SELECT 1 AS x; CREATE OR REPLACE TABLE gold.t AS SELECT id, v, now() + INTERVAL 1 DAY AS _ingested_at FROM (SELECT range AS id, 'v2' AS v FROM range(5)) ORDER BY id DESC");
    expect(stateDifferences(await readWarehouseState(db, ['_ingested_at']), after)).toEqual([]);
  });

  test('10 builds killed at random moments: no torn relation, no leftover, the next build matches', async () => {
    const report = await runTorture({ trials: 10, seed: Number(process.env.TORTURE_SEED ?? 20261126) });
    const violations = report.trials.flatMap((t) => t.violations.map((v) => `trial ${t.index} (kill after ${t.killAfterMs} ms, ${t.phase}): ${v}`));
    expect(violations).toEqual([]);
    // Most kills must land in a running build, or the test proves little.
    expect(report.killed).toBeGreaterThanOrEqual(7);
  }, 900_000);
});
