// Applications and their components (tiers), read back with every answer given to them.
import { randomUUID } from 'node:crypto';
import { Answer, AnswerState, Application, Component } from '../../../shared/domain/engagement';
import { cleanText } from '../../../shared/text/safeText';
import { CwbError } from '../errors';
import { removeComponentAttachments } from './attachments';
import { now, readStored, type StoreContext } from './storeContext';

export interface AnswerRow {
  application_id: string;
  component_id: string;
  question_id: string;
  state_json: string;
  note: string;
  answered_by: string;
  answered_at: string;
  catalogue_version: number;
}

function answerFromRow(store: StoreContext, row: AnswerRow): Answer {
  const where = `application_id ${JSON.stringify(row.application_id)}${row.component_id ? `, component_id ${JSON.stringify(row.component_id)}` : ''}, question_id ${JSON.stringify(row.question_id)}`;
  return {
    questionId: row.question_id,
    state: readStored(store.path, 'answer', where, () => AnswerState.parse(JSON.parse(row.state_json))),
    note: row.note,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
    catalogueVersion: row.catalogue_version,
  };
}

export function applications(store: StoreContext): Application[] {
  return readApplications(store, null);
}

/** Applications with their components and answers; all of them, or the one with `onlyId`. */
export function readApplications(store: StoreContext, onlyId: string | null): Application[] {
  const filter = onlyId === null ? '' : 'WHERE id = @onlyId';
  const appFilter = onlyId === null ? '' : 'WHERE application_id = @onlyId';
  const apps = store.db.prepare(`SELECT id, name, created_at FROM application ${filter} ORDER BY position`).all({ onlyId }) as {
    id: string;
    name: string;
    created_at: string;
  }[];
  const components = store.db.prepare(`SELECT id, application_id, name FROM component ${appFilter} ORDER BY position`).all({ onlyId }) as {
    id: string;
    application_id: string;
    name: string;
  }[];
  const answers = store.db.prepare(`SELECT * FROM answer ${appFilter}`).all({ onlyId }) as AnswerRow[];
  const answerBuckets = new Map<string, Record<string, Answer>>();
  for (const row of answers) {
    const key = `${row.application_id}/${row.component_id}`;
    let bucket = answerBuckets.get(key);
    if (!bucket) answerBuckets.set(key, (bucket = {}));
    bucket[row.question_id] = answerFromRow(store, row);
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

/** Every application's id and name, in list order, without its answers. */
export function applicationNames(store: StoreContext): { id: string; name: string }[] {
  return store.db.prepare('SELECT id, name FROM application ORDER BY position').all() as { id: string; name: string }[];
}

export function requireApplication(store: StoreContext, applicationId: string): { name: string } {
  const app = store.statement('SELECT name FROM application WHERE id = ?').get(applicationId) as { name: string } | undefined;
  if (!app) throw new CwbError('NOT_FOUND', `No application with id ${applicationId} in this engagement.`);
  return app;
}

function refuseDuplicateName(store: StoreContext, table: 'application' | 'component', name: string, scope: { applicationId?: string; exceptId?: string }): void {
  const where = table === 'component' ? 'AND application_id = @applicationId' : '';
  const clash = store.db
    .prepare(`SELECT name FROM ${table} WHERE name = @name COLLATE NOCASE AND id != @exceptId ${where}`)
    .get({ name, exceptId: scope.exceptId ?? '', applicationId: scope.applicationId ?? '' }) as { name: string } | undefined;
  if (clash) {
    const what = table === 'application' ? 'An application' : 'A component of this application';
    throw new CwbError('ALREADY_EXISTS', `${what} named "${clash.name}" already exists in this engagement.`, { field: 'name' });
  }
}

export function addApplication(store: StoreContext, name: string): Application {
  const trimmed = cleanText(name).trim();
  return store.write('adding an application to', () => {
    refuseDuplicateName(store, 'application', trimmed, {});
    const app: Application = { id: randomUUID(), name: trimmed, createdAt: now(), answers: {}, components: [] };
    store.db
      .prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, (SELECT COUNT(*) FROM application))')
      .run(app.id, app.name, app.createdAt);
    store.audit('create', 'application', app.id, null, null, { name: app.name });
    return app;
  });
}

export function renameApplication(store: StoreContext, applicationId: string, name: string): null {
  const trimmed = cleanText(name).trim();
  return store.write('renaming an application in', () => {
    const before = requireApplication(store, applicationId);
    refuseDuplicateName(store, 'application', trimmed, { exceptId: applicationId });
    store.db.prepare('UPDATE application SET name = ? WHERE id = ?').run(trimmed, applicationId);
    store.audit('update', 'application', applicationId, 'name', before.name, trimmed);
    return null;
  });
}

export function addComponent(store: StoreContext, applicationId: string, name: string): Component {
  const trimmed = cleanText(name).trim();
  return store.write('adding a component to', () => {
    requireApplication(store, applicationId);
    refuseDuplicateName(store, 'component', trimmed, { applicationId });
    const component: Component = { id: randomUUID(), name: trimmed, answers: {} };
    store.db
      .prepare('INSERT INTO component (id, application_id, name, position) VALUES (?, ?, ?, (SELECT COUNT(*) FROM component))')
      .run(component.id, applicationId, component.name);
    store.audit('create', 'component', component.id, null, null, { applicationId, name: trimmed });
    return component;
  });
}

export function requireComponent(store: StoreContext, applicationId: string, componentId: string): { name: string } {
  const component = store.statement('SELECT name FROM component WHERE id = ? AND application_id = ?').get(componentId, applicationId) as
    | { name: string }
    | undefined;
  if (!component) throw new CwbError('NOT_FOUND', `No component with id ${componentId} in that application.`);
  return component;
}

export function renameComponent(store: StoreContext, applicationId: string, componentId: string, name: string): null {
  const trimmed = cleanText(name).trim();
  return store.write('renaming a component in', () => {
    const before = requireComponent(store, applicationId, componentId);
    refuseDuplicateName(store, 'component', trimmed, { applicationId, exceptId: componentId });
    store.db.prepare('UPDATE component SET name = ? WHERE id = ?').run(trimmed, componentId);
    store.audit('update', 'component', componentId, 'name', before.name, trimmed);
    return null;
  });
}

/** Removes a component with its answers; the audit entry keeps what was removed. */
export function removeComponent(store: StoreContext, applicationId: string, componentId: string): null {
  return store.write('removing a component from', () => {
    const before = requireComponent(store, applicationId, componentId);
    const answers = store.db.prepare('SELECT question_id, state_json, note FROM answer WHERE component_id = ?').all(componentId);
    removeComponentAttachments(store, componentId);
    store.db.prepare('DELETE FROM component WHERE id = ?').run(componentId);
    store.audit('delete', 'component', componentId, null, { applicationId, name: before.name, answers }, null);
    return null;
  });
}
