import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../api/index.js';
import { formatDiagnostic } from '../errors/format.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const quiet = () => captureReporter().reporter;
const compileDir = (projectDir: string, extra: { vars?: Record<string, unknown>; target?: string } = {}) =>
  compile({ projectDir, reporter: quiet(), ...extra });

describe('project loading', () => {
  it('accepts the smallest project.yml with DuckDB defaults', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as id\n' });
    const { manifest, target } = await compileDir(dir);
    expect(target).toMatchObject({ name: 'dev', type: 'duckdb', schema: 'main', threads: 4 });
    const node = manifest.nodes['model.shop.a']!;
    expect(node.config.materialized).toBe('view');
    expect(node.relation_name).toBe('"main"."a"');
    expect(manifest.metadata.project_name).toBe('shop');
  });

  it('applies folder configs, deeper folders over shallower, config() over both', async () => {
    const dir = writeProject({
      'project.yml': [
        'name: shop',
        'models:',
        '  shop:',
        '    +materialized: table',
        '    +tags: [nightly]',
        '    staging:',
        '      +materialized: view',
        '      +schema: stg',
        '      +tags: [staging]',
        '      deep:',
        '        +schema: deeper',
        '',
      ].join('\n'),
      'models/top.sql': 'select 1 as id\n',
      'models/staging/s1.sql': 'select 1 as id\n',
      'models/staging/deep/s2.sql': 'select 1 as id\n',
      'models/staging/s3.sql': "{{ config(materialized='table', schema='gold', tags=['own']) }}\nselect 1 as id\n",
    });
    const { manifest } = await compileDir(dir);
    const n = (name: string) => manifest.nodes[`model.shop.${name}`]!;
    expect(n('top').config.materialized).toBe('table');
    expect(n('top').schema).toBe('main');
    expect(n('top').tags).toEqual(['nightly']);
    expect(n('s1').config.materialized).toBe('view');
    expect(n('s1').schema).toBe('stg');
    expect(n('s1').tags).toEqual(['nightly', 'staging']);
    expect(n('s2').schema).toBe('deeper');
    expect(n('s2').relation_name).toBe('"deeper"."s2"');
    expect(n('s3').config.materialized).toBe('table');
    expect(n('s3').schema).toBe('gold');
    expect(n('s3').tags).toEqual(['nightly', 'staging', 'own']);
  });

  it('gives a seed the config keyed by its file name', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nseeds:\n  shop:\n    +schema: raw\n    countries:\n      +column_types: { code: varchar }\n',
      'seeds/countries.csv': 'code,name\n1,One\n',
      'seeds/other.csv': 'id\n1\n',
    });
    const { manifest } = await compileDir(dir);
    expect(manifest.nodes['seed.shop.countries']!.config.column_types).toEqual({ code: 'varchar' });
    expect(manifest.nodes['seed.shop.countries']!.schema).toBe('raw');
    expect(manifest.nodes['seed.shop.other']!.config.column_types).toBeUndefined();
  });

  it('reports every unknown key at once, with did-you-mean and file:line', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialzed: table\nmodel-path: [models]\n',
      'models/a.sql': "{{ config(uniqe_key='id') }}\nselect 1 as id\n",
      'models/schema.yml': 'models:\n  - name: a\n    descripton: hi\n',
    });
    const diagnostics = await diagnosticsOf(() => compileDir(dir));
    const byFile = (file: string) => diagnostics.filter((d) => d.file === file);
    const folder = byFile('project.yml').find((d) => d.message.includes("'+materialzed'"))!;
    expect(folder).toMatchObject({ code: 'E_UNKNOWN_CONFIG', line: 4, column: 5 });
    expect(folder.message).toContain("Did you mean 'materialized'?");
    const top = byFile('project.yml').find((d) => d.message.includes("'model-path'"))!;
    expect(top.line).toBe(5);
    expect(top.message).toContain("Did you mean 'model-paths'?");
    expect(byFile('models/schema.yml')[0]).toMatchObject({ code: 'E_UNKNOWN_KEY', line: 3 });
    expect(byFile('models/schema.yml')[0]!.message).toContain("Did you mean 'description'?");
    const inFile = byFile('models/a.sql')[0]!;
    expect(inFile).toMatchObject({ code: 'E_UNKNOWN_CONFIG', line: 1, node: { type: 'model', name: 'a' } });
    expect(inFile.message).toContain("Did you mean 'unique_key'?");
    expect(formatDiagnostic(inFile).split('\n')[0]).toBe('Compilation Error in model a (models/a.sql:1)');
  });

  it('rejects an unknown test config key in YAML', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id\n',
      'models/schema.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config:\n                severty: warn\n',
    });
    const [d] = await diagnosticsOf(() => compileDir(dir));
    expect(d).toMatchObject({ code: 'E_UNKNOWN_CONFIG', file: 'models/schema.yml', line: 8 });
    expect(d!.message).toContain("Did you mean 'severity'?");
  });

  it('reports a YAML syntax error at its position', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\nvars:\n  a: [1,\n  b: 2\n' });
    const [d] = await diagnosticsOf(() => compileDir(dir));
    expect(d).toMatchObject({ code: 'E_YAML_SYNTAX', file: 'project.yml', line: 4, column: 3 });
    const dir2 = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1\n', 'models/props.yml': 'models:\n  - name: a\n   description: "x\n' });
    const diagnostics = await diagnosticsOf(() => compileDir(dir2));
    expect(diagnostics[0]).toMatchObject({ code: 'E_YAML_SYNTAX', file: 'models/props.yml' });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('explains a missing project.yml and recognises a dbt project', async () => {
    const dir = writeProject({ 'dbt_project.yml': 'name: shop\n' });
    const [d] = await diagnosticsOf(() => compileDir(dir));
    expect(d!.code).toBe('E_NO_PROJECT');
    expect(d!.hint).toContain('rename dbt_project.yml to project.yml');
  });

  it('uses project vars, overridden by --vars', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nvars:\n  start: 2024-01-01\n  n: 3\n',
      'models/a.sql': "select '{{ var('start') }}' as s, {{ var('n') }} as n, '{{ var('missing', 'dflt') }}' as d\n",
      'models/b.sql': "select {{ var('required_one') }} as x\n",
    });
    const { manifest } = await compileDir(dir, { vars: { n: 7, required_one: 1 } });
    expect(manifest.nodes['model.shop.a']!.compiled_code).toBe("select '2024-01-01' as s, 7 as n, 'dflt' as d\n");
    const [d] = await diagnosticsOf(() => compileDir(dir));
    expect(d).toMatchObject({ code: 'E_MISSING_VAR', file: 'models/b.sql', line: 1 });
    expect(d!.message).toContain("Required var 'required_one' is not set.");
  });

  it('renders env_var() in target settings, with defaults and a clear error when unset', async () => {
    const yml = (path: string) => `name: shop\ntarget: dev\ntargets:\n  dev:\n    type: duckdb\n    path: ${path}\n    schema: "{{ env_var('MDL_TEST_SCHEMA', 'fallback') }}"\n`;
    const dir = writeProject({ 'project.yml': yml('":memory:"'), 'models/a.sql': 'select 1 as id\n' });
    expect((await compileDir(dir)).target.schema).toBe('fallback');
    process.env.MDL_TEST_SCHEMA = 'from_env';
    try {
      const { target, manifest } = await compileDir(dir);
      expect(target.schema).toBe('from_env');
      expect(manifest.nodes['model.shop.a']!.relation_name).toBe('"from_env"."a"');
    } finally {
      delete process.env.MDL_TEST_SCHEMA;
    }
    const dir2 = writeProject({ 'project.yml': yml("\"{{ env_var('MDL_TEST_UNSET_PATH') }}\""), 'models/a.sql': 'select 1\n' });
    const [d] = await diagnosticsOf(() => compileDir(dir2));
    expect(d).toMatchObject({ code: 'E_MISSING_ENV_VAR', file: 'project.yml' });
    expect(d!.message).toContain('MDL_TEST_UNSET_PATH');
  });

  it('names an unknown --target with a suggestion', async () => {
    const dir = writeProject({ 'project.yml': 'name: shop\ntargets:\n  dev: { type: duckdb, path: ":memory:" }\n  prod: { type: duckdb, path: ":memory:" }\n' });
    const [d] = await diagnosticsOf(() => compileDir(dir, { target: 'prd' }));
    expect(d!.code).toBe('E_UNKNOWN_TARGET');
    expect(d!.message).toContain("Did you mean 'prod'?");
  });

  it('reads docs blocks and resolves doc() in descriptions', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id\n',
      'models/docs.md': '{% docs order_id %}\nThe **order** key.\n{% enddocs %}\n\n{% docs table_a %}Table A.{% enddocs %}\n',
      'models/schema.yml': "models:\n  - name: a\n    description: \"{{ doc('table_a') }}\"\n    columns:\n      - name: id\n        description: \"{{ doc('order_id') }}\"\n",
    });
    const { manifest } = await compileDir(dir);
    expect(manifest.docs['doc.shop.order_id']).toMatchObject({ name: 'order_id', block_contents: 'The **order** key.', original_file_path: 'models/docs.md' });
    const a = manifest.nodes['model.shop.a']!;
    expect(a.description).toBe('Table A.');
    expect(a.columns.id!.description).toBe('The **order** key.');
  });

  it('leaves disabled models out, with their tests, and says so when one is referenced', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    legacy:\n      +enabled: false\n',
      'models/legacy/old.sql': 'select 1 as id',
      'models/current.sql': "{{ config(alias='pretty') }}select 1 as id",
      'models/schema.yml': 'models:\n  - name: old\n    columns:\n      - name: id\n        tests: [not_null]\n  - name: current\n    columns:\n      - name: id\n        tests: [not_null]\n',
    });
    const { manifest } = await compileDir(dir);
    expect(Object.keys(manifest.nodes).sort()).toEqual(['model.shop.current', 'test.shop.not_null_current_id']);
    expect(manifest.nodes['model.shop.current']!.relation_name).toBe('"main"."pretty"');
    expect(manifest.nodes['test.shop.not_null_current_id']!.compiled_code).toContain('from "main"."pretty"');
    const dir2 = writeProject({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    legacy:\n      +enabled: false\n',
      'models/legacy/old.sql': 'select 1 as id',
      'models/uses_old.sql': "select * from {{ ref('old') }}",
    });
    const [d] = await diagnosticsOf(() => compileDir(dir2));
    expect(d).toMatchObject({ code: 'E_MISSING_REF', file: 'models/uses_old.sql', line: 1 });
    expect(d!.message).toContain("ref('old') points at a disabled model.");
  });

  it('reports unknown generic tests, duplicate and orphan properties, bad file names and duplicate YAML keys', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 1 as id',
      'models/bad-name.sql': 'select 1',
      'models/s.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [uniqe]\n  - name: b\n  - name: b\n',
    });
    const diagnostics = await diagnosticsOf(() => compileDir(dir));
    const byCode = Object.fromEntries(diagnostics.map((d) => [d.code, d]));
    expect(byCode.E_UNKNOWN_TEST).toMatchObject({ file: 'models/s.yml', line: 5 });
    expect(byCode.E_UNKNOWN_TEST!.message).toContain("Unknown generic test 'uniqe' on a.id. Did you mean 'unique'?");
    expect(byCode.E_DUPLICATE_PROPERTIES).toMatchObject({ file: 'models/s.yml', line: 7 });
    expect(byCode.E_BAD_NAME).toMatchObject({ file: 'models/bad-name.sql' });

    const orphan = writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1', 'models/s.yml': 'models:\n  - name: ghost\n' });
    const captured = captureReporter();
    await compile({ projectDir: orphan, reporter: captured.reporter });
    expect(captured.err()).toContain("Warning (models/s.yml:2)\n  Properties for model 'ghost', but there is no such model file.");

    const dupKey = writeProject({ 'project.yml': 'name: shop\nname: other\n' });
    const [d] = await diagnosticsOf(() => compileDir(dupKey));
    expect(d).toMatchObject({ code: 'E_YAML_SYNTAX', file: 'project.yml', line: 2 });
    expect(d!.message).toContain('Map keys must be unique');
  });
});
