import { z } from 'zod';
import type { AzureStackSystem, HardwareProfile } from '../domain/engagement';
import type { AssumptionKey, AssumptionRange } from './assumptions';

/**
 * What an Azure Stack Hub system can carry, and whether it carries what it must: pure arithmetic
 * over a hardware profile, the node count and the capacity assumptions, each result with the
 * working that produced it. Memory is never shared between VMs on Azure Stack Hub, so what tenant
 * VMs can use is the nodes' memory less the infrastructure's share and less a resiliency reserve
 * that keeps a node's worth of VMs restartable; cores are shared, at a ratio we assume.
 */

export const CAPACITY_RESOURCES = ['memoryGb', 'vcpu', 'storageGb', 'vms'] as const;
export type CapacityResource = (typeof CAPACITY_RESOURCES)[number];

export const RESOURCE_LABELS: Record<CapacityResource, { name: string; unit: string }> = {
  memoryGb: { name: 'Memory', unit: 'GB' },
  vcpu: { name: 'vCPU', unit: 'vCPU' },
  storageGb: { name: 'Storage', unit: 'GB' },
  vms: { name: 'VMs', unit: 'VMs' },
};

/** The most nodes one scale unit can have: beyond it, the answer is another system. */
export const MAX_NODES = 16;

/** The capacity assumptions as the checks use them: the worst case of each, the figure to plan with. */
export interface CapacityFigures {
  infrastructureMemoryGb: number;
  infrastructureMemoryPerNodeGb: number;
  /** R in the reserve formula, as a share (0.15). */
  hostReserve: number;
  infrastructureCores: number;
  coreOvercommit: number;
  vmsPerNode: number;
  vmsPerSystem: number;
  siteRecoveryDiskLimitGb: number;
  siteRecoveryStorageFactor: number;
  applianceCores: number;
  applianceMemoryGb: number;
  servicesCores: number;
  servicesMemoryGb: number;
  servicesStorageGb: number;
}

export function capacityFigures(assumptions: Readonly<Record<AssumptionKey, AssumptionRange>>): CapacityFigures {
  const worst = (key: AssumptionKey) => assumptions[key].worst;
  return {
    infrastructureMemoryGb: worst('infrastructureMemory'),
    infrastructureMemoryPerNodeGb: worst('infrastructureMemoryPerNode'),
    hostReserve: worst('hostReserve') / 100,
    infrastructureCores: worst('infrastructureCores'),
    coreOvercommit: worst('coreOvercommit'),
    vmsPerNode: worst('vmsPerNode'),
    vmsPerSystem: worst('vmsPerSystem'),
    siteRecoveryDiskLimitGb: worst('siteRecoveryDiskLimit'),
    siteRecoveryStorageFactor: worst('siteRecoveryStorageFactor'),
    applianceCores: worst('siteRecoveryApplianceCores'),
    applianceMemoryGb: worst('siteRecoveryApplianceMemory'),
    servicesCores: worst('siteRecoveryServicesCores'),
    servicesMemoryGb: worst('siteRecoveryServicesMemory'),
    servicesStorageGb: worst('siteRecoveryServicesStorage'),
  };
}

