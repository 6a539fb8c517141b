import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeProject } from '../../test-support/project.js';
import { ENGINES } from './engines.js';

/**
 * What an engine cannot run is refused at compile time, naming the file: the other half of the
 * contract. Compiling needs no server, so these cases run for every engine, always.
 */

afterAll(cleanupProjects);

/** A node an engine may not run, and the refusal each engine owes: [code, file, line, message]. */
interface RefusalCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly expected: Readonly<Record<string, readonly [string, string, number | undefined, unknown] | undefined>>;
}

const CASES: readonly RefusalCase[] = [
  {
    name: 'an external model',
    files: { 'models/exported.sql': "{{ config(materialized='external', format='parquet') }}\nselect 1 as id\n" },
    expected: { spark: ['E_UNSUPPORTED_ON_ENGINE', 'models/exported.sql', undefined, "materialized='external' is not supported on spark."] },
  },
  {
    name: 'a snapshot',
    files: {
      'snapshots/hist.sql': [
        '{% snapshot hist %}',
        "{{ config(target_schema='snaps', unique_key='id', strategy='check', check_cols=['v']) }}",
        "select 1 as id, 'a' as v",
        '{% endsnapshot %}',
        '',
      ].join('\n'),
    },
    expected: { spark: ['E_UNSUPPORTED_ON_ENGINE', 'snapshots/hist.sql', undefined, 'Snapshots are not supported on spark.'] },
  },
  {
    name: 'file-by-file ingestion (ingest_files)',
    files: {
      'models/bronze_orders.sql': [
        "{{ config(materialized='incremental') }}",
        '-- new landing files only',
        "select * from {{ ingest_files('landing/orders/*.csv') }}",
        '',
      ].join('\n'),
      // Kept off engines without file ingestion, as the hint advises: never refused.
      'models/bronze_guarded.sql': [
        "{{ config(materialized='incremental', enabled=(target.type == 'duckdb')) }}",
        "select * from {{ ingest_files('landing/customers/*.csv') }}",
        '',
      ].join('\n'),
    },
    expected: {
      spark: ['E_UNSUPPORTED_ON_ENGINE', 'models/bronze_orders.sql', 3, expect.stringMatching(/^ingest_files\(\) is not supported on spark: .*landing files/)],
    },
  },
];

describe.each(ENGINES)('compile-time refusals on $type', (engine) => {
  const project = (files: Readonly<Record<string, string>>) => {
    const target = engine.target('refusals');
    return writeProject({ 'project.yml': `name: refusals\ntarget: ${target.name}\ntargets:\n  ${target.name}: ${JSON.stringify(target)}\n`, ...files });
  };

  it.each(CASES)('$name', async ({ files, expected }) => {
    const dir = project(files);
    const refusal = expected[engine.type];
    if (!refusal) {
      const compiled = await compile({ projectDir: dir, reporter: captureReporter().reporter });
      const names = Object.keys(files).map((f) => f.replace(/^.*\/|\.sql$/g, ''));
      expect(Object.values(compiled.manifest.nodes).map((n) => n.name).sort()).toEqual(names.sort());
      return;
    }
    const diagnostics = await diagnosticsOf(() => compile({ projectDir: dir, reporter: captureReporter().reporter }));
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.message])).toEqual([refusal]);
    expect(diagnostics[0]?.kind).toBe('Compilation Error');
    expect(diagnostics[0]?.hint).toContain("enabled=(target.type == 'duckdb')");
  });

  it('insert_overwrite needs partition_by and takes no unique_key: a compile error naming the file', async () => {
    const dir = project({
      'models/by_day.sql': "{{ config(materialized='incremental', incremental_strategy='insert_overwrite', unique_key='id') }}\nselect 1 as id, current_date as day\n",
    });
    const diagnostics = await diagnosticsOf(() => compile({ projectDir: dir, reporter: captureReporter().reporter }));
    expect(diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([
      ['E_INCREMENTAL_CONFIG', 'models/by_day.sql', "incremental_strategy 'insert_overwrite' needs partition_by: it replaces the partitions present in the new rows."],
      ['E_INCREMENTAL_CONFIG', 'models/by_day.sql', "incremental_strategy 'insert_overwrite' does not use unique_key: it replaces whole partitions."],
    ]);
  });
});
