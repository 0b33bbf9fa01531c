// Writes a merge into an engagement file holding MINE's records: every record that differs from the
// merged result is created, changed or removed in one transaction, each with an audit entry in the
// store's usual form that names the copy it came from.
import { ASSUMPTIONS } from '../../../shared/rules/assumptions';
import { CATALOGUE_VERSION } from '../../../shared/questions/catalogue';
import type { MergeResolutions } from '../../../shared/api/mergeContract';
import { addAttachment, removeAttachment } from '../store/attachments';
import { now, type StoreContext } from '../store/storeContext';
import { columnValues, recordFromRow } from '../store/tables';
import { historyDigest, type MergePlan } from './plan';
import { keyOf, same, sameRecord, splitAnswerId, TABLE_KINDS, type MergeRecord, type RecordMeta, type TableKind } from './records';

/** Parents before children when adding, children before parents when removing. */
const ORDER: MergeRecord['kind'][] = ['engagement', 'site', 'hardwareProfile', 'policy', 'assumption', 'application', 'system', 'distance', 'component', 'vm', 'answer', 'attachment'];

export interface MergeWriteSource {
  /** The other copy's name, kept in `audit.source` of every change taken from it. */
  label: string;
  content(attachmentId: string): Buffer;
}

/**
 * Applies the merged records to the file (which holds MINE's) in one transaction and returns the
 * number of changes written. The caller has taken the snapshot before.
 */
export function writeMerge(store: StoreContext, plan: MergePlan, resolutions: MergeResolutions, source: MergeWriteSource): number {
  const final = plan.resolve(resolutions);
  const current = plan.states.mine;
  const keys = [...new Set([...current.keys(), ...final.keys()])].filter((key) => !sameRecord(current.get(key), final.get(key)));
  const rank = (key: string) => ORDER.indexOf((final.get(key) ?? current.get(key))!.kind);
  const removals = keys.filter((key) => !final.has(key)).sort((a, b) => rank(b) - rank(a));
  const upserts = keys.filter((key) => final.has(key)).sort((a, b) => rank(a) - rank(b));
  return store.write(`merging ${source.label} into`, () => {
    store.db.pragma('defer_foreign_keys = ON');
    const engagementId = plan.mine.view.details.id;
    const writer = new RecordWriter(store, source, engagementId, (key, record) => metaFor(plan, key, record));
    for (const key of removals) writer.remove(current.get(key)!);
    for (const key of upserts) writer.put(current.get(key), final.get(key)!);
    store.audit('merge', 'engagement', engagementId, null, null, {
      mine: plan.mine.label,
      theirs: plan.theirs.label,
      theirsHistory: { entries: plan.theirs.audit.length, sha256: historyDigest(plan.theirs.audit, plan.theirs.audit.length) },
      changesWritten: writer.count,
      conflicts: plan.report.conflicts.map((conflict) => ({ what: conflict.what, resolution: resolutions[conflict.id] ?? 'mine' })),
    }, source.label);
    return writer.count;
  });
}

/** Who gave the merged record: the copy whose record it equals, else (fields from both) the later one. */
function metaFor(plan: MergePlan, key: string, record: MergeRecord): RecordMeta | undefined {
  const mine = plan.meta.mine.get(key);
  const theirs = plan.meta.theirs.get(key);
  if (sameRecord(plan.states.theirs.get(key), record) && !sameRecord(plan.states.mine.get(key), record)) return theirs ?? mine;
  if (sameRecord(plan.states.mine.get(key), record)) return mine ?? theirs;
  if (!mine || !theirs) return mine ?? theirs;
  return mine.at >= theirs.at ? mine : theirs;
}

class RecordWriter {
  count = 0;

  constructor(
    private readonly store: StoreContext,
    private readonly source: MergeWriteSource,
    private readonly engagementId: string,
    private readonly metaOf: (key: string, record: MergeRecord) => RecordMeta | undefined,
  ) {}

