// An engagement as a flat set of records, each a few comparable fields under a stable key, and the
// audit trail played backwards to find what a copy held at the point two copies diverged.
import type { AttachmentMeta } from '../../../shared/domain/attachment';
import type { EngagementView } from '../../../shared/domain/engagement';
import type { MergeRecordKind } from '../../../shared/api/mergeContract';
import { findQuestion, referencedIds } from '../../../shared/questions/catalogue';
import { canonicalJson } from '../../../shared/signoff/canonical';
import { metaFromRow, type AttachmentRow } from '../store/attachments';
import { DETAIL_COLUMNS } from '../store/setup';
import { fieldsFromRow, HARDWARE_PROFILES, POLICIES, SITES, SYSTEMS, VMS, type TableMapping } from '../store/tables';

export type Fields = Record<string, unknown>;

export interface MergeRecord {
  kind: MergeRecordKind;
  id: string;
  fields: Fields;
}

/** Who gave an answer or attached a file, and when: shown beside a value, never compared. */
export interface RecordMeta {
  by: string;
  at: string;
  catalogueVersion?: number;
  createdAt?: string;
}

export type RecordState = Map<string, MergeRecord>;

export const keyOf = (kind: MergeRecordKind, id: string) => `${kind}:${id}`;

export const TABLE_KINDS = { site: SITES, hardwareProfile: HARDWARE_PROFILES, system: SYSTEMS, policy: POLICIES, vm: VMS } as const;
export type TableKind = keyof typeof TABLE_KINDS;

const ENGAGEMENT_FIELDS = ['customer', 'title', 'consultants', 'workshopDates', 'scopeNotes', 'status'] as const;
const ATTACHMENT_FIELDS = ['applicationId', 'componentId', 'questionId', 'name', 'mediaType', 'size', 'sha256'] as const;

function pick(source: Record<string, unknown>, fields: readonly string[]): Fields {
  return Object.fromEntries(fields.map((field) => [field, source[field] ?? null]));
}

function tableFields(kind: TableKind, record: Record<string, unknown>): Fields {
  return pick(record, Object.keys(TABLE_KINDS[kind].columns));
}

export const answerId = (applicationId: string, componentId: string | null, questionId: string) => `${applicationId}/${componentId ?? ''}/${questionId}`;

export function splitAnswerId(id: string): { applicationId: string; componentId: string | null; questionId: string } {
  const [applicationId = '', componentId = '', ...question] = id.split('/');
  return { applicationId, componentId: componentId === '' ? null : componentId, questionId: question.join('/') };
}

