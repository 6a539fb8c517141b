import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Row } from '../adapter.js';
import { loadEngine } from '../registry.js';
import { build } from '../../api/index.js';
import { EXAMPLE_BUILD_TIME_COLUMNS, captureReporter } from '../../test-support/project.js';
import { sparkAvailable, sparkTestTarget } from './test-support/spark-server.js';

/**
 * The example pipeline at the repository root builds on Spark + Delta with every data test
 * passing, and its gold tables hold the same rows as on DuckDB (amounts to the cent).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the example with a `spark` target pointing at the test server (added if absent). */
function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-spark-example-'));
  dirs.push(dir);
  for (const path of ['project.yml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots']) {
    if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  const doc = parseDocument(readFileSync(join(dir, 'project.yml'), 'utf8'));
  const { host, port } = sparkTestTarget('example');
  doc.setIn(['targets', 'spark_parity'], { type: 'spark', host, port, schema: 'main', threads: 2 });
  writeFileSync(join(dir, 'project.yml'), doc.toString());
  return dir;
}

/** Values as both engines should agree on them: numbers to the cent, dates as ISO text. */
function normalize(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 100) / 100;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'string' && /^-?\d+\.\d+$/.test(value)) return Math.round(Number(value) * 100) / 100;
  return value;
}

function canonical(rows: readonly Row[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.keys(row)
            .filter((key) => !EXAMPLE_BUILD_TIME_COLUMNS.has(key)) // each engine's own build time
            .sort()
            .map((key) => [key, normalize(row[key])]),
        ),
      ),
    )
    .sort();
}

describe.skipIf(!sparkAvailable)('the example project on Spark (real server)', () => {
  it(
    'builds with every test passing and gold tables equal to DuckDB',
    async () => {
      const dir = copyExample();
      const onDuckdb = await build({ projectDir: dir, reporter: captureReporter().reporter });
      expect(onDuckdb.exitCode).toBe(0);
      const onSpark = await build({ projectDir: dir, target: 'spark_parity', reporter: captureReporter().reporter });
      const failed = onSpark.results
        .filter((r) => r.status !== 'success' && r.status !== 'pass')
        .map((r) => `${r.name}: ${r.status} ${r.message ?? ''}`);
      expect(failed).toEqual([]);
      expect(onSpark.exitCode).toBe(0);
      expect(onSpark.results.filter((r) => r.resource_type === 'test').length).toBeGreaterThan(0);

      const gold = Object.values(onSpark.compiled.manifest.nodes).filter(
        (n) => n.resource_type === 'model' && n.schema === 'gold' && n.config.materialized !== 'ephemeral',
      );
      expect(gold.length).toBeGreaterThan(0);
      const duckdb = await (await loadEngine('duckdb')).open(onDuckdb.compiled.target, dir);
      const spark = await (await loadEngine('spark')).open(onSpark.compiled.target, dir);
      try {
        const d = await duckdb.connection(0);
        const s = await spark.connection(0);
        for (const node of gold) {
          const relation = { schema: node.schema, name: node.alias };
          const left = await d.query(`select * from ${duckdb.dialect.relationName(relation)}`);
          const right = await s.query(`select * from ${spark.dialect.relationName(relation)}`);
          expect(left.length, node.name).toBeGreaterThan(0);
          expect(canonical(right), node.name).toEqual(canonical(left));
        }
        // The gold tables are Delta tables with history.
        const first = spark.dialect.relationName({ schema: gold[0]!.schema, name: gold[0]!.alias });
        const history = await s.query(`DESCRIBE HISTORY ${first}`);
        expect(history.length).toBeGreaterThan(0);
      } finally {
        await duckdb.close();
        await spark.close();
      }
    },
    45 * 60_000,
  );
});
