import Database from 'better-sqlite3';
import { accessSync, constants as fsConstants, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  Answer,
  AnswerState,
  Application,
  AzureStackSystem,
  Component,
  EngagementDetails,
  EngagementView,
  ProtectionPolicy,
  Site,
  SiteDistance,
  Vm,
} from '../../../shared/domain/engagement';
import { CATALOGUE_VERSION, QUESTIONS, answerValueSchema, findQuestion, referencedIds, type Question } from '../../../shared/questions/catalogue';
import {
  ASSUMPTIONS,
  assumptionRangeSchema,
  defaultAssumptions,
  EstimateAssumptionsSchema,
  type EstimateAssumptions,
} from '../../../shared/rules/assumptions';
import type { EngagementDocument } from '../../../shared/interchange/engagementJson';
import type { ImportRecord, ImportUndoResult } from '../../../shared/api/importContract';
import type { InventoryPlan, VmValues } from '../import/plan';
import { CwbError, validationError } from '../errors';
import type { Archetype } from '../../../shared/questions/archetypes';
import { checkEngagementHeader, ENGAGEMENT_APPLICATION_ID } from './fileCheck';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { acquireLock } from './fileLock';
import { listSnapshots, replaceWithSnapshot, snapshotClosedFile, snapshotFile, takeSnapshot, type SnapshotReason } from './snapshots';
import type { Signoff } from '../../../shared/domain/signoff';
import type { Snapshot, SignerInput, Verification } from '../../../shared/api/signoffContract';
import { assessEngagement } from '../../../shared/rules/engine';
import { todayUtc } from '../../../shared/rules/format';
import { canonicalJson, SignedContent, signedContentOf } from '../../../shared/signoff/canonical';
import { assumptionsKnownTo, fingerprintOf, jsonDifferences } from '../signoff/fingerprint';
import { columnValues, POLICIES, recordFromRow, SITES, SYSTEMS, VMS, type TableMapping } from './tables';

type Db = Database.Database;

