import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Who is editing an engagement file. One lock per file, whatever name it is opened by:
 *
 * - `<real path>.lock` beside the file (symbolic links resolved, so every link to it finds the
 *   same lock), naming the computer, the process, when that process started and a random token.
 *   A colleague's computer on a shared folder sees it too.
 * - On this computer, a second lock named by the file's identity (device and inode) in a folder
 *   of the user's temporary files, because a hard link is another real path to the same file.
 *
 * A second instance (another window, the CLI) finds a lock and opens the file read-only instead
 * of both writing to it. A lock is taken over, after checking, when it cannot be anybody's: it is
 * empty or unreadable (a crash between creating and writing it) and not fresh, or its process is
 * gone, or that process id now belongs to a program that started after the lock was written. A
 * lock from another computer is respected, and the message says how to clear it.
 */

export type LockOutcome = { held: true; release: () => void } | { held: false; reason: string };

interface LockOwner {
  token: string;
  pid: number;
  host: string;
  /** When the holding process started (ms since 1970), to tell it from a later process given the same id. */
  started: number | null;
  /** When the lock was written. */
  at: string;
}

/** A lock file younger than this that holds nothing readable may be one being written right now. */
const FRESH_MS = 2000;
/** Start times read from the system are rounded (to the second on macOS): closer than this counts as the same. */
const START_TOLERANCE_MS = 2000;

/** Files this process has open for writing, by identity: a second open from this process, by any name, is read-only too. */
const heldHere = new Set<string>();
/** Tokens of the locks this process holds. */
const ourTokens = new Set<string>();

function identityOf(path: string): { real: string; identity: string } {
  const real = realpathSync(path);
  const stat = statSync(real);
  return { real, identity: `${stat.dev}-${stat.ino}` };
}

function identityLockFolder(): string {
  const uid = userInfo().uid;
  return join(tmpdir(), `continuity-workbook-locks${uid >= 0 ? `-${uid}` : ''}`);
}

/** Clock ticks per second of Linux's /proc, found by matching this process's own start time (100 on nearly every system). */
let ticksPerSecond: number | null = null;

function linuxStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!bootLine || !Number.isFinite(ticks)) return null;
    const boot = Number(bootLine[1]) * 1000;
    if (ticksPerSecond === null) {
      const ownTicks = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]);
      const ownStart = Date.now() - process.uptime() * 1000;
      ticksPerSecond = [100, 250, 300, 1000].reduce((best, candidate) =>
        Math.abs(boot + (ownTicks / candidate) * 1000 - ownStart) < Math.abs(boot + (ownTicks / best) * 1000 - ownStart) ? candidate : best,
      );
    }
    return boot + (ticks / ticksPerSecond) * 1000;
  } catch {
    return null;
  }
}

