import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CwbError } from '../errors';
import { checkContent } from './contentCheck';
import { checkEngagementHeader } from './fileCheck';
import { checkSchema, expectedSchema } from './schemaCheck';
import { BUSY_TIMEOUT_MS, describeSqliteFailure, sqliteCode, type Db } from './storeContext';
import { openDatabase } from './sqliteDriver';

/**
 * Every connection to an engagement file (or a snapshot of one) is opened here, with SQLite's
 * defences on: defensive mode (no writing to the schema table or other ways of corrupting the
 * file by SQL), functions in the schema limited to harmless ones (`trusted_schema` off), and
 * no extension loading (SQLite's `load_extension()` stays refused; better-sqlite3 only loads an
 * extension when asked through its own API, which we never call).
 */
export function connect(path: string, options: { readonly?: boolean; create?: boolean } = {}): Db {
  const db = openDatabase(path, { readonly: options.readonly ?? false, fileMustExist: !options.create, timeout: BUSY_TIMEOUT_MS });
  try {
    db.unsafeMode(false);
    db.pragma('trusted_schema = OFF');
    db.pragma('cell_size_check = ON');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

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
    db = connect(path);
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
}


/**
 * Everything checked before an engagement file (or a snapshot about to be restored) is used,
 * without writing a byte to it: its header (ours, not newer), an unfinished save rolled back
 * (`recover`, for files about to be opened by the app), its schema exactly that of its format
 * version, every page readable (SQLite's quick check), and its content within the limits and of
 * the declared types. Returns the file's format version.
 */
export function inspectFile(path: string, options: { recover: boolean }): { schemaVersion: number } {
  // The header is checked first so that nothing is ever written to a file that is not ours, and
  // read again after a recovery, which may have put back the page that holds it.
  const header = checkEngagementHeader(path);
  const { schemaVersion } = options.recover && recoverInterruptedSave(path) ? checkEngagementHeader(path) : header;
  let db: Db | undefined;
  try {
    db = connect(path, { readonly: true });
    checkSchema(db, path, schemaVersion);
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') {
      throw new CwbError('CORRUPT', `${path} is damaged (SQLite integrity check: ${String(result)}). The file was not changed.`);
    }
    checkContent(db, path, expectedSchema(schemaVersion));
  } catch (error) {
    throw describeSqliteFailure(error, path, 'opened');
  } finally {
    db?.close();
  }
  return { schemaVersion };
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
