import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupProjects, writeFiles, writeProject } from '../test-support/project.js';
import { compileProject } from './compile.js';

afterAll(cleanupProjects);

const base = {
  'project.yml': 'name: shop\nvars:\n  parent: a\n',
  'macros/pick.sql': "{% macro pick() %}{{ ref('a') }}{% endmacro %}\n",
  'models/a.sql': 'select 1 as id\n',
  'models/b.sql': 'select 2 as id\n',
  'models/c.sql': "select * from {{ ref('a') }}\n",
  'models/d.sql': "select * from {{ ref(var('parent')) }}\n",
  'models/e.sql': 'select * from {{ pick() }}\n',
};

const parents = async (dir: string, model: string, vars?: Record<string, unknown>) => {
  const compiled = await compileProject({ projectDir: dir, parseOnly: true, vars });
  return compiled.dag.parents(`model.shop.${model}`).sort();
};

describe('parse cache (target/partial_parse.json)', () => {
  it('is written by a parse and reused when nothing changed', async () => {
    const dir = writeProject(base);
    expect(await parents(dir, 'c')).toEqual(['model.shop.a']);
    const path = join(dir, 'target', 'partial_parse.json');
    expect(existsSync(path)).toBe(true);
    const cache = JSON.parse(readFileSync(path, 'utf8'));
    expect(cache.entries['models/c.sql'].record.refs).toEqual(['a']);
    expect(await parents(dir, 'c')).toEqual(['model.shop.a']);
  });

  it('re-parses a file whose content changed', async () => {
    const dir = writeProject(base);
    await parents(dir, 'c');
    writeFiles(dir, { 'models/c.sql': "select * from {{ ref('b') }}\n" });
    expect(await parents(dir, 'c')).toEqual(['model.shop.b']);
  });

  it('is invalidated by a change of vars (project.yml or --vars)', async () => {
    const dir = writeProject(base);
    expect(await parents(dir, 'd')).toEqual(['model.shop.a']);
    expect(await parents(dir, 'd', { parent: 'b' })).toEqual(['model.shop.b']);
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  parent: c\n' });
    expect(await parents(dir, 'd')).toEqual(['model.shop.c']);
  });

  it('is invalidated by a change of a macro', async () => {
    const dir = writeProject(base);
    expect(await parents(dir, 'e')).toEqual(['model.shop.a']);
    writeFiles(dir, { 'macros/pick.sql': "{% macro pick() %}{{ ref('b') }}{% endmacro %}\n" });
    expect(await parents(dir, 'e')).toEqual(['model.shop.b']);
  });

  it('is invalidated by a change of an environment variable the model read, and stores no value', async () => {
    const dir = writeProject({ ...base, 'models/f.sql': "select * from {{ ref(env_var('MDL_SECRET_PARENT', 'a')) }}\n" });
    process.env.MDL_SECRET_PARENT = 'b';
    try {
      expect(await parents(dir, 'f')).toEqual(['model.shop.b']);
      process.env.MDL_SECRET_PARENT = 'c';
      expect(await parents(dir, 'f')).toEqual(['model.shop.c']);
      const text = readFileSync(join(dir, 'target', 'partial_parse.json'), 'utf8');
      expect(text).toContain('MDL_SECRET_PARENT');
      expect(text).not.toMatch(/"MDL_SECRET_PARENT":"c"/);
    } finally {
      delete process.env.MDL_SECRET_PARENT;
    }
  });

  it('ignores a corrupt cache file', async () => {
    const dir = writeProject({ ...base, 'target/partial_parse.json': '{not json' });
    expect(await parents(dir, 'c')).toEqual(['model.shop.a']);
  });
});
