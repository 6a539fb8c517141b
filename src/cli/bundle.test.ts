import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupProjects, writeProject } from '../test-support/project.js';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

// The bundle is written where dist/ would be, below a package.json of mdl, inside the repository
// (so node_modules resolves), never over the shared dist/.
mkdirSync(join(ROOT, '.scratch'), { recursive: true });
const home = mkdtempSync(join(ROOT, '.scratch', 'bundle-test-'));
const main = join(home, 'dist', 'cli', 'main.js');

afterAll(() => {
  cleanupProjects();
  rmSync(home, { recursive: true, force: true });
});

const run = (args: string[], cwd = home) => spawnSync(process.execPath, [main, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

describe('the bundled CLI (scripts/bundle-cli.mjs, what `bin` runs after npm ci)', () => {
  it('bundles, reports the package version, and builds, lists and checks a project', () => {
    writeFileSync(join(home, 'package.json'), JSON.stringify({ name: 'mdl', version: pkg.version, type: 'module' }));
    const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-cli.mjs'), '--outdir', join(home, 'dist', 'cli')], { encoding: 'utf8' });
    expect(bundled.status, bundled.stderr).toBe(0);

    expect(run(['--version']).stdout.trim()).toBe(pkg.version);
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'seeds/people.csv': 'id,name\n1,ann\n2,bob\n',
      'models/names.sql': "{{ config(materialized='table') }}\nselect id, upper(name) as name from {{ ref('people') }}",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: names\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
    });
    const build = run(['build'], dir);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toContain('PASS=4');
    expect(run(['ls', '--output', 'name'], dir).stdout.split('\n').filter(Boolean)).toEqual(['names', 'people', 'not_null_names_id', 'unique_names_id']);
    const show = run(['show', '--inline', "select name from {{ ref('names') }} order by id", '--log-format', 'json'], dir);
    expect(JSON.parse(show.stdout)).toEqual([{ name: 'ANN' }, { name: 'BOB' }]);
    // A user error still exits 2 with a message, not a stack trace.
    const broken = run(['compile', '--project-dir', join(dir, 'missing')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('No project.yml');
  });
});
