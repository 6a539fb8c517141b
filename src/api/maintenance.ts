import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileProject } from '../compile/compile.js';
import { loadProject } from '../project/load.js';
import { resolveTarget } from '../compile/target.js';
import { MdlError } from '../errors/diagnostic.js';
import { VERSION } from '../version.js';
import type { CommonOptions } from './options.js';
import { compileOptions, openWarehouse, warehouseFile } from './project-context.js';

/** `mdl clean`: removes the target folder (and only that). */
export function clean(options: CommonOptions = {}): string {
  const project = loadProject(options.projectDir ?? process.cwd());
  const dir = resolve(project.dir, project.config.targetPath);
  if (!dir.startsWith(project.dir)) throw new MdlError({ code: 'E_CLEAN', kind: 'Runtime Error', file: 'project.yml', message: `target-path ${dir} is outside the project.`, hint: 'Set target-path to a folder inside the project.' });
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** `mdl debug`: what mdl would use, and whether the warehouse opens. */
export async function debug(options: CommonOptions = {}): Promise<{ lines: string[]; ok: boolean }> {
  const lines = [`mdl version: ${VERSION}`, `node: ${process.version}`];
  const project = loadProject(options.projectDir ?? process.cwd());
  lines.push(`project: ${project.config.name} (${project.dir})`);
  const target = resolveTarget(project.config, options.target);
  const shown = Object.entries(target).filter(([k]) => !/password|token|secret/i.test(k)).map(([k, v]) => `${k}=${String(v)}`);
  lines.push(`target: ${shown.join(' ')}`);
  const file = warehouseFile(target, project.dir);
  if (file) lines.push(`database: ${file}${existsSync(file) ? '' : ' (does not exist yet)'}`);
  let ok = true;
  try {
    await compileProject(compileOptions(options, { parseOnly: true }));
    lines.push('project: OK');
  } catch (error) {
    ok = false;
    lines.push(`project: ERROR (${(error as Error).message.split('\n')[0]})`);
  }
  try {
    const warehouse = await openWarehouse(target.type === 'duckdb' && file && existsSync(file) ? { ...target, read_only: true } : target, project.dir);
    const rows = await (await warehouse.connection(0)).query(target.type === 'duckdb' ? 'select version() as v' : 'select 1 as v');
    lines.push(`connection: OK (${String(rows[0]?.v)})`);
    await warehouse.close();
  } catch (error) {
    ok = false;
    lines.push(`connection: ERROR (${(error as Error).message.split('\n')[0]})`);
  }
  return { lines, ok };
}

/** `mdl init DIR`: a starter project that builds and passes its tests. */
export function init(dir: string, name = 'my_project'): string {
  const root = resolve(dir);
  if (existsSync(join(root, 'project.yml'))) {
    throw new MdlError({ code: 'E_INIT', kind: 'Runtime Error', file: join(root, 'project.yml'), message: 'A project already exists here.', hint: 'Choose an empty folder.' });
  }
  const files: Record<string, string> = {
    'project.yml': `name: ${name}\nversion: "1.0.0"\n\nmodels:\n  ${name}:\n    +materialized: view\n    marts:\n      +materialized: table\n`,
    'seeds/raw_orders.csv': 'order_id,customer_id,amount\n1,10,20.50\n2,11,13.00\n3,10,7.25\n',
    'models/staging/stg_orders.sql': "select order_id, customer_id, amount\nfrom {{ ref('raw_orders') }}\n",
    'models/marts/customer_totals.sql': "select customer_id, count(*) as orders, sum(amount) as revenue\nfrom {{ ref('stg_orders') }}\ngroup by customer_id\n",
    'models/schema.yml': 'models:\n  - name: stg_orders\n    description: One row per order.\n    columns:\n      - name: order_id\n        data_tests: [unique, not_null]\n  - name: customer_totals\n    description: Revenue per customer.\n    columns:\n      - name: customer_id\n        data_tests: [unique, not_null]\n',
    'macros/.gitkeep': '',
    'tests/.gitkeep': '',
    '.gitignore': 'target/\n*.duckdb\n*.duckdb.wal\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
