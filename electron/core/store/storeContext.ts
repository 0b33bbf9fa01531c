import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { ZodError } from 'zod';
import { CwbError } from '../errors';
import { lockHolder } from './fileLock';

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
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const holder = lockHolder(path);
    return new CwbError(
      'READ_ONLY',
      `${path} is in use elsewhere${holder ? ` (${holder})` : ''} and stayed busy for ${BUSY_TIMEOUT_MS / 1000} s, so nothing was saved. Close it there, or try again in a moment.`,
      { holder },
    );
  }
  if (code === 'SQLITE_READONLY_DBMOVED') return vanished(path);
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

/**
 * Reads one stored value (JSON text, a record checked by its schema) and, where it is not what the
 * app writes, refuses with CORRUPT naming the table and the row, instead of an unexplained failure
 * deep in the app. The file's types and JSON syntax are checked when it is opened; this catches
 * what only the app's own shapes can tell.
 */
export function readStored<T>(path: string, table: string, row: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CwbError) throw error;
    const problem =
      error instanceof SyntaxError
        ? 'it is not valid JSON'
        : error instanceof ZodError
          ? `${error.issues[0]?.path.map(String).join('.') || 'the value'}: ${error.issues[0]?.message ?? 'not a value the app writes'}`
          : error instanceof Error
            ? error.message
            : String(error);
    throw new CwbError('CORRUPT', `${path} is damaged: table ${table}, ${row}: ${problem}. Nothing in the file was changed.`, { table, row });
  }
}

/** How long a statement waits for another process's lock on the file before giving up (then READ_ONLY, naming who has it). */
export const BUSY_TIMEOUT_MS = 2000;

/**
 * An open file that was deleted, moved away or replaced still accepts writes on most systems,
 * into a file nobody will find again. SQLite notices at the start of every write transaction
 * (it compares the file at the path with the one it has open) and refuses; this says so.
 */
function vanished(path: string): CwbError {
  return new CwbError(
    'IO',
    `${path} is no longer there (moved, deleted, or its drive was removed), so this change was not saved. Everything saved so far is still open here: use Save a copy to keep it somewhere else.`,
  );
}

/**
 * A column's value for json_object, written as JSON.stringify writes it: SQLite writes a whole
 * REAL such as 8.0 as "8.0", JavaScript as "8". Only a column of REAL affinity (its declared
 * type names REAL, FLOAT or DOUBLE) holds such a value: the others are taken as they are.
 */
function jsonValueAsJs(column: string, declaredType: string): string {
  if (/INT/i.test(declaredType) || !/REAL|FLOA|DOUB/i.test(declaredType)) return column;
  return `CASE WHEN typeof(${column}) = 'real' AND ${column} = CAST(${column} AS INTEGER) THEN CAST(${column} AS INTEGER) ELSE ${column} END`;
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
  ) {}

  /**
   * Whether the engagement is signed off, read once and then kept: it changes only by signing,
   * reopening or restoring, which set it again (`signedOffChanged`), and no other process writes
   * the file while this one holds its lock. The triggers in the file refuse signed content anyway.
   */
  private signedOff: boolean | null = null;

  /** Prepared once each; the statements a save runs every time. */
  private readonly statements = new Map<string, Database.Statement>();

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** A statement prepared on first use and kept, for the ones every save runs. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /**
   * A change is refused before any work when the file is read-only here or the engagement is
   * signed off. Whether the file is still there is SQLite's to notice, inside the transaction.
   */
  refuseChanges(): void {
    if (this.access.readOnly) throw new CwbError('READ_ONLY', `Nothing can be changed: ${this.access.reason ?? `${this.path} was opened read-only.`}`);
    try {
      this.signedOff ??= this.statement('SELECT status FROM engagement LIMIT 1').pluck().get() === 'signed-off';
    } catch (error) {
      throw describeSqliteFailure(error, this.path, 'checking');
    }
    if (this.signedOff) {
      throw new CwbError('SIGNED_OFF', 'The engagement is signed off, so it cannot be changed. Reopen it (this voids the sign-off) to make changes.');
    }
  }

  /** Signing and reopening change whether the engagement is signed off: it is read again before the next change. */
  signedOffChanged(): void {
    this.signedOff = null;
  }

  /** Runs `work` as one transaction (one disk sync): all of its changes are saved, or none. */
  write<T>(doing: string, work: () => T): T {
    // Inside a batch the outer write has checked already; an import's thousands of saves need not ask again.
    if (!this.db.inTransaction) this.refuseChanges();
    return this.transact(doing, work);
  }

  /** Transactions run so far; what was read before one may be out of date after it. */
  writes = 0;

  /** A transaction without the sign-off check: only signing, reopening and restoring use it directly. */
  transact<T>(doing: string, work: () => T): T {
    this.writes += 1;
    try {
      return this.db.transaction(work)();
    } catch (error) {
      throw describeSqliteFailure(error, this.path, doing);
    }
  }

  /** `source` names the copy of the engagement a merged change came from; changes made here have none. */
  audit(action: string, entity: string, entityId: string, field: string | null, oldValue: unknown, newValue: unknown, source: string | null = null): void {
    this.statement('INSERT INTO audit (at, actor, action, entity, entity_id, field, old_value, new_value, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      now(),
      this.actor,
      action,
      entity,
      entityId,
      field,
      oldValue === null || oldValue === undefined ? null : JSON.stringify(oldValue),
      newValue === null || newValue === undefined ? null : JSON.stringify(newValue),
      source,
    );
  }

  /**
   * Audits as created, in one statement, every row of `table` added after the row `afterRowid`,
   * in the order they were added: the new value of each is its row as stored, as the JSON `audit`
   * would write for it (`id` first, then `fields` by name, then `extra`). For tens of thousands of
   * rows this spares a call, a JSON text and a timestamp per row in JavaScript. They are changes
   * made here: no merge source.
   */
  auditInsertedRows(entity: string, table: string, fields: readonly (readonly [field: string, column: string])[], afterRowid: number, extra: Record<string, string>): void {
    const declared = new Map((this.db.pragma(`table_info(${table})`) as { name: string; type: string }[]).map((c) => [c.name, c.type]));
    const pairs = [`'id', id`, ...fields.map(([field, column]) => `'${field}', ${jsonValueAsJs(column, declared.get(column) ?? '')}`), ...Object.keys(extra).map((key) => `'${key}', ?`)];
    this.db
      .prepare(
        `INSERT INTO audit (at, actor, action, entity, entity_id, field, old_value, new_value, source)
         SELECT ?, ?, 'create', '${entity}', id, NULL, NULL, json_object(${pairs.join(', ')}), NULL FROM ${table} WHERE rowid > ? ORDER BY rowid`,
      )
      .run(now(), this.actor, ...Object.values(extra), afterRowid);
  }

  auditTrail(): AuditEntry[] {
    return this.db.prepare('SELECT at, actor, action, entity, entity_id AS entityId, field FROM audit ORDER BY id').all() as AuditEntry[];
  }
}
