import type { Vm } from '../../../../shared/domain/engagement';

/** Each application's VMs (null: those in none), in the engagement's order. */
export function vmsByApplication(vms: readonly Vm[]): ReadonlyMap<string | null, Vm[]> {
  const byApplication = new Map<string | null, Vm[]>();
  for (const vm of vms) {
    const list = byApplication.get(vm.applicationId);
    if (list) list.push(vm);
    else byApplication.set(vm.applicationId, [vm]);
  }
  return byApplication;
}

/** A new set with `id` taken out when it was in, put in when it was not. */
export function toggled(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(ids);
  if (!next.delete(id)) next.add(id);
  return next;
}
