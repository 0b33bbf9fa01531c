import { constants as fsConstants, copyFileSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, closeSync, readdirSync, readlinkSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Snapshot } from '../../../shared/api/signoffContract';
import { CwbError } from '../errors';
import type { StoreContext } from './storeContext';

/**
 * Automatic copies of an engagement file taken before anything that changes much at once (an
 * inventory import, a workbook re-import, a migration, a sign-off, a restore). They live beside
 * the file in `<file>.history/`, so they travel with it, and only the newest are kept.
 */
export const MAX_SNAPSHOTS = 30;

export const SNAPSHOT_REASONS = {
  'before-inventory-import': 'Before an inventory import',
  'before-answer-import': 'Before answers were imported from a workbook',
  'before-migration': 'Before the file format was upgraded',
  'before-sign-off': 'Before the sign-off',
  'before-restore': 'Before a snapshot was restored',
  'before-merge': 'Before another copy was merged in',
} as const;
export type SnapshotReason = keyof typeof SNAPSHOT_REASONS;

/** The change each snapshot is taken for, as a refusal names what did not happen. */
const CHANGE_WAITING: Record<SnapshotReason, string> = {
  'before-inventory-import': 'the inventory was not imported',
  'before-answer-import': 'the answers were not imported',
  'before-migration': 'the file was not upgraded to this version, so it was not opened',
  'before-sign-off': 'the engagement was not signed off',
  'before-restore': 'the snapshot was not restored',
  'before-merge': 'the other copy was not merged in',
};

/**
 * Snapshots never leave the engagement's folder: `NAME.cwb.history` must be a plain folder (not a
 * link to somewhere else, not a file) belonging to whoever owns the engagement file, or not exist
 * yet. Otherwise the change that wanted a snapshot does not happen, and the message says what to
 * do: the consultant decides, rather than the app going on without a snapshot.
 */
export function checkHistoryFolder(path: string, waiting: string | null): void {
  const folder = historyFolder(path);
  let found;
  try {
    found = lstatSync(folder);
  } catch {
    return;
  }
  const name = basename(folder);
  const consequence = waiting ? `no snapshot was kept and ${waiting}` : 'its snapshots cannot be listed or used';
  const refuse = (what: string, remedy: string): never => {
    throw new CwbError('SNAPSHOT_UNSAFE', `${name} beside the engagement ${what}, so ${consequence}. Snapshots are kept only in a plain folder of your own beside the file: ${remedy}, then try again.`, {
      folder,
    });
  };
  if (found.isSymbolicLink()) {
    let target = '';
    try {
      target = ` to ${readlinkSync(folder)}`;
    } catch {
      // The link's target is only for the message.
    }
    refuse(`is a link${target}`, `remove the link ${folder} (what it points to is not touched)`);
  }
  if (!found.isDirectory()) refuse('is not a folder', `move ${folder} out of the way`);
  // A merge keeps its snapshot beside a file it has not written yet: then the folder must be the user's own.
  const owner = process.platform === 'win32' ? null : existsSync(path) ? statSync(path).uid : (process.getuid?.() ?? null);
  if (owner !== null && found.uid !== owner) refuse(`belongs to another user (user id ${found.uid})`, `rename ${folder} or ask its owner to remove it`);
}

const NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z_([a-z0-9-]+)\.cwb$/;

export function historyFolder(path: string): string {
  return `${path}.history`;
}

function stamp(at: Date): string {
  return at.toISOString().replace(/:/g, '-');
}