const now = () => new Date().toISOString();

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Turns SQLite's failures into messages a consultant can act on. */
function describeSqliteFailure(error: unknown, path: string, doing: string): CwbError {
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
 * A crash in the middle of a save leaves a "hot" journal beside the file: the pages as they were
 * before the unfinished change. SQLite puts them back, but only through a connection that may
 * write, so one is opened (and closed) before anything reads the file's header or checks it:
 * otherwise the half-written header would be trusted, and the integrity check, which reads
 * through a read-only connection, would fail. A journal that belongs to a live writer elsewhere
 * is left to it (SQLite's locks tell the two apart).
 */
function recoverInterruptedSave(path: string): boolean {
  if (!existsSync(`${path}-journal`)) return false;
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 2000 });
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

function configure(db: Db): void {
  // One self-contained file the consultant can copy at any moment: no WAL side files.
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
}

function migrate(db: Db, fromVersion: number): void {
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
function verifyIntegrity(path: string): void {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
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

interface AnswerRow {
  application_id: string;
  component_id: string;
  question_id: string;
  state_json: string;
  note: string;
  answered_by: string;
  answered_at: string;
  catalogue_version: number;
}

function answerFromRow(row: AnswerRow): Answer {
  return {
    questionId: row.question_id,
    state: AnswerState.parse(JSON.parse(row.state_json)),
    note: row.note,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
    catalogueVersion: row.catalogue_version,
  };
}

/**
 * One open engagement file. Every write runs in one transaction together with its audit
 * entry, so an answer is either fully saved and audited, or not saved at all.
 */
const DETAIL_COLUMNS = {
  customer: 'customer',
  title: 'title',
  consultants: 'consultants',
  workshopDates: 'workshop_dates',
  scopeNotes: 'scope_notes',
  status: 'status',
} as const;
type EditableDetail = keyof typeof DETAIL_COLUMNS;

/** Whether this store may write, and if not, why (shown in a banner and in every refusal). */
export interface StoreAccess {
  readOnly: boolean;
  reason: string | null;
}

const WRITABLE: StoreAccess = { readOnly: false, reason: null };

/** Why a file that exists cannot be written from here, or null when it can (the folder too: SQLite writes its journal there). */
function unwritableReason(path: string): string | null {
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

function fileIdentity(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}

export class EngagementStore {
  private constructor(
    readonly path: string,
    private readonly db: Db,
    private readonly actor: string,
    readonly access: StoreAccess = WRITABLE,
    private readonly releaseLock: () => void = () => {},
  ) {
    this.identity = fileIdentity(path);
  }

  /** The file this store opened (device and inode), to notice when it is deleted, moved or replaced underneath. */
  private readonly identity: string | null;

  static create(path: string, init: { customer: string; title: string }, actor: string): EngagementStore {
    if (existsSync(path)) {
      throw new CwbError('ALREADY_EXISTS', `${path} already exists. Choose another name, or open it instead.`);
    }
    // Built under a temporary name and renamed, so a crash never leaves a half-made engagement.
    const temporary = `${path}.creating-${process.pid}`;
    try {
      const db = new Database(temporary);
      try {
        configure(db);
        migrate(db, 0);
        const at = now();
        db.prepare(
          'INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        ).run(randomUUID(), init.customer, init.title, at, at);
      } finally {
        db.close();
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw describeSqliteFailure(error, path, 'created');
    }
    const store = EngagementStore.open(path, actor);
    store.audit('create', 'engagement', store.details().id, null, null, init);
    return store;
  }

  /**
   * A new engagement file holding a checked interchange document (see
   * shared/interchange/engagementJson.ts), ids kept so every reference survives. Built under a
   * temporary name in the same folder and renamed at the end: a failure leaves no file behind.
   */
  static createFromDocument(path: string, document: EngagementDocument, actor: string): EngagementStore {
    if (existsSync(path)) {
      throw new CwbError('ALREADY_EXISTS', `${path} already exists. Choose another name, or open it instead.`);
    }
    const temporary = `${path}.creating-${process.pid}`;
    try {
      const db = new Database(temporary);
      try {
        configure(db);
        migrate(db, 0);
        new EngagementStore(temporary, db, actor).fill(document);
      } finally {
        db.close();
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw describeSqliteFailure(error, path, 'created');
    }
    return EngagementStore.open(path, actor);
  }

  /** Writes a whole document into a freshly migrated, empty file, in one transaction. */
  private fill(document: EngagementDocument): void {
    this.db.transaction(() => {
      const at = now();
      const id = randomUUID();
      const { engagement } = document;
      this.db
        .prepare(
          `INSERT INTO engagement (id, customer, title, consultants, workshop_dates, scope_notes, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        // A sign-off does not travel in a document (its fingerprint belongs to the file it was made
        // in), so a document exported from a signed engagement arrives ready for review again.
        .run(id, engagement.customer, engagement.title, engagement.consultants, engagement.workshopDates, engagement.scopeNotes, engagement.status === 'signed-off' ? 'in-review' : engagement.status, at, at);
      // The migration seeds the default policies; the document's policies replace them.
      this.db.prepare('DELETE FROM protection_policy').run();
      const insertAll = <T extends { id: string }>(mapping: TableMapping<T>, records: readonly T[]) => {
        records.forEach((record, position) => {
          const values = columnValues(mapping, record);
          const columns = Object.keys(values);
          this.db
            .prepare(`INSERT INTO ${mapping.table} (id, ${columns.join(', ')}, position) VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, @position)`)
            .run({ ...values, id: record.id, position });
        });
      };
      insertAll(SITES, document.sites);
      insertAll(SYSTEMS, document.systems);
      insertAll(POLICIES, document.policies);
      const distance = this.db.prepare('INSERT INTO site_distance (site_a_id, site_b_id, km) VALUES (?, ?, ?)');
      for (const { siteAId, siteBId, km } of document.siteDistances) {
        distance.run(...(siteAId < siteBId ? [siteAId, siteBId] : [siteBId, siteAId]), km);
      }
      const application = this.db.prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, ?)');
      const component = this.db.prepare('INSERT INTO component (id, application_id, name, position) VALUES (?, ?, ?, ?)');
      const answer = this.db.prepare(
        `INSERT INTO answer (application_id, component_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      // Every answer was checked against this version's catalogue, so it is recorded under it.
      const insertAnswers = (applicationId: string, componentId: string, answers: EngagementDocument['applications'][number]['answers']) => {
        for (const [questionId, given] of Object.entries(answers)) {
          answer.run(applicationId, componentId, questionId, JSON.stringify(given.state), given.note, given.answeredBy, given.answeredAt, CATALOGUE_VERSION);
        }
      };
      let componentPosition = 0;
      document.applications.forEach((app, position) => {
        application.run(app.id, app.name, at, position);
        insertAnswers(app.id, '', app.answers);
        for (const tier of app.components) {
          component.run(tier.id, app.id, tier.name, componentPosition++);
          insertAnswers(app.id, tier.id, tier.answers);
        }
      });
      insertAll(VMS, document.vms);
      const assumption = this.db.prepare('INSERT INTO estimate_assumption (key, best, worst) VALUES (?, ?, ?)');
      for (const definition of ASSUMPTIONS) {
        const range = document.assumptions[definition.key];
        if (range.best !== definition.defaults.best || range.worst !== definition.defaults.worst) assumption.run(definition.key, range.best, range.worst);
      }
      this.audit('import', 'engagement', id, null, null, {
        format: document.format,
        formatVersion: document.formatVersion,
        exportedAt: document.exportedAt,
        appVersion: document.appVersion,
        customer: engagement.customer,
        title: engagement.title,
      });
    })();
  }

  /**
   * Opens for editing when this process can have the file to itself and write it; otherwise
   * read-only, with the reason in `access` (another window or computer has it open, or it sits
   * on a read-only medium). An older file is snapshotted, then migrated in one transaction.
   */
  static open(path: string, actor: string): EngagementStore {
    // The header is checked first so that nothing is ever written to a file that is not ours, and
    // read again after a recovery, which may have put back the page that holds it.
    const header = checkEngagementHeader(path);
    const { schemaVersion } = recoverInterruptedSave(path) ? checkEngagementHeader(path) : header;
    verifyIntegrity(path);
    const unwritable = unwritableReason(path);
    const lock = unwritable ? { held: false as const, reason: unwritable } : acquireLock(path);
    if (!lock.held) return EngagementStore.openReadOnly(path, actor, schemaVersion, `${path} was opened read-only: ${lock.reason}.`);
    let db: Db | undefined;
    try {
      if (schemaVersion < SCHEMA_VERSION) snapshotClosedFile(path, 'before-migration');
      db = new Database(path, { fileMustExist: true });
      configure(db);
      if (schemaVersion < SCHEMA_VERSION) migrate(db, schemaVersion);
      const store = new EngagementStore(path, db, actor, WRITABLE, lock.release);
      store.details();
      return store;
    } catch (error) {
      db?.close();
      lock.release();
      throw describeSqliteFailure(error, path, 'opened');
    }
  }

  private static openReadOnly(path: string, actor: string, schemaVersion: number, reason: string): EngagementStore {
    if (schemaVersion < SCHEMA_VERSION) {
      throw new CwbError('READ_ONLY', `${reason} It also uses an older file format that must be upgraded before this version can show it; open it where it can be written.`);
    }
    let db: Db | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('foreign_keys = ON');
      const store = new EngagementStore(path, db, actor, { readOnly: true, reason });
      store.details();
      return store;
    } catch (error) {
      db?.close();
      throw describeSqliteFailure(error, path, 'opened');
    }
  }

  /** Reads an engagement without opening it for writing: the file is never touched. */
  static inspect(path: string): EngagementView {
    return EngagementStore.read(path, (store) => store.view());
  }

  /** Runs `reading` on the file opened read-only, without a lock; an older format is refused rather than upgraded. */
  static read<T>(path: string, reading: (store: EngagementStore) => T): T {
    const { schemaVersion } = checkEngagementHeader(path);
    verifyIntegrity(path);
    if (schemaVersion < SCHEMA_VERSION) {
      throw new CwbError(
        'OLDER_SCHEMA',
        `${path} uses an older file format (${schemaVersion}); open it once in the app to upgrade it.`,
      );
    }
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return reading(new EngagementStore(path, db, 'reader', { readOnly: true, reason: `${path} is only being read.` }));
    } catch (error) {
      throw describeSqliteFailure(error, path, 'read');
    } finally {
      db.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.releaseLock();
  }

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

  private statusQuery: Database.Statement | null = null;

  private write<T>(doing: string, work: () => T): T {
    // Inside a batch the outer write has checked already; an import's thousands of saves need not ask again.
    if (!this.db.inTransaction) this.refuseChanges();
    return this.transact(doing, work);
  }

  /** A transaction without the sign-off check: only signing and reopening use it directly. */
  private transact<T>(doing: string, work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      throw describeSqliteFailure(error, this.path, doing);
    }
  }

  /** Runs many changes as one transaction (one disk sync): all of them are saved, or none. */
  batch<T>(doing: string, work: () => T): T {
    return this.write(doing, work);
  }

  /** Prepared once: an inventory import writes an audit entry for each of tens of thousands of VMs. */
  private auditInsert: Database.Statement | null = null;

  private audit(action: string, entity: string, entityId: string, field: string | null, oldValue: unknown, newValue: unknown): void {
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

  details(): EngagementDetails {
    const row = this.db.prepare('SELECT * FROM engagement LIMIT 1').get() as Record<string, string> | undefined;
    if (!row) throw new CwbError('CORRUPT', `${this.path} has no engagement record; it may be damaged.`);
    return EngagementDetails.parse({
      id: row.id,
      customer: row.customer,
      title: row.title,
      consultants: row.consultants,
      workshopDates: row.workshop_dates,
      scopeNotes: row.scope_notes,
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  updateDetails(patch: Partial<Pick<EngagementDetails, EditableDetail>>): EngagementDetails {
    if (patch.status === 'signed-off') {
      throw new CwbError('VALIDATION', 'An engagement is signed off by signing it (which fingerprints its content), not by changing its status.', { field: 'status' });
    }
    return this.write('saving engagement details in', () => {
      const before = this.details();
      for (const [key, value] of Object.entries(patch) as [EditableDetail, string | undefined][]) {
        if (value === undefined || before[key] === value) continue;
        this.db.prepare(`UPDATE engagement SET ${DETAIL_COLUMNS[key]} = ?, updated_at = ?`).run(value, now());
        this.audit('update', 'engagement', before.id, key, before[key], value);
      }
      return this.details();
    });
  }

  /** Lists the records of one table in the order they were added. */
  list<T extends { id: string }>(mapping: TableMapping<T>): T[] {
    const rows = this.db.prepare(`SELECT * FROM ${mapping.table} ORDER BY position`).all() as Record<string, unknown>[];
    return rows.map((row) => recordFromRow(mapping, row));
  }

  /** Creates the record (no id) or updates it (with id), auditing each field that changed. */
  save<T extends { id: string }>(mapping: TableMapping<T>, input: Omit<T, 'id'> & { id?: string | undefined }): T {
    const parsed = mapping.schema.safeParse({ ...input, id: input.id ?? randomUUID() });
    if (!parsed.success) throw validationError(parsed.error, mapping.label);
    const record = parsed.data;
    const values = columnValues(mapping, record);
    const columns = Object.keys(values);
    return this.write(`saving a ${mapping.label} in`, () => {
      try {
        const before = this.db.prepare(`SELECT * FROM ${mapping.table} WHERE id = ?`).get(record.id) as Record<string, unknown> | undefined;
        if (input.id !== undefined && !before) throw new CwbError('NOT_FOUND', `No ${mapping.label} with id ${input.id} in this engagement.`);
        if (before) {
          const old = recordFromRow(mapping, before);
          this.db
            .prepare(`UPDATE ${mapping.table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
            .run({ ...values, id: record.id });
          for (const field of Object.keys(mapping.columns) as (keyof T & string)[]) {
            if (JSON.stringify(old[field]) !== JSON.stringify(record[field])) {
              this.audit('update', mapping.entity, record.id, field, old[field], record[field]);
            }
          }
        } else {
          this.db
            .prepare(
              `INSERT INTO ${mapping.table} (id, ${columns.join(', ')}, position)
               VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, (SELECT COUNT(*) FROM ${mapping.table}))`,
            )
            .run({ ...values, id: record.id });
          this.audit('create', mapping.entity, record.id, null, null, record);
        }
      } catch (error) {
        throw this.describeConstraint(error, mapping.label, 'name' in record ? String(record.name) : record.id);
      }
      return record;
    });
  }

  /** Deletes a record; `blockers` names what still depends on it, and any blocker refuses the delete. */
  remove<T extends { id: string }>(mapping: TableMapping<T>, id: string, blockers: string[] = []): null {
    return this.write(`deleting a ${mapping.label} from`, () => {
      const before = this.db.prepare(`SELECT * FROM ${mapping.table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
      if (!before) throw new CwbError('NOT_FOUND', `No ${mapping.label} with id ${id} in this engagement.`);
      const old = recordFromRow(mapping, before);
      if (blockers.length > 0) {
        throw new CwbError('VALIDATION', `This ${mapping.label} is still used by ${blockers.join(', ')}; change those first.`, { blockers });
      }
      try {
        this.db.prepare(`DELETE FROM ${mapping.table} WHERE id = ?`).run(id);
      } catch (error) {
        throw this.describeConstraint(error, mapping.label, id);
      }
      this.audit('delete', mapping.entity, id, null, old, null);
      return null;
    });
  }

  private describeConstraint(error: unknown, label: string, name: string): unknown {
    const code = sqliteCode(error) ?? '';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return new CwbError('ALREADY_EXISTS', `A ${label} named "${name}" already exists in this engagement.`, { field: 'name' });
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new CwbError('VALIDATION', `The ${label} refers to something that does not exist in this engagement, or is still referred to.`);
    }
    if (code === 'SQLITE_CONSTRAINT_CHECK') {
      return new CwbError('VALIDATION', `The ${label} has a value outside what is allowed.`);
    }
    return error;
  }

  /** Names of the applications whose answers point at this record, e.g. as hosting system. */
  private applicationsReferencing(type: Question['type'], id: string): string[] {
    const questionIds = QUESTIONS.filter((q) => q.type === type).map((q) => q.id);
    if (questionIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT DISTINCT application.name, answer.state_json FROM answer JOIN application ON application.id = answer.application_id
         WHERE answer.question_id IN (${questionIds.map(() => '?').join(', ')})`,
      )
      .all(...questionIds) as { name: string; state_json: string }[];
    const names = rows
      .filter((row) => {
        const state = JSON.parse(row.state_json) as AnswerState;
        return state.status === 'answered' && (Array.isArray(state.value) ? state.value.includes(id) : state.value === id);
      })
      .map((row) => row.name);
    return [...new Set(names)];
  }

  removeSite(id: string): null {
    const systems = this.systems().filter((system) => system.siteId === id);
    return this.remove(SITES, id, systems.map((system) => `system ${system.name}`));
  }

  removeSystem(id: string): null {
    return this.remove(SYSTEMS, id, this.applicationsReferencing('system-reference', id));
  }

  removePolicy(id: string): null {
    return this.remove(POLICIES, id, this.applicationsReferencing('policy-reference', id));
  }

  sites(): Site[] {
    return this.list(SITES);
  }

  systems(): AzureStackSystem[] {
    return this.list(SYSTEMS);
  }

  policies(): ProtectionPolicy[] {
    return this.list(POLICIES);
  }

  vms(): Vm[] {
    return this.list(VMS);
  }

  siteDistances(): SiteDistance[] {
    return this.db
      .prepare('SELECT site_a_id AS siteAId, site_b_id AS siteBId, km FROM site_distance ORDER BY site_a_id, site_b_id')
      .all() as SiteDistance[];
  }

  /** Stores the distance between two sites once, whichever order they are given in; null removes it. */
  setSiteDistance(siteAId: string, siteBId: string, km: number | null): SiteDistance[] {
    if (siteAId === siteBId) throw new CwbError('VALIDATION', 'A distance needs two different sites.', { field: 'siteBId' });
    const [a, b] = siteAId < siteBId ? [siteAId, siteBId] : [siteBId, siteAId];
    if (km !== null) {
      const checked = SiteDistance.shape.km.safeParse(km);
      if (!checked.success) throw validationError(checked.error, 'distance');
    }
    return this.write('saving a site distance in', () => {
      const before = this.db.prepare('SELECT km FROM site_distance WHERE site_a_id = ? AND site_b_id = ?').get(a, b) as { km: number } | undefined;
      try {
        if (km === null) this.db.prepare('DELETE FROM site_distance WHERE site_a_id = ? AND site_b_id = ?').run(a, b);
        else this.db.prepare('INSERT INTO site_distance (site_a_id, site_b_id, km) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET km = excluded.km').run(a, b, km);
      } catch (error) {
        throw this.describeConstraint(error, 'site distance', `${a}/${b}`);
      }
      this.audit(km === null ? 'delete' : before ? 'update' : 'create', 'siteDistance', `${a}/${b}`, 'km', before?.km ?? null, km);
      return this.siteDistances();
    });
  }

  applications(): Application[] {
    return this.readApplications(null);
  }

  /** Applications with their components and answers; all of them, or the one with `onlyId`. */
  private readApplications(onlyId: string | null): Application[] {
    const filter = onlyId === null ? '' : 'WHERE id = @onlyId';
    const appFilter = onlyId === null ? '' : 'WHERE application_id = @onlyId';
    const apps = this.db.prepare(`SELECT id, name, created_at FROM application ${filter} ORDER BY position`).all({ onlyId }) as {
      id: string;
      name: string;
      created_at: string;
    }[];
    const components = this.db.prepare(`SELECT id, application_id, name FROM component ${appFilter} ORDER BY position`).all({ onlyId }) as {
      id: string;
      application_id: string;
      name: string;
    }[];
    const answers = this.db.prepare(`SELECT * FROM answer ${appFilter}`).all({ onlyId }) as AnswerRow[];
    const answerBuckets = new Map<string, Record<string, Answer>>();
    for (const row of answers) {
      const key = `${row.application_id}/${row.component_id}`;
      let bucket = answerBuckets.get(key);
      if (!bucket) answerBuckets.set(key, (bucket = {}));
      bucket[row.question_id] = answerFromRow(row);
    }
    const componentsByApp = new Map<string, Component[]>(apps.map((a) => [a.id, []]));
    for (const c of components) {
      componentsByApp.get(c.application_id)?.push({ id: c.id, name: c.name, answers: answerBuckets.get(`${c.application_id}/${c.id}`) ?? {} });
    }
    return apps.map((a) => ({
      id: a.id,
      name: a.name,
      createdAt: a.created_at,
      answers: answerBuckets.get(`${a.id}/`) ?? {},
      components: componentsByApp.get(a.id) ?? [],
    }));
  }

  private requireApplication(applicationId: string): { name: string } {
    const app = this.db.prepare('SELECT name FROM application WHERE id = ?').get(applicationId) as { name: string } | undefined;
    if (!app) throw new CwbError('NOT_FOUND', `No application with id ${applicationId} in this engagement.`);
    return app;
  }

  private refuseDuplicateName(table: 'application' | 'component', name: string, scope: { applicationId?: string; exceptId?: string }): void {
    const where = table === 'component' ? 'AND application_id = @applicationId' : '';
    const clash = this.db
      .prepare(`SELECT name FROM ${table} WHERE name = @name COLLATE NOCASE AND id != @exceptId ${where}`)
      .get({ name, exceptId: scope.exceptId ?? '', applicationId: scope.applicationId ?? '' }) as { name: string } | undefined;
    if (clash) {
      const what = table === 'application' ? 'An application' : 'A component of this application';
      throw new CwbError('ALREADY_EXISTS', `${what} named "${clash.name}" already exists in this engagement.`, { field: 'name' });
    }
  }

  addApplication(name: string): Application {
    const trimmed = name.trim();
    return this.write('adding an application to', () => {
      this.refuseDuplicateName('application', trimmed, {});
      const app: Application = { id: randomUUID(), name: trimmed, createdAt: now(), answers: {}, components: [] };
      this.db
        .prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, (SELECT COUNT(*) FROM application))')
        .run(app.id, app.name, app.createdAt);
      this.audit('create', 'application', app.id, null, null, { name: app.name });
      return app;
    });
  }

  /** Adds an application pre-filled from an archetype, all in one transaction: either all of it or none. */
  addApplicationFrom(name: string, archetype: Archetype): Application {
    return this.write('adding an application to', () => {
      const app = this.addApplication(name);
      for (const [questionId, value] of Object.entries(archetype.answers)) {
        this.setAnswer(app.id, null, questionId, { status: 'answered', value });
      }
      for (const template of archetype.components) {
        const component = this.addComponent(app.id, template.name);
        for (const [questionId, value] of Object.entries(template.answers)) {
          this.setAnswer(app.id, component.id, questionId, { status: 'answered', value });
        }
      }
      const [created] = this.readApplications(app.id);
      return created!;
    });
  }

  renameApplication(applicationId: string, name: string): null {
    const trimmed = name.trim();
    return this.write('renaming an application in', () => {
      const before = this.requireApplication(applicationId);
      this.refuseDuplicateName('application', trimmed, { exceptId: applicationId });
      this.db.prepare('UPDATE application SET name = ? WHERE id = ?').run(trimmed, applicationId);
      this.audit('update', 'application', applicationId, 'name', before.name, trimmed);
      return null;
    });
  }

  addComponent(applicationId: string, name: string): Component {
    const trimmed = name.trim();
    return this.write('adding a component to', () => {
      this.requireApplication(applicationId);
      this.refuseDuplicateName('component', trimmed, { applicationId });
      const component: Component = { id: randomUUID(), name: trimmed, answers: {} };
      this.db
        .prepare('INSERT INTO component (id, application_id, name, position) VALUES (?, ?, ?, (SELECT COUNT(*) FROM component))')
        .run(component.id, applicationId, component.name);
      this.audit('create', 'component', component.id, null, null, { applicationId, name: trimmed });
      return component;
    });
  }

  private requireComponent(applicationId: string, componentId: string): { name: string } {
    const component = this.db.prepare('SELECT name FROM component WHERE id = ? AND application_id = ?').get(componentId, applicationId) as
      | { name: string }
      | undefined;
    if (!component) throw new CwbError('NOT_FOUND', `No component with id ${componentId} in that application.`);
    return component;
  }

  renameComponent(applicationId: string, componentId: string, name: string): null {
    const trimmed = name.trim();
    return this.write('renaming a component in', () => {
      const before = this.requireComponent(applicationId, componentId);
      this.refuseDuplicateName('component', trimmed, { applicationId, exceptId: componentId });
      this.db.prepare('UPDATE component SET name = ? WHERE id = ?').run(trimmed, componentId);
      this.audit('update', 'component', componentId, 'name', before.name, trimmed);
      return null;
    });
  }

  /** Removes a component with its answers; the audit entry keeps what was removed. */
  removeComponent(applicationId: string, componentId: string): null {
    return this.write('removing a component from', () => {
      const before = this.requireComponent(applicationId, componentId);
      const answers = this.db.prepare('SELECT question_id, state_json, note FROM answer WHERE component_id = ?').all(componentId);
      this.db.prepare('DELETE FROM component WHERE id = ?').run(componentId);
      this.audit('delete', 'component', componentId, null, { applicationId, name: before.name, answers }, null);
      return null;
    });
  }

  /** Checks an answer against its question before anything is written. */
  private checkAnswer(question: Question, componentId: string, state: AnswerState): AnswerState {
    const questionId = question.id;
    if ((question.level === 'component') !== (componentId !== '')) {
      throw new CwbError(
        'VALIDATION',
        question.level === 'component'
          ? `${question.prompt} — this question is answered per component; say which component.`
          : `${question.prompt} — this question is answered for the whole application, not per component.`,
        { field: 'componentId', questionId },
      );
    }
    if (state.status === 'unknown' && !question.unknownAllowed) {
      throw new CwbError('VALIDATION', `${question.prompt} — this question needs a definite answer.`, { field: 'status', questionId });
    }
    if (state.status !== 'answered') return state;
    const checked = answerValueSchema(question).safeParse(state.value);
    if (!checked.success) {
      const message = checked.error.issues[0]?.message ?? 'invalid value';
      throw new CwbError('VALIDATION', `${question.prompt} — ${message}`, { field: 'value', questionId });
    }
    const references = referencedIds(question, checked.data);
    if (references) {
      const found = references.ids.length === 0 ? [] : (this.db
        .prepare(`SELECT id FROM ${references.table} WHERE id IN (${references.ids.map(() => '?').join(', ')})`)
        .all(...references.ids) as { id: string }[]);
      const known = new Set(found.map((row) => row.id));
      const missing = references.ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new CwbError('VALIDATION', `${question.prompt} — no such ${references.label} in this engagement.`, { field: 'value', questionId });
      }
    }
    return { status: 'answered', value: checked.data };
  }

  setAnswer(applicationId: string, componentId: string | null, questionId: string, state: AnswerState, note?: string): Answer {
    const question = findQuestion(questionId);
    if (!question) {
      throw new CwbError('VALIDATION', `Unknown question "${questionId}".`, { field: 'questionId' });
    }
    const subject = componentId ?? '';
    const checked = this.checkAnswer(question, subject, state);
    return this.write('saving an answer in', () => {
      this.requireApplication(applicationId);
      if (subject !== '') this.requireComponent(applicationId, subject);
      const previous = this.db
        .prepare('SELECT * FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?')
        .get(applicationId, subject, questionId) as AnswerRow | undefined;
      const answer: Answer = {
        questionId,
        state: checked,
        note: note ?? previous?.note ?? '',
        answeredBy: this.actor,
        answeredAt: now(),
        catalogueVersion: CATALOGUE_VERSION,
      };
      this.db
        .prepare(
          `INSERT INTO answer (application_id, component_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (application_id, component_id, question_id) DO UPDATE SET
             state_json = excluded.state_json, note = excluded.note, answered_by = excluded.answered_by,
             answered_at = excluded.answered_at, catalogue_version = excluded.catalogue_version`,
        )
        .run(applicationId, subject, questionId, JSON.stringify(checked), answer.note, answer.answeredBy, answer.answeredAt, CATALOGUE_VERSION);
      this.audit(
        previous ? 'update' : 'create',
        'answer',
        subject === '' ? applicationId : `${applicationId}/${subject}`,
        questionId,
        previous ? { state: JSON.parse(previous.state_json), note: previous.note } : null,
        { state: checked, note: answer.note },
      );
      return answer;
    });
  }

  /** Gives many applications the same policy in one transaction. */
  assignPolicy(policyId: string, applicationIds: readonly string[]): null {
    return this.batch('assigning a policy in', () => {
      for (const applicationId of applicationIds) {
        this.setAnswer(applicationId, null, 'app.policy', { status: 'answered', value: policyId });
      }
      return null;
    });
  }

  /**
   * Copies every answer of one application, and its components with theirs, onto others, in one
   * transaction. Answers the targets already have for the same questions are replaced (the audit
   * trail keeps them); a dependency on the target itself is left out.
   */
  copyAnswers(fromApplicationId: string, toApplicationIds: readonly string[]): null {
    return this.batch('copying answers in', () => {
      const [source] = this.readApplications(fromApplicationId);
      if (!source) throw new CwbError('NOT_FOUND', `No application with id ${fromApplicationId} in this engagement.`);
      for (const targetId of toApplicationIds) {
        if (targetId === source.id) continue;
        const [target] = this.readApplications(targetId);
        if (!target) throw new CwbError('NOT_FOUND', `No application with id ${targetId} in this engagement.`);
        for (const answer of Object.values(source.answers)) {
          let state = answer.state;
          if (answer.questionId === 'app.dependencies' && state.status === 'answered' && Array.isArray(state.value)) {
            state = { status: 'answered', value: state.value.filter((id) => id !== targetId) };
          }
          this.setAnswer(targetId, null, answer.questionId, state, answer.note);
        }
        for (const component of source.components) {
          const existing = target.components.find((c) => c.name.toLowerCase() === component.name.toLowerCase());
          const componentId = existing?.id ?? this.addComponent(targetId, component.name).id;
          for (const answer of Object.values(component.answers)) {
            this.setAnswer(targetId, componentId, answer.questionId, answer.state, answer.note);
          }
        }
      }
      return null;
    });
  }

  /**
   * Answers read back from a workbook, in one transaction: each saved like any other answer
   * (checked, audited), then one `import` audit entry that names the workbook and keeps the
   * answers it replaced, so the whole import can be taken back.
   */
  importAnswers(
    answers: readonly { applicationId: string; componentId: string | null; questionId: string; state: AnswerState; note: string }[],
    source: { fileName: string; exportedAt: string | null },
  ): { importId: string; applied: number } {
    this.refuseChanges();
    this.snapshot('before-answer-import');
    return this.batch('importing answers from a workbook into', () => {
      const importId = randomUUID();
      const current = this.db.prepare('SELECT state_json, note FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?');
      const previous = answers.map((answer) => {
        const row = current.get(answer.applicationId, answer.componentId ?? '', answer.questionId) as { state_json: string; note: string } | undefined;
        return {
          applicationId: answer.applicationId,
          componentId: answer.componentId,
          questionId: answer.questionId,
          before: row ? { state: JSON.parse(row.state_json) as AnswerState, note: row.note } : null,
        };
      });
      for (const answer of answers) this.setAnswer(answer.applicationId, answer.componentId, answer.questionId, answer.state, answer.note);
      this.audit('import', 'answer-workbook', importId, null, null, { ...source, answers: previous });
      return { importId, applied: answers.length };
    });
  }

  /**
   * Puts back the answers a workbook import replaced, in one transaction. Refused, with nothing
   * changed, when one of them was changed again after the import.
   */
  undoAnswerImport(importId: string): { restored: number } {
    return this.write('undoing an answer import in', () => {
      const entry = this.db
        .prepare("SELECT id, new_value FROM audit WHERE entity = 'answer-workbook' AND entity_id = ? AND action = 'import'")
        .get(importId) as { id: number; new_value: string } | undefined;
      if (!entry) throw new CwbError('NOT_FOUND', `No answer import with id ${importId} in this engagement.`);
      if (this.db.prepare("SELECT 1 FROM audit WHERE entity = 'answer-workbook' AND entity_id = ? AND action = 'undo'").get(importId)) {
        throw new CwbError('VALIDATION', 'This answer import has already been undone.', { reason: 'already-undone' });
      }
      const record = JSON.parse(entry.new_value) as {
        answers: { applicationId: string; componentId: string | null; questionId: string; before: { state: AnswerState; note: string } | null }[];
      };
      const laterEdit = this.db.prepare("SELECT 1 FROM audit WHERE entity = 'answer' AND entity_id = ? AND field = ? AND id > ? LIMIT 1");
      for (const answer of record.answers) {
        const subject = answer.componentId ? `${answer.applicationId}/${answer.componentId}` : answer.applicationId;
        if (laterEdit.get(subject, answer.questionId, entry.id)) {
          const question = findQuestion(answer.questionId)?.prompt ?? answer.questionId;
          throw new CwbError('VALIDATION', `This import cannot be undone: "${question}" was answered again after it. Change that answer back by hand, or leave the import in place.`, {
            reason: 'edited-since',
          });
        }
      }
      for (const answer of record.answers) {
        if (answer.before) this.setAnswer(answer.applicationId, answer.componentId, answer.questionId, answer.before.state, answer.before.note);
        else this.clearAnswer(answer.applicationId, answer.componentId, answer.questionId);
      }
      this.audit('undo', 'answer-workbook', importId, null, null, null);
      return { restored: record.answers.length };
    });
  }

  /** Back to "not asked yet": used by undo when the first answer to a question is taken back. */
  clearAnswer(applicationId: string, componentId: string | null, questionId: string): null {
    const subject = componentId ?? '';
    return this.write('clearing an answer in', () => {
      const previous = this.db
        .prepare('SELECT * FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?')
        .get(applicationId, subject, questionId) as AnswerRow | undefined;
      if (!previous) return null;
      this.db.prepare('DELETE FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?').run(applicationId, subject, questionId);
      this.audit(
        'delete',
        'answer',
        subject === '' ? applicationId : `${applicationId}/${subject}`,
        questionId,
        { state: JSON.parse(previous.state_json), note: previous.note },
        null,
      );
      return null;
    });
  }

  /**
   * Applies an inventory import in one transaction: its new applications, new VMs and changed
   * VM fields, each audited, then one `import` entry (entity `inventory-import`, id = the
   * import id) holding what undo needs: the ids created and the previous values of every field
   * changed. That entry is written last, so any audit entry after it is a later edit.
   */
  applyInventoryImport(importId: string, source: { fileName: string; sheet: string }, plan: InventoryPlan): { vmsCreated: number; vmsUpdated: number; applicationsCreated: number } {
    this.refuseChanges();
    this.snapshot('before-inventory-import');
    return this.write('importing the inventory into', () => {
      if (this.importEntry(importId)) throw new CwbError('ALREADY_EXISTS', `An import with id ${importId} was already applied.`);
      const appIds = new Map<string, string>();
      for (const row of this.db.prepare('SELECT id, name FROM application').all() as { id: string; name: string }[]) appIds.set(row.name.toLowerCase(), row.id);
      const createdApplications: string[] = [];
      for (const name of plan.applications) {
        if (appIds.has(name.toLowerCase())) continue;
        const app = this.addApplication(name);
        appIds.set(name.toLowerCase(), app.id);
        createdApplications.push(app.id);
      }
      const appId = (name: string | null) => (name === null ? null : (appIds.get(name.toLowerCase()) ?? null));
      const insert = this.db.prepare(
        `INSERT INTO vm (id, application_id, name, os, vcpu, memory_gb, provisioned_gb, power_state, host, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let position = (this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM vm').get() as { next: number }).next;
      const createdVms: string[] = [];
      for (const create of plan.creates) {
        // Field by field: the plan's values may be the imported row itself, with fields a VM does not have.
        const { os, vcpu, memoryGb, provisionedGb, powerState, host } = create.values;
        const vm: Vm = { id: randomUUID(), name: create.name, applicationId: appId(create.applicationName), os, vcpu, memoryGb, provisionedGb, powerState, host };
        // Positional values bind faster than named ones, which counts at tens of thousands of rows.
        insert.run(vm.id, vm.applicationId, vm.name, os, vcpu, memoryGb, provisionedGb, powerState, host, position++);
        this.audit('create', 'vm', vm.id, null, null, { ...vm, importId });
        createdVms.push(vm.id);
      }
      const previous: { id: string; values: Partial<VmValues> }[] = [];
      const select = this.db.prepare('SELECT * FROM vm WHERE id = ?');
      const setField = this.fieldUpdates();
      for (const update of plan.updates) {
        const before = select.get(update.id) as Record<string, unknown> | undefined;
        if (!before) throw new CwbError('NOT_FOUND', `The VM ${update.name} was removed while the import was being prepared; preview it again.`);
        const old = recordFromRow(VMS, before);
        const next: Partial<VmValues> = { ...update.set };
        if (update.applicationName !== null) next.applicationId = appId(update.applicationName);
        const oldValues: Partial<VmValues> = {};
        for (const [field, value] of Object.entries(next) as [keyof VmValues, unknown][]) {
          (oldValues as Record<string, unknown>)[field] = old[field];
          setField(field).run(value as string | number | null, update.id);
          this.audit('update', 'vm', update.id, field, old[field], value);
        }
        previous.push({ id: update.id, values: oldValues });
      }
      const counts = { vmsCreated: createdVms.length, vmsUpdated: previous.length, applicationsCreated: createdApplications.length };
      this.audit('import', 'inventory-import', importId, null, null, { ...source, ...counts, createdVms, createdApplications, previous });
      return counts;
    });
  }

  /** One prepared UPDATE per VM column, made on first use. */
  private fieldUpdates(): (field: keyof VmValues) => Database.Statement {
    const statements = new Map<keyof VmValues, Database.Statement>();
    return (field) => {
      let statement = statements.get(field);
      if (!statement) statements.set(field, (statement = this.db.prepare(`UPDATE vm SET ${VMS.columns[field]} = ? WHERE id = ?`)));
      return statement;
    };
  }

  private importEntry(importId: string): { id: number; at: string; actor: string; new_value: string } | undefined {
    return this.db
      .prepare("SELECT id, at, actor, new_value FROM audit WHERE entity = 'inventory-import' AND entity_id = ? AND action = 'import'")
      .get(importId) as { id: number; at: string; actor: string; new_value: string } | undefined;
  }

  /**
   * Takes a whole import back in one transaction: its VMs removed, the fields it changed
   * restored, its applications removed. Refused, with nothing changed, when anything it touched
   * was edited afterwards (a later import included: undo that one first), or when an
   * application it created has gained answers, components or other VMs since.
   */
  undoInventoryImport(importId: string): ImportUndoResult {
    return this.write('undoing an import in', () => {
      const entry = this.importEntry(importId);
      if (!entry) throw new CwbError('NOT_FOUND', `No import with id ${importId} in this engagement.`);
      const undone = this.db.prepare("SELECT 1 FROM audit WHERE entity = 'inventory-import' AND entity_id = ? AND action = 'undo'").get(importId);
      if (undone) throw new CwbError('VALIDATION', 'This import has already been undone.', { reason: 'already-undone' });
      const record = JSON.parse(entry.new_value) as {
        createdVms: string[];
        createdApplications: string[];
        previous: { id: string; values: Partial<VmValues> }[];
      };
      const laterEdit = this.db.prepare('SELECT 1 FROM audit WHERE entity = ? AND entity_id = ? AND id > ? LIMIT 1');
      const refuse = (what: string) =>
        new CwbError('VALIDATION', `This import cannot be undone: ${what} was changed after it. Undo or revert that change first.`, { reason: 'edited-since' });
      const vmIds = [...record.createdVms, ...record.previous.map((p) => p.id)];
      const vmName = this.db.prepare('SELECT name FROM vm WHERE id = ?');
      for (const id of vmIds) {
        const vm = vmName.get(id) as { name: string } | undefined;
        if (!vm || laterEdit.get('vm', id, entry.id)) throw refuse(`the VM ${vm?.name ?? id}`);
      }
      for (const id of record.createdApplications) {
        const app = this.db.prepare('SELECT name FROM application WHERE id = ?').get(id) as { name: string } | undefined;
        const answered = this.db.prepare('SELECT 1 FROM answer WHERE application_id = ? LIMIT 1').get(id);
        const components = this.db.prepare('SELECT 1 FROM component WHERE application_id = ? LIMIT 1').get(id);
        if (!app || answered || components || laterEdit.get('application', id, entry.id)) throw refuse(`the application ${app?.name ?? id}`);
      }
      const removeVm = this.db.prepare('DELETE FROM vm WHERE id = ?');
      const select = this.db.prepare('SELECT * FROM vm WHERE id = ?');
      const setField = this.fieldUpdates();
      for (const id of record.createdVms) {
        const before = recordFromRow(VMS, select.get(id) as Record<string, unknown>);
        removeVm.run(id);
        this.audit('delete', 'vm', id, null, before, null);
      }
      for (const { id, values } of record.previous) {
        const before = recordFromRow(VMS, select.get(id) as Record<string, unknown>);
        for (const [field, value] of Object.entries(values) as [keyof VmValues, unknown][]) {
          setField(field).run(value as string | number | null, id);
          this.audit('update', 'vm', id, field, before[field], value);
        }
      }
      for (const id of record.createdApplications) {
        const others = this.db.prepare('SELECT name FROM vm WHERE application_id = ? LIMIT 1').get(id) as { name: string } | undefined;
        if (others) throw refuse(`the VM ${others.name}, now in an application this import created,`);
        const { name } = this.db.prepare('SELECT name FROM application WHERE id = ?').get(id) as { name: string };
        this.db.prepare('DELETE FROM application WHERE id = ?').run(id);
        this.audit('delete', 'application', id, null, { name }, null);
      }
      this.audit('undo', 'inventory-import', importId, null, null, null);
      return { importId, vmsRemoved: record.createdVms.length, vmsRestored: record.previous.length, applicationsRemoved: record.createdApplications.length };
    });
  }

  /** The inventory imports of this engagement, newest first, and whether each was undone. */
  inventoryImports(): ImportRecord[] {
    const undone = new Set(
      (this.db.prepare("SELECT entity_id FROM audit WHERE entity = 'inventory-import' AND action = 'undo'").all() as { entity_id: string }[]).map((r) => r.entity_id),
    );
    const rows = this.db
      .prepare("SELECT entity_id, at, actor, new_value FROM audit WHERE entity = 'inventory-import' AND action = 'import' ORDER BY id DESC")
      .all() as { entity_id: string; at: string; actor: string; new_value: string }[];
    return rows.map((row) => {
      const value = JSON.parse(row.new_value) as { fileName: string; vmsCreated: number; vmsUpdated: number; applicationsCreated: number };
      return {
        importId: row.entity_id,
        at: row.at,
        actor: row.actor,
        fileName: value.fileName,
        vmsCreated: value.vmsCreated,
        vmsUpdated: value.vmsUpdated,
        applicationsCreated: value.applicationsCreated,
        undone: undone.has(row.entity_id),
      };
    });
  }

  /**
   * A complete, consistent copy of the engagement in another file (SQLite's online backup), written
   * under a temporary name and renamed, so the target is never half a file. The open file is not
   * touched and stays the one being edited.
   */
  async saveCopy(target: string): Promise<void> {
    if (resolve(target) === resolve(this.path)) throw new CwbError('VALIDATION', 'A copy needs another file name than the engagement itself.', { field: 'path' });
    if (existsSync(target)) throw new CwbError('ALREADY_EXISTS', `${target} already exists; choose another name.`, { path: target });
    const temporary = `${target}.writing-${process.pid}`;
    try {
      await this.db.backup(temporary);
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      const detail = error instanceof Error ? error.message : String(error);
      throw new CwbError('IO', `Could not write a copy of the engagement to ${target} (${detail}). Check that the folder exists and is writable; the engagement itself is unchanged.`, { path: target });
    }
  }

  auditTrail(): { at: string; actor: string; action: string; entity: string; entityId: string; field: string | null }[] {
    return this.db
      .prepare('SELECT at, actor, action, entity, entity_id AS entityId, field FROM audit ORDER BY id')
      .all() as ReturnType<EngagementStore['auditTrail']>;
  }

  /**
   * The estimate assumptions: the defaults, overridden by what the consultant changed. A stored
   * row for a key this version does not know is ignored; one that no longer passes its own
   * checks (e.g. a maximum lowered since) gives way to the default rather than poison estimates.
   */
  assumptions(): EstimateAssumptions {
    const assumptions = defaultAssumptions();
    const rows = this.db.prepare('SELECT key, best, worst FROM estimate_assumption').all() as { key: string; best: number; worst: number }[];
    const stored = new Map(rows.map((row) => [row.key, { best: row.best, worst: row.worst }]));
    for (const definition of ASSUMPTIONS) {
      const range = stored.get(definition.key);
      if (range && assumptionRangeSchema(definition).safeParse(range).success) assumptions[definition.key] = range;
    }
    return assumptions;
  }

  /** Saves the whole set at once; only values that differ from the default are stored, each change audited. */
  setAssumptions(next: EstimateAssumptions): EstimateAssumptions {
    const parsed = EstimateAssumptionsSchema.safeParse(next);
    if (!parsed.success) throw validationError(parsed.error, 'assumptions');
    const wanted = parsed.data;
    return this.write('saving the estimate assumptions in', () => {
      const before = this.assumptions();
      const engagementId = this.details().id;
      for (const definition of ASSUMPTIONS) {
        const key = definition.key;
        const range = { best: wanted[key].best, worst: wanted[key].worst };
        if (range.best === before[key].best && range.worst === before[key].worst) continue;
        if (range.best === definition.defaults.best && range.worst === definition.defaults.worst) {
          this.db.prepare('DELETE FROM estimate_assumption WHERE key = ?').run(key);
        } else {
          this.db
            .prepare('INSERT INTO estimate_assumption (key, best, worst) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET best = excluded.best, worst = excluded.worst')
            .run(key, range.best, range.worst);
        }
        this.audit('update', 'assumption', engagementId, key, before[key], range);
      }
      return this.assumptions();
    });
  }

  /** Back to the defaults for every assumption; the audit trail keeps each value that was changed. */
  resetAssumptions(): EstimateAssumptions {
    return this.write('resetting the estimate assumptions in', () => {
      const before = this.assumptions();
      const defaults = defaultAssumptions();
      const engagementId = this.details().id;
      const keys = (this.db.prepare('SELECT key FROM estimate_assumption ORDER BY key').all() as { key: string }[]).map((row) => row.key);
      this.db.prepare('DELETE FROM estimate_assumption').run();
      for (const definition of ASSUMPTIONS) {
        if (keys.includes(definition.key)) this.audit('delete', 'assumption', engagementId, definition.key, before[definition.key], defaults[definition.key]);
      }
      return this.assumptions();
    });
  }

  /** A consistent copy of the file as it is now, in its history folder (SQLite's VACUUM INTO from this connection). */
  snapshot(reason: SnapshotReason): Snapshot {
    if (this.access.readOnly) throw new CwbError('READ_ONLY', `No snapshot can be kept: ${this.access.reason ?? 'the file is read-only here.'}`);
    return takeSnapshot(this.path, reason, (target) => this.db.prepare('VACUUM INTO ?').run(target));
  }

  snapshots(): Snapshot[] {
    return listSnapshots(this.path);
  }

  /**
   * Puts a snapshot back as the engagement file. The file must not be open anywhere: this takes
   * its lock, snapshots the current state first (so a restore can itself be undone), checks the
   * snapshot is a sound engagement file, then replaces the file's bytes and reopens it.
   */
  static restore(path: string, snapshotId: string, actor: string): EngagementStore {
    const { file } = snapshotFile(path, snapshotId);
    checkEngagementHeader(file);
    verifyIntegrity(file);
    const current = EngagementStore.open(path, actor);
    try {
      if (current.access.readOnly) throw new CwbError('READ_ONLY', `${path} cannot be restored: ${current.access.reason}`);
      current.snapshot('before-restore');
    } finally {
      current.close();
    }
    const lock = acquireLock(path);
    if (!lock.held) throw new CwbError('READ_ONLY', `${path} cannot be restored: ${lock.reason}.`);
    try {
      replaceWithSnapshot(path, file);
    } finally {
      lock.release();
    }
    const restored = EngagementStore.open(path, actor);
    if (!restored.access.readOnly) restored.transact('recording a restore in', () => restored.audit('restore', 'engagement', restored.details().id, null, null, { snapshot: snapshotId }));
    return restored;
  }

  private signerRows(signoffId: number): Signoff['signers'] {
    return this.db
      .prepare('SELECT name, role, organisation, comment, signed_at AS signedAt FROM signoff_signer WHERE signoff_id = ? ORDER BY position')
      .all(signoffId) as Signoff['signers'];
  }

  /** Every sign-off, oldest first, void ones included. Empty for a file from before sign-offs existed. */
  signoffs(): Signoff[] {
    if (this.schemaVersion < 4) return [];
    const rows = this.db
      .prepare('SELECT id, signed_at, as_of, fingerprint, voided_at, voided_by, void_reason FROM signoff ORDER BY id')
      .all() as { id: number; signed_at: string; as_of: string; fingerprint: string; voided_at: string | null; voided_by: string | null; void_reason: string | null }[];
    return rows.map((row) => ({
      id: row.id,
      signedAt: row.signed_at,
      asOf: row.as_of,
      fingerprint: row.fingerprint,
      signers: this.signerRows(row.id),
      voided: row.voided_at === null ? null : { at: row.voided_at, by: row.voided_by ?? '', reason: row.void_reason ?? '' },
    }));
  }

  /** The sign-off in force, if the engagement is signed off. */
  activeSignoff(): Signoff | null {
    if (this.details().status !== 'signed-off') return null;
    return this.signoffs().findLast((signoff) => signoff.voided === null) ?? null;
  }

  /** The exact canonical text a sign-off fingerprinted. */
  signedContentText(signoffId: number): string {
    const row = this.db.prepare('SELECT content FROM signoff WHERE id = ?').get(signoffId) as { content: string } | undefined;
    if (!row) throw new CwbError('NOT_FOUND', `No sign-off ${signoffId} in ${this.path}.`);
    return row.content;
  }

  signedContent(signoffId: number): SignedContent {
    return SignedContent.parse(JSON.parse(this.signedContentText(signoffId)));
  }

  /**
   * Signs the engagement off: snapshot, then in one transaction the fingerprinted content, the
   * first signer and the frozen status. Signing an engagement that is already signed off adds a
   * co-signer to the same fingerprint (the content cannot have changed since).
   */
  signOff(signer: SignerInput, asOf = todayUtc()): Signoff {
    if (this.access.readOnly) throw new CwbError('READ_ONLY', `The engagement cannot be signed here: ${this.access.reason}`);
    const at = now();
    const signerValues = (signoffId: number, position: number) =>
      [signoffId, position, signer.name, signer.role, signer.organisation, signer.comment ?? '', at] as const;
    const insertSigner = 'INSERT INTO signoff_signer (signoff_id, position, name, role, organisation, comment, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
    const active = this.activeSignoff();
    if (active) {
      this.transact('adding a signer in', () => {
        this.db.prepare(insertSigner).run(...signerValues(active.id, active.signers.length));
        this.audit('sign', 'signoff', String(active.id), null, null, { ...signer, fingerprint: active.fingerprint });
      });
      return this.signoffs().find((signoff) => signoff.id === active.id)!;
    }
    this.snapshot('before-sign-off');
    const view = this.view();
    const canonical = canonicalJson(signedContentOf(view, assessEngagement(view, { asOf })));
    const fingerprint = fingerprintOf(canonical);
    const id = this.transact('signing off', () => {
      if (this.details().status === 'signed-off') throw new CwbError('SIGNED_OFF', 'The engagement was signed off meanwhile.');
      const signoffId = Number(
        this.db.prepare('INSERT INTO signoff (signed_at, as_of, fingerprint, content) VALUES (?, ?, ?, ?)').run(at, asOf, fingerprint, canonical).lastInsertRowid,
      );
      this.db.prepare(insertSigner).run(...signerValues(signoffId, 0));
      const before = view.details.status;
      this.db.prepare("UPDATE engagement SET status = 'signed-off', updated_at = ?").run(at);
      this.audit('update', 'engagement', view.details.id, 'status', before, 'signed-off');
      this.audit('sign', 'signoff', String(signoffId), null, null, { ...signer, fingerprint });
      return signoffId;
    });
    return this.signoffs().find((signoff) => signoff.id === id)!;
  }

  /** Voids the sign-off in force, keeping it on record with who, when and why, and unlocks editing (back to review). */
  reopen(reason: string): EngagementDetails {
    if (this.access.readOnly) throw new CwbError('READ_ONLY', `The engagement cannot be reopened here: ${this.access.reason}`);
    const active = this.activeSignoff();
    if (!active) throw new CwbError('VALIDATION', 'The engagement is not signed off, so there is nothing to reopen.', { field: 'reason' });
    return this.transact('reopening', () => {
      const at = now();
      this.db.prepare('UPDATE signoff SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(at, this.actor, reason, active.id);
      this.db.prepare("UPDATE engagement SET status = 'in-review', updated_at = ?").run(at);
      this.audit('void', 'signoff', String(active.id), null, { fingerprint: active.fingerprint }, { reason });
      this.audit('update', 'engagement', this.details().id, 'status', 'signed-off', 'in-review');
      return this.details();
    });
  }

  /**
   * Checks the sign-off in force against the file: the stored content still hashes to the
   * fingerprint, and the content recomputed from the data now is the same text. A difference is
   * named by its place in the content.
   */
  verifySignoff(): Verification {
    const active = this.activeSignoff();
    if (!active) return { outcome: 'unsigned', fingerprint: null, signers: [], checked: `${this.path} is not signed off.`, problems: [] };
    const stored = this.signedContentText(active.id);
    const problems: Verification['problems'] = [];
    if (fingerprintOf(stored) !== active.fingerprint) {
      problems.push({ place: 'signed content', message: 'The stored signed content no longer hashes to the fingerprint recorded at sign-off.' });
    }
    const signed = JSON.parse(stored) as Record<string, unknown>;
    const content = SignedContent.parse(signed);
    const view = this.view();
    const now = signedContentOf(view, assessEngagement(view, { asOf: active.asOf }));
    const sameRules = content.rulesVersion === now.rulesVersion && content.catalogueVersion === now.catalogueVersion;
    // Under other rules, only the data is recomputed: the results stay the stored text (the fingerprint covers them),
    // and assumptions the older version did not know, still at their defaults, were not part of what was signed.
    const compareNow = sameRules
      ? now
      : {
          ...now,
          results: signed.results,
          rulesVersion: content.rulesVersion,
          catalogueVersion: content.catalogueVersion,
          assumptions: assumptionsKnownTo(signed.assumptions, now.assumptions),
        };
    if (canonicalJson(compareNow) !== stored) {
      for (const place of jsonDifferences(signed, JSON.parse(canonicalJson(compareNow)))) {
        problems.push({ place: place.replace(/^\$\.?/, '') || 'content', message: 'differs from what was signed' });
      }
    }
    return {
      outcome: problems.length === 0 ? 'verified' : 'altered',
      fingerprint: active.fingerprint,
      signers: active.signers,
      checked: sameRules
        ? 'the signed content, its fingerprint, and the data and rules output recomputed from the file'
        : `the signed content and its fingerprint, and the data recomputed from the file; the results were signed under rules ${content.rulesVersion} (catalogue ${content.catalogueVersion}) and this app has rules ${now.rulesVersion} (catalogue ${now.catalogueVersion}), so the stored results were checked against the fingerprint and not recomputed`,
      problems,
    };
  }

  view(): EngagementView {
    return {
      path: this.path,
      schemaVersion: this.schemaVersion,
      details: this.details(),
      sites: this.sites(),
      systems: this.systems(),
      siteDistances: this.siteDistances(),
      policies: this.policies(),
      applications: this.applications(),
      vms: this.vms(),
      assumptions: this.assumptions(),
      access: { readOnly: this.access.readOnly, reason: this.access.reason },
      signoff: this.activeSignoff(),
    };
  }
}