/** When a process started (ms since 1970), or null when this system does not say. */
export function processStartTime(pid: number): number | null {
  if (process.platform === 'linux') return linuxStartTime(pid);
  try {
    if (process.platform === 'win32') {
      const text = execFileSync('powershell.exe', ['-NoProfile', '-Command', `(Get-Process -Id ${pid}).StartTime.ToUniversalTime().ToString('o')`], {
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const at = Date.parse(text.trim());
      return Number.isNaN(at) ? null : at;
    }
    const text = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const at = Date.parse(text.trim());
    return Number.isNaN(at) ? null : at;
  } catch {
    return null;
  }
}

let ownStart: number | null | undefined;

function newOwner(): LockOwner {
  ownStart ??= processStartTime(process.pid) ?? Math.round(Date.now() - process.uptime() * 1000);
  return { token: randomBytes(16).toString('hex'), pid: process.pid, host: hostname(), started: ownStart, at: new Date().toISOString() };
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

/** The lock's holder, or null when the file is empty, unreadable or not a lock we wrote. */
function readOwner(lockPath: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return null;
    return {
      token: typeof owner.token === 'string' ? owner.token : '',
      pid: owner.pid,
      host: owner.host,
      started: typeof owner.started === 'number' ? owner.started : null,
      at: typeof owner.at === 'string' ? owner.at : '',
    };
  } catch {
    return null;
  }
}

/**
 * Whether a lock on this computer can be nobody's any more: its process is gone, or the process
 * with that id started after the lock was written (or at another time than the lock says), so it
 * is some other program that was given the same id.
 */
function holderIsGone(owner: LockOwner, lockPath: string): boolean {
  if (owner.pid === process.pid) return !ourTokens.has(owner.token);
  if (!isAlive(owner.pid)) return true;
  const started = processStartTime(owner.pid);
  if (started === null) return false;
  if (owner.started !== null) return Math.abs(started - owner.started) > START_TOLERANCE_MS;
  // A lock written by a version that did not record the start time: judged by when it was written.
  let written = Date.parse(owner.at);
  if (Number.isNaN(written)) written = statSync(lockPath).mtimeMs;
  return started > written + START_TOLERANCE_MS;
}

function ageOf(lockPath: string): number {
  try {
    return Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return Infinity;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes the lock in one step where the file system allows: the content goes to a file of its
 * own, which is then linked under the lock's name (refused when that name exists). So nobody can
 * ever find our lock empty. Where links are not supported (FAT drives), created and then written.
 */
function createLock(lockPath: string, owner: LockOwner): void {
  const text = JSON.stringify(owner);
  const staging = `${lockPath}.${owner.token}`;
  writeFileSync(staging, text, { flag: 'wx' });
  try {
    linkSync(staging, lockPath);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
  } finally {
    rmSync(staging, { force: true });
  }
  const fd = openSync(lockPath, 'wx');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a lock judged abandoned out of the way. The lock is first renamed to a name of our own
 * and read back: if it is not the one judged (someone took it over meanwhile and wrote a new
 * one), it is put back and left alone.
 */
function takeOver(lockPath: string, judged: LockOwner | null, token: string): boolean {
  const aside = `${lockPath}.abandoned-${token}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return false;
  }
  const moved = readOwner(aside);
  const same = judged === null ? moved === null : moved !== null && moved.token === judged.token && moved.pid === judged.pid && moved.at === judged.at;
  if (!same) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone else has written a lock meanwhile: theirs stands.
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

type Taken = { held: true } | { held: false; owner: LockOwner | null } | { held: 'unsupported' };

function takeLockFile(lockPath: string, owner: LockOwner): Taken {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      createLock(lockPath, owner);
      return { held: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { held: 'unsupported' };
    }
    let existing = readOwner(lockPath);
    // Empty or unreadable: a crash between creating and writing it, or someone writing it right now.
    while (existing === null && ageOf(lockPath) < FRESH_MS) {
      sleep(100);
      existing = readOwner(lockPath);
    }
    if (existing !== null && (existing.host !== hostname() || !holderIsGone(existing, lockPath))) return { held: false, owner: existing };
    takeOver(lockPath, existing, owner.token);
  }
  return { held: false, owner: readOwner(lockPath) };
}

function describeOwner(owner: LockOwner | null, lockPath: string): string {
  if (!owner) return `it is locked by ${lockPath}`;
  const since = owner.at ? ` since ${owner.at.slice(0, 16).replace('T', ' ')} UTC` : '';
  if (owner.host === hostname()) return `it is open in another Continuity Workbook window or command (process ${owner.pid})${since}`;
  return `it is open on ${owner.host}${since}; if that computer no longer has it open, delete ${lockPath}`;
}

/** Who holds the lock on this file, in words, or null when nobody does (for messages when SQLite finds the file busy). */
export function lockHolder(path: string): string | null {
  try {
    const lockPath = `${realpathSync(path)}.lock`;
    const owner = readOwner(lockPath);
    return owner ? describeOwner(owner, lockPath) : null;
  } catch {
    return null;
  }
}

function removeIfOurs(lockPath: string, token: string): void {
  if (readOwner(lockPath)?.token === token) rmSync(lockPath, { force: true });
}

/**
 * Takes the lock for writing, or says who has it. Failing to create a lock for any reason other
 * than "someone has it" (a read-only folder, say) counts as held, with nothing to release:
 * whether the file itself can be written is decided separately.
 */
export function acquireLock(path: string): LockOutcome {
  const { real, identity } = identityOf(path);
  if (heldHere.has(identity)) return { held: false, reason: 'it is already open in this window' };
  const owner = newOwner();
  const besidePath = `${real}.lock`;
  const beside = takeLockFile(besidePath, owner);
  if (beside.held === false) return { held: false, reason: describeOwner(beside.owner, besidePath) };
  let identityPath: string | null = join(identityLockFolder(), `${identity}.lock`);
  try {
    mkdirSync(identityLockFolder(), { recursive: true, mode: 0o700 });
  } catch {
    identityPath = null;
  }
  const byIdentity = identityPath === null ? ({ held: 'unsupported' } as const) : takeLockFile(identityPath, owner);
  if (byIdentity.held === false) {
    if (beside.held === true) removeIfOurs(besidePath, owner.token);
    return { held: false, reason: describeOwner(byIdentity.owner, besidePath) };
  }
  heldHere.add(identity);
  ourTokens.add(owner.token);
  let released = false;
  return {
    held: true,
    release: () => {
      if (released) return;
      released = true;
      heldHere.delete(identity);
      ourTokens.delete(owner.token);
      if (beside.held === true) removeIfOurs(besidePath, owner.token);
      if (byIdentity.held === true && identityPath !== null) removeIfOurs(identityPath, owner.token);
    },
  };
}