  private audit(action: string, entity: string, entityId: string, field: string | null, before: unknown, after: unknown): void {
    this.store.audit(action, entity, entityId, field, before, after, this.source.label);
    this.count += 1;
  }

  private readonly positions = new Map<string, number>();

  /** The next position at the end of a table, read once and then counted: an inventory taken in adds thousands of rows. */
  private position(table: string): number {
    const next = this.positions.get(table) ?? (this.store.db.prepare(`SELECT COALESCE(MAX(position) + 1, 0) AS next FROM ${table}`).get() as { next: number }).next;
    this.positions.set(table, next + 1);
    return next;
  }

  remove(record: MergeRecord): void {
    const { db } = this.store;
    const { kind, id, fields } = record;
    switch (kind) {
      case 'site':
      case 'hardwareProfile':
      case 'system':
      case 'policy':
      case 'vm': {
        const mapping = TABLE_KINDS[kind];
        const row = db.prepare(`SELECT * FROM ${mapping.table} WHERE id = ?`).get(id) as Record<string, unknown>;
        db.prepare(`DELETE FROM ${mapping.table} WHERE id = ?`).run(id);
        this.audit('delete', mapping.entity, id, null, recordFromRow(mapping as never, row), null);
        return;
      }
      case 'application':
        db.prepare('DELETE FROM application WHERE id = ?').run(id);
        this.audit('delete', 'application', id, null, { name: fields.name }, null);
        return;
      case 'component':
        db.prepare('DELETE FROM component WHERE id = ?').run(id);
        this.audit('delete', 'component', id, null, { applicationId: fields.applicationId, name: fields.name, answers: [] }, null);
        return;
      case 'answer': {
        const { applicationId, componentId, questionId } = splitAnswerId(id);
        db.prepare('DELETE FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?').run(applicationId, componentId ?? '', questionId);
        this.audit('delete', 'answer', componentId ? `${applicationId}/${componentId}` : applicationId, questionId, fields, null);
        return;
      }
      case 'distance': {
        const [a, b] = id.split('/');
        db.prepare('DELETE FROM site_distance WHERE site_a_id = ? AND site_b_id = ?').run(a, b);
        this.audit('delete', 'siteDistance', id, 'km', fields.km, null);
        return;
      }
      case 'attachment':
        removeAttachment(this.store, id, this.source.label);
        this.count += 1;
        return;
      default:
        return;
    }
  }

