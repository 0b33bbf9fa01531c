import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CwbError } from '../errors';
import { ENGAGEMENT_APPLICATION_ID } from './fileCheck';
import { MIGRATIONS } from './migrations';
import { describeSqliteFailure, sqliteCode, type Db } from './storeContext';
import { openDatabase } from './sqliteDriver';

/**
 * A crash in the middle of a save leaves a "hot" journal beside the file: the pages as they were
 * before the unfinished change. SQLite puts them back, but only through a connection that may
 * write, so one is opened (and closed) before anything reads the file's header or checks it:
 * otherwise the half-written header would be trusted, and the integrity check, which reads
 * through a read-only connection, would fail. A journal that belongs to a live writer elsewhere
 * is left to it (SQLite's locks tell the two apart).
 */
export function recoverInterruptedSave(path: string): boolean {
  if (!existsSync(`${path}-journal`)) return false;
  let db: Db | undefined;
  try {
    db = openDatabase(path, { fileMustExist: true, timeout: 2000 });
    db.pragma('user_version', { simple: true });
    return true;
  } catch (error) {
    const code = sqliteCode(error) ?? '';
    if (code === 'SQLITE_BUSY') return false;
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
      throw new CwbError('IO', `${path} was left in the middle of a save (its journal is beside it) and must be opened once where it can be written, so the unfinished change can be rolled back. Nothing was changed.`);
    }
    throw describeSqliteFailure(error, path, 'recovered');
  } finally {
    db?.close();
  }
}

export function configure(db: Db): void {
  // One self-contained file the consultant can copy at any moment: no WAL side files.
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
}

export function migrate(db: Db, fromVersion: number): void {
  const pending = MIGRATIONS.filter((m) => m.version > fromVersion);
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      migration.seed?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    db.pragma(`application_id = ${ENGAGEMENT_APPLICATION_ID}`);
  })();
}

/** Proves the file is readable end to end without writing a byte to it. */
export function verifyIntegrity(path: string): void {
  let db: Db | undefined;
  try {
    db = openDatabase(path, { readonly: true, fileMustExist: true });
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') {
      throw new CwbError('CORRUPT', `${path} is damaged (SQLite integrity check: ${String(result)}). The file was not changed.`);
    }
  } catch (error) {
    throw describeSqliteFailure(error, path, 'opened');
  } finally {
    db?.close();
  }
}

/** Why a file that exists cannot be written from here, or null when it can (the folder too: SQLite writes its journal there). */
export function unwritableReason(path: string): string | null {
  for (const [target, what] of [[path, 'the file'], [dirname(path), 'its folder']] as const) {
    try {
      accessSync(target, fsConstants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EROFS' ? 'it is on a read-only medium' : `${what} cannot be written (${code ?? 'no permission'})`;
    }
  }
  return null;
}
