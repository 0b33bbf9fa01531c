// VMs: saved one at a time from the interview, or moved between applications many at once from
// the worklist. Their names are what the inventory import matches on, so no two may share one.
import type { Vm } from '../../../shared/domain/engagement';
import { CwbError } from '../errors';
import { requireApplication } from './applications';
import { save } from './setup';
import type { StoreContext } from './storeContext';
import { recordFromRow, VMS } from './tables';

export function vmById(store: StoreContext, id: string): Vm | null {
  const row = store.db.prepare('SELECT * FROM vm WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? recordFromRow(VMS, row) : null;
}

/** Refuses a name another VM has (in any case), naming the application that VM belongs to. */
function refuseDuplicateName(store: StoreContext, name: string, exceptId: string | undefined): void {
  const clash = store.db
    .prepare(
      `SELECT vm.name AS vm, application.name AS application FROM vm LEFT JOIN application ON application.id = vm.application_id
       WHERE vm.name = ? COLLATE NOCASE AND vm.id != ? LIMIT 1`,
    )
    .get(name.trim(), exceptId ?? '') as { vm: string; application: string | null } | undefined;
  if (!clash) return;
  const where = clash.application === null ? 'and belongs to no application' : `in the application ${clash.application}`;
  throw new CwbError('ALREADY_EXISTS', `A VM named "${clash.vm}" already exists ${where}. VM names are unique, since the inventory import matches VMs by name.`, {
    field: 'name',
    application: clash.application,
  });
}

export function saveVm(store: StoreContext, input: Omit<Vm, 'id'> & { id?: string | undefined }): Vm {
  return store.write('saving a VM in', () => {
    // A VM that is not there is refused as such by the save, before any talk of its name.
    if (input.id === undefined || vmById(store, input.id)) refuseDuplicateName(store, input.name, input.id);
    return save(store, VMS, input);
  });
}

/** The most VMs one move takes: a request naming more would not fit in one API call. */
export const MOVE_LIMIT = 20_000;

/**
 * Puts VMs into an application (null: into none) in one transaction, each change audited. A VM
 * that is no longer there refuses the whole move, so the selection never half-moves.
 */
export function moveVms(store: StoreContext, vmIds: readonly string[], applicationId: string | null): { moved: number } {
  return store.write('moving VMs in', () => {
    if (applicationId !== null) requireApplication(store, applicationId);
    const select = store.db.prepare('SELECT application_id FROM vm WHERE id = ?');
    const update = store.db.prepare('UPDATE vm SET application_id = ? WHERE id = ?');
    let moved = 0;
    for (const id of new Set(vmIds)) {
      const row = select.get(id) as { application_id: string | null } | undefined;
      if (!row) throw new CwbError('NOT_FOUND', 'One of the chosen VMs was deleted meanwhile; nothing was moved. Choose the VMs again.', { field: 'vmIds' });
      if (row.application_id === applicationId) continue;
      update.run(applicationId, id);
      store.audit('update', 'vm', id, 'applicationId', row.application_id, applicationId);
      moved += 1;
    }
    return { moved };
  });
}

/** Names of records by id, for describing a change ("delete VM web01"); ids not found are left out. */
export function namesOf(store: StoreContext, table: 'vm' | 'application' | 'component' | 'site' | 'azure_stack_system' | 'hardware_profile' | 'protection_policy', ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const select = store.db.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck();
  for (const id of ids) {
    const name = select.get(id) as string | undefined;
    if (name !== undefined) names.set(id, name);
  }
  return names;
}