/** A number the way the working prints it: at most one decimal, thousands grouped. */
export function amount(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const [whole, fraction] = Math.abs(rounded).toFixed(1).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '−' : ''}${grouped}${fraction === '0' ? '' : `.${fraction}`}`;
}

export interface MemorySupply {
  total: number;
  overhead: number;
  reserve: number;
  /** Never below zero: a reserve larger than what is left leaves nothing, which the working says. */
  usable: number;
  working: string;
}

/**
 * usable = N·H − (infrastructure + per-node share · N) − (H + R·(N−1)·H + V·(N−2)), with H one
 * node's memory, N the nodes and V the largest VM's memory ("Azure Stack Hub capacity planning
 * for compute").
 */
export function usableMemory(nodes: number, nodeMemoryGb: number, largestVmGb: number, figures: CapacityFigures): MemorySupply {
  const total = nodes * nodeMemoryGb;
  const overhead = figures.infrastructureMemoryGb + figures.infrastructureMemoryPerNodeGb * nodes;
  const reserve = nodeMemoryGb + figures.hostReserve * (nodes - 1) * nodeMemoryGb + largestVmGb * (nodes - 2);
  const left = total - overhead - reserve;
  const usable = Math.max(0, left);
  const working =
    `${nodes} nodes × ${amount(nodeMemoryGb)} GB = ${amount(total)} GB, ` +
    `less the infrastructure's ${amount(figures.infrastructureMemoryGb)} + ${nodes} × ${amount(figures.infrastructureMemoryPerNodeGb)} = ${amount(overhead)} GB, ` +
    `less the resiliency reserve ${amount(nodeMemoryGb)} + ${amount(figures.hostReserve * 100)}% × ${nodes - 1} × ${amount(nodeMemoryGb)} + ${amount(largestVmGb)} × ${nodes - 2} = ${amount(reserve)} GB ` +
    `(one node, the hosts' own share of the others, and the largest VM, ${amount(largestVmGb)} GB, for every node beyond two): ` +
    (left < 0 ? `nothing is left for tenant VMs (${amount(left)} GB)` : `${amount(usable)} GB for tenant VMs`);
  return { total, overhead, reserve, usable, working };
}

/** Cores are shared at the assumed ratio; while a node is down, only the others' cores are there. */
export function usableVcpu(nodes: number, coresPerNode: number, figures: CapacityFigures, nodeDown: boolean): { usable: number; working: string } {
  const running = nodeDown ? nodes - 1 : nodes;
  const raw = running * coresPerNode * figures.coreOvercommit;
  const usable = Math.max(0, raw - figures.infrastructureCores);
  return {
    usable,
    working:
      `${running} ${nodeDown ? 'surviving ' : ''}nodes × ${amount(coresPerNode)} cores × ${amount(figures.coreOvercommit)} vCPU per core (assumed) = ${amount(raw)}, ` +
      `less ${amount(figures.infrastructureCores)} for the infrastructure: ${amount(usable)} vCPU`,
  };
}

/** Storage is mirrored across the nodes: a failed node's share is still there when it comes back, so it is counted whole. */
export function usableStorage(nodes: number, storagePerNodeGb: number): { usable: number; working: string } {
  const usable = nodes * storagePerNodeGb;
  return { usable, working: `${nodes} nodes × ${amount(storagePerNodeGb)} GB = ${amount(usable)} GB usable` };
}

export function vmLimit(nodes: number, figures: CapacityFigures): { usable: number; working: string } {
  const perNode = nodes * figures.vmsPerNode;
  const usable = Math.min(perNode, figures.vmsPerSystem);
  return { usable, working: `the lower of ${nodes} × ${amount(figures.vmsPerNode)} = ${amount(perNode)} and ${amount(figures.vmsPerSystem)} per system: ${amount(usable)} VMs` };
}

/** One contribution to what a system must carry: its own VMs, an application failing over, the appliance... */
export interface DemandPart {
  label: string;
  memoryGb: number;
  vcpu: number;
  storageGb: number;
  vms: number;
  /** VMs whose size for a resource is not in the inventory, by name; they count as VMs but add nothing. */
  unsized: Partial<Record<Exclude<CapacityResource, 'vms'>, string[]>>;
  /** Applications whose VMs are not in the inventory at all: their size is not known. */
  unknownApplications: string[];
  largestVmGb: number;
}

export function emptyPart(label: string): DemandPart {
  return { label, memoryGb: 0, vcpu: 0, storageGb: 0, vms: 0, unsized: {}, unknownApplications: [], largestVmGb: 0 };
}

