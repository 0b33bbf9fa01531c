import { copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
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
  mkdirSync(folder, { recursive: true });
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
  const detail = error instanceof Error ? error.message : String(error);
  return new CwbError('IO', `Could not keep a snapshot of ${basename(path)} in ${historyFolder(path)} (${detail}); nothing was changed. Check that the folder is writable and the disk has room.`);
}

/** Copies a closed engagement file (before a migration opens it). */
export function snapshotClosedFile(path: string, reason: SnapshotReason): Snapshot {
  return takeSnapshot(path, reason, (target) => copyFileSync(path, target));
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
    size = statSync(file).size;
  } catch {
    return null;
  }
  return { id: basename(file, '.cwb'), at: `${day}T${h}:${m}:${s}.${ms}Z`, reason: SNAPSHOT_REASONS[reason as SnapshotReason] ?? reason!.replace(/-/g, ' '), sizeBytes: size };
}

/** Newest first. A folder that does not exist yet simply holds no snapshots. */
export function listSnapshots(path: string): Snapshot[] {
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
