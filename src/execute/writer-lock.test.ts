import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, warehouseOf, writeProject } from '../test-support/project.js';
import { acquireWriterLock } from './writer-lock.js';

afterAll(cleanupProjects);

const project = () => writeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as id' });

describe('writer lock', () => {
  // The holder here is this very process (as for two API calls at once): still a live writer.
  it('refuses a second writer, naming the holder pid and command', async () => {
    const dir = project();
    const release = await acquireWriterLock(warehouseOf(dir), 'build');
    try {
      const [d] = await diagnosticsOf(() => run({ projectDir: dir, reporter: captureReporter().reporter }));
      expect(d).toMatchObject({ code: 'E_LOCKED' });
      expect(d!.message).toMatch(new RegExp(`^warehouse\\.duckdb is in use by mdl \\(pid ${process.pid}\\) since \\d\\d:\\d\\d; wait for it or pass --wait SECONDS\\.$`));
      expect(d!.hint).toContain('`mdl build`');
    } finally {
      release();
    }
    expect(existsSync(`${warehouseOf(dir)}.mdl-lock`)).toBe(false);
    expect((await run({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
    expect(existsSync(`${warehouseOf(dir)}.mdl-lock`)).toBe(false);
  });

  it('--wait waits for the holder to finish', async () => {
    const dir = project();
    const release = await acquireWriterLock(warehouseOf(dir), 'build');
    setTimeout(release, 300);
    const outcome = await run({ projectDir: dir, reporter: captureReporter().reporter, wait: 30 });
    expect(outcome.exitCode).toBe(0);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = project();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${warehouseOf(dir)}.mdl-lock`, JSON.stringify({ pid: Number(dead.stdout), since: new Date().toISOString(), command: 'build' }));
    expect((await run({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
  });

  it('takes over a lock naming our own pid that we do not hold (a killed run whose pid was reused)', async () => {
    const dir = project();
    writeFileSync(`${warehouseOf(dir)}.mdl-lock`, JSON.stringify({ pid: process.pid, since: new Date().toISOString(), command: 'build' }));
    expect((await run({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
  });
});
