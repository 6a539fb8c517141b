/**
 * `mdl build | head -1`: the reader goes away after one line. The build must carry on to the end
 * (the warehouse is the point, not the log) and exit normally, not die of EPIPE mid-way with a
 * stack trace.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildCli, childEnv, hasStackTrace, repoDir } from './test-support/cli.js';

let cli: ReturnType<typeof buildCli>;
const temps: string[] = [];
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => {
  cli?.dispose();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

for (const logFormat of ['text', 'json']) {
  test(`build with stdout closed after the first line (${logFormat}) finishes and exits 0`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-epipe-'));
    temps.push(dir);
    cpSync(join(repoDir, 'fixtures', 'broken', '_good'), dir, { recursive: true });
    const child = spawn(process.execPath, [cli.main, 'build', '--project-dir', dir, '--log-format', logFormat], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    // Like `head -1`: take the first chunk, then close our end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stderr).toBe(0);
    expect(hasStackTrace(stderr), stderr).toBe(false);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { status: string }[] };
    expect(results.results.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
  });
}
