/**
 * The value of an MDL_SECRET_* variable, used in a target setting (through env_var) and in models,
 * a failing model and a test, never reaches the console (text or JSON), target/ artifacts or
 * compiled SQL on disk; while the warehouse does get the real value (the test that compares
 * against it passes), so the masking is not a sign that the secret was never used.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCli, hasStackTrace, runCli } from './test-support/cli.js';

const SECRET = 'Sup3r-Secret-Value-42';
const env = { MDL_SECRET_PW: SECRET };
const secretCall = `env_var('MDL_SECRET_PW')`;

const PROJECT: Record<string, string> = {
  'project.yml': [
    'name: secrets', 'target: dev', 'targets:', '  dev:', '    type: duckdb', '    path: warehouse.duckdb',
    `    password: "{{ ${secretCall} }}"`, '',
  ].join('\n'),
  'models/uses_secret.sql': `select '{{ ${secretCall} }}' as pw, md5('{{ ${secretCall} }}') as digest\n`,
  'models/target_secret.sql': `{{ config(materialized='table') }}\nselect '{{ target.password }}' as p\n`,
  // A table, so the error() runs during the build and DuckDB echoes the value back.
  'models/fails_with_secret.sql': `{{ config(materialized='table') }}\nselect error('bad token {{ ${secretCall} }}') as x\n`,
  'tests/secret_reached_the_warehouse.sql': `select * from {{ ref('uses_secret') }} where pw <> '{{ ${secretCall} }}' or digest <> md5('{{ ${secretCall} }}')\n`,
  'tests/target_password_reached_the_warehouse.sql': `select * from {{ ref('target_secret') }} where p <> '{{ ${secretCall} }}'\n`,
};

let cli: ReturnType<typeof buildCli>;
const temps: string[] = [];

function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-secrets-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Every file under dir as [relative path, text]. */
function filesUnder(dir: string, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, `${prefix}${entry}/`));
    else out.push([`${prefix}${entry}`, readFileSync(path, 'latin1')]);
  }
  return out;
}

beforeAll(() => {
  cli = buildCli();
});

afterAll(() => {
  cli?.dispose();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('MDL_SECRET_* values', () => {
  for (const logFormat of ['text', 'json']) {
    test(`build and compile with --log-format ${logFormat}: console and target/ never hold the value`, async () => {
      const dir = writeProject(PROJECT);
      const build = await runCli(cli.main, ['build', '--project-dir', dir, '--log-format', logFormat], { env });
      const output = build.stdout + build.stderr;
      // One model fails on purpose; the rest, including both tests, ran with the real value.
      expect(build.code, output).toBe(1);
      const runResults = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; message: string | null }[] };
      const status = Object.fromEntries(runResults.results.map((r) => [r.unique_id, r.status]));
      expect(status).toMatchObject({
        'model.secrets.fails_with_secret': 'error',
        'model.secrets.uses_secret': 'success',
        'model.secrets.target_secret': 'success',
        'test.secrets.secret_reached_the_warehouse': 'pass',
        'test.secrets.target_password_reached_the_warehouse': 'pass',
      });
      // DuckDB's error echoed the value; it arrives masked.
      const failure = runResults.results.find((r) => r.unique_id === 'model.secrets.fails_with_secret');
      expect(failure?.message).toContain('bad token ****');

      const compile = await runCli(cli.main, ['compile', '--project-dir', dir, '--log-format', logFormat], { env });
      expect(compile.code, compile.stderr).toBe(0);
      const debug = await runCli(cli.main, ['debug', '--project-dir', dir, '--log-format', logFormat], { env });
      const list = await runCli(cli.main, ['ls', '--project-dir', dir, '--output', 'json', '--log-format', logFormat], { env });

      for (const run of [build, compile, debug, list]) {
        expect(run.stdout).not.toContain(SECRET);
        expect(run.stderr).not.toContain(SECRET);
        expect(hasStackTrace(run.stdout + run.stderr), run.stdout + run.stderr).toBe(false);
      }
      const artifacts = filesUnder(join(dir, 'target'));
      const names = artifacts.map(([path]) => path);
      expect(names).toContain('manifest.json');
      expect(names).toContain('run_results.json');
      expect(names).toContain('compiled/secrets/models/uses_secret.sql');
      for (const [path, text] of artifacts) expect(text.includes(SECRET), `target/${path} holds the secret`).toBe(false);
      // The compiled SQL did contain the value before it was written: it is there, masked.
      expect(readFileSync(join(dir, 'target/compiled/secrets/models/uses_secret.sql'), 'utf8')).toContain("'****'");
    });
  }

  test('a compile error whose message carries the value prints it masked', async () => {
    const dir = writeProject({
      ...PROJECT,
      'models/raises.sql': `select 1 as x\n{{ exceptions.raise_compiler_error('token ' ~ ${secretCall} ~ ' is wrong') }}\n`,
    });
    for (const logFormat of ['text', 'json']) {
      const result = await runCli(cli.main, ['compile', '--project-dir', dir, '--log-format', logFormat], { env });
      const output = result.stdout + result.stderr;
      expect(result.code).toBe(2);
      expect(output).toContain('token **** is wrong');
      expect(output).not.toContain(SECRET);
    }
  });

  test('an unset secret in a target says which variable, without a stack trace', async () => {
    const dir = writeProject(PROJECT);
    const result = await runCli(cli.main, ['compile', '--project-dir', dir], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'MDL_SECRET_PW', which is not set");
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
