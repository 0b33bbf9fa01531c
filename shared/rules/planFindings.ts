import type { MinutesRange, Severity } from './assessment';
import { amount, CAPACITY_RESOURCES, type CapacityResource, type ResourceCheck, type SystemCapacity } from './capacity';
import type { Disaster } from './disasters';
import { cycleRationale, DEPENDENCY_CYCLE_TITLE, DEPENDENCY_RTO_CONFLICT_TITLE } from './findingWords';
import { formatMinutes, formatRange, wordList } from './format';
import type { PlanApplication, PlanFinding, PlanFindingCode } from './planContract';

/**
 * The findings of a recovery plan, with their severities and rationales in plain words. Each
 * names the applications and the system it is about by name, never by an internal id.
 *
 * - RECOVERY_CAPACITY_SHORT (high): a system that applications fail over to cannot carry them.
 * - NODE_LOSS_RESERVE_SHORT (high): a system's own load leaves no room to restart a failed node's VMs.
 * - DEPENDENCY_RTO_CONFLICT (high when the target is then missed even in the best case, medium
 *   when only in the worst): it would meet its target, but what it waits for holds it back.
 * - DEPENDENCY_CYCLE (medium): applications that need each other, so no order brings them up.
 */

export const PLAN_FINDING_TITLES: Record<PlanFindingCode, string> = {
  RECOVERY_CAPACITY_SHORT: 'A recovery system cannot carry what fails over to it',
  NODE_LOSS_RESERVE_SHORT: 'A node failure would leave VMs without room to restart',
  DEPENDENCY_RTO_CONFLICT: DEPENDENCY_RTO_CONFLICT_TITLE,
  DEPENDENCY_CYCLE: DEPENDENCY_CYCLE_TITLE,
};

/** Every severity each code can carry in a plan; the README's table lists them with the rules' own. */
export const PLAN_FINDING_SEVERITIES: Record<PlanFindingCode, readonly Severity[]> = {
  RECOVERY_CAPACITY_SHORT: ['high'],
  NODE_LOSS_RESERVE_SHORT: ['high'],
  DEPENDENCY_RTO_CONFLICT: ['high', 'medium'],
  DEPENDENCY_CYCLE: ['medium'],
};

function finding(code: PlanFindingCode, severity: Severity, disaster: Disaster, rationale: string, applicationIds: string[], systemId: string | null): PlanFinding {
  return { code, severity, scope: disaster.kind, componentId: null, title: PLAN_FINDING_TITLES[code], rationale, answers: [], applicationIds, systemId };
}

const SHORT_WORDS: Record<CapacityResource, (short: number) => string> = {
  memoryGb: (short) => `${amount(short)} GB of memory`,
  vcpu: (short) => `${amount(short)} vCPU`,
  storageGb: (short) => `${amount(short)} GB of storage`,
  vms: (short) => `room for ${amount(short)} VM${short === 1 ? '' : 's'}`,
};

const NEED_WORDS: Record<CapacityResource, (check: ResourceCheck) => string> = {
  memoryGb: (c) => `${amount(c.needed)} GB of memory against ${amount(c.usable ?? 0)} GB usable for tenant VMs`,
  vcpu: (c) => `${amount(c.needed)} vCPU against ${amount(c.usable ?? 0)}`,
  storageGb: (c) => `${amount(c.needed)} GB of storage against ${amount(c.usable ?? 0)} GB`,
  vms: (c) => `${amount(c.needed)} VMs against the limit of ${amount(c.usable ?? 0)}`,
};

function shortResources(capacity: SystemCapacity): CapacityResource[] {
  return CAPACITY_RESOURCES.filter((resource) => capacity[resource].status === 'short');
}

function nodesSentence(capacity: SystemCapacity): string {
  if (capacity.nodesToCover !== null) return ` ${capacity.nodesToCover} nodes instead of ${capacity.nodes} would carry it${capacity.nodesNote ? ` (${capacity.nodesNote.replace(/\.$/, '').toLowerCase()})` : ''}.`;
  return capacity.nodesNote ? ` ${capacity.nodesNote}` : '';
}

export function capacityShortFinding(disaster: Disaster, capacity: SystemCapacity, incoming: readonly { applicationId: string; name: string }[]): PlanFinding {
  const short = shortResources(capacity);
  const rationale =
    `When ${disaster.event}, ${capacity.name} must also run ${wordList(incoming.map((a) => a.name), 6)}, ` +
    `and would then be short of ${wordList(short.map((r) => SHORT_WORDS[r](capacity[r].short ?? 0)))} ` +
    `(${short.map((r) => NEED_WORDS[r](capacity[r])).join('; ')}).` +
    nodesSentence(capacity);
  return finding('RECOVERY_CAPACITY_SHORT', 'high', disaster, rationale, incoming.map((a) => a.applicationId), capacity.systemId);
}

export function nodeReserveFinding(disaster: Disaster, capacity: SystemCapacity, hosted: readonly string[]): PlanFinding {
  const short = shortResources(capacity);
  const parts: string[] = [];
  if (short.includes('memoryGb')) {
    const m = capacity.memoryGb;
    parts.push(
      `${capacity.name}'s own VMs need ${amount(m.needed)} GB of memory, but after the reserve it keeps to restart a failed node's VMs it has ${amount(m.usable ?? 0)} GB for them: when a node fails, VMs with ${amount(m.short ?? 0)} GB of memory may find no room to start again.`,
    );
  }
  if (short.includes('vcpu')) {
    const c = capacity.vcpu;
    parts.push(`With a node down, the other ${capacity.nodes - 1} nodes offer ${amount(c.usable ?? 0)} vCPU at the assumed ratio, ${amount(c.short ?? 0)} fewer than its VMs have.`);
  }
  if (short.includes('storageGb') || short.includes('vms')) {
    parts.push(`It is already short of ${wordList(short.filter((r) => r === 'storageGb' || r === 'vms').map((r) => SHORT_WORDS[r](capacity[r].short ?? 0)))} before any node fails.`);
  }
  return finding('NODE_LOSS_RESERVE_SHORT', 'high', disaster, parts.join(' ') + nodesSentence(capacity), [...hosted], capacity.systemId);
}

const at = (range: MinutesRange | null) => formatRange(range);

/** The rationale of an application held back in a plan: the dependency that holds it back, named. */
export function heldBackFinding(disaster: Disaster, app: PlanApplication, blocker: PlanApplication): PlanFinding {
  const own = app.ownCompliance === 'met' ? 'which meets' : 'which may meet';
  const theirs =
    blocker.outcome === 'unrecoverable' || blocker.outcome === 'blocked'
      ? `which cannot be brought back at all, so neither can ${app.name}`
      : `which is back only after ${at(blocker.back)}; ${app.name} is then back after ${at(app.back)}`;
  const rationale =
    `When ${disaster.event}, ${app.name} would be back within ${at(app.own)} on its own, ${own} its ${formatMinutes(app.targetMinutes ?? 0)} target, ` +
    `but it needs ${blocker.name}, ${theirs}.`;
  return finding('DEPENDENCY_RTO_CONFLICT', app.compliance === 'breached' ? 'high' : 'medium', disaster, rationale, [app.applicationId, blocker.applicationId], null);
}

export function cycleFinding(disaster: Disaster, members: readonly { applicationId: string; name: string }[]): PlanFinding {
  return finding('DEPENDENCY_CYCLE', 'medium', disaster, cycleRationale(members.map((m) => m.name)), members.map((m) => m.applicationId), null);
}
