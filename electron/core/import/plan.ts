import type { Application, Vm } from '../../../shared/domain/engagement';
import type { ImportedVm, ImportField, ImportPlanSummary } from '../../../shared/api/importContract';

/**
 * What an import does to the engagement, worked out before anything is written. VMs and
 * applications are matched by name (trimmed, any case). Nothing is deleted, answers are never
 * touched, and an empty cell never erases a value the engagement already has.
 */

export const IMPORTED_VM_FIELDS = ['os', 'vcpu', 'memoryGb', 'provisionedGb', 'largestDiskGb', 'powerState', 'host', 'cluster', 'applicationId'] as const;
export type ImportedVmField = (typeof IMPORTED_VM_FIELDS)[number];
/** A VM's largest disk is left out when not set; here, as in the file's columns, "not set" is null. */
export type VmValues = Pick<Vm, Exclude<ImportedVmField, 'largestDiskGb'>> & { largestDiskGb: number | null };

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
  largestDiskGb: 'storage',
  powerState: 'powerState',
  host: 'host',
  cluster: 'cluster',
};

const key = (name: string) => name.trim().toLowerCase();

/**
 * Works the plan out row by row as the file is read, so that the rows need not be gathered
 * first: `add` takes each VM read, `finish` counts the engagement's VMs the file did not mention.
 */
export class MergePlanner {
  readonly plan: InventoryPlan = { applications: [], creates: [], updates: [] };
  readonly summary: ImportPlanSummary = {
    newVms: 0,
    changedVms: 0,
    unchangedVms: 0,
    notInFile: 0,
    notInFileNames: [],
    newApplications: [],
    existingApplications: [],
    changes: [],
  };
  private readonly vmsByName = new Map<string, Vm>();
  private readonly appsByName: Map<string, Pick<Application, 'id' | 'name'>>;
  private readonly appNameById: Map<string, string>;
  private readonly newApplications = new Map<string, string>();
  private readonly usedApplications = new Map<string, string>();
  private readonly resolvedApplications = new Map<string, string>();
  /** Names of the engagement's VMs that the file mentions: never more than the engagement has. */
  private readonly matched = new Set<string>();

  constructor(
    private readonly mappedFields: ReadonlySet<ImportField>,
    private readonly existing: { vms: Vm[]; applications: Pick<Application, 'id' | 'name'>[] },
    private readonly limitChanges = 200,
  ) {
    for (const vm of existing.vms) if (!this.vmsByName.has(key(vm.name))) this.vmsByName.set(key(vm.name), vm);
    this.appsByName = new Map(existing.applications.map((a) => [key(a.name), a]));
    this.appNameById = new Map(existing.applications.map((a) => [a.id, a.name]));
  }

  add(vm: ImportedVm): void {
    if (vm.skipped) return;
    const { plan, summary } = this;
    const applicationName = vm.application ? this.applicationOf(vm.application) : null;
    // The imported VM has these fields already; a copy per row would only cost memory on large sheets.
    const values: PlannedCreate['values'] = vm;
    // Into an engagement without VMs (the first import) every VM is new: no name to compare.
    const match = this.vmsByName.size === 0 ? undefined : this.vmsByName.get(key(vm.name));
    if (!match) {
      plan.creates.push({ name: vm.name, values, applicationName });
      summary.newVms += 1;
      vm.outcome = 'new';
      return;
    }
    this.matched.add(key(vm.name));
    const set: PlannedUpdate['set'] = {};
    const fields: ImportPlanSummary['changes'][number]['fields'] = [];
    for (const field of Object.keys(FIELD_OF) as (keyof typeof FIELD_OF)[]) {
      if (!this.mappedFields.has(FIELD_OF[field])) continue;
      const next = values[field];
      if (next === null || next === '' || (field === 'powerState' && next === 'unknown')) continue;
      if (next !== (match[field] ?? null)) {
        (set as Record<string, unknown>)[field] = next;
        fields.push({ field, from: match[field], to: next });
      }
    }
    const currentApp = match.applicationId ? this.appNameById.get(match.applicationId) : undefined;
    const changesApp = applicationName !== null && key(applicationName) !== key(currentApp ?? '');
    if (changesApp) fields.push({ field: 'application', from: currentApp ?? null, to: applicationName });
    if (fields.length === 0) {
      summary.unchangedVms += 1;
      vm.outcome = 'unchanged';
      return;
    }
    plan.updates.push({ id: match.id, name: match.name, rowNumber: vm.rowNumber, set, applicationName: changesApp ? applicationName : null });
    summary.changedVms += 1;
    vm.outcome = 'changed';
    if (summary.changes.length < this.limitChanges) summary.changes.push({ name: match.name, rowNumber: vm.rowNumber, fields });
  }

  /** The application a VM's group names: an existing one, else the first spelling the file used. */
  private applicationOf(group: string): string {
    // Rows name the same group in the same string (the reader keeps one per value): resolved once.
    const known = this.resolvedApplications.get(group);
    if (known !== undefined) return known;
    const app = this.appsByName.get(key(group));
    const applicationName = app?.name ?? this.newApplications.get(key(group)) ?? group;
    if (!app) this.newApplications.set(key(group), applicationName);
    else this.usedApplications.set(key(app.name), app.name);
    this.resolvedApplications.set(group, applicationName);
    return applicationName;
  }

  finish(): { plan: InventoryPlan; summary: ImportPlanSummary } {
    const { plan, summary } = this;
    for (const vm of this.existing.vms) {
      if (this.matched.has(key(vm.name))) continue;
      summary.notInFile += 1;
      if (summary.notInFileNames.length < this.limitChanges) summary.notInFileNames.push(vm.name);
    }
    plan.applications = [...this.newApplications.values()];
    summary.newApplications = plan.applications;
    summary.existingApplications = [...this.usedApplications.values()];
    return { plan, summary };
  }
}