export const ResourceCheck = z.object({
  needed: z.number(),
  /** null: not known (the hardware profile, or one of its figures, is missing). */
  usable: z.number().nullable(),
  /** How much is missing: 0 when it fits, null when that cannot be said. */
  short: z.number().nullable(),
  status: z.enum(['enough', 'short', 'unknown']),
  /** How many VMs (and applications without VMs in the inventory) have no size for this resource. */
  unknownCount: z.number().int(),
  /** The first of them by name, at most twenty. */
  unknownNames: z.array(z.string()),
  working: z.string(),
});
export type ResourceCheck = z.infer<typeof ResourceCheck>;
export type CapacityStatus = ResourceCheck['status'];

export const SystemCapacity = z.object({
  systemId: z.string(),
  name: z.string(),
  /** The profile the figures come from, or null when the system has none. */
  hardwareProfile: z.string().nullable(),
  nodes: z.number().int(),
  /** True in the loss of one of this system's own nodes: the checks run on what the others offer. */
  nodeDown: z.boolean(),
  memoryGb: ResourceCheck,
  vcpu: ResourceCheck,
  storageGb: ResourceCheck,
  vms: ResourceCheck,
  status: z.enum(['enough', 'short', 'unknown']),
  /** The node count (at most 16) that would carry it all, when it is short and that can be worked out. */
  nodesToCover: z.number().int().nullable(),
  /** Why no node count can be given, or what it rests on. */
  nodesNote: z.string().nullable(),
  /** What it must carry, part by part. */
  demand: z.array(z.object({ label: z.string(), memoryGb: z.number(), vcpu: z.number(), storageGb: z.number(), vms: z.number() })),
});
export type SystemCapacity = z.infer<typeof SystemCapacity>;

function sum(parts: readonly DemandPart[]): DemandPart {
  const total = emptyPart('total');
  for (const part of parts) {
    total.memoryGb += part.memoryGb;
    total.vcpu += part.vcpu;
    total.storageGb += part.storageGb;
    total.vms += part.vms;
    total.largestVmGb = Math.max(total.largestVmGb, part.largestVmGb);
    for (const [resource, names] of Object.entries(part.unsized) as [Exclude<CapacityResource, 'vms'>, string[]][]) {
      (total.unsized[resource] ??= []).push(...names);
    }
    total.unknownApplications.push(...part.unknownApplications);
  }
  return total;
}

export const UNKNOWN_NAMES_LISTED = 20;

/** Figures to a tenth, as they are printed: no 37.799999 GB in a workbook cell. */
const tenth = (value: number) => Math.round(value * 10) / 10;

function judge(neededExact: number, usableExact: number | null, unknown: string[], working: string): ResourceCheck {
  const named = { unknownCount: unknown.length, unknownNames: unknown.slice(0, UNKNOWN_NAMES_LISTED), working };
  const needed = tenth(neededExact);
  const usable = usableExact === null ? null : tenth(usableExact);
  if (usable === null) return { needed, usable, short: null, status: 'unknown', ...named };
  // The known part alone already exceeds it: short, whatever the unknown sizes add.
  if (needed > usable) return { needed, usable, short: tenth(needed - usable), status: 'short', ...named };
  return unknown.length > 0 ? { needed, usable, short: null, status: 'unknown', ...named } : { needed, usable, short: 0, status: 'enough', ...named };
}

interface Supplies {
  memoryGb: number | null;
  vcpu: number | null;
  storageGb: number | null;
  vms: number;
  working: Record<CapacityResource, string>;
}