/** Every record of an engagement and the who-and-when beside answers and attachments. */
export function stateOf(view: EngagementView, attachments: readonly AttachmentMeta[]): { records: RecordState; meta: Map<string, RecordMeta> } {
  const records: RecordState = new Map();
  const meta = new Map<string, RecordMeta>();
  const put = (kind: MergeRecordKind, id: string, fields: Fields) => records.set(keyOf(kind, id), { kind, id, fields });
  put('engagement', view.details.id, pick(view.details, ENGAGEMENT_FIELDS));
  const tables = { site: view.sites, hardwareProfile: view.hardwareProfiles, system: view.systems, policy: view.policies, vm: view.vms };
  for (const kind of Object.keys(TABLE_KINDS) as TableKind[]) {
    for (const record of tables[kind] as unknown as Record<string, unknown>[]) put(kind, String(record.id), tableFields(kind, record));
  }
  for (const distance of view.siteDistances) put('distance', `${distance.siteAId}/${distance.siteBId}`, { km: distance.km });
  for (const [key, range] of Object.entries(view.assumptions)) put('assumption', key, { best: range.best, worst: range.worst });
  for (const app of view.applications) {
    put('application', app.id, { name: app.name });
    meta.set(keyOf('application', app.id), { by: '', at: app.createdAt, createdAt: app.createdAt });
    const subjects = [{ componentId: null as string | null, answers: app.answers }, ...app.components.map((c) => ({ componentId: c.id, answers: c.answers }))];
    for (const component of app.components) put('component', component.id, { applicationId: app.id, name: component.name });
    for (const subject of subjects) {
      for (const answer of Object.values(subject.answers)) {
        const id = answerId(app.id, subject.componentId, answer.questionId);
        put('answer', id, { state: answer.state, note: answer.note });
        meta.set(keyOf('answer', id), { by: answer.answeredBy, at: answer.answeredAt, catalogueVersion: answer.catalogueVersion });
      }
    }
  }
  for (const attachment of attachments) {
    put('attachment', attachment.id, pick(attachment, ATTACHMENT_FIELDS));
    meta.set(keyOf('attachment', attachment.id), { by: attachment.attachedBy, at: attachment.attachedAt });
  }
  return { records, meta };
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

/** Two rows are the same shared history when every column agrees. */
export function sameEntry(a: AuditRow, b: AuditRow): boolean {
  return (
    a.id === b.id && a.at === b.at && a.actor === b.actor && a.action === b.action && a.entity === b.entity && a.entity_id === b.entity_id &&
    a.field === b.field && a.old_value === b.old_value && a.new_value === b.new_value
  );
}

const ENTITY_KINDS: Record<string, MergeRecordKind> = {
  engagement: 'engagement',
  site: 'site',
  hardwareProfile: 'hardwareProfile',
  system: 'system',
  policy: 'policy',
  vm: 'vm',
  application: 'application',
  component: 'component',
  answer: 'answer',
  siteDistance: 'distance',
  assumption: 'assumption',
  attachment: 'attachment',
};

/** The record (key) an audit entry changed, or null for entries about no one record (imports, sign-offs, restores). */
export function entryKey(entry: AuditRow): string | null {
  const kind = ENTITY_KINDS[entry.entity];
  if (!kind || !['create', 'update', 'delete', 'undo', 'redo'].includes(entry.action)) return null;
  if (kind === 'answer') {
    const [applicationId = '', componentId = null] = entry.entity_id.split('/');
    return keyOf('answer', answerId(applicationId, componentId, entry.field ?? ''));
  }
  if (kind === 'assumption') return keyOf('assumption', entry.field ?? '');
  return keyOf(kind, entry.entity_id);
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * A record's fields from a row as the table holds it: undo and redo audit the rows they put back
 * in the table's own columns (the other entries hold the record as the app shows it).
 */
function recordFromStoredRow(kind: MergeRecordKind, row: Record<string, unknown>): Fields {
  switch (kind) {
    case 'site':
    case 'hardwareProfile':
    case 'system':
    case 'policy':
    case 'vm':
      return tableFields(kind, fieldsFromRow(TABLE_KINDS[kind] as TableMapping<{ id: string }>, row));
    case 'engagement':
      return Object.fromEntries(ENGAGEMENT_FIELDS.map((field) => [field, row[DETAIL_COLUMNS[field]]]));
    case 'application':
      return { name: row.name };
    case 'component':
      return { applicationId: row.application_id, name: row.name };
    case 'attachment':
      return pick(metaFromRow(row as unknown as AttachmentRow), ATTACHMENT_FIELDS);
    default:
      return row;
  }
}

function recordFromOld(kind: MergeRecordKind, id: string, old: Record<string, unknown>): Fields {
  switch (kind) {
    case 'site':
    case 'hardwareProfile':
    case 'system':
    case 'policy':
    case 'vm':
      return tableFields(kind, old);
    case 'application':
      return { name: old.name };
    case 'component':
      return { applicationId: old.applicationId, name: old.name };
    case 'attachment':
      return pick(old, ATTACHMENT_FIELDS);
    default:
      return old;
  }
}

/**
 * Plays a copy's own changes since the common point backwards over its current records: each
 * created record removed, each deleted one put back as the audit kept it, each changed field set
 * to its old value. What is left is that copy's view of the common point.
 */
export function rewind(current: RecordState, entries: readonly AuditRow[]): RecordState {
  const state: RecordState = new Map([...current].map(([key, record]) => [key, { ...record, fields: { ...record.fields } }]));
  for (const entry of [...entries].reverse()) {
    const key = entryKey(entry);
    if (!key) continue;
    const kind = ENTITY_KINDS[entry.entity]!;
    const id = key.slice(kind.length + 1);
    const old = parse(entry.old_value);
    const existing = state.get(key);
    if (kind === 'answer' || kind === 'distance' || kind === 'assumption') {
      const fields = kind === 'answer' ? (old as Fields | null) : kind === 'distance' ? (old === null ? null : { km: old }) : (old as Fields | null);
      if (entry.action === 'create' || fields === null) state.delete(key);
      else state.set(key, { kind, id, fields: { ...fields } });
      continue;
    }
    if (entry.action === 'undo' || entry.action === 'redo') {
      // The row as it was before the undo or redo put it back: absent, or whole.
      if (old === null) state.delete(key);
      else state.set(key, { kind, id, fields: recordFromStoredRow(kind, old as Record<string, unknown>) });
      continue;
    }
    if (entry.action === 'create') state.delete(key);
    else if (entry.action === 'delete') {
      state.set(key, { kind, id, fields: recordFromOld(kind, id, old as Record<string, unknown>) });
      if (kind === 'component') {
        const { applicationId, answers } = old as { applicationId: string; answers?: { question_id: string; state_json: string; note: string }[] };
        for (const answer of answers ?? []) {
          const answerKey = keyOf('answer', answerId(applicationId, id, answer.question_id));
          state.set(answerKey, { kind: 'answer', id: answerId(applicationId, id, answer.question_id), fields: { state: JSON.parse(answer.state_json), note: answer.note } });
        }
      }
    } else if (entry.field !== null) {
      if (existing) existing.fields[entry.field] = old;
      else state.set(key, { kind, id, fields: { [entry.field]: old } });
    }
  }
  return state;
}

export const same = (a: unknown, b: unknown): boolean => (a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b));

export const sameRecord = (a: MergeRecord | undefined, b: MergeRecord | undefined): boolean => (a === undefined || b === undefined ? a === b : same(a.fields, b.fields));

/** The records this one cannot exist without: its parents, and what its answer refers to. */
export function dependencies(record: MergeRecord): string[] {
  const { fields } = record;
  switch (record.kind) {
    case 'component':
      return [keyOf('application', String(fields.applicationId))];
    case 'system':
      // A system built from a hardware profile cannot be without it: the profile comes along with the system.
      return [keyOf('site', String(fields.siteId)), ...(fields.hardwareProfileId ? [keyOf('hardwareProfile', String(fields.hardwareProfileId))] : [])];
    case 'distance':
      return record.id.split('/').map((siteId) => keyOf('site', siteId));
    case 'vm':
      return fields.applicationId ? [keyOf('application', String(fields.applicationId))] : [];
    case 'attachment':
      return [keyOf('application', String(fields.applicationId)), ...(fields.componentId ? [keyOf('component', String(fields.componentId))] : [])];
    case 'answer': {
      const { applicationId, componentId, questionId } = splitAnswerId(record.id);
      const keys = [keyOf('application', applicationId), ...(componentId ? [keyOf('component', componentId)] : [])];
      const state = fields.state as { status: string; value?: unknown } | undefined;
      const question = findQuestion(questionId);
      const references = question && state?.status === 'answered' ? referencedIds(question, state.value) : null;
      const kinds: Record<string, MergeRecordKind> = { azure_stack_system: 'system', protection_policy: 'policy', application: 'application' };
      if (references) keys.push(...references.ids.map((id) => keyOf(kinds[references.table]!, id)));
      return keys;
    }
    default:
      return [];
  }
}

/** Whether a dependency is a parent (the record goes with it) rather than a reference that can point elsewhere. */
export function isChildOf(record: MergeRecord, parentKey: string): boolean {
  if (record.kind === 'component' || record.kind === 'attachment' || record.kind === 'distance') return true;
  if (record.kind === 'answer') {
    const { applicationId, componentId } = splitAnswerId(record.id);
    return parentKey === keyOf('application', applicationId) || (componentId !== null && parentKey === keyOf('component', componentId));
  }
  return false;
}

/** Records that depend on `key` in `state`, directly or through others. */
export function dependents(state: RecordState, key: string): string[] {
  const reverse = new Map<string, string[]>();
  for (const [recordKey, record] of state) {
    for (const dependency of dependencies(record)) {
      let list = reverse.get(dependency);
      if (!list) reverse.set(dependency, (list = []));
      list.push(recordKey);
    }
  }
  const found = new Set<string>();
  const queue = [key];
  while (queue.length > 0) {
    for (const next of reverse.get(queue.shift()!) ?? []) {
      if (found.has(next)) continue;
      found.add(next);
      queue.push(next);
    }
  }
  return [...found];
}
