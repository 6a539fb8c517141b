import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, list } from '../api/index.js';
import { captureReporter, cleanupProjects, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

/**
 * A second `ls`/`compile` may reuse what the first learned (a cache under target/). Whatever it
 * reuses, the answers must be those of a cold run after any change.
 */
const quiet = () => captureReporter().reporter;

async function node(dir: string, name: string, vars?: Record<string, unknown>) {
  const lines = await list({ projectDir: dir, select: [name], resourceTypes: ['model'], output: 'json', reporter: quiet(), vars });
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as { config: Record<string, unknown>; depends_on: { nodes: string[] }; relation_name: string };
}

describe('repeated compiles see every change', () => {
  it('a changed ref, a changed macro, changed vars, a changed env var and changed folder configs', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nvars:\n  mat: view\n',
      'macros/conf.sql': "{% macro house_config() %}{{ config(tags=['v1']) }}{% endmacro %}",
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/m.sql': [
        "{{ house_config() }}",
        "{{ config(materialized=var('mat'), schema=env_var('MDL_TEST_WARM_SCHEMA', 'first')) }}",
        "select * from {{ ref('a') }}",
        '',
      ].join('\n'),
    });
    const cold = await node(dir, 'm');
    expect(cold.depends_on.nodes).toEqual(['model.shop.a']);
    expect(cold.config).toMatchObject({ materialized: 'view', tags: ['v1'] });
    expect(cold.relation_name).toBe('"first"."m"');
    expect(await node(dir, 'm')).toEqual(cold); // warm, nothing changed

    writeFiles(dir, { 'models/m.sql': readFileSync(join(dir, 'models/m.sql'), 'utf8').replace("ref('a')", "ref('b')") });
    expect((await node(dir, 'm')).depends_on.nodes).toEqual(['model.shop.b']);

    writeFiles(dir, { 'macros/conf.sql': "{% macro house_config() %}{{ config(tags=['v2']) }}{% endmacro %}" });
    expect((await node(dir, 'm')).config.tags).toEqual(['v2']);

    expect((await node(dir, 'm', { mat: 'table' })).config.materialized).toBe('table');
    expect((await node(dir, 'm')).config.materialized).toBe('view');

    process.env.MDL_TEST_WARM_SCHEMA = 'second';
    try {
      expect((await node(dir, 'm')).relation_name).toBe('"second"."m"');
    } finally {
      delete process.env.MDL_TEST_WARM_SCHEMA;
    }
    expect((await node(dir, 'm')).relation_name).toBe('"first"."m"');

    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  mat: view\nmodels:\n  +tags: [folder]\n' });
    expect((await node(dir, 'm')).config.tags).toEqual(['folder', 'v2']);
  });

  it('a file that breaks after a good compile is reported, and fixing it clears the error', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as id', 'models/b.sql': "select * from {{ ref('a') }}" });
    await compile({ projectDir: dir, reporter: quiet() });
    writeFiles(dir, { 'models/b.sql': "select * from {{ ref('aa') }}" });
    await expect(list({ projectDir: dir, reporter: quiet() })).rejects.toThrow("ref('aa')");
    writeFiles(dir, { 'models/b.sql': "select * from {{ ref('a') }}" });
    expect((await list({ projectDir: dir, reporter: quiet(), output: 'name' })).sort()).toEqual(['a', 'b']);
  });

  it('a new macro file is visible and a deleted model disappears', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as id', 'models/gone.sql': 'select 1' });
    expect((await list({ projectDir: dir, reporter: quiet(), output: 'name' })).sort()).toEqual(['a', 'gone']);
    rmSync(join(dir, 'models/gone.sql'));
    writeFiles(dir, { 'macros/new.sql': "{% macro mat() %}{{ config(materialized='table') }}{% endmacro %}", 'models/a.sql': '{{ mat() }}select 1 as id' });
    expect(await list({ projectDir: dir, reporter: quiet(), output: 'name' })).toEqual(['a']);
    expect((await node(dir, 'a')).config.materialized).toBe('table');
  });
});
