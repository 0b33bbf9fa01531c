// Inventory imports: applied in one transaction with everything undo needs recorded in the audit
// trail, listed, and taken back as a whole.
import type Database from 'better-sqlite3';
import type { ImportRecord, ImportUndoResult } from '../../../shared/api/importContract';
import type { InventoryPlan, VmValues } from '../import/plan';
import { cleanText } from '../../../shared/text/safeText';
import { CwbError } from '../errors';
import { addApplication } from './applications';
import { orderedIds } from './orderedIds';
import { snapshotOpenFile } from './snapshots';
import { readStored, type StoreContext } from './storeContext';
import { recordFromRow, VMS } from './tables';

/**
 * Applies an inventory import in one transaction: its new applications, new VMs and changed
 * VM fields, each audited, then one `import` entry (entity `inventory-import`, id = the
 * import id) holding what undo needs: the ids created and the previous values of every field
 * changed. That entry is written last, so any audit entry after it is a later edit.
 */
export function applyInventoryImport(
  store: StoreContext,
  importId: string,
  source: { fileName: string; sheet: string },
  plan: InventoryPlan,
): { vmsCreated: number; vmsUpdated: number; applicationsCreated: number } {
  store.refuseChanges();
  snapshotOpenFile(store, 'before-inventory-import');
  return store.write('importing the inventory into', () => {
    if (importEntry(store, importId)) throw new CwbError('ALREADY_EXISTS', `An import with id ${importId} was already applied.`);
    const appIds = new Map<string, string>();
    for (const row of store.db.prepare('SELECT id, name FROM application').all() as { id: string; name: string }[]) appIds.set(row.name.toLowerCase(), row.id);
    const createdApplications: string[] = [];
    for (const name of plan.applications) {
      if (appIds.has(name.toLowerCase())) continue;
      const app = addApplication(store, name);
      appIds.set(name.toLowerCase(), app.id);
      createdApplications.push(app.id);
    }
    // The plan gives every VM of one application the same name string: looked up once, not lower-cased per VM.
    const appIdByName = new Map<string, string | null>();
    const appId = (name: string | null) => {
      if (name === null) return null;
      let id = appIdByName.get(name);
      if (id === undefined) appIdByName.set(name, (id = appIds.get(name.toLowerCase()) ?? null));
      return id;
    };
    const insert = store.db.prepare(
      `INSERT INTO vm (id, application_id, name, os, vcpu, memory_gb, provisioned_gb, largest_disk_gb, power_state, host, cluster, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const existing = store.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS nextPosition, COALESCE(MAX(rowid), 0) AS lastRowid FROM vm').get() as { nextPosition: number; lastRowid: number };
    let position = existing.nextPosition;
    const nextId = orderedIds();
    const createdVms: string[] = [];
    for (const create of plan.creates) {
      // Field by field: the plan's values may be the imported row itself, with fields a VM does not have.
      const { vcpu, memoryGb, provisionedGb, largestDiskGb, powerState } = create.values;
      const id = nextId();
      // Text read from a customer's spreadsheet is cleaned here, where it enters the engagement.
      // Positional values bind faster than named ones, which counts at tens of thousands of rows.
      insert.run(
        id,
        appId(create.applicationName),
        cleanText(create.name),
        cleanText(create.values.os),
        vcpu,
        memoryGb,
        provisionedGb,
        largestDiskGb,
        powerState,
        cleanText(create.values.host),
        cleanText(create.values.cluster),
        position++,
      );
      createdVms.push(id);
    }
    // Each VM created gets its own audit entry holding the VM as stored, written for all of them at once.
    store.auditInsertedRows('vm', 'vm', CREATED_VM_FIELDS, existing.lastRowid, { importId });
    const previous: { id: string; values: Partial<VmValues> }[] = [];
    const select = store.db.prepare('SELECT * FROM vm WHERE id = ?');
    const setField = fieldUpdates(store);
    for (const update of plan.updates) {
      const before = select.get(update.id) as Record<string, unknown> | undefined;
      if (!before) throw new CwbError('NOT_FOUND', `The VM ${update.name} was removed while the import was being prepared; preview it again.`);
      const old = recordFromRow(VMS, before);
      const next: Partial<VmValues> = { ...update.set };
      if (update.applicationName !== null) next.applicationId = appId(update.applicationName);
      const oldValues: Partial<VmValues> = {};
      for (const [field, given] of Object.entries(next) as [keyof VmValues, unknown][]) {
        const value = typeof given === 'string' && field !== 'applicationId' ? cleanText(given) : given;
        // A field that was not set comes back as not set (null), which undo writes back.
        (oldValues as Record<string, unknown>)[field] = old[field] ?? null;
        setField(field).run(value as string | number | null, update.id);
        store.audit('update', 'vm', update.id, field, old[field], value);
      }
      previous.push({ id: update.id, values: oldValues });
    }
    const counts = { vmsCreated: createdVms.length, vmsUpdated: previous.length, applicationsCreated: createdApplications.length };
    store.audit('import', 'inventory-import', importId, null, null, { ...source, ...counts, createdVms, createdApplications, previous });
    return counts;
  });
}

/** A created VM's audit entry: the fields of the VM, in the order the store has always written them. */
const CREATED_VM_FIELDS = (['name', 'applicationId', 'os', 'vcpu', 'memoryGb', 'provisionedGb', 'largestDiskGb', 'powerState', 'host', 'cluster'] as const).map((field) => [field, VMS.columns[field]] as const);

/** One prepared UPDATE per VM column, made on first use. */
function fieldUpdates(store: StoreContext): (field: keyof VmValues) => Database.Statement {
  const statements = new Map<keyof VmValues, Database.Statement>();
  return (field) => {
    let statement = statements.get(field);
    if (!statement) statements.set(field, (statement = store.db.prepare(`UPDATE vm SET ${VMS.columns[field]} = ? WHERE id = ?`)));
    return statement;
  };
}

function importEntry(store: StoreContext, importId: string): { id: number; at: string; actor: string; new_value: string } | undefined {
  return store.db
    .prepare("SELECT id, at, actor, new_value FROM audit WHERE entity = 'inventory-import' AND entity_id = ? AND action = 'import'")
    .get(importId) as { id: number; at: string; actor: string; new_value: string } | undefined;
}

/**
 * Takes a whole import back in one transaction: its VMs removed, the fields it changed
 * restored, its applications removed. Refused, with nothing changed, when anything it touched
 * was edited afterwards (a later import included: undo that one first), or when an
 * application it created has gained answers, components or other VMs since.
 */
export function undoInventoryImport(store: StoreContext, importId: string): ImportUndoResult {
  return store.write('undoing an import in', () => {
    const entry = importEntry(store, importId);
    if (!entry) throw new CwbError('NOT_FOUND', `No import with id ${importId} in this engagement.`);
    const undone = store.db.prepare("SELECT 1 FROM audit WHERE entity = 'inventory-import' AND entity_id = ? AND action = 'undo'").get(importId);
    if (undone) throw new CwbError('VALIDATION', 'This import has already been undone.', { reason: 'already-undone' });
    const record = readStored(store.path, 'audit', `id ${entry.id}`, () => JSON.parse(entry.new_value)) as {
      createdVms: string[];
      createdApplications: string[];
      previous: { id: string; values: Partial<VmValues> }[];
    };
    const laterEdit = store.db.prepare('SELECT 1 FROM audit WHERE entity = ? AND entity_id = ? AND id > ? LIMIT 1');
    const refuse = (what: string) =>
      new CwbError('VALIDATION', `This import cannot be undone: ${what} was changed after it. Undo or revert that change first.`, { reason: 'edited-since' });
    const vmIds = [...record.createdVms, ...record.previous.map((p) => p.id)];
    const vmName = store.db.prepare('SELECT name FROM vm WHERE id = ?');
    for (const id of vmIds) {
      const vm = vmName.get(id) as { name: string } | undefined;
      if (!vm || laterEdit.get('vm', id, entry.id)) throw refuse(`the VM ${vm?.name ?? id}`);
    }
    for (const id of record.createdApplications) {
      const app = store.db.prepare('SELECT name FROM application WHERE id = ?').get(id) as { name: string } | undefined;
      const answered = store.db.prepare('SELECT 1 FROM answer WHERE application_id = ? LIMIT 1').get(id);
      const components = store.db.prepare('SELECT 1 FROM component WHERE application_id = ? LIMIT 1').get(id);
      if (!app || answered || components || laterEdit.get('application', id, entry.id)) throw refuse(`the application ${app?.name ?? id}`);
    }
    const removeVm = store.db.prepare('DELETE FROM vm WHERE id = ?');
    const select = store.db.prepare('SELECT * FROM vm WHERE id = ?');
    const setField = fieldUpdates(store);
    for (const id of record.createdVms) {
      const before = recordFromRow(VMS, select.get(id) as Record<string, unknown>);
      removeVm.run(id);
      store.audit('delete', 'vm', id, null, before, null);
    }
    for (const { id, values } of record.previous) {
      const before = recordFromRow(VMS, select.get(id) as Record<string, unknown>);
      for (const [field, value] of Object.entries(values) as [keyof VmValues, unknown][]) {
        setField(field).run(value as string | number | null, id);
        store.audit('update', 'vm', id, field, before[field], value);
      }
    }
    for (const id of record.createdApplications) {
      const others = store.db.prepare('SELECT name FROM vm WHERE application_id = ? LIMIT 1').get(id) as { name: string } | undefined;
      if (others) throw refuse(`the VM ${others.name}, now in an application this import created,`);
      const { name } = store.db.prepare('SELECT name FROM application WHERE id = ?').get(id) as { name: string };
      store.db.prepare('DELETE FROM application WHERE id = ?').run(id);
      store.audit('delete', 'application', id, null, { name }, null);
    }
    store.audit('undo', 'inventory-import', importId, null, null, null);
    return { importId, vmsRemoved: record.createdVms.length, vmsRestored: record.previous.length, applicationsRemoved: record.createdApplications.length };
  });
}

/** The inventory imports of this engagement, newest first, and whether each was undone. */
export function inventoryImports(store: StoreContext): ImportRecord[] {
  const undone = new Set(
    (store.db.prepare("SELECT entity_id FROM audit WHERE entity = 'inventory-import' AND action = 'undo'").all() as { entity_id: string }[]).map((r) => r.entity_id),
  );
  const rows = store.db
    .prepare("SELECT id, entity_id, at, actor, new_value FROM audit WHERE entity = 'inventory-import' AND action = 'import' ORDER BY id DESC")
    .all() as { id: number; entity_id: string; at: string; actor: string; new_value: string }[];
  return rows.map((row) => {
    const value = readStored(store.path, 'audit', `id ${row.id}`, () => JSON.parse(row.new_value)) as { fileName: string; vmsCreated: number; vmsUpdated: number; applicationsCreated: number };
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
