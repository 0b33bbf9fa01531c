import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { CwbError } from '../errors';

export type Db = Database.Database;

export const now = () => new Date().toISOString();

export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Turns SQLite's failures into messages a consultant can act on. */
export function describeSqliteFailure(error: unknown, path: string, doing: string): CwbError {
  if (error instanceof CwbError) return error;
  const code = sqliteCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new CwbError('CORRUPT', `${path} is damaged and cannot be ${doing} (${detail}). The file was not changed.`);
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
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new CwbError('IO', `${path} cannot be written (${detail}). Check that the file and its folder are writable.`);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new CwbError('IO', `Reading or writing ${path} failed (${detail}); the last change was not saved.`);
  }
  return new CwbError('INTERNAL', `Unexpected database error while ${doing} ${path}: ${detail}`);
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
    readonly actor: string,
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

  /**
   * Audits as created, in one statement, every row of `table` added after the row `afterRowid`,
   * in the order they were added: the new value of each is its row as stored, as the JSON `audit`
   * would write for it (`id` first, then `fields` by name, then `extra`). For tens of thousands of
   * rows this spares a call, a JSON text and a timestamp per row in JavaScript.
   */
  auditInsertedRows(entity: string, table: string, fields: readonly (readonly [field: string, column: string])[], afterRowid: number, extra: Record<string, string>): void {
    const declared = new Map((this.db.pragma(`table_info(${table})`) as { name: string; type: string }[]).map((c) => [c.name, c.type]));
    const pairs = [`'id', id`, ...fields.map(([field, column]) => `'${field}', ${jsonValueAsJs(column, declared.get(column) ?? '')}`), ...Object.keys(extra).map((key) => `'${key}', ?`)];
    this.db
      .prepare(
        `INSERT INTO audit (at, actor, action, entity, entity_id, field, old_value, new_value)
         SELECT ?, ?, 'create', '${entity}', id, NULL, NULL, json_object(${pairs.join(', ')}) FROM ${table} WHERE rowid > ? ORDER BY rowid`,
      )
      .run(now(), this.actor, ...Object.values(extra), afterRowid);
  }

  auditTrail(): AuditEntry[] {
    return this.db.prepare('SELECT at, actor, action, entity, entity_id AS entityId, field FROM audit ORDER BY id').all() as AuditEntry[];
  }
}
