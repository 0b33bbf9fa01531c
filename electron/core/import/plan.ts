import type { Application, Vm } from '../../../shared/domain/engagement';
import type { ImportedVm, ImportField, ImportPlanSummary } from '../../../shared/api/importContract';

/**
 * What an import does to the engagement, worked out before anything is written. VMs and
 * applications are matched by name (trimmed, any case). Nothing is deleted, answers are never
 * touched, and an empty cell never erases a value the engagement already has.
 */

export const IMPORTED_VM_FIELDS = ['os', 'vcpu', 'memoryGb', 'provisionedGb', 'powerState', 'host', 'cluster', 'applicationId'] as const;
export type ImportedVmField = (typeof IMPORTED_VM_FIELDS)[number];
export type VmValues = Pick<Vm, ImportedVmField>;

export interface PlannedCreate {
  name: string;
  values: Omit<VmValues, 'applicationId'>;
  applicationName: string | null;
}

export interface PlannedUpdate {
  id: string;
  name: string;
  rowNumber: number;
  /** Only the fields that change, with the application given by name until it exists. */
  set: Partial<Omit<VmValues, 'applicationId'>>;
  applicationName: string | null;
}

export interface InventoryPlan {
  applications: string[];
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
}

const FIELD_OF: Record<Exclude<ImportedVmField, 'applicationId'>, ImportField> = {
  os: 'os',
  vcpu: 'vcpu',
  memoryGb: 'memory',
  provisionedGb: 'storage',
  powerState: 'powerState',
  host: 'host',
  cluster: 'cluster',
};

const key = (name: string) => name.trim().toLowerCase();

export function planMerge(
  imported: ImportedVm[],
  mappedFields: ReadonlySet<ImportField>,
  existing: { vms: Vm[]; applications: Pick<Application, 'id' | 'name'>[] },
  limitChanges = 200,
): { plan: InventoryPlan; summary: ImportPlanSummary } {
  const vmsByName = new Map<string, Vm>();
  for (const vm of existing.vms) if (!vmsByName.has(key(vm.name))) vmsByName.set(key(vm.name), vm);
  const appsByName = new Map(existing.applications.map((a) => [key(a.name), a]));
  const appNameById = new Map(existing.applications.map((a) => [a.id, a.name]));
  const newApplications = new Map<string, string>();
  const usedApplications = new Map<string, string>();
  const plan: InventoryPlan = { applications: [], creates: [], updates: [] };
  const summary: ImportPlanSummary = {
    newVms: 0,
    changedVms: 0,
    unchangedVms: 0,
    notInFile: 0,
    notInFileNames: [],
    newApplications: [],
    existingApplications: [],
    changes: [],
  };
  // Names of the engagement's VMs that the file mentions: never more than the engagement has.
  const matched = new Set<string>();
  for (const vm of imported) {
    if (vm.skipped) continue;
    const name = key(vm.name);
    let applicationName: string | null = null;
    if (vm.application) {
      const app = appsByName.get(key(vm.application));
      applicationName = app?.name ?? newApplications.get(key(vm.application)) ?? vm.application;
      if (!app) newApplications.set(key(vm.application), applicationName);
      else usedApplications.set(key(app.name), app.name);
    }
    // The imported VM has these fields already; a copy per row would only cost memory on large sheets.
    const values: PlannedCreate['values'] = vm;
    const match = vmsByName.get(name);
    if (!match) {
      plan.creates.push({ name: vm.name, values, applicationName });
      summary.newVms += 1;
      vm.outcome = 'new';
      continue;
    }
    matched.add(name);
    const set: PlannedUpdate['set'] = {};
    const fields: ImportPlanSummary['changes'][number]['fields'] = [];
    for (const field of Object.keys(FIELD_OF) as (keyof typeof FIELD_OF)[]) {
      if (!mappedFields.has(FIELD_OF[field])) continue;
      const next = values[field];
      if (next === null || next === '' || (field === 'powerState' && next === 'unknown')) continue;
      if (next !== match[field]) {
        (set as Record<string, unknown>)[field] = next;
        fields.push({ field, from: match[field], to: next });
      }
    }
    const currentApp = match.applicationId ? appNameById.get(match.applicationId) : undefined;
    const changesApp = applicationName !== null && key(applicationName) !== key(currentApp ?? '');
    if (changesApp) fields.push({ field: 'application', from: currentApp ?? null, to: applicationName });
    if (fields.length === 0) {
      summary.unchangedVms += 1;
      vm.outcome = 'unchanged';
      continue;
    }
    plan.updates.push({ id: match.id, name: match.name, rowNumber: vm.rowNumber, set, applicationName: changesApp ? applicationName : null });
    summary.changedVms += 1;
    vm.outcome = 'changed';
    if (summary.changes.length < limitChanges) summary.changes.push({ name: match.name, rowNumber: vm.rowNumber, fields });
  }
  for (const vm of existing.vms) {
    if (matched.has(key(vm.name))) continue;
    summary.notInFile += 1;
    if (summary.notInFileNames.length < limitChanges) summary.notInFileNames.push(vm.name);
  }
  plan.applications = [...newApplications.values()];
  summary.newApplications = plan.applications;
  summary.existingApplications = [...usedApplications.values()];
  return { plan, summary };
}
