import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.js';

/** A project file as read from disk. `path` is relative to the project dir, with `/`. */
export interface ProjectSourceFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly text: string;
  readonly checksum: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Lists files with one of `extensions` below each root (sorted, so loading is deterministic).
 * Folders that exist but cannot be read are added to `unreadable` (a missing root is normal).
 */
export function listFiles(projectDir: string, roots: readonly string[], extensions: readonly string[], unreadable?: Set<string>): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable?.add(dir);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDirectory = statSync(full).isDirectory();
        } catch {
          isDirectory = false; // a dangling link is listed so reading it reports the problem
        }
      }
      if (isDirectory) walk(full);
      else if (extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) found.push(full);
    }
  };
  for (const root of roots) walk(join(projectDir, root));
  return found;
}

export function toProjectPath(projectDir: string, absolutePath: string): string {
  // Listed files sit below the project dir: a slice is enough (path.relative normalises both
  // paths each call, a few percent of a cold `ls` on 10,000 files).
  if (sep === '/' && absolutePath.startsWith(`${projectDir}/`) && !projectDir.endsWith('/')) return absolutePath.slice(projectDir.length + 1);
  return relative(projectDir, absolutePath).split(sep).join('/');
}

// Project files are mostly small: read them into one reused buffer (open, read, close) instead of
// readFileSync's open, fstat, read, close and a new buffer per file (10,000 models: ~12% of a cold ls).
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/** The file's bytes; a view of SCRATCH (valid until the next call) when the file fits in it. */
function readBytes(absolutePath: string): Buffer {
  const fd = openSync(absolutePath, 'r');
  let size = 0;
  try {
    for (;;) {
      const n = readSync(fd, SCRATCH, size, SCRATCH.length - size, null);
      if (n === 0) return SCRATCH.subarray(0, size);
      size += n;
      if (size === SCRATCH.length) break;
    }
  } finally {
    closeSync(fd);
  }
  return readFileSync(absolutePath); // larger than the scratch buffer: read it whole
}

/** Reads a file as UTF-8 text; unreadable or non-UTF-8 files become diagnostics. */
export function readSourceFile(projectDir: string, absolutePath: string, diagnostics: Diagnostic[]): ProjectSourceFile | undefined {
  const path = toProjectPath(projectDir, absolutePath);
  let bytes: Buffer;
  try {
    bytes = readBytes(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    diagnostics.push({
      code: 'E_UNREADABLE', kind: 'Parsing Error', file: path,
      message: code === 'ENOENT' ? 'Cannot read the file: it does not exist (a broken symbolic link?).' : `Cannot read the file: ${code ?? String(error)}.`,
      hint: code === 'ENOENT' ? 'Point the link at an existing file, or delete it.' : 'Check its permissions: mdl needs to read every file in the project.',
    });
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // The lossy decode marks the first bad byte with U+FFFD: count lines up to it.
    const lossy = bytes.toString('utf8');
    const line = lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD'))).split('\n').length;
    diagnostics.push({
      code: 'E_NOT_UTF8', kind: 'Parsing Error', file: path, line,
      message: 'The file is not valid UTF-8 text.',
      hint: 'Save it as UTF-8 (for example `iconv -f latin1 -t utf-8`).',
    });
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path, absolutePath, text, checksum: createHash('sha256').update(bytes).digest('hex') };
}
