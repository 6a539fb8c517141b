import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../adapters/registry.js';
import { sparkAvailable, sparkTestTarget, SPARK_TIMEOUT } from '../adapters/spark/test-support/spark-server.js';
import type { Row } from '../adapters/adapter.js';
import { build, compile } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeFiles, writeProject } from '../test-support/project.js';

/**
 * Incremental models on Spark + Delta after the first build (append, merge, delete+insert,
 * on_schema_change), and the compile-time refusal of what Spark cannot run.
 */

afterAll(cleanupProjects);

const target = sparkTestTarget('inc');

/** A project whose `spark` target is the test server; models and seeds come from `files`. */
function sparkProject(files: Record<string, string>): string {
  return writeProject({
    'project.yml': [
      'name: shop',
      'target: spark',
      'targets:',
      '  spark:',
      '    type: spark',
      `    host: "${String(target.host)}"`,
      `    port: ${String(target.port)}`,
      `    schema: ${target.schema}`,
      '    threads: 1',
      '',
    ].join('\n'),
    ...files,
  });
}

describe('materializations Spark cannot run fail at compile time', () => {
  it('a snapshot and an external model are Compilation Errors naming their files', async () => {
    const dir = sparkProject({
      'models/exported.sql': "{{ config(materialized='external', format='parquet') }}\nselect 1 as id\n",
      'snapshots/hist.sql': [
        '{% snapshot hist %}',
        "{{ config(target_schema='snaps', unique_key='id', strategy='check', check_cols=['v']) }}",
        "select 1 as id, 'a' as v",
        '{% endsnapshot %}',
        '',
      ].join('\n'),
    });
    const diagnostics = await diagnosticsOf(() => compile({ projectDir: dir, reporter: captureReporter().reporter }));
    const unsupported = diagnostics.filter((d) => d.code === 'E_UNSUPPORTED_ON_ENGINE');
    expect(unsupported.map((d) => [d.kind, d.file, d.message])).toEqual(expect.arrayContaining([
      ['Compilation Error', 'models/exported.sql', "materialized='external' is not supported on spark."],
      ['Compilation Error', 'snapshots/hist.sql', 'Snapshots are not supported on spark.'],
    ]));
    expect(unsupported).toHaveLength(2);
  });
});

describe.skipIf(!sparkAvailable)('incremental models on Spark + Delta (real server)', () => {
  const read = async (sql: string): Promise<Row[]> => {
    const warehouse = await (await loadEngine('spark')).open(target, process.cwd());
    try {
      return await (await warehouse.connection(0)).query(sql);
    } finally {
      await warehouse.close();
    }
  };
  const table = (name: string) => `\`${target.schema}\`.\`${name}\``;
  const buildOnce = async (dir: string) => {
    const outcome = await build({ projectDir: dir, reporter: captureReporter().reporter });
    const failed = outcome.results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${r.message ?? ''}`);
    expect(failed).toEqual([]);
    return outcome;
  };

  it('append, merge and delete+insert apply a second run; append_new_columns adds a column', async () => {
    // One source view feeds three incremental models; the second run changes the view's rows
    // and adds column w. Views are cheap on Spark; each Delta write costs seconds.
    const source = (rows: string, extra = '') => `select * from values ${rows} as t(k, v${extra})\n`;
    const dir = sparkProject({
      'models/src.sql': `{{ config(materialized='view') }}\n${source("(1, 'a'), (1, 'b'), (2, 'c')")}`,
      'models/app.sql': "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\nselect * from {{ ref('src') }}\n",
      'models/mrg.sql': "{{ config(materialized='incremental', unique_key='k') }}\nselect k, max(v) as v from {{ ref('src') }} group by k\n",
      'models/di.sql': "{{ config(materialized='incremental', unique_key='k', incremental_strategy='delete+insert') }}\nselect k, v from {{ ref('src') }}\n",
    });
    await buildOnce(dir);
    writeFiles(dir, {
      'models/src.sql': `{{ config(materialized='view') }}\n${source("(1, 'x', 10), (3, 'd', 30)", ', w')}`,
    });
    const second = await buildOnce(dir);
    expect(Object.fromEntries(second.results.filter((r) => r.name !== 'src').map((r) => [r.name, r.action]))).toEqual({
      app: 'appended to', mrg: 'merged into', di: 'delete+insert into',
    });

    // append kept the old rows and added the new ones, with the new column w (NULL on old rows).
    expect(await read(`select k, v, w from ${table('app')} order by k, v`)).toEqual([
      { k: 1, v: 'a', w: null }, { k: 1, v: 'b', w: null }, { k: 1, v: 'x', w: 10 },
      { k: 2, v: 'c', w: null }, { k: 3, v: 'd', w: 30 },
    ]);
    // merge updated key 1, kept key 2, inserted key 3.
    expect(await read(`select k, v from ${table('mrg')} order by k`)).toEqual([
      { k: 1, v: 'x' }, { k: 2, v: 'c' }, { k: 3, v: 'd' },
    ]);
    // delete+insert replaced both old rows of key 1 by the one new row.
    expect(await read(`select k, v from ${table('di')} order by k, v`)).toEqual([
      { k: 1, v: 'x' }, { k: 2, v: 'c' }, { k: 3, v: 'd' },
    ]);
    // No staging tables are left behind.
    const names = (await read(`show tables in \`${target.schema}\``)).map((r) => String(r['tableName']));
    expect(names.filter((n) => n.includes('__mdl_'))).toEqual([]);
  }, SPARK_TIMEOUT * 2);

  it('a NULL unique_key fails the run before the table is touched', async () => {
    const dir = sparkProject({
      'models/nk.sql': "{{ config(materialized='incremental', unique_key='k') }}\nselect * from values (1, 'a') as t(k, v)\n",
    });
    await buildOnce(dir);
    writeFiles(dir, { 'models/nk.sql': "{{ config(materialized='incremental', unique_key='k') }}\nselect * from values (cast(null as int), 'n'), (1, 'b') as t(k, v)\n" });
    const outcome = await build({ projectDir: dir, reporter: captureReporter().reporter });
    const nk = outcome.results.find((r) => r.name === 'nk');
    expect(nk?.status).toBe('error');
    expect(nk?.message).toMatch(/NULL in unique_key \(k\)/);
    expect(await read(`select k, v from ${table('nk')}`)).toEqual([{ k: 1, v: 'a' }]);
  }, SPARK_TIMEOUT);
});
