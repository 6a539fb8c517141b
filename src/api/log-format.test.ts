import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from './index.js';
import { Reporter } from '../reporting/console-reporter.js';
import { cleanupProjects, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

function jsonReporter() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  return { reporter: new Reporter({ format: 'json', out, err: out }), lines: () => text.trim().split('\n') };
}

describe('--log-format json', () => {
  it('emits one JSON object per event, ending with a summary', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/schema.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });
    const { reporter, lines } = jsonReporter();
    const outcome = await build({ projectDir: dir, reporter, select: ['a+', 'nothing_matches'] });
    expect(outcome.exitCode).toBe(0);
    const events = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.every((e) => typeof e.event === 'string' && typeof e.ts === 'string')).toBe(true);
    expect(events.find((e) => e.event === 'warning')).toMatchObject({ code: 'W_NOTHING_SELECTED' });
    const finished = events.filter((e) => e.event === 'node_finished');
    expect(finished.map((e) => e.unique_id).sort()).toEqual(['model.shop.a', 'model.shop.b', 'test.shop.not_null_a_id']);
    expect(finished.every((e) => !('compiled_code' in e))).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ event: 'summary', pass: 3, warn: 0, error: 0, skip: 0, total: 3 });
  });
});
