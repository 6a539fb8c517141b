import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireWriterLock } from '../execute/writer-lock.js';
import { cleanupProjects, queryDb, warehouseOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the real CLI in a child process (through tsx, so no build step is needed). */
function mdl(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const SHOP = {
  'project.yml': 'name: shop\nvars:\n  factor: 1\n',
  'seeds/raw.csv': 'id\n1\n2\n',
  'models/staging/stg.sql': "select id * {{ var('factor') }} as id from {{ ref('raw') }}",
  'models/marts/mart.sql': "{{ config(materialized='table') }}select * from {{ ref('stg') }}",
  'models/schema.yml': 'models:\n  - name: mart\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
};

describe('mdl CLI', () => {
  it('build exits 0 on success and prints a dbt-like log; --vars reach the models', () => {
    const dir = writeProject(SHOP);
    const { code, out } = mdl(['build', '--project-dir', dir, '--vars', '{factor: 10}', '--threads', '1']);
    expect(code).toBe(0);
    expect(out).toContain("Running 5 nodes on target 'dev' with 1 thread");
    expect(out).toMatch(/1 of 5 OK loaded seed main\.raw \.+ \[2 rows in \d+\.\d\ds\]/);
    expect(out).toMatch(/OK created table main\.mart \.+ \[2 rows in/);
    expect(out).toContain('Done. PASS=5 WARN=0 ERROR=0 SKIP=0 TOTAL=5');
    expect(existsSync(join(dir, 'target/run_results.json'))).toBe(true);
    return queryDb(warehouseOf(dir), 'select id from main.mart order by id').then((rows) => expect(rows).toEqual([{ id: 10 }, { id: 20 }]));
  });

  it('exits 1 when a test fails and 2 when the project cannot load (no stack trace)', () => {
    const dir = writeProject({ ...SHOP, 'seeds/raw.csv': 'id\n1\n1\n' });
    const failed = mdl(['build', '--project-dir', dir]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/FAIL unique_mart_id \.+ \[FAIL 1 in/);
    expect(failed.out).toContain('Failure in test unique_mart_id');

    writeFiles(dir, { 'models/marts/mart.sql': "select * from {{ ref('stgg') }}" });
    const broken = mdl(['run', '--project-dir', dir]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('Compilation Error in model mart (models/marts/mart.sql:1)');
    expect(broken.err).toContain("Did you mean 'stg'?");
    expect(broken.err + broken.out).not.toMatch(/\n\s+at .*\.ts:\d+/);
  });

  it('a template that breaks only on an incremental run is rejected before anything is written', async () => {
    // With a warehouse file the project renders once the warehouse is open (is_incremental() needs
    // it); a render error must still leave every table as it was.
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/events.sql': "{{ config(materialized='incremental') }}select 1 as id",
      'models/other.sql': "{{ config(materialized='table') }}select 'old' as v",
    });
    expect(mdl(['build', '--project-dir', dir]).code).toBe(0);
    writeFiles(dir, {
      'models/events.sql': "{{ config(materialized='incremental') }}select {% if is_incremental() %}{{ no_such_macro() }}{% else %}2{% endif %} as id",
      'models/other.sql': "{{ config(materialized='table') }}select 'new' as v",
    });
    const broken = mdl(['build', '--project-dir', dir]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('models/events.sql');
    expect(await queryDb(warehouseOf(dir), 'select v from main.other')).toEqual([{ v: 'old' }]);
    expect(await queryDb(warehouseOf(dir), 'select id from main.events')).toEqual([{ id: 1 }]);
    // The writer lock was released: the next build runs.
    writeFiles(dir, { 'models/events.sql': "{{ config(materialized='incremental') }}select 3 as id" });
    expect(mdl(['build', '--project-dir', dir]).code).toBe(0);
  });

  it('prints its version and a help that lists the commands and the selection flags', () => {
    const version = mdl(['--version']);
    expect(version.code).toBe(0);
    expect(version.out.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const help = mdl(['build', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--select', '--exclude', '--vars', '--target', '--threads', '--full-refresh', '--fail-fast', '--project-dir']) {
      expect(help.out).toContain(flag);
    }
  });

  it('exits 2 for bad arguments', () => {
    const dir = writeProject(SHOP);
    const vars = mdl(['compile', '--project-dir', dir, '--vars', '[1, 2]']);
    expect(vars.code).toBe(2);
    expect(vars.err).toContain('--vars must be a mapping');
    const threads = mdl(['run', '--project-dir', dir, '--threads', 'zero']);
    expect(threads.code).toBe(2);
    expect(threads.err).toContain('--threads zero is not a valid number.');
    const typo = mdl(['build', '--selct', 'x']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('(Did you mean --select?)');
    const noProject = mdl(['ls', '--project-dir', join(dir, 'models')]);
    expect(noProject.code).toBe(2);
    expect(noProject.err).toContain('No project.yml');
  });

  it('compile writes artifacts and ls prints names, paths and JSON', () => {
    const dir = writeProject(SHOP);
    const compiled = mdl(['compile', '--project-dir', dir]);
    expect(compiled.code).toBe(0);
    expect(readFileSync(join(dir, 'target/compiled/shop/models/marts/mart.sql'), 'utf8')).toBe('select * from "main"."stg"');
    expect(JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')).metadata.project_name).toBe('shop');
    const names = mdl(['ls', '--project-dir', dir, '--select', '+mart', '--resource-type', 'model', 'seed', '--output', 'name']);
    expect(names.code).toBe(0);
    expect(names.out.trim().split('\n').sort()).toEqual(['mart', 'raw', 'stg']);
    const paths = mdl(['ls', '--project-dir', dir, '-s', 'stg', '--output', 'path']);
    expect(paths.out.trim()).toBe('models/staging/stg.sql');
    const json = mdl(['ls', '--project-dir', dir, '-s', 'mart', '--exclude', 'test_type:generic', '--output', 'json']);
    expect(JSON.parse(json.out.trim())).toMatchObject({ unique_id: 'model.shop.mart', resource_type: 'model' });
    const none = mdl(['ls', '--project-dir', dir, '-s', 'nothing']);
    expect(none.code).toBe(0);
    expect(none.err).toContain("The selector 'nothing' matched no nodes.");
  });

  it('a second writer gets "in use by mdl (pid N)" while another mdl holds the warehouse', async () => {
    const dir = writeProject(SHOP);
    const release = await acquireWriterLock(warehouseOf(dir), 'build');
    try {
      const second = mdl(['run', '--project-dir', dir]);
      expect(second.code).toBe(2);
      expect(second.err).toContain(`warehouse.duckdb is in use by mdl (pid ${process.pid})`);
      expect(second.err).toContain('--wait');
    } finally {
      release();
    }
    expect(mdl(['seed', '--project-dir', dir]).code).toBe(0);
  });

  it('names the process holding DuckDB\'s own file lock', async () => {
    const dir = writeProject(SHOP);
    const instance = await DuckDBInstance.create(warehouseOf(dir));
    try {
      const blocked = mdl(['seed', '--project-dir', dir]);
      expect(blocked.code).toBe(2);
      expect(blocked.err).toMatch(new RegExp(`is locked by another process \\(.*pid ${process.pid}\\)`));
    } finally {
      instance.closeSync();
    }
  });

  it('never prints the value of an MDL_SECRET_ variable', () => {
    const dir = writeProject({ ...SHOP, 'models/leak.sql': "select '{{ env_var('MDL_SECRET_TOKEN') }}' as t, error('{{ env_var('MDL_SECRET_TOKEN') }}') as boom" });
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  factor: 1\nmodels:\n  +materialized: table\n' });
    const { code, out, err } = mdl(['run', '--project-dir', dir, '-s', 'leak'], { MDL_SECRET_TOKEN: 'hunter2-very-secret' });
    expect(code).toBe(1);
    expect(out + err).not.toContain('hunter2-very-secret');
    expect(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).not.toContain('hunter2-very-secret');
    expect(readFileSync(join(dir, 'target/compiled/shop/models/leak.sql'), 'utf8')).not.toContain('hunter2-very-secret');
    expect(readFileSync(join(dir, 'target/manifest.json'), 'utf8')).not.toContain('hunter2-very-secret');
  });
});
