import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { list } from '../api/compile.js';
import { Reporter } from '../reporting/console-reporter.js';
import { PassThrough } from 'node:stream';
import { cleanupProjects, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => new Reporter({ out: new PassThrough(), err: new PassThrough(), quiet: true });
const ls = (dir: string, select: string[], vars?: Record<string, unknown>) =>
  list({ projectDir: dir, select, output: 'name', resourceTypes: ['model'], reporter: quiet(), vars });

describe('ls snapshot (target/ls_snapshot.json)', () => {
  it('answers a second ls from the snapshot and sees every change to the project', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/m.sql': "select * from {{ ref('a') }}",
      'models/n.sql': "select * from {{ ref(env_var('MDL_TEST_PARENT', 'a')) }}",
    });
    expect(await ls(dir, ['+m'])).toEqual(['a', 'm']);
    expect(existsSync(join(dir, 'target', 'ls_snapshot.json'))).toBe(true);
    expect(await ls(dir, ['+m'])).toEqual(['a', 'm']);

    writeFiles(dir, { 'models/m.sql': "select * from {{ ref('b') }}" });
    expect(await ls(dir, ['+m'])).toEqual(['b', 'm']);

    writeFiles(dir, { 'models/c.sql': "select * from {{ ref('m') }}" });
    expect(await ls(dir, ['m+'])).toEqual(['c', 'm']);
    rmSync(join(dir, 'models/c.sql'));
    expect(await ls(dir, ['m+'])).toEqual(['m']);

    expect(await ls(dir, ['+n'])).toEqual(['a', 'n']);
    process.env.MDL_TEST_PARENT = 'b';
    try {
      expect(await ls(dir, ['+n'])).toEqual(['b', 'n']);
    } finally {
      delete process.env.MDL_TEST_PARENT;
    }
    expect(await ls(dir, ['+n'])).toEqual(['a', 'n']);
  });

  it('is not used across different --vars or a changed project.yml', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nvars:\n  p: a\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 2 as id',
      'models/m.sql': "select * from {{ ref(var('p')) }}",
    });
    expect(await ls(dir, ['+m'])).toEqual(['a', 'm']);
    expect(await ls(dir, ['+m'], { p: 'b' })).toEqual(['b', 'm']);
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  p: b\n' });
    expect(await ls(dir, ['+m'])).toEqual(['b', 'm']);
  });
});