function supplies(nodes: number, profile: HardwareProfile | null, largestVmGb: number, figures: CapacityFigures, nodeDown: boolean): Supplies {
  const missing = (what: string) => (profile ? `the hardware profile ${profile.name} does not give the ${what}` : 'the system has no hardware profile');
  const memory = profile?.memoryGbPerNode ? usableMemory(nodes, profile.memoryGbPerNode, largestVmGb, figures) : null;
  const vcpu = profile?.physicalCoresPerNode ? usableVcpu(nodes, profile.physicalCoresPerNode, figures, nodeDown) : null;
  const storage = profile?.usableStorageGbPerNode ? usableStorage(nodes, profile.usableStorageGbPerNode) : null;
  const vms = vmLimit(nodes, figures);
  return {
    memoryGb: memory?.usable ?? null,
    vcpu: vcpu?.usable ?? null,
    storageGb: storage?.usable ?? null,
    vms: vms.usable,
    working: {
      memoryGb: memory?.working ?? `Not known: ${missing('memory per node')}.`,
      vcpu: vcpu?.working ?? `Not known: ${missing('physical cores per node')}.`,
      storageGb: storage?.working ?? `Not known: ${missing('usable storage per node')}.`,
      vms: vms.working,
    },
  };
}

function fits(demand: DemandPart, supply: Supplies): boolean {
  return (
    (supply.memoryGb === null || demand.memoryGb <= supply.memoryGb) &&
    (supply.vcpu === null || demand.vcpu <= supply.vcpu) &&
    (supply.storageGb === null || demand.storageGb <= supply.storageGb) &&
    demand.vms <= supply.vms
  );
}

/**
 * Checks what a system must carry against what it has. `nodeDown` is the loss of one of its own
 * nodes: the resiliency reserve is what absorbs it, and the cores of the others carry the VMs.
 */
export function checkCapacity(
  system: AzureStackSystem,
  profile: HardwareProfile | null,
  parts: readonly DemandPart[],
  figures: CapacityFigures,
  options: { nodeDown: boolean },
): SystemCapacity {
  const demand = sum(parts);
  const nodes = system.nodeCount;
  const supply = supplies(nodes, profile, demand.largestVmGb, figures, options.nodeDown);
  const unknownOf = (resource: Exclude<CapacityResource, 'vms'>) => [...(demand.unsized[resource] ?? []), ...demand.unknownApplications];
  const checks = {
    memoryGb: judge(demand.memoryGb, supply.memoryGb, unknownOf('memoryGb'), supply.working.memoryGb),
    vcpu: judge(demand.vcpu, supply.vcpu, unknownOf('vcpu'), supply.working.vcpu),
    storageGb: judge(demand.storageGb, supply.storageGb, unknownOf('storageGb'), supply.working.storageGb),
    vms: judge(demand.vms, supply.vms, demand.unknownApplications, supply.working.vms),
  };
  const statuses = CAPACITY_RESOURCES.map((resource) => checks[resource].status);
  const status: CapacityStatus = statuses.includes('short') ? 'short' : statuses.includes('unknown') ? 'unknown' : 'enough';

  let nodesToCover: number | null = null;
  let nodesNote: string | null = null;
  if (status === 'short') {
    for (let more = nodes + 1; more <= MAX_NODES && nodesToCover === null; more++) {
      if (fits(demand, supplies(more, profile, demand.largestVmGb, figures, options.nodeDown))) nodesToCover = more;
    }
    if (nodesToCover === null) {
      nodesNote =
        demand.vms > figures.vmsPerSystem
          ? `More VMs than one system may hold (${amount(figures.vmsPerSystem)}): it takes another system.`
          : `Even ${MAX_NODES} nodes, the most a scale unit has, would not carry it: it takes another system.`;
    } else if (statuses.includes('unknown')) {
      nodesNote = 'Counted on the resources whose figures are known; the others may need more.';
    }
  }
  return {
    systemId: system.id,
    name: system.name,
    hardwareProfile: profile?.name ?? null,
    nodes,
    nodeDown: options.nodeDown,
    ...checks,
    status,
    nodesToCover,
    nodesNote,
    demand: parts.map(({ label, memoryGb, vcpu, storageGb, vms }) => ({ label, memoryGb, vcpu, storageGb, vms })),
  };
}
