import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../errors/diagnostic.js';
import { cleanupProjects, writeProject } from '../test-support/project.js';
import { readSourceFile } from './discover.js';

afterAll(cleanupProjects);

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('reading project files', () => {
  it('reads small, boundary-sized and large files whole, one after another, with their checksums', () => {
    // Sizes around the 64 KiB read buffer, multi-byte characters across its edge, and a small
    // file after a large one (the buffer is reused).
    const line = 'select 1 as id -- é ✓\n';
    const files: Record<string, string> = {
      'models/small.sql': 'select 1',
      'models/exact.sql': 'x'.repeat(64 * 1024),
      'models/one_more.sql': 'y'.repeat(64 * 1024 + 1),
      'models/large.sql': line.repeat(20_000),
      'models/after.sql': 'select 2',
      'models/bom.sql': '\uFEFFselect 3',
      'models/empty.sql': '',
    };
    const dir = writeProject(files);
    const diagnostics: Diagnostic[] = [];
    for (const [path, text] of Object.entries(files)) {
      const file = readSourceFile(dir, join(dir, path), diagnostics);
      expect(file?.path).toBe(path);
      expect(file?.text, path).toBe(text.replace(/^\uFEFF/, ''));
      expect(file?.checksum, path).toBe(sha256(text));
    }
    expect(diagnostics).toEqual([]);
  });

  it('reports a folder or a missing file instead of reading it', () => {
    const dir = writeProject({ 'models/a.sql': 'select 1' });
    mkdirSync(join(dir, 'models', 'folder.sql'));
    const diagnostics: Diagnostic[] = [];
    expect(readSourceFile(dir, join(dir, 'models', 'folder.sql'), diagnostics)).toBeUndefined();
    expect(readSourceFile(dir, join(dir, 'models', 'gone.sql'), diagnostics)).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['E_UNREADABLE', 'models/folder.sql'], ['E_UNREADABLE', 'models/gone.sql']]);
    expect(readSourceFile(dir, join(dir, 'models', 'a.sql'), diagnostics)?.text).toBe('select 1');
  });
});
