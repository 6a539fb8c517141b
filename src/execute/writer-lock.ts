import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { MdlError } from '../errors/diagnostic.js';

interface LockInfo {
  readonly pid: number;
  readonly since: string;
  readonly command: string;
}

/** Lock files this process holds now: a lock naming our pid is live only if it is one of these. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * One writer per warehouse file: a lock file beside the database says who writes and since
 * when, so a second mdl can say so (DuckDB's own lock error names only a pid). A lock left by
 * a dead process is taken over.
 */
export async function acquireWriterLock(databasePath: string, command: string, waitSeconds = 0): Promise<() => void> {
  const path = `${databasePath}.mdl-lock`;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString(), command }));
      closeSync(fd);
      held.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(path);
        // Each acquire adds an exit listener; drop it, or API callers leak one per command.
        process.removeListener('exit', release);
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(path);
    // A lock naming our own pid that we do not hold was left by a killed run whose pid we now
    // reuse (pid 1 in a container every time): stale. One we hold is another command of this
    // process (API callers) and is as busy as any other writer.
    if (!holder || (holder.pid === process.pid && !held.has(path)) || (holder.pid !== process.pid && !alive(holder.pid))) {
      try {
        unlinkSync(path);
      } catch {
        // another process took it over first; loop and see
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const since = new Date(holder.since);
      const hhmm = `${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
      throw new MdlError({
        code: 'E_LOCKED', kind: 'Runtime Error', file: basename(databasePath),
        message: `${basename(databasePath)} is in use by mdl (pid ${holder.pid}) since ${hhmm}; wait for it or pass --wait SECONDS.`,
        hint: `The other process is running \`mdl ${holder.command}\`.`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
