/**
 * The broken-project corpus: `fixtures/broken/<case>/` holds a small project that is wrong in
 * one way and an `expect.yml` saying how mdl must refuse it. Folders starting with `_` are not
 * cases (`_good` is the working project every case is a variation of).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoDir } from './cli.js';

export const corpusDir = join(repoDir, 'fixtures', 'broken');

/** What one case expects. */
export interface BrokenCase {
  readonly name: string;
  readonly dir: string;
  /** One line: what is broken. */
  readonly why: string;
  /** `compile`, `build`, `ls`, ... */
  readonly command: string;
  readonly args: readonly string[];
  /** 2: rejected before execution (warehouse untouched); 1: a node failed at execution. */
  readonly exit: number;
  /** A fragment the output must contain. */
  readonly message: string;
  /** Project-relative file the output must name, and the line where one exists. */
  readonly file?: string;
  readonly line?: number;
  /** A file to chmod 000 once copied (git cannot store that mode). */
  readonly unreadable?: string;
  /** Expected status per node in run_results.json (exit 1 cases). */
  readonly results?: Readonly<Record<string, string>>;
  /** Set when mdl does not meet the expectation yet: the case is skipped and reported, not passed. */
  readonly knownGap?: string;
}

function field<T>(raw: Record<string, unknown>, key: string, type: string, name: string): T | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (type === 'array' ? !Array.isArray(value) : typeof value !== type) {
    throw new Error(`fixtures/broken/${name}/expect.yml: '${key}' must be a ${type}`);
  }
  return value as T;
}

const KEYS = new Set(['why', 'command', 'args', 'exit', 'message', 'file', 'line', 'unreadable', 'results', 'known_gap']);

export function readCase(name: string): BrokenCase {
  const dir = join(corpusDir, name);
  const raw = parse(readFileSync(join(dir, 'expect.yml'), 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) throw new Error(`fixtures/broken/${name}/expect.yml: unknown key '${key}'`);
  }
  const message = field<string>(raw, 'message', 'string', name);
  const exit = field<number>(raw, 'exit', 'number', name);
  if (!message || exit === undefined) throw new Error(`fixtures/broken/${name}/expect.yml needs exit and message`);
  return {
    name, dir, message, exit,
    why: field<string>(raw, 'why', 'string', name) ?? name,
    command: field<string>(raw, 'command', 'string', name) ?? 'compile',
    args: field<string[]>(raw, 'args', 'array', name) ?? [],
    file: field<string>(raw, 'file', 'string', name),
    line: field<number>(raw, 'line', 'number', name),
    unreadable: field<string>(raw, 'unreadable', 'string', name),
    results: field<Record<string, string>>(raw, 'results', 'object', name),
    knownGap: field<string>(raw, 'known_gap', 'string', name),
  };
}

export function listCases(): BrokenCase[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && existsSync(join(corpusDir, e.name, 'expect.yml')))
    .map((e) => readCase(e.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}
