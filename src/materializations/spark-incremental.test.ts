import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../adapters/registry.js';
import { sparkAvailable, sparkTestTarget, SPARK_TIMEOUT } from '../adapters/spark/test-support/spark-server.js';
import type { Row } from '../adapters/adapter.js';
import { build } from '../api/index.js';
import { captureReporter, cleanupProjects, writeFiles, writeProject } from '../test-support/project.js';

/**
 * The NULL unique_key check on Spark + Delta. Every strategy, on_schema_change and the compile-time
 * refusals are cases of the adapter contract suite (src/adapters/contract/), run on both engines.
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
