import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../api/index.js';
import { captureReporter, cleanupProjects, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

/**
 * Nodes may share config objects (folder configs, identical config() calls, generic tests without
 * a config of their own): each node must still end with exactly its own config.
 */
describe('shared configs', () => {
  it('gives every node its own merged config when folders and config() calls repeat', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    +tags: [all]\n    mart:\n      +materialized: table\n      +tags: [mart]\n',
      'models/mart/a.sql': "{{ config(tags=['x'], meta={'owner': 'ann'}) }}select 1 as id",
      'models/mart/b.sql': "{{ config(tags=['x'], meta={'owner': 'ann'}) }}select 2 as id",
      'models/mart/c.sql': "{{ config(tags=['y']) }}{{ config(alias='c_alias') }}select 3 as id",
      'models/mart/d.sql': 'select 4 as id',
      'models/e.sql': "{{ config(tags=['x'], meta={'owner': 'ann'}) }}select 5 as id",
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: d',
        '    config: {materialized: view}',
        '    columns:',
        '      - name: id',
        '        data_tests: [unique, {not_null: {config: {severity: warn}}}]',
        '',
      ].join('\n'),
    });
    const { manifest } = await compile({ projectDir: dir, reporter: captureReporter().reporter });
    const config = (id: string) => manifest.nodes[id]!.config as Record<string, unknown>;
    expect(config('model.shop.a')).toMatchObject({ materialized: 'table', tags: ['all', 'mart', 'x'], meta: { owner: 'ann' } });
    expect(config('model.shop.b')).toEqual(config('model.shop.a'));
    expect(config('model.shop.c')).toMatchObject({ materialized: 'table', tags: ['all', 'mart', 'y'], alias: 'c_alias' });
    expect(config('model.shop.c').meta).toBeUndefined();
    expect(config('model.shop.d')).toMatchObject({ materialized: 'view', tags: ['all', 'mart'] });
    expect(config('model.shop.e')).toMatchObject({ materialized: 'view', tags: ['all', 'x'], meta: { owner: 'ann' } });
    expect(manifest.nodes['model.shop.d']!.relation_name).toBe('"main"."d"');
    expect(manifest.nodes['model.shop.c']!.relation_name).toBe('"main"."c_alias"');
    expect(config('test.shop.unique_d_id').severity).toBe('error');
    expect(config('test.shop.not_null_d_id').severity).toBe('warn');
  });
});
