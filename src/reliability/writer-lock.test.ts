/**
 * One writer at a time: while one `mdl build` writes warehouse.duckdb, a second build, run or seed
 * exits 2 at once naming the holder's pid and start time and what to do; with --wait it waits
 * and then succeeds; read-only commands (show, docs generate) explain they cannot open the file. The first build is
 * held open deterministically by a model reading a named pipe the test controls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acquireWriterLock } from '../execute/writer-lock.js';
import { buildCli, childEnv, hasStackTrace, runCli } from './test-support/cli.js';

let cli: ReturnType<typeof buildCli>;
const temps: string[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  cli = buildCli();
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  cli?.dispose();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A project whose only model blocks reading `gate.csv` (a FIFO) until the test writes to it. */
function gatedProject(): { dir: string; gate: string; vars: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-lock-'));
  temps.push(dir);
  mkdirSync(join(dir, 'models'));
  const gate = join(dir, 'gate.csv');
  execFileSync('mkfifo', [gate]);
  writeFileSync(join(dir, 'project.yml'), 'name: locky\n');
  writeFileSync(join(dir, 'models', 'gated.sql'),
    "{{ config(materialized='table') }}\nselect * from read_csv('{{ var(\"gate\") }}', header = true, columns = {'x': 'integer'})\n");
  return { dir, gate, vars: JSON.stringify({ gate }) };
}

/** Starts a build that stays inside its lock until the gate opens; resolves once it is running. */
function heldBuild(dir: string, vars: string): Promise<{ child: ChildProcess; exit: Promise<number | null>; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.main, 'build', '--project-dir', dir, '--vars', vars], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      // "Running" is printed after the writer lock is taken and the warehouse opened.
      if (output.includes('Running')) resolve({ child, exit, output: () => output });
    });
    child.on('error', reject);
    void exit.then((code) => reject(new Error(`the first build ended early (${code}): ${output}`)));
  });
}

/** CPU ticks a process has used (Linux), to see when it has gone idle. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function untilIdle(pid: number): Promise<void> {
  let last = -1;
  for (let quiet = 0; quiet < 3;) {
    await new Promise((r) => setTimeout(r, 700));
    const now = cpuTicks(pid);
    quiet = now - last <= 1 ? quiet + 1 : 0;
    last = now;
  }
}

test('a second writer exits 2 at once saying who holds the warehouse; --wait waits, then succeeds', async () => {
  const { dir, gate, vars } = gatedProject();
  const first = await heldBuild(dir, vars);
  const lock = JSON.parse(readFileSync(join(dir, 'warehouse.duckdb.mdl-lock'), 'utf8')) as { pid: number; since: string };
  expect(lock.pid).toBe(first.child.pid);
  const since = new Date(lock.since);
  const hhmm = `${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
  const expected = `warehouse.duckdb is in use by mdl (pid ${first.child.pid}) since ${hhmm}; wait for it or pass --wait SECONDS`;

  for (const command of ['build', 'run', 'seed']) {
    const second = await runCli(cli.main, [command, '--project-dir', dir, '--vars', vars]);
    const output = second.stdout + second.stderr;
    expect(second.code, output).toBe(2);
    expect(output).toContain(expected);
    expect(hasStackTrace(output)).toBe(false);
  }

  // Read-only commands cannot open the file either, and say why.
  for (const args of [['show', '--inline', 'select 1 as x'], ['docs', 'generate']]) {
    const reader = await runCli(cli.main, [...args, '--project-dir', dir, '--vars', vars]);
    const output = reader.stdout + reader.stderr;
    expect(reader.code, output).toBe(2);
    expect(output).toMatch(/locked by another process|in use by mdl/);
    expect(output).toContain(String(first.child.pid));
    expect(hasStackTrace(output)).toBe(false);
  }

  // With --wait, the second build waits for the lock (it goes idle polling), then builds.
  const waiting = spawn(process.execPath, [cli.main, 'build', '--project-dir', dir, '--vars', vars, '--wait', '600'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(waiting);
  let waitingOutput = '';
  waiting.stdout!.setEncoding('utf8').on('data', (c: string) => { waitingOutput += c; });
  waiting.stderr!.setEncoding('utf8').on('data', (c: string) => { waitingOutput += c; });
  const waitingExit = new Promise<number | null>((done) => waiting.on('close', (code) => done(code)));
  await untilIdle(waiting.pid!);
  expect(waiting.exitCode, waitingOutput).toBe(null);
  expect(waitingOutput).not.toContain('Running');

  writeFileSync(gate, 'x\n1\n2\n'); // opens the gate for the first build
  expect(await first.exit, first.output()).toBe(0);
  // The waiting build now reads the gate too: feed it once it is running.
  const fed = (async () => {
    while (!waitingOutput.includes('Running') && waiting.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    if (waiting.exitCode === null) writeFileSync(gate, 'x\n3\n');
  })();
  expect(await waitingExit, waitingOutput).toBe(0);
  await fed;
  expect(waitingOutput).toContain('1 of 1 OK created table main.gated');
}, 300_000);

describe('stale locks', () => {
  test('a lock left by a killed run is taken over, also when it names our own (reused) pid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-stale-'));
    temps.push(dir);
    const database = join(dir, 'warehouse.duckdb');
    // A dead pid: a child that has already exited.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    for (const pid of [dead.pid!, process.pid]) {
      writeFileSync(`${database}.mdl-lock`, JSON.stringify({ pid, since: new Date(0).toISOString(), command: 'build' }));
      const release = await acquireWriterLock(database, 'build', 0);
      expect(JSON.parse(readFileSync(`${database}.mdl-lock`, 'utf8')).pid).toBe(process.pid);
      release();
    }
  });

  test('a live holder is reported with its pid, and the lock stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-stale-'));
    temps.push(dir);
    const database = join(dir, 'warehouse.duckdb');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(holder);
    writeFileSync(`${database}.mdl-lock`, JSON.stringify({ pid: holder.pid, since: new Date().toISOString(), command: 'run' }));
    await expect(acquireWriterLock(database, 'build', 0)).rejects.toThrow(`warehouse.duckdb is in use by mdl (pid ${holder.pid})`);
    expect(JSON.parse(readFileSync(`${database}.mdl-lock`, 'utf8')).pid).toBe(holder.pid);
    holder.kill('SIGKILL');
  });
});
