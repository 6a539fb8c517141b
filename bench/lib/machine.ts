/** Collects the machine and version facts every results file carries. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { rssMethod } from './measure.js';
import type { MachineFacts } from './types.js';

function git(repoDir: string, args: readonly string[]): string {
  const result = spawnSync('git', args, { cwd: repoDir, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : '';
}

/** The commit being measured, with `-dirty` when tracked engine files have local changes. */
export function mdlCommit(repoDir: string): string {
  const commit = git(repoDir, ['rev-parse', '--short=10', 'HEAD']) || 'unknown';
  const dirty = git(repoDir, ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'package.json']);
  return dirty ? `${commit}-dirty` : commit;
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('select version() as v');
    return String(reader.getRowObjectsJS()[0]?.v ?? 'unknown');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function nodeApiVersion(): string {
  const require = createRequire(import.meta.url);
  try {
    const path = require.resolve('@duckdb/node-api/package.json');
    return String(JSON.parse(readFileSync(path, 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

/** Gathers the facts; `dbt` and `python` are filled in later by the dbt workload when it runs. */
export async function machineFacts(repoDir: string): Promise<MachineFacts> {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    load_average_at_start: os.loadavg().map((v) => Math.round(v * 100) / 100),
    node: process.version,
    duckdb: await duckdbVersion(),
    duckdb_node_api: nodeApiVersion(),
    mdl_commit: mdlCommit(repoDir),
    rss_method: rssMethod(),
  };
}
