import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  Answer,
  AnswerState,
  Application,
  AzureStackSystem,
  EngagementDetails,
  EngagementView,
  Site,
} from '../../../shared/domain/engagement';
import { CATALOGUE_VERSION, answerValueSchema, findQuestion } from '../../../shared/questions/catalogue';
import { CwbError, validationError } from '../errors';
import { checkEngagementHeader, ENGAGEMENT_APPLICATION_ID } from './fileCheck';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

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

export interface NewSite {
  name: string;
  location?: string;
  datacenterTier?: Site['datacenterTier'];
  utilityFeeds?: number | null;
}

export type NewSystem = Omit<AzureStackSystem, 'id'>;

/**
 * One open engagement file. Every write runs in one transaction together with its audit
 * entry, so an answer is either fully saved and audited, or not saved at all.
 */
export class EngagementStore {
  private constructor(
    readonly path: string,
    private readonly db: Db,
    private readonly actor: string,
  ) {}

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

  static open(path: string, actor: string): EngagementStore {
    const { schemaVersion } = checkEngagementHeader(path);
    verifyIntegrity(path);
    if (schemaVersion < SCHEMA_VERSION) {
      copyFileSync(path, `${path}.before-v${SCHEMA_VERSION}.bak`);
    }
    let db: Db | undefined;
    try {
      db = new Database(path, { fileMustExist: true });
      configure(db);
      if (schemaVersion < SCHEMA_VERSION) migrate(db, schemaVersion);
      const store = new EngagementStore(path, db, actor);
      store.details();
      return store;
    } catch (error) {
      db?.close();
      throw describeSqliteFailure(error, path, 'opened');
    }
  }

  /** Reads an engagement without opening it for writing: the file is never touched. */
  static inspect(path: string): EngagementView {
    const { schemaVersion } = checkEngagementHeader(path);
    verifyIntegrity(path);
    if (schemaVersion < SCHEMA_VERSION) {
      throw new CwbError(
        'NEWER_SCHEMA',
        `${path} uses an older file format (${schemaVersion}); open it once in the app to upgrade it.`,
      );
    }
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return new EngagementStore(path, db, 'reader').view();
    } catch (error) {
      throw describeSqliteFailure(error, path, 'read');
    } finally {
      db.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private write<T>(doing: string, work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      throw describeSqliteFailure(error, this.path, doing);
    }
  }

