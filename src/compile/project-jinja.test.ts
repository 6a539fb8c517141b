import { afterAll, describe, expect, it } from 'vitest';
import { build, compile } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, queryDb, warehouseOf, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const PROJECT = [
  'name: shop',
  'models:',
  '  shop:',
  '    extras:',
  "      +enabled: \"{{ var('with_extras', false) }}\"",
  '    marts:',
  '      +materialized: table',
  "      +schema: \"{{ env_var('MDL_TEST_MART_SCHEMA', 'analytics') }}\"",
  "      +tags: [\"{{ target.name }}\", daily]",
  "      +post-hook: \"insert into main.audit select '{{ this }}'\"",
  'on-run-start: "create table if not exists main.audit (relation varchar)"',
  '',
].join('\n');

const FILES = {
  'project.yml': PROJECT,
  'models/extras/extra.sql': 'select 1 as id',
  'models/marts/mart.sql': 'select 2 as id',
};

describe('Jinja in project.yml folder configs', () => {
  it('renders +enabled, +schema and +tags with var, env_var and target; hooks still render per node', async () => {
    const dir = writeProject(FILES);
    const without = (await compile({ projectDir: dir, reporter: captureReporter().reporter })).manifest;
    expect(Object.keys(without.nodes).sort()).toEqual(['model.shop.mart']);
    expect(without.nodes['model.shop.mart']).toMatchObject({ schema: 'analytics', tags: ['dev', 'daily'] });

    const outcome = await build({ projectDir: dir, vars: { with_extras: true }, reporter: captureReporter().reporter });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.map((r) => r.name).sort()).toEqual(['extra', 'mart']);
    expect(await queryDb(warehouseOf(dir), 'select relation from main.audit')).toEqual([{ relation: '"analytics"."mart"' }]);
  });

  it('reports a broken template with the file and the key', async () => {
    const dir = writeProject({ ...FILES, 'project.yml': PROJECT.replace("{{ var('with_extras', false) }}", "{{ var('with_extras' }}") });
    const [error] = await diagnosticsOf(() => compile({ projectDir: dir, reporter: captureReporter().reporter }));
    expect(error).toMatchObject({ file: 'project.yml' });
    expect(error!.message).toContain('models.shop.extras.+enabled');
  });
});