/** Where the next snapshot goes: named by time and reason, unique even within one millisecond. */
function nextSnapshotPath(path: string, reason: SnapshotReason): string {
  const folder = historyFolder(path);
  try {
    mkdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Checked again once it exists: something may have been put in its place meanwhile.
  checkHistoryFolder(path, CHANGE_WAITING[reason]);
  let at = new Date();
  let target = join(folder, `${stamp(at)}_${reason}.cwb`);
  while (existsSync(target)) {
    at = new Date(at.getTime() + 1);
    target = join(folder, `${stamp(at)}_${reason}.cwb`);
  }
  return target;
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a snapshot with `write(temporaryPath)` (a file copy, or SQLite's VACUUM INTO from the
 * open connection), then renames it into place: a crash never leaves half a snapshot listed.
 */
export function takeSnapshot(path: string, reason: SnapshotReason, write: (target: string) => void): Snapshot {
  checkHistoryFolder(path, CHANGE_WAITING[reason]);
  let target: string;
  try {
    target = nextSnapshotPath(path, reason);
  } catch (error) {
    throw snapshotFailure(path, error);
  }
  const temporary = `${target}.writing`;
  try {
    write(temporary);
    syncFile(temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw snapshotFailure(path, error);
  }
  prune(path);
  return describe(target)!;
}

function snapshotFailure(path: string, error: unknown): CwbError {
  if (error instanceof CwbError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new CwbError('IO', `Could not keep a snapshot of ${basename(path)} in ${historyFolder(path)} (${detail}); nothing was changed. Check that the folder is writable and the disk has room.`);
}

/** Copies a closed engagement file (before a migration opens it). */
export function snapshotClosedFile(path: string, reason: SnapshotReason): Snapshot {
  return takeSnapshot(path, reason, (target) => copyFileSync(path, target, fsConstants.COPYFILE_EXCL));
}

/** A consistent copy of an open file as it is now (SQLite's VACUUM INTO from its connection). */
export function snapshotOpenFile(store: StoreContext, reason: SnapshotReason): Snapshot {
  if (store.access.readOnly) throw new CwbError('READ_ONLY', `No snapshot can be kept: ${store.access.reason ?? 'the file is read-only here.'}`);
  return takeSnapshot(store.path, reason, (target) => store.db.prepare('VACUUM INTO ?').run(target));
}

function describe(file: string): Snapshot | null {
  const match = NAME.exec(basename(file));
  if (!match) return null;
  const [, day, h, m, s, ms, reason] = match;
  let size: number;
  try {
    // Only plain files: a link inside the folder would lead a restore out of it.
    const found = lstatSync(file);
    if (!found.isFile()) return null;
    size = found.size;
  } catch {
    return null;
  }
  return { id: basename(file, '.cwb'), at: `${day}T${h}:${m}:${s}.${ms}Z`, reason: SNAPSHOT_REASONS[reason as SnapshotReason] ?? reason!.replace(/-/g, ' '), sizeBytes: size };
}

/** Newest first. A folder that does not exist yet simply holds no snapshots; one that is not safe is refused. */
export function listSnapshots(path: string): Snapshot[] {
  checkHistoryFolder(path, null);
  const folder = historyFolder(path);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((name) => describe(join(folder, name)))
    .filter((snapshot): snapshot is Snapshot => snapshot !== null)
    .sort((a, b) => (a.id < b.id ? 1 : -1));
}

/** The snapshot's file, found by its id (or by its number in the newest-first list, from 1). */
export function snapshotFile(path: string, idOrNumber: string): { snapshot: Snapshot; file: string } {
  const snapshots = listSnapshots(path);
  const byNumber = /^\d{1,3}$/.test(idOrNumber) ? snapshots[Number(idOrNumber) - 1] : undefined;
  const snapshot = byNumber ?? snapshots.find((candidate) => candidate.id === idOrNumber.replace(/\.cwb$/, ''));
  if (!snapshot) {
    throw new CwbError('NOT_FOUND', `No snapshot "${idOrNumber}" of ${basename(path)}; ${snapshots.length === 0 ? 'it has none yet' : `list them with cwb snapshots (${snapshots.length} kept)`}.`);
  }
  return { snapshot, file: join(historyFolder(path), `${snapshot.id}.cwb`) };
}

function prune(path: string): void {
  for (const old of listSnapshots(path).slice(MAX_SNAPSHOTS)) {
    rmSync(join(historyFolder(path), `${old.id}.cwb`), { force: true });
  }
}

/** Replaces the (closed) engagement file with a snapshot's bytes, through a synced temporary file and a rename. */
export function replaceWithSnapshot(path: string, file: string): void {
  const temporary = `${path}.restoring-${process.pid}`;
  try {
    copyFileSync(file, temporary);
    syncFile(temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const detail = error instanceof Error ? error.message : String(error);
    throw new CwbError('IO', `Could not restore ${basename(file)} over ${path} (${detail}); the engagement was not changed.`);
  }
}
