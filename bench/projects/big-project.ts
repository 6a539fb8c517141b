/**
 * Writes a generated N-model project that both mdl and dbt-core (with dbt-duckdb) can read: the same
 * models/, macros/ and schema YAML, plus `project.yml` for mdl and `dbt_project.yml` + `profiles.yml`
 * for dbt. Every model has a config() call, two refs, a macro call and two generic tests in YAML, as
 * issue 7 specifies. Parents are two distinct earlier models picked by a seeded PRNG, so the graph is
 * a random DAG with logarithmic depth (like real projects), not a 10,000-deep chain.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMdlProjectYml, writeDbtProjectFiles } from './project-files.js';

/** Models per folder (and per schema YAML file). */
const FOLDER_SIZE = 100;

/** Deterministic PRNG (mulberry32) so every run writes the same project. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function modelName(index: number): string {
  return `m_${String(index).padStart(5, '0')}`;
}

function folderOf(index: number): string {
  return `g_${String(Math.floor(index / FOLDER_SIZE)).padStart(3, '0')}`;
}

/** The two parents of model `index` (index >= 2). */
export function parentsOf(index: number, random: () => number): readonly [number, number] {
  const first = Math.floor(random() * index);
  let second = Math.floor(random() * (index - 1));
  if (second >= first) second += 1;
  return [first, second];
}

function modelSql(index: number, parents: readonly [number, number] | undefined): string {
  const config = `{{ config(materialized='view', tags=['bench', 'g${Math.floor(index / FOLDER_SIZE)}']) }}`;
  if (!parents) {
    // The two roots have nothing to ref; they still call config() and the macro.
    return `${config}\nselect range as id, {{ bench_add('range', '${index}') }} as amount from range(10)\n`;
  }
  const [a, b] = parents;
  return [
    config,
    `select a.id, {{ bench_add('a.amount', 'b.amount') }} as amount`,
    `from {{ ref('${modelName(a)}') }} as a`,
    `join {{ ref('${modelName(b)}') }} as b on a.id = b.id`,
    '',
  ].join('\n');
}

function schemaYml(indices: readonly number[]): string {
  const lines = ['version: 2', '', 'models:'];
  for (const index of indices) {
    lines.push(
      `  - name: ${modelName(index)}`,
      `    description: Generated model ${index}.`,
      '    columns:',
      '      - name: id',
      '        data_tests:',
      '          - unique',
      '          - not_null',
    );
  }
  return `${lines.join('\n')}\n`;
}

const MACRO = `{% macro bench_add(left, right) -%}
  ({{ left }} + {{ right }})
{%- endmacro %}
`;

/** What was written, for the results notes. */
export interface BigProjectInfo {
  readonly dir: string;
  readonly models: number;
  readonly tests: number;
}

/**
 * Writes the project into `dir` (emptied first). `databasePath` is the DuckDB file both tools use.
 */
export function writeBigProject(dir: string, models: number, seed = 42): BigProjectInfo {
  rmSync(dir, { recursive: true, force: true });
  const random = prng(seed);
  const byFolder = new Map<string, number[]>();
  for (let index = 0; index < models; index += 1) {
    const folder = folderOf(index);
    mkdirSync(join(dir, 'models', folder), { recursive: true });
    const parents = index < 2 ? undefined : parentsOf(index, random);
    writeFileSync(join(dir, 'models', folder, `${modelName(index)}.sql`), modelSql(index, parents));
    const list = byFolder.get(folder) ?? [];
    list.push(index);
    byFolder.set(folder, list);
  }
  for (const [folder, indices] of byFolder) {
    writeFileSync(join(dir, 'models', folder, 'schema.yml'), schemaYml(indices));
  }
  mkdirSync(join(dir, 'macros'), { recursive: true });
  writeFileSync(join(dir, 'macros', 'bench_add.sql'), MACRO);
  const project = { name: 'bench_big', dir, seedPaths: false, threads: 2 } as const;
  writeMdlProjectYml(project);
  writeDbtProjectFiles(project);
  return { dir, models, tests: models * 2 };
}
