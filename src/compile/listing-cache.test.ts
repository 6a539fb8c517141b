import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { list, type ListOptions } from '../api/compile.js';
import { captureReporter, cleanupProjects, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

/** Runs `ls` and returns its lines and what it reported on stderr. */
async function ls(dir: string, options: Omit<ListOptions, 'projectDir' | 'reporter'> = {}) {
  const { reporter, err } = captureReporter();
  const lines = await list({ projectDir: dir, reporter, ...options });
  return { lines, err: err() };
}

describe('ls output cache (target/ls_output.json)', () => {
  it('repeats the same ls from the cache, warnings included, and keys it on the arguments', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: b\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });
    const cold = await ls(dir, { select: ['nosuch'], output: 'name' });
    expect(cold.lines).toEqual([]);
    expect(cold.err).toContain("The selector 'nosuch' matched no nodes.");
    expect(existsSync(join(dir, 'target', 'ls_output.json'))).toBe(true);
    const warm = await ls(dir, { select: ['nosuch'], output: 'name' });
    expect(warm).toEqual(cold);

    // Other arguments are not answered from the last listing.
    expect((await ls(dir, { select: ['a+'], output: 'name' })).lines).toEqual(['a', 'b', 'not_null_b_id']);
    expect((await ls(dir, { select: ['a+'], output: 'path' })).lines).toEqual(['models/a.sql', 'models/b.sql', 'models/schema.yml']);
    expect((await ls(dir, { select: ['a+'], exclude: ['b'], output: 'name' })).lines).toEqual(['a']);
    expect((await ls(dir, { select: ['a+'], output: 'name', resourceTypes: ['test'] })).lines).toEqual(['not_null_b_id']);
    expect((await ls(dir)).lines).toEqual(['shop.a', 'shop.b', 'shop.not_null_b_id']);
    expect((await ls(dir)).lines).toEqual(['shop.a', 'shop.b', 'shop.not_null_b_id']);
  });

  it('sees a changed file, a new file, changed --vars and an unreadable cache', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nvars:\n  parent: a\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/m.sql': "select * from {{ ref(var('parent')) }}",
    });
    const parents = async (vars?: Record<string, unknown>) => (await ls(dir, { select: ['+m'], output: 'name', vars })).lines;
    expect(await parents()).toEqual(['a', 'm']);
    expect(await parents({ parent: 'b' })).toEqual(['b', 'm']);
    expect(await parents()).toEqual(['a', 'm']);
    writeFiles(dir, { 'models/m.sql': "select * from {{ ref('b') }} -- now b" });
    expect(await parents()).toEqual(['b', 'm']);
    writeFiles(dir, { 'models/c.sql': 'select 3 as id', 'models/m.sql': "select * from {{ ref('c') }}" });
    expect(await parents()).toEqual(['c', 'm']);
    writeFileSync(join(dir, 'target', 'ls_output.json'), '{"fingerprint": ');
    expect(await parents()).toEqual(['c', 'm']);
    expect(JSON.parse(readFileSync(join(dir, 'target', 'ls_output.json'), 'utf8')).lines).toEqual(['c', 'm']);
  });

  it('sees a changed environment variable, in a model or in a target setting of project.yml', async () => {
    const dir = writeProject({
      'project.yml': [
        'name: shop',
        'target: dev',
        'targets:',
        '  dev:',
        '    type: duckdb',
        "    schema: \"{{ env_var('MDL_TEST_LS_SCHEMA', 'main') }}\"",
        '',
      ].join('\n'),
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/m.sql': "select * from {{ ref(env_var('MDL_TEST_LS_PARENT', 'a')) }}",
      'models/only_main.sql': "{% if target.schema != 'main' %}{{ config(enabled=false) }}{% endif %}select 1 as id",
    });
    const names = async () => (await ls(dir, { output: 'name' })).lines;
    const parents = async () => (await ls(dir, { select: ['+m'], output: 'name' })).lines;
    expect(await parents()).toEqual(['a', 'm']);
    expect(await parents()).toEqual(['a', 'm']);
    process.env.MDL_TEST_LS_PARENT = 'b';
    try {
      expect(await parents()).toEqual(['b', 'm']);
    } finally {
      delete process.env.MDL_TEST_LS_PARENT;
    }
    expect(await parents()).toEqual(['a', 'm']);

    expect(await names()).toEqual(['a', 'b', 'm', 'only_main']);
    expect(await names()).toEqual(['a', 'b', 'm', 'only_main']);
    process.env.MDL_TEST_LS_SCHEMA = 'other';
    try {
      expect(await names()).toEqual(['a', 'b', 'm']);
    } finally {
      delete process.env.MDL_TEST_LS_SCHEMA;
    }
    expect(await names()).toEqual(['a', 'b', 'm', 'only_main']);
  });
});