  private audit(action: string, entity: string, entityId: string, field: string | null, oldValue: unknown, newValue: unknown): void {
    this.db
      .prepare(
        'INSERT INTO audit (at, actor, action, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
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

  updateDetails(patch: Partial<Pick<EngagementDetails, 'consultants' | 'workshopDates' | 'scopeNotes'>>): EngagementDetails {
    const columns = { consultants: 'consultants', workshopDates: 'workshop_dates', scopeNotes: 'scope_notes' } as const;
    return this.write('saving engagement details in', () => {
      const before = this.details();
      for (const [key, value] of Object.entries(patch) as [keyof typeof columns, string][]) {
        if (before[key] === value) continue;
        this.db.prepare(`UPDATE engagement SET ${columns[key]} = ?, updated_at = ?`).run(value, now());
        this.audit('update', 'engagement', before.id, key, before[key], value);
      }
      return this.details();
    });
  }

  sites(): Site[] {
    const rows = this.db.prepare('SELECT * FROM site ORDER BY position').all() as Record<string, unknown>[];
    return rows.map((r) =>
      Site.parse({ id: r.id, name: r.name, location: r.location, datacenterTier: r.datacenter_tier, utilityFeeds: r.utility_feeds }),
    );
  }

  addSite(site: NewSite): Site {
    return this.write('adding a site to', () => {
      const created = Site.parse({
        id: randomUUID(),
        name: site.name,
        location: site.location ?? '',
        datacenterTier: site.datacenterTier ?? 'unknown',
        utilityFeeds: site.utilityFeeds ?? null,
      });
      this.db
        .prepare(
          'INSERT INTO site (id, name, location, datacenter_tier, utility_feeds, position) VALUES (?, ?, ?, ?, ?, (SELECT COUNT(*) FROM site))',
        )
        .run(created.id, created.name, created.location, created.datacenterTier, created.utilityFeeds);
      this.audit('create', 'site', created.id, null, null, created);
      return created;
    });
  }

  systems(): AzureStackSystem[] {
    const rows = this.db.prepare('SELECT * FROM azure_stack_system ORDER BY position').all() as Record<string, unknown>[];
    return rows.map((r) =>
      AzureStackSystem.parse({
        id: r.id,
        name: r.name,
        siteId: r.site_id,
        region: r.region,
        nodeCount: r.node_count,
        identityModel: r.identity_model,
        state: r.state,
        role: r.role,
        publicAzureAllowed: r.public_azure_allowed === 1,
      }),
    );
  }

  addSystem(system: NewSystem): AzureStackSystem {
    const parsed = AzureStackSystem.safeParse({ id: randomUUID(), ...system });
    if (!parsed.success) throw validationError(parsed.error, 'Azure Stack Hub system');
    const created = parsed.data;
    return this.write('adding a system to', () => {
      this.db
        .prepare(
          `INSERT INTO azure_stack_system (id, name, site_id, region, node_count, identity_model, state, role, public_azure_allowed, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM azure_stack_system))`,
        )
        .run(
          created.id,
          created.name,
          created.siteId,
          created.region,
          created.nodeCount,
          created.identityModel,
          created.state,
          created.role,
          created.publicAzureAllowed ? 1 : 0,
        );
      this.audit('create', 'system', created.id, null, null, created);
      return created;
    });
  }

  applications(): Application[] {
    const apps = this.db.prepare('SELECT id, name, created_at FROM application ORDER BY position').all() as {
      id: string;
      name: string;
      created_at: string;
    }[];
    const answers = this.db.prepare('SELECT * FROM answer').all() as AnswerRow[];
    const byApp = new Map<string, Record<string, Answer>>(apps.map((a) => [a.id, {}]));
    for (const row of answers) {
      const bucket = byApp.get(row.application_id);
      if (bucket) bucket[row.question_id] = answerFromRow(row);
    }
    return apps.map((a) => ({ id: a.id, name: a.name, createdAt: a.created_at, answers: byApp.get(a.id) ?? {} }));
  }

  addApplication(name: string): Application {
    const trimmed = name.trim();
    return this.write('adding an application to', () => {
      const clash = this.db.prepare('SELECT name FROM application WHERE name = ? COLLATE NOCASE').get(trimmed) as
        | { name: string }
        | undefined;
      if (clash) {
        throw new CwbError('ALREADY_EXISTS', `An application named "${clash.name}" already exists in this engagement.`, {
          field: 'name',
        });
      }
      const app = { id: randomUUID(), name: trimmed, createdAt: now(), answers: {} };
      this.db
        .prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, (SELECT COUNT(*) FROM application))')
        .run(app.id, app.name, app.createdAt);
      this.audit('create', 'application', app.id, null, null, { name: app.name });
      return app;
    });
  }

  setAnswer(applicationId: string, questionId: string, state: AnswerState, note?: string): Answer {
    const question = findQuestion(questionId);
    if (!question) {
      throw new CwbError('VALIDATION', `Unknown question "${questionId}".`, { field: 'questionId' });
    }
    if (state.status === 'answered') {
      const checked = answerValueSchema(question).safeParse(state.value);
      if (!checked.success) {
        const message = checked.error.issues[0]?.message ?? 'invalid value';
        throw new CwbError('VALIDATION', `${question.prompt} — ${message}`, { field: 'value', questionId });
      }
      state = { status: 'answered', value: checked.data };
      if (question.type === 'system-reference' && !this.systems().some((s) => s.id === checked.data)) {
        throw new CwbError('VALIDATION', `${question.prompt} — no such Azure Stack Hub system in this engagement.`, {
          field: 'value',
          questionId,
        });
      }
    }
    if (state.status === 'unknown' && !question.unknownAllowed) {
      throw new CwbError('VALIDATION', `${question.prompt} — this question needs a definite answer.`, { field: 'status' });
    }
    return this.write('saving an answer in', () => {
      const exists = this.db.prepare('SELECT 1 FROM application WHERE id = ?').get(applicationId);
      if (!exists) throw new CwbError('NOT_FOUND', `No application with id ${applicationId} in this engagement.`);
      const previous = this.db
        .prepare('SELECT * FROM answer WHERE application_id = ? AND question_id = ?')
        .get(applicationId, questionId) as AnswerRow | undefined;
      const answer: Answer = {
        questionId,
        state,
        note: note ?? previous?.note ?? '',
        answeredBy: this.actor,
        answeredAt: now(),
        catalogueVersion: CATALOGUE_VERSION,
      };
      this.db
        .prepare(
          `INSERT INTO answer (application_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (application_id, question_id) DO UPDATE SET
             state_json = excluded.state_json, note = excluded.note, answered_by = excluded.answered_by,
             answered_at = excluded.answered_at, catalogue_version = excluded.catalogue_version`,
        )
        .run(applicationId, questionId, JSON.stringify(state), answer.note, answer.answeredBy, answer.answeredAt, CATALOGUE_VERSION);
      this.audit(
        previous ? 'update' : 'create',
        'answer',
        applicationId,
        questionId,
        previous ? { state: JSON.parse(previous.state_json), note: previous.note } : null,
        { state, note: answer.note },
      );
      return answer;
    });
  }

  /** Back to "not asked yet": used by undo when the first answer to a question is taken back. */
  clearAnswer(applicationId: string, questionId: string): null {
    return this.write('clearing an answer in', () => {
      const previous = this.db
        .prepare('SELECT * FROM answer WHERE application_id = ? AND question_id = ?')
        .get(applicationId, questionId) as AnswerRow | undefined;
      if (!previous) return null;
      this.db.prepare('DELETE FROM answer WHERE application_id = ? AND question_id = ?').run(applicationId, questionId);
      this.audit('delete', 'answer', applicationId, questionId, { state: JSON.parse(previous.state_json), note: previous.note }, null);
      return null;
    });
  }

  auditTrail(): { at: string; actor: string; action: string; entity: string; entityId: string; field: string | null }[] {
    return this.db
      .prepare('SELECT at, actor, action, entity, entity_id AS entityId, field FROM audit ORDER BY id')
      .all() as ReturnType<EngagementStore['auditTrail']>;
  }

  view(): EngagementView {
    return {
      path: this.path,
      schemaVersion: this.schemaVersion,
      details: this.details(),
      sites: this.sites(),
      systems: this.systems(),
      applications: this.applications(),
    };
  }
}
