import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../api/index.js';
import { captureReporter, cleanupProjects, readJson, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

let dir: string;
let results: Record<string, any>;
let file: any;

beforeAll(async () => {
  dir = writeProject({
    'project.yml': 'name: shop\n',
    'seeds/raw.csv': 'id\n1\n2\n',
    'models/good.sql': "{{ config(materialized='table') }}select * from {{ ref('raw') }}",
    'models/bad.sql': "{{ config(materialized='table') }}select missing_column from {{ ref('raw') }}",
    'models/after_bad.sql': "select * from {{ ref('bad') }}",
    'models/schema.yml': 'models:\n  - name: good\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
    'tests/always_fails.sql': "select * from {{ ref('good') }}",
  });
  const outcome = await build({ projectDir: dir, reporter: captureReporter().reporter, threads: 2 });
  expect(outcome.exitCode).toBe(1);
  file = readJson(dir, 'target/run_results.json');
  results = Object.fromEntries(file.results.map((r: any) => [r.unique_id, r]));
});

describe('target/run_results.json', () => {
  it('has dbt top-level fields', () => {
    expect(file.metadata.dbt_schema_version).toContain('run-results');
    expect(file.metadata.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof file.elapsed_time).toBe('number');
    expect(file.args).toMatchObject({ which: 'build', threads: 2, target: 'dev' });
    expect(Object.keys(results).sort()).toEqual([
      'model.shop.after_bad', 'model.shop.bad', 'model.shop.good', 'seed.shop.raw',
      'test.shop.always_fails', 'test.shop.not_null_good_id', 'test.shop.unique_good_id',
    ]);
  });

  it('records every field for a successful table', () => {
    const good = results['model.shop.good'];
    expect(Object.keys(good).sort()).toEqual([
      'adapter_response', 'compiled_code', 'execution_time', 'failures', 'message', 'relation_name', 'status', 'thread_id', 'timing', 'unique_id',
    ]);
    expect(good).toMatchObject({
      status: 'success', relation_name: '"main"."good"', failures: null,
      adapter_response: { rows_affected: 2 }, compiled_code: 'select * from "main"."raw"',
    });
    expect(good.thread_id).toMatch(/^Thread-[12]$/);
    expect(good.execution_time).toBeGreaterThanOrEqual(0);
    expect(good.timing).toHaveLength(1);
    expect(good.timing[0].name).toBe('execute');
    expect(Date.parse(good.timing[0].started_at)).toBeLessThanOrEqual(Date.parse(good.timing[0].completed_at));
    expect(results['seed.shop.raw']).toMatchObject({ status: 'success', adapter_response: { rows_affected: 2 } });
  });

  it('records errors, skips and test outcomes with dbt statuses', () => {
    expect(results['model.shop.bad'].status).toBe('error');
    expect(results['model.shop.bad'].message).toContain('missing_column');
    expect(results['model.shop.after_bad']).toMatchObject({ status: 'skipped', execution_time: 0 });
    expect(results['test.shop.unique_good_id']).toMatchObject({ status: 'pass', failures: 0, relation_name: null });
    expect(results['test.shop.always_fails']).toMatchObject({ status: 'fail', failures: 2 });
    expect(results['test.shop.always_fails'].message).toContain('Got 2 results');
  });

  it('writes the manifest beside it', () => {
    const manifest = readJson(dir, 'target/manifest.json');
    expect(manifest.metadata.invocation_id).toBe(file.metadata.invocation_id);
  });
});
