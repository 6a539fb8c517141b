import { afterAll, describe, expect, it } from 'vitest';
import { build, run } from '../api/index.js';
import { captureReporter, cleanupProjects, queryDb, warehouseOf, writeProject, type FileMap } from '../test-support/project.js';

afterAll(cleanupProjects);

/** A seed, eight independent staging tables, a diamond, and a view on top. */
function project(): FileMap {
  const files: Record<string, string> = {
    'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'seeds/nums.csv': `n\n${Array.from({ length: 50 }, (_, i) => i + 1).join('\n')}\n`,
  };
  for (let i = 1; i <= 8; i++) {
    files[`models/stage_${i}.sql`] = `select n, n * ${i} as v, 'stage_${i}' as src from {{ ref('nums') }} where n % ${i} = 0`;
  }
  files['models/left_side.sql'] = "select * from {{ ref('stage_1') }} union all select * from {{ ref('stage_2') }}";
  files['models/right_side.sql'] = "select * from {{ ref('stage_3') }} union all select * from {{ ref('stage_4') }}";
  files['models/diamond.sql'] = "select src, count(*) as c, sum(v) as s from (select * from {{ ref('left_side') }} union all select * from {{ ref('right_side') }}) group by src";
  files['models/top.sql'] = "{{ config(materialized='view') }}select sum(s) as total from {{ ref('diamond') }}";
  return files;
}

async function snapshot(dir: string): Promise<Record<string, unknown>> {
  const tables = await queryDb(warehouseOf(dir), "select table_name as t from information_schema.tables where table_schema = 'main' order by 1");
  const out: Record<string, unknown> = {};
  for (const { t } of tables) out[String(t)] = await queryDb(warehouseOf(dir), `select * from main."${String(t)}" order by all`);
  return out;
}

describe('parallel execution', () => {
  it('--threads 1 and --threads 4 build identical tables, parents always finishing before children', async () => {
    const one = writeProject(project());
    const four = writeProject(project());
    const a = await build({ projectDir: one, threads: 1, reporter: captureReporter().reporter });
    const b = await build({ projectDir: four, threads: 4, reporter: captureReporter().reporter });
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    const left = await snapshot(one);
    expect(Object.keys(left)).toHaveLength(13);
    expect(await snapshot(four)).toEqual(left);
    expect(new Set(a.results.map((r) => r.thread_id))).toEqual(new Set(['Thread-1']));
    expect(new Set(b.results.map((r) => r.thread_id)).size).toBe(4);
    for (const outcome of [a, b]) {
      const byId = new Map(outcome.results.map((r) => [r.unique_id, r]));
      for (const r of outcome.results) {
        for (const parent of outcome.compiled.manifest.nodes[r.unique_id]!.depends_on.nodes) {
          const p = byId.get(parent);
          if (p) expect(Date.parse(p.timing[0]!.completed_at) <= Date.parse(r.timing[0]!.started_at), `${parent} before ${r.unique_id}`).toBe(true);
        }
      }
    }
  });
});

describe('selection in execution', () => {
  it('runs only the selected nodes, excluding what --exclude names', async () => {
    const dir = writeProject(project());
    await build({ projectDir: dir, reporter: captureReporter().reporter, select: ['nums'] });
    const outcome = await run({ projectDir: dir, reporter: captureReporter().reporter, select: ['+left_side'], exclude: ['stage_2'] });
    expect(outcome.results.map((r) => r.name).sort()).toEqual(['left_side', 'stage_1']);
    // run never loads seeds, even when selected as a parent.
    expect(outcome.results.some((r) => r.resource_type === 'seed')).toBe(false);
    expect(outcome.exitCode).toBe(1); // stage_2 was never built, so left_side fails
    expect(outcome.results.find((r) => r.name === 'left_side')!.message).toContain('stage_2');
  });

  it('warns about a selector that matches nothing and runs nothing (exit 0)', async () => {
    const dir = writeProject(project());
    const captured = captureReporter();
    const outcome = await run({ projectDir: dir, reporter: captured.reporter, select: ['no_such_thing'] });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results).toEqual([]);
    expect(captured.err()).toContain("The selector 'no_such_thing' matched no nodes.");
  });
});
