// The engagement's setting: its details, and the records kept in plain tables (sites, site
// distances, Azure Stack Hub systems, protection policies, VMs), listed, saved and removed
// through one implementation driven by their table mappings.
import { randomUUID } from 'node:crypto';
import { AnswerState, AzureStackSystem, EngagementDetails, ProtectionPolicy, Site, SiteDistance, Vm } from '../../../shared/domain/engagement';
import { QUESTIONS, type Question } from '../../../shared/questions/catalogue';
import { CwbError, validationError } from '../errors';
import { now, readStored, sqliteCode, type StoreContext } from './storeContext';
import { columnValues, POLICIES, recordFromRow, SITES, SYSTEMS, VMS, type TableMapping } from './tables';

/** The engagement details a person can edit, and their columns. */
export const DETAIL_COLUMNS = {
  customer: 'customer',
  title: 'title',
  consultants: 'consultants',
  workshopDates: 'workshop_dates',
  scopeNotes: 'scope_notes',
  status: 'status',
} as const;
export type EditableDetail = keyof typeof DETAIL_COLUMNS;

export function details(store: StoreContext): EngagementDetails {
  const row = store.db.prepare('SELECT * FROM engagement LIMIT 1').get() as Record<string, string> | undefined;
  if (!row) throw new CwbError('CORRUPT', `${store.path} has no engagement record; it may be damaged.`);
  return readStored(store.path, 'engagement', `id ${JSON.stringify(row.id)}`, () => EngagementDetails.parse({
    id: row.id,
    customer: row.customer,
    title: row.title,
    consultants: row.consultants,
    workshopDates: row.workshop_dates,
    scopeNotes: row.scope_notes,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export function updateDetails(store: StoreContext, patch: Partial<Pick<EngagementDetails, EditableDetail>>): EngagementDetails {
  if (patch.status === 'signed-off') {
    throw new CwbError('VALIDATION', 'An engagement is signed off by signing it (which fingerprints its content), not by changing its status.', { field: 'status' });
  }
  return store.write('saving engagement details in', () => {
    const before = details(store);
    for (const [key, value] of Object.entries(patch) as [EditableDetail, string | undefined][]) {
      if (value === undefined || before[key] === value) continue;
      store.db.prepare(`UPDATE engagement SET ${DETAIL_COLUMNS[key]} = ?, updated_at = ?`).run(value, now());
      store.audit('update', 'engagement', before.id, key, before[key], value);
    }
    return details(store);
  });
}

/** Lists the records of one table in the order they were added. */
export function list<T extends { id: string }>(store: StoreContext, mapping: TableMapping<T>): T[] {
  const rows = store.db.prepare(`SELECT * FROM ${mapping.table} ORDER BY position`).all() as Record<string, unknown>[];
  return rows.map((row) => readStored(store.path, mapping.table, `id ${JSON.stringify(row.id)}`, () => recordFromRow(mapping, row)));
}

/** Creates the record (no id) or updates it (with id), auditing each field that changed. */
export function save<T extends { id: string }, I>(store: StoreContext, mapping: TableMapping<T, I>, input: Omit<I, 'id'> & { id?: string | undefined }): T {
  const parsed = mapping.schema.safeParse({ ...input, id: input.id ?? randomUUID() });
  if (!parsed.success) throw validationError(parsed.error, mapping.label);
  const record = parsed.data;
  const values = columnValues(mapping, record);
  const columns = Object.keys(values);
  return store.write(`saving a ${mapping.label} in`, () => {
    try {
      const before = store.db.prepare(`SELECT * FROM ${mapping.table} WHERE id = ?`).get(record.id) as Record<string, unknown> | undefined;
      if (input.id !== undefined && !before) throw new CwbError('NOT_FOUND', `No ${mapping.label} with id ${input.id} in this engagement.`);
      for (const [field, target] of Object.entries(mapping.references ?? {}) as [string, { table: string; label: string }][]) {
        const id = record[field as keyof T];
        if (id !== null && id !== undefined && !store.db.prepare(`SELECT 1 FROM ${target.table} WHERE id = ?`).get(id)) {
          throw new CwbError('NOT_FOUND', `No ${target.label} with id ${String(id)} in this engagement.`, { field });
        }
      }
      if (before) {
        const old = recordFromRow(mapping, before);
        store.db
          .prepare(`UPDATE ${mapping.table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
          .run({ ...values, id: record.id });
        for (const field of Object.keys(mapping.columns) as (keyof T & string)[]) {
          if (JSON.stringify(old[field]) !== JSON.stringify(record[field])) {
            store.audit('update', mapping.entity, record.id, field, old[field], record[field]);
          }
        }
      } else {
        store.db
          .prepare(
            `INSERT INTO ${mapping.table} (id, ${columns.join(', ')}, position)
             VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, (SELECT COUNT(*) FROM ${mapping.table}))`,
          )
          .run({ ...values, id: record.id });
        store.audit('create', mapping.entity, record.id, null, null, record);
      }
    } catch (error) {
      throw describeConstraint(error, mapping.label, 'name' in record ? String(record.name) : record.id);
    }
    return record;
  });
}

/** Deletes a record; `blockers` names what still depends on it, and any blocker refuses the delete. */
export function remove<T extends { id: string }>(store: StoreContext, mapping: TableMapping<T>, id: string, blockers: string[] = []): null {
  return store.write(`deleting a ${mapping.label} from`, () => {
    const before = store.db.prepare(`SELECT * FROM ${mapping.table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!before) throw new CwbError('NOT_FOUND', `No ${mapping.label} with id ${id} in this engagement.`);
    const old = recordFromRow(mapping, before);
    if (blockers.length > 0) {
      throw new CwbError('VALIDATION', `This ${mapping.label} is still used by ${blockers.join(', ')}; change those first.`, { blockers });
    }
    try {
      store.db.prepare(`DELETE FROM ${mapping.table} WHERE id = ?`).run(id);
    } catch (error) {
      throw describeConstraint(error, mapping.label, id);
    }
    store.audit('delete', mapping.entity, id, null, old, null);
    return null;
  });
}

function describeConstraint(error: unknown, label: string, name: string): unknown {
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
function applicationsReferencing(store: StoreContext, type: Question['type'], id: string): string[] {
  const questionIds = QUESTIONS.filter((q) => q.type === type).map((q) => q.id);
  if (questionIds.length === 0) return [];
  const rows = store.db
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

export function removeSite(store: StoreContext, id: string): null {
  const blocking = systems(store).filter((system) => system.siteId === id);
  return remove(store, SITES, id, blocking.map((system) => `system ${system.name}`));
}

export function removeSystem(store: StoreContext, id: string): null {
  return remove(store, SYSTEMS, id, applicationsReferencing(store, 'system-reference', id));
}

export function removePolicy(store: StoreContext, id: string): null {
  return remove(store, POLICIES, id, applicationsReferencing(store, 'policy-reference', id));
}

export function sites(store: StoreContext): Site[] {
  return list(store, SITES);
}

export function systems(store: StoreContext): AzureStackSystem[] {
  return list(store, SYSTEMS);
}

export function policies(store: StoreContext): ProtectionPolicy[] {
  return list(store, POLICIES);
}

export function vms(store: StoreContext): Vm[] {
  return list(store, VMS);
}

export function siteDistances(store: StoreContext): SiteDistance[] {
  return store.db
    .prepare('SELECT site_a_id AS siteAId, site_b_id AS siteBId, km FROM site_distance ORDER BY site_a_id, site_b_id')
    .all() as SiteDistance[];
}

/** Stores the distance between two sites once, whichever order they are given in; null removes it. */
export function setSiteDistance(store: StoreContext, siteAId: string, siteBId: string, km: number | null): SiteDistance[] {
  if (siteAId === siteBId) throw new CwbError('VALIDATION', 'A distance needs two different sites.', { field: 'siteBId' });
  const [a, b] = siteAId < siteBId ? [siteAId, siteBId] : [siteBId, siteAId];
  for (const id of [a, b]) {
    if (!store.db.prepare('SELECT 1 FROM site WHERE id = ?').get(id)) throw new CwbError('NOT_FOUND', `No site with id ${id} in this engagement.`);
  }
  if (km !== null) {
    const checked = SiteDistance.shape.km.safeParse(km);
    if (!checked.success) throw validationError(checked.error, 'distance');
  }
  return store.write('saving a site distance in', () => {
    const before = store.db.prepare('SELECT km FROM site_distance WHERE site_a_id = ? AND site_b_id = ?').get(a, b) as { km: number } | undefined;
    try {
      if (km === null) store.db.prepare('DELETE FROM site_distance WHERE site_a_id = ? AND site_b_id = ?').run(a, b);
      else store.db.prepare('INSERT INTO site_distance (site_a_id, site_b_id, km) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET km = excluded.km').run(a, b, km);
    } catch (error) {
      throw describeConstraint(error, 'site distance', `${a}/${b}`);
    }
    store.audit(km === null ? 'delete' : before ? 'update' : 'create', 'siteDistance', `${a}/${b}`, 'km', before?.km ?? null, km);
    return siteDistances(store);
  });
}
