import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who is editing an engagement file. A small `<file>.lock` beside it names the host and process;
 * a second instance (another window, the CLI, a colleague on a shared folder) finds it and opens
 * the file read-only instead of both writing to it. A lock left by a process that has died on
 * this machine is taken over; one from another machine is respected, and the message says how
 * to clear it if that machine is gone.
 */

export type LockOutcome =
  | { held: true; release: () => void }
  | { held: false; reason: string };

/** Files this process has open for writing: a second open from the same process is read-only too. */
const heldHere = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  at: string;
}

function lockPathOf(path: string): string {
  return `${path}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return null;
    return { pid: owner.pid, host: owner.host, at: typeof owner.at === 'string' ? owner.at : '' };
  } catch {
    return null;
  }
}

function describeOwner(owner: LockOwner | null, lockPath: string): string {
  if (!owner) return `it is locked by ${lockPath}`;
  const since = owner.at ? ` since ${owner.at.slice(0, 16).replace('T', ' ')} UTC` : '';
  if (owner.host === hostname()) return `it is open in another Continuity Workbook window or command (process ${owner.pid})${since}`;
  return `it is open on ${owner.host}${since}; if that computer no longer has it open, delete ${lockPath}`;
}

/**
 * Takes the lock for writing, or says who has it. Failing to create the lock for any reason
 * other than "someone has it" (a read-only folder, say) is reported as `held: true` with nothing
 * to release: whether the file itself can be written is decided separately.
 */
export function acquireLock(path: string): LockOutcome {
  if (heldHere.has(path)) return { held: false, reason: 'it is already open in this window' };
  const lockPath = lockPathOf(path);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return { held: true, release: () => {} };
      const owner = readOwner(lockPath);
      const stale = owner !== null && owner.host === hostname() && (owner.pid === process.pid ? !heldHere.has(path) : !isAlive(owner.pid));
      if (!stale) return { held: false, reason: describeOwner(owner, lockPath) };
      rmSync(lockPath, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    } finally {
      closeSync(fd);
    }
    heldHere.add(path);
    let released = false;
    return {
      held: true,
      release: () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        if (readOwner(lockPath)?.pid === process.pid) rmSync(lockPath, { force: true });
      },
    };
  }
  return { held: false, reason: `${lockPath} could not be taken over` };
}
