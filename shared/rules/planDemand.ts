import type { AzureStackSystem, Vm } from '../domain/engagement';
import { emptyPart, type CapacityFigures, type DemandPart } from './capacity';

/**
 * What each application and each system weighs, from the VM inventory: the VMs that belong to an
 * application run on its hosting system; a VM without an application runs on the system its host
 * field names, if any. After a disaster an application's VMs are needed, all of them, on the
 * system it recovers on. A size the inventory does not give is counted as a VM and named.
 */

export interface Weight {
  vms: number;
  vcpu: number;
  memoryGb: number;
  storageGb: number;
  largestVmGb: number;
  unsized: { memoryGb: string[]; vcpu: string[]; storageGb: string[] };
}

export function emptyWeight(): Weight {
  return { vms: 0, vcpu: 0, memoryGb: 0, storageGb: 0, largestVmGb: 0, unsized: { memoryGb: [], vcpu: [], storageGb: [] } };
}

export function addVm(weight: Weight, vm: Vm): void {
  weight.vms += 1;
  if (vm.vcpu === null) weight.unsized.vcpu.push(vm.name);
  else weight.vcpu += vm.vcpu;
  if (vm.memoryGb === null) weight.unsized.memoryGb.push(vm.name);
  else {
    weight.memoryGb += vm.memoryGb;
    weight.largestVmGb = Math.max(weight.largestVmGb, vm.memoryGb);
  }
  if (vm.provisionedGb === null) weight.unsized.storageGb.push(vm.name);
  else weight.storageGb += vm.provisionedGb;
}

/** Adds a weight to a demand part; `storage` false when the storage is already counted elsewhere (Site Recovery replicas). */
export function addWeight(part: DemandPart, weight: Weight, options: { storage: boolean } = { storage: true }): void {
  part.vms += weight.vms;
  part.vcpu += weight.vcpu;
  part.memoryGb += weight.memoryGb;
  if (options.storage) part.storageGb += weight.storageGb;
  part.largestVmGb = Math.max(part.largestVmGb, weight.largestVmGb);
  for (const resource of ['memoryGb', 'vcpu', ...(options.storage ? (['storageGb'] as const) : [])] as const) {
    if (weight.unsized[resource].length > 0) (part.unsized[resource] ??= []).push(...weight.unsized[resource]);
  }
}

/** The Site Recovery appliance VM on a system whose VMs Site Recovery protects. */
export function appliancePart(figures: CapacityFigures): DemandPart {
  return { ...emptyPart('Site Recovery appliance VM'), vms: 1, vcpu: figures.applianceCores, memoryGb: figures.applianceMemoryGb, largestVmGb: figures.applianceMemoryGb };
}

/** Site Recovery and the services it needs, on a system that receives replicas. */
export function servicesPart(figures: CapacityFigures): DemandPart {
  return { ...emptyPart('Site Recovery services (target side)'), vcpu: figures.servicesCores, memoryGb: figures.servicesMemoryGb, storageGb: figures.servicesStorageGb };
}

/** Where each VM without an application runs: the system its host field names, in any case. */
export function systemOfHost(systems: readonly AzureStackSystem[]): (host: string) => string | null {
  const byName = new Map(systems.map((s) => [s.name.trim().toLowerCase(), s.id]));
  return (host) => byName.get(host.trim().toLowerCase()) ?? null;
}
