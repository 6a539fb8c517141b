/**
 * The project files of a generated bench project in both formats, side by side in one folder:
 * `project.yml` for mdl (DuckDB file `warehouse.duckdb`, output under `target/`) and
 * `dbt_project.yml` + `profiles.yml` for dbt-duckdb (DuckDB file `dbt.duckdb`, output under
 * `target-dbt/`), so the two tools share models, macros, seeds and YAML but never each other's output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Enough to write both tools' project files. */
export interface ProjectFilesSpec {
  readonly name: string;
  readonly dir: string;
  /** Whether the project has a seeds/ folder. */
  readonly seedPaths: boolean;
  readonly threads: number;
  /** Extra mdl project.yml text (folder configs), appended verbatim. */
  readonly mdlExtra?: string;
  /** Extra dbt_project.yml text (folder configs), appended verbatim. */
  readonly dbtExtra?: string;
}

export const MDL_DATABASE = 'warehouse.duckdb';
export const DBT_DATABASE = 'dbt.duckdb';
/** dbt 1.11 deprecates these in dbt_project.yml; the harness passes them as DBT_* variables. */
export const DBT_TARGET_PATH = 'target-dbt';
export const DBT_LOG_PATH = 'logs-dbt';

export function writeMdlProjectYml(spec: ProjectFilesSpec): void {
  const lines = [
    `name: ${spec.name}`,
    'model-paths: [models]',
    'macro-paths: [macros]',
    ...(spec.seedPaths ? ['seed-paths: [seeds]'] : []),
    'target: dev',
    'targets:',
    '  dev:',
    '    type: duckdb',
    `    path: ${MDL_DATABASE}`,
    '    schema: main',
    `    threads: ${spec.threads}`,
  ];
  writeFileSync(join(spec.dir, 'project.yml'), `${lines.join('\n')}\n${spec.mdlExtra ?? ''}`);
}

export function writeDbtProjectFiles(spec: ProjectFilesSpec): void {
  const project = [
    `name: ${spec.name}`,
    "version: '1.0.0'",
    'config-version: 2',
    `profile: ${spec.name}`,
    'model-paths: [models]',
    'macro-paths: [macros]',
    `seed-paths: [${spec.seedPaths ? 'seeds' : 'no-seeds'}]`,
    'test-paths: [no-tests]',
    'analysis-paths: [no-analyses]',
    'snapshot-paths: [no-snapshots]',
    'clean-targets: [target-dbt, logs-dbt]',
  ];
  writeFileSync(join(spec.dir, 'dbt_project.yml'), `${project.join('\n')}\n${spec.dbtExtra ?? ''}`);
  const profiles = [
    `${spec.name}:`,
    '  target: dev',
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    `      path: ${join(spec.dir, DBT_DATABASE)}`,
    '      schema: main',
    `      threads: ${spec.threads}`,
  ];
  writeFileSync(join(spec.dir, 'profiles.yml'), `${profiles.join('\n')}\n`);
}
