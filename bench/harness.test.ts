/**
 * Proves the benchmark harness works: a quick run of one cheap workload writes the results JSON and
 * RESULTS.md with the expected fields. Benchmarks are not tests: nothing here asserts a time.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGoal, goal, measureCase, withRatio } from './lib/cases.js';
import { hasGnuTime } from './lib/measure.js';
import { renderResults } from './lib/report.js';
import { writeResults } from './lib/results-file.js';
import type { BenchResults, MeasurementRow } from './lib/types.js';
import { parseOptions, runBench } from './main.js';
import { writeBigProject } from './projects/big-project.js';

const scratch = mkdtempSync(join(tmpdir(), 'mdl-bench-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function row(name: string, median: number | null): MeasurementRow {
  return { name, command: name, status: 'ok', runs_s: median === null ? [] : [median], median_s: median, min_s: median, max_s: median, peak_rss_mb: 10 };
}

describe('bench harness', () => {
  it('runs the quick big-projects workload and writes the JSON and RESULTS.md with every field', async () => {
    const out = join(scratch, 'quick');
    const results = await runBench({ ...parseOptions(['--quick', '--only', 'big-projects', '--out', out]), build: false }, () => {});
    const files = readdirSync(join(out, 'results'));
    expect(files).toEqual([`${results.date}.json`]);
    const json = JSON.parse(readFileSync(join(out, 'results', files[0]!), 'utf8')) as BenchResults;
    expect(json.schema_version).toBe(1);
    expect(json.quick).toBe(true);
    expect(json.repetitions).toBe(1);
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(json.machine.memory_gib).toBeGreaterThan(0);
    expect(json.machine.node).toBe(process.version);
    expect(json.machine.duckdb).toMatch(/^v?\d+\.\d+/);
    expect(json.machine.mdl_commit).not.toBe('');
    expect(json.workloads.map((w) => w.id)).toEqual(['big-projects']);
    const workload = json.workloads[0]!;
    expect(['ok', 'failed', 'not-available']).toContain(workload.status);
    if (workload.status === 'ok') {
      // Quick mode: one size (50 models), ls and compile, cold and warm, one run each.
      expect(workload.rows).toHaveLength(4);
      for (const r of workload.rows) {
        expect(r.status).toBe('ok');
        expect(r.runs_s).toHaveLength(1);
        expect(typeof r.median_s).toBe('number');
        expect(r.min_s).toBe(r.max_s);
        expect(r.peak_rss_mb).toBeGreaterThan(0);
      }
      expect(workload.rows[1]!.ratio?.label).toBe('warm / cold');
    } else {
      expect(workload.reason).toBeTruthy();
    }
    const markdown = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(markdown).toContain('# mdl benchmark results');
    expect(markdown).toContain('| cores | memory |');
    expect(markdown).toContain('## Big projects: mdl ls and compile');
    expect(markdown).toContain(`Status: **${workload.status}**`);
  });

  it('measures a real child process: exit code, runs and peak memory', async () => {
    const ok = await measureCase({ name: 'node', display: 'node -e', command: process.execPath, args: ['-e', 'Buffer.alloc(64 * 1024 * 1024, 1)'], cwd: scratch, reps: 2 }, () => {});
    expect(ok.status).toBe('ok');
    expect(ok.runs_s).toHaveLength(2);
    expect(ok.peak_rss_mb).toBeGreaterThan(64);
    if (hasGnuTime()) expect(ok.cpu_median_s).toBeGreaterThan(0);
    const bad = await measureCase({ name: 'fails', display: 'node -e', command: process.execPath, args: ['-e', 'console.error("boom"); process.exit(3)'], cwd: scratch, reps: 2 }, () => {});
    expect(bad.status).toBe('failed');
    expect(bad.reason).toContain('exit 3');
    expect(bad.reason).toContain('boom');
    expect(bad.median_s).toBeNull();
  });

  it('forms ratios both ways and checks goals against the right figure', () => {
    const mdl = { ...row('mdl', 2), goal: goal('ratio', '>=', 20, 'dbt/mdl >= 20') };
    const dbt = row('dbt', 50);
    expect(withRatio(dbt, row('mdl', 2), 'dbt / mdl', 'row/ref').ratio?.value).toBe(25);
    const faster = withRatio(mdl, dbt, 'dbt / mdl', 'ref/row');
    expect(faster.ratio?.value).toBe(25);
    expect(faster.pass).toBe(true);
    expect(checkGoal({ ...row('slow', 1.6), goal: goal('median_s', '<=', 1.5, '<= 1.5 s') }).pass).toBe(false);
    expect(checkGoal({ ...row('none', null), goal: goal('median_s', '<=', 1.5, '<= 1.5 s') }).pass).toBeNull();
  });

  it('keeps other workloads of the day when only some are re-run', () => {
    const out = join(scratch, 'merge');
    const base = (ids: string[], median: number): BenchResults => ({
      schema_version: 1, date: '2026-01-02', started_at: '2026-01-02T08:00:00.000Z', finished_at: '2026-01-02T08:10:00.000Z',
      quick: false, repetitions: 3,
      machine: { hostname: 'h', os: 'Linux', cpu_model: 'cpu', cores: 2, memory_gib: 24, load_average_at_start: [0], node: 'v20', duckdb: 'v1.5', duckdb_node_api: '1.5', mdl_commit: 'abc', rss_method: 'x' },
      workloads: ids.map((id) => ({ id, title: id, description: '', status: 'ok', started_at: '2026-01-02T08:00:00.000Z', elapsed_s: 1, quick: false, mdl_commit: 'abc', rows: [row(`${id} row`, median)], notes: [] })),
    });
    writeResults(out, base(['a', 'b'], 1), ['a', 'b'], false);
    const { merged } = writeResults(out, base(['b'], 2), ['a', 'b'], true);
    expect(merged.workloads.map((w) => [w.id, w.rows[0]!.median_s])).toEqual([['a', 1], ['b', 2]]);
    expect(renderResults(merged)).toContain('| b row | 2.000 |');
  });

  it('writes a big project where each model has config(), two refs, a macro call and two tests', () => {
    const dir = join(scratch, 'big');
    const info = writeBigProject(dir, 120);
    expect(info).toMatchObject({ models: 120, tests: 240 });
    const sql = readFileSync(join(dir, 'models', 'g_001', 'm_00105.sql'), 'utf8');
    expect(sql).toMatch(/\{\{ config\(materialized='view'/);
    expect(sql.match(/\{\{ ref\('m_\d{5}'\) \}\}/g)).toHaveLength(2);
    expect(sql).toContain('bench_add(');
    const yml = readFileSync(join(dir, 'models', 'g_001', 'schema.yml'), 'utf8');
    expect(yml.match(/- name: m_\d{5}/g)).toHaveLength(20);
    expect(yml.match(/- unique/g)).toHaveLength(20);
    expect(yml.match(/- not_null/g)).toHaveLength(20);
    expect(readFileSync(join(dir, 'dbt_project.yml'), 'utf8')).toContain('config-version: 2');
    expect(readFileSync(join(dir, 'profiles.yml'), 'utf8')).toContain('type: duckdb');
    expect(readFileSync(join(dir, 'project.yml'), 'utf8')).toContain('targets:');
  });
});