  put(before: MergeRecord | undefined, after: MergeRecord): void {
    const { db } = this.store;
    const { kind, id, fields } = after;
    const changed = Object.keys(fields).filter((field) => !before || !same(before.fields[field], fields[field]));
    switch (kind) {
      case 'engagement': {
        const columns: Record<string, string> = { customer: 'customer', title: 'title', consultants: 'consultants', workshopDates: 'workshop_dates', scopeNotes: 'scope_notes', status: 'status' };
        for (const field of changed) {
          db.prepare(`UPDATE engagement SET ${columns[field]} = ?, updated_at = ?`).run(fields[field], now());
          this.audit('update', 'engagement', id, field, before?.fields[field], fields[field]);
        }
        return;
      }
      case 'site':
      case 'hardwareProfile':
      case 'system':
      case 'policy':
      case 'vm':
        return this.putTableRecord(kind, before, after, changed);
      case 'application':
        if (before) {
          db.prepare('UPDATE application SET name = ? WHERE id = ?').run(fields.name, id);
          this.audit('update', 'application', id, 'name', before.fields.name, fields.name);
        } else {
          const createdAt = this.metaOf(keyOf('application', id), after)?.createdAt ?? now();
          db.prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, ?)').run(id, fields.name, createdAt, this.position('application'));
          this.audit('create', 'application', id, null, null, { name: fields.name });
        }
        return;
      case 'component':
        if (before) {
          db.prepare('UPDATE component SET name = ? WHERE id = ?').run(fields.name, id);
          this.audit('update', 'component', id, 'name', before.fields.name, fields.name);
        } else {
          db.prepare('INSERT INTO component (id, application_id, name, position) VALUES (?, ?, ?, ?)').run(id, fields.applicationId, fields.name, this.position('component'));
          this.audit('create', 'component', id, null, null, { applicationId: fields.applicationId, name: fields.name });
        }
        return;
      case 'answer': {
        const { applicationId, componentId, questionId } = splitAnswerId(id);
        const meta = this.metaOf(keyOf('answer', id), after);
        db.prepare(
          `INSERT INTO answer (application_id, component_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (application_id, component_id, question_id) DO UPDATE SET
             state_json = excluded.state_json, note = excluded.note, answered_by = excluded.answered_by,
             answered_at = excluded.answered_at, catalogue_version = excluded.catalogue_version`,
        ).run(applicationId, componentId ?? '', questionId, JSON.stringify(fields.state), fields.note, meta?.by ?? this.store.actor, meta?.at ?? now(), meta?.catalogueVersion ?? CATALOGUE_VERSION);
        this.audit(before ? 'update' : 'create', 'answer', componentId ? `${applicationId}/${componentId}` : applicationId, questionId, before?.fields ?? null, fields);
        return;
      }
      case 'distance': {
        const [a, b] = id.split('/');
        db.prepare('INSERT INTO site_distance (site_a_id, site_b_id, km) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET km = excluded.km').run(a, b, fields.km);
        this.audit(before ? 'update' : 'create', 'siteDistance', id, 'km', before?.fields.km ?? null, fields.km);
        return;
      }
      case 'assumption': {
        const definition = ASSUMPTIONS.find((assumption) => assumption.key === id);
        if (!definition) return;
        if (fields.best === definition.defaults.best && fields.worst === definition.defaults.worst) db.prepare('DELETE FROM estimate_assumption WHERE key = ?').run(id);
        else db.prepare('INSERT INTO estimate_assumption (key, best, worst) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET best = excluded.best, worst = excluded.worst').run(id, fields.best, fields.worst);
        this.audit('update', 'assumption', this.engagementId, id, before?.fields ?? null, fields);
        return;
      }
      case 'attachment': {
        // Attachments never change; one that differs under the same id is replaced whole.
        if (before) this.remove(before);
        const meta = this.metaOf(keyOf('attachment', id), after);
        addAttachment(
          this.store,
          { applicationId: String(fields.applicationId), componentId: (fields.componentId as string | null) ?? null, questionId: (fields.questionId as string | null) ?? null },
          { name: String(fields.name), bytes: this.source.content(id) },
          { id, by: meta?.by ?? this.store.actor, at: meta?.at ?? now() },
          this.source.label,
        );
        this.count += 1;
        return;
      }
    }
  }

  private putTableRecord(kind: TableKind, before: MergeRecord | undefined, after: MergeRecord, changed: string[]): void {
    const mapping = TABLE_KINDS[kind];
    const record = { id: after.id, ...after.fields };
    const values = columnValues(mapping as never, record as never) as Record<string, unknown>;
    const columns = mapping.columns as Record<string, string>;
    if (before) {
      for (const field of changed) {
        this.store.db.prepare(`UPDATE ${mapping.table} SET ${columns[field]} = ? WHERE id = ?`).run(values[columns[field]!] as never, after.id);
        this.audit('update', mapping.entity, after.id, field, before.fields[field], after.fields[field]);
      }
      return;
    }
    const names = Object.keys(values);
    this.store.db
      .prepare(`INSERT INTO ${mapping.table} (id, ${names.join(', ')}, position) VALUES (@id, ${names.map((c) => `@${c}`).join(', ')}, @position)`)
      .run({ ...values, id: after.id, position: this.position(mapping.table) });
    this.audit('create', mapping.entity, after.id, null, null, record);
  }
}

