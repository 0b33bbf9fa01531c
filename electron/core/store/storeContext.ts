import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CwbError } from '../errors';

export type Db = Database.Database;

export const now = () => new Date().toISOString();

export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Turns SQLite's failures into messages a consultant can act on. `doing` says what was being
 * done to the file ("created", "opened", "saving an answer in"); SQLite's own wording and codes
 * stay out of the message.
 */
export function describeSqliteFailure(error: unknown, path: string, doing: string): CwbError {
  if (error instanceof CwbError) return error;
  const code = sqliteCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const failed = doing.includes(' ') ? `${doing} ${path} failed` : `${path} could not be ${doing}`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new CwbError('CORRUPT', `${failed}: the file is damaged. The file was not changed; open its latest snapshot from the History, or a backup copy.`);
  }
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    return new CwbError('IO', `${path} was left in the middle of a save (its journal is beside it) and cannot be ${doing} read-only; open it once in the app, which rolls the unfinished change back. The file was not changed.`);
  }
  if (detail.includes('signed off: reopen')) {
    return new CwbError('SIGNED_OFF', `The engagement is signed off; nothing in it can change until it is reopened (${path}).`);
  }
  if (code === 'SQLITE_FULL') {
    return new CwbError('IO', `The disk holding ${path} is full; the last change was not saved. Free some space and try again.`);
  }
  if (/directory does not exist/i.test(detail)) {
    return new CwbError('IO', `${failed}: the folder ${dirname(path)} does not exist. Choose a folder that exists.`, { path });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new CwbError('IO', `${failed}: the file or its folder cannot be written. Check that you may write to ${dirname(path)}, or choose another folder.`, { path });
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new CwbError('IO', `${failed}: the drive reported an error, so the last change was not saved. Check the drive (a removed USB stick, a lost network share) and try again.`, { path });
  }
  return new CwbError('INTERNAL', `${failed} for a reason the app did not expect (${detail.split('\n')[0]}). Nothing was saved by this step; try again.`);
}

/** Whether this store may write, and if not, why (shown in a banner and in every refusal). */
export interface StoreAccess {
  readOnly: boolean;
  reason: string | null;
}

export const WRITABLE: StoreAccess = { readOnly: false, reason: null };

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  field: string | null;
}

function fileIdentity(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}

/**
 * The one way the store's domain modules change an engagement file: the connection, `write`
 * (refusal when the file is read-only here, gone, or signed off; then one transaction; then
 * SQLite's failures in words) and `audit`, so an answer is either fully saved and audited, or
 * not saved at all. Reading goes straight to `db`.
 */
export class StoreContext {
  constructor(
    readonly path: string,
    readonly db: Db,
    /** Who changes are recorded as; the consultant may edit their profile while the file is open. */
    public actor: string,
    readonly access: StoreAccess,
  ) {
    this.identity = fileIdentity(path);
  }

  /** The file this store opened (device and inode), to notice when it is deleted, moved or replaced underneath. */
  private readonly identity: string | null;

  private statusQuery: Database.Statement | null = null;

  /** Prepared once: an inventory import writes an audit entry for each of tens of thousands of VMs. */
  private auditInsert: Database.Statement | null = null;

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** A change is refused before any work when the file is read-only here or the engagement is signed off. */
  refuseChanges(): void {
    if (this.access.readOnly) throw new CwbError('READ_ONLY', `Nothing can be changed: ${this.access.reason ?? `${this.path} was opened read-only.`}`);
    // An open file that was deleted or moved away still accepts writes on most systems, into a
    // file nobody will find again: refuse, and let the consultant keep everything with Save a copy.
    if (this.identity !== null && fileIdentity(this.path) !== this.identity) {
      throw new CwbError(
        'IO',
        `${this.path} is no longer there (moved, deleted, or its drive was removed), so this change was not saved. Everything saved so far is still open here: use Save a copy to keep it somewhere else.`,
      );
    }
    this.statusQuery ??= this.db.prepare('SELECT status FROM engagement LIMIT 1').pluck();
    if (this.statusQuery.get() === 'signed-off') {
      throw new CwbError('SIGNED_OFF', 'The engagement is signed off, so it cannot be changed. Reopen it (this voids the sign-off) to make changes.');
    }
  }

  /** Runs `work` as one transaction (one disk sync): all of its changes are saved, or none. */
  write<T>(doing: string, work: () => T): T {
    // Inside a batch the outer write has checked already; an import's thousands of saves need not ask again.
    if (!this.db.inTransaction) this.refuseChanges();
    return this.transact(doing, work);
  }

  /** A transaction without the sign-off check: only signing, reopening and restoring use it directly. */
  transact<T>(doing: string, work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      throw describeSqliteFailure(error, this.path, doing);
    }
  }

  audit(action: string, entity: string, entityId: string, field: string | null, oldValue: unknown, newValue: unknown): void {
    this.auditInsert ??= this.db.prepare(
      'INSERT INTO audit (at, actor, action, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.auditInsert.run(
      now(),
      this.actor,
      action,
      entity,
      entityId,
      field,
      oldValue === null || oldValue === undefined ? null : JSON.stringify(oldValue),
      newValue === null || newValue === undefined ? null : JSON.stringify(newValue),
    );
  }

  auditTrail(): AuditEntry[] {
    return this.db.prepare('SELECT at, actor, action, entity, entity_id AS entityId, field FROM audit ORDER BY id').all() as AuditEntry[];
  }
}
