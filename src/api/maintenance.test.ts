import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, clean, debug, init } from './index.js';
import { captureReporter, diagnosticsOf } from '../test-support/project.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('init, debug, clean', () => {
  it('init scaffolds a project that builds with its tests passing; debug and clean work on it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'mdl-init-'));
    made.push(parent);
    const dir = join(parent, 'starter');
    init(dir, 'starter');
    const outcome = await build({ projectDir: dir, reporter: captureReporter().reporter });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((r) => r.resource_type === 'test').length).toBeGreaterThan(0);
    expect(outcome.results.every((r) => r.status === 'success' || r.status === 'pass')).toBe(true);

    const report = await debug({ projectDir: dir });
    expect(report.ok).toBe(true);
    expect(report.lines).toContain('project: OK');
    expect(report.lines.some((l) => l.startsWith('connection: OK'))).toBe(true);

    expect(existsSync(join(dir, 'target'))).toBe(true);
    expect(clean({ projectDir: dir })).toBe(join(dir, 'target'));
    expect(existsSync(join(dir, 'target'))).toBe(false);
    expect(existsSync(join(dir, 'warehouse.duckdb'))).toBe(true);

    const [d] = await diagnosticsOf(() => init(dir));
    expect(d!.code).toBe('E_INIT');
  });
});
