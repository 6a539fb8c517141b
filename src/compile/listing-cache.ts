import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../errors/diagnostic.js';
import { saveCacheFile } from './parse-cache.js';
import { envHash } from './parse-pass.js';

/**
 * The output of the last `mdl ls`, kept in `target/ls_output.json`. It is valid only for the same
 * project fingerprint (every project file's path, size and mtime, mdl version, --vars, --target:
 * see project-snapshot.ts), the same environment variable values the templates read, and the same
 * ls arguments (`key`). A warm `ls` with a hit stats the project files and prints this, without
 * reading, parsing or selecting anything; anything different falls back to the snapshot or a parse.
 */
export interface Listing {
  readonly fingerprint: string;
  readonly key: string;
  readonly envVars: Readonly<Record<string, string | null>>;
  /** Warnings the parse and the selection reported, shown again on a hit. */
  readonly warnings: readonly Diagnostic[];
  readonly lines: readonly string[];
}

export function loadListing(path: string, fingerprint: string, key: string): Listing | undefined {
  try {
    const listing = JSON.parse(readFileSync(path, 'utf8')) as Listing;
    if (listing.fingerprint !== fingerprint || listing.key !== key || !Array.isArray(listing.lines)) return undefined;
    for (const [name, value] of Object.entries(listing.envVars)) if (envHash(name) !== value) return undefined;
    return listing;
  } catch {
    return undefined; // none yet, or unreadable: list the slow way
  }
}

export function saveListing(path: string, listing: Listing): void {
  saveCacheFile(path, listing);
}
