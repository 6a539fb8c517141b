import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { envHash, type ParseRecord } from './parse-pass.js';

/**
 * The parse pass's results by file content, kept in `target/partial_parse.json` so a second
 * `ls`/`compile` skips rendering unchanged files. Everything that can change what a template
 * says goes into `key` (mdl version, project.yml, macros, vars, target); a file's entry is
 * reused only when its checksum and the environment variables it read (hashed) are unchanged.
 */
export interface ParseCache {
  readonly key: string;
  readonly entries: Record<string, { readonly checksum: string; readonly record: ParseRecord }>;
}

export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export function loadParseCache(path: string, key: string): ParseCache['entries'] | undefined {
  try {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as ParseCache;
    return cache.key === key && cache.entries && typeof cache.entries === 'object' ? cache.entries : undefined;
  } catch {
    return undefined; // no cache, or an unreadable one: parse everything
  }
}

export function cachedRecord(entries: ParseCache['entries'] | undefined, path: string, checksum: string): ParseRecord | undefined {
  const entry = entries?.[path];
  if (!entry || entry.checksum !== checksum) return undefined;
  for (const [name, value] of Object.entries(entry.record.envVars)) {
    if (envHash(name) !== value) return undefined;
  }
  return entry.record;
}

export function saveParseCache(path: string, cache: ParseCache): void {
  saveCacheFile(path, cache);
}

/** Best effort: a cache that cannot be written only costs speed next time. */
export function saveCacheFile(path: string, cache: unknown): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, path);
  } catch {
    // read-only project or full disk: carry on without a cache
  }
}
