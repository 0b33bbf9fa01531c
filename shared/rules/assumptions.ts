import { z } from 'zod';

/**
 * The estimate model's assumptions. Every achievable RTO and RPO is arithmetic over these
 * figures and the application's answers, so the consultant can see and change what an
 * estimate rests on. Each assumption is a range: the best case and the worst case the
 * consultant is willing to defend in front of the customer.
 */
export const ASSUMPTION_UNITS = {
  'GB/h': { label: 'GB per hour', minutes: null },
  '%': { label: 'per cent', minutes: null },
  GB: { label: 'GB', minutes: null },
  vCPU: { label: 'vCPU', minutes: null },
  VMs: { label: 'VMs', minutes: null },
  'vCPU/core': { label: 'vCPU per physical core', minutes: null },
  '×': { label: 'times the protected storage', minutes: null },
  minutes: { label: 'minutes', minutes: 1 },
  hours: { label: 'hours', minutes: 60 },
  days: { label: 'days', minutes: 24 * 60 },
  weeks: { label: 'weeks', minutes: 7 * 24 * 60 },
} as const;
export type AssumptionUnit = keyof typeof ASSUMPTION_UNITS;

export interface AssumptionDefinition {
  key: AssumptionKey;
  label: string;
  unit: AssumptionUnit;
  /** Throughput is better when higher; every duration is better when lower. */
  better: 'higher' | 'lower';
  max: number;
  /** Zero makes no sense (a rate, a ratio, a limit): only figures above it are accepted. */
  positive?: true;
  defaults: { best: number; worst: number };
  help: string;
  /**
   * `capacity`: what a system can carry (the capacity checks of the recovery plans), which
   * Microsoft documents per release and which are checked with the worst case; otherwise a
   * figure of the recovery-time estimates.
   */
  group?: 'capacity';
}

export const ASSUMPTION_KEYS = [
  'detectAndDecide',
  'vmRestartAfterNodeFailure',
  'vmRebuild',
  'redeploy',
  'restoreThroughput',
  'defaultBackupInterval',
  'defaultBackupRetention',
  'replicationLag',
  'failover',
  'balancerProbe',
  'trafficSwitch',
  'hardwareLeadTime',
  'drTestMargin',
  'infrastructureMemory',
  'infrastructureMemoryPerNode',
  'hostReserve',
  'infrastructureCores',
  'coreOvercommit',
  'vmsPerNode',
  'vmsPerSystem',
  'siteRecoveryDiskLimit',
  'siteRecoveryStorageFactor',
  'siteRecoveryApplianceCores',
  'siteRecoveryApplianceMemory',
  'siteRecoveryServicesCores',
  'siteRecoveryServicesMemory',
  'siteRecoveryServicesStorage',
] as const;
export const AssumptionKey = z.enum(ASSUMPTION_KEYS);
export type AssumptionKey = z.infer<typeof AssumptionKey>;

export const ASSUMPTIONS: readonly AssumptionDefinition[] = [
  {
    key: 'detectAndDecide',
    label: 'Detect the failure and decide to recover',
    unit: 'minutes',
    better: 'lower',
    max: 7 * 24 * 60,
    defaults: { best: 15, worst: 120 },
    help: 'From the moment things break until someone with authority says "recover". Out of hours and without a runbook this is rarely under an hour.',
  },
  {
    key: 'vmRestartAfterNodeFailure',
    label: 'VM restart on a surviving node',
    unit: 'minutes',
    better: 'lower',
    max: 24 * 60,
    defaults: { best: 5, worst: 30 },
    help: 'When a node fails, the scale unit starts its VMs again on the other nodes. The guest boots and the application starts; this is downtime for single-instance tiers.',
  },
  {
    key: 'vmRebuild',
    label: 'Create a VM to restore into',
    unit: 'minutes',
    better: 'lower',
    max: 7 * 24 * 60,
    defaults: { best: 30, worst: 240 },
    help: 'Deploy a VM from an image or template, join it to the domain and install the backup agent before a restore can start.',
  },
  {
    key: 'redeploy',
    label: 'Redeploy a stateless tier from source',
    unit: 'minutes',
    better: 'lower',
    max: 7 * 24 * 60,
    defaults: { best: 30, worst: 480 },
    help: 'Templates, scripts or pipelines recreate the tier on a system that is up. Manual builds sit at the worst end.',
  },
  {
    key: 'restoreThroughput',
    label: 'Restore throughput',
    unit: 'GB/h',
    better: 'higher',
    max: 100_000,
    defaults: { best: 500, worst: 100 },
    help: 'How fast data comes back from the backup copy into a VM. Copies in another site or in public Azure restore at the speed of the link between them.',
  },
  {
    key: 'defaultBackupInterval',
    label: 'Backup interval when not answered',
    unit: 'hours',
    better: 'lower',
    max: 31 * 24,
    defaults: { best: 24, worst: 168 },
    help: 'Used only for applications whose backup frequency is not known yet: a daily to weekly backup. It lowers the confidence of the result.',
  },
  {
    key: 'defaultBackupRetention',
    label: 'Backup retention when not answered',
    unit: 'days',
    better: 'higher',
    max: 3650,
    defaults: { best: 30, worst: 7 },
    help: 'Used only for applications whose retention is not known yet. It bounds how far back a restore can go after a corruption is noticed.',
  },
  {
    key: 'replicationLag',
    label: 'Asynchronous replication lag',
    unit: 'minutes',
    better: 'lower',
    max: 24 * 60,
    defaults: { best: 1, worst: 15 },
    help: 'How far the replica trails the primary. Everything written in that window is lost when the primary goes down.',
  },
  {
    key: 'failover',
    label: 'Fail over to the replica',
    unit: 'minutes',
    better: 'lower',
    max: 7 * 24 * 60,
    defaults: { best: 15, worst: 120 },
    help: 'Promote the replica and start the dependent tiers on the recovery system, following the runbook.',
  },
  {
    key: 'balancerProbe',
    label: 'Balancer takes a failed instance out of rotation',
    unit: 'minutes',
    better: 'lower',
    max: 24 * 60,
    defaults: { best: 0.5, worst: 2 },
    help: 'Inside one system, the load balancer’s health probe notices a dead instance and stops sending users to it. Users on that instance reconnect.',
  },
  {
    key: 'trafficSwitch',
    label: 'Switch users over (DNS or load balancer)',
    unit: 'minutes',
    better: 'lower',
    max: 24 * 60,
    defaults: { best: 1, worst: 30 },
    help: 'Health probes notice the failure and traffic moves, or DNS records change and clients pick them up after their time to live.',
  },
  {
    key: 'hardwareLeadTime',
    label: 'Lead time for a new Azure Stack Hub system',
    unit: 'weeks',
    better: 'lower',
    max: 104,
    defaults: { best: 6, worst: 16 },
    help: 'Order, ship, install and integrate a replacement system when no second one is running. Recovery after losing the only system waits for it.',
  },
  {
    key: 'drTestMargin',
    label: 'Margin on a measured recovery test',
    unit: '%',
    better: 'lower',
    max: 1000,
    defaults: { best: 0, worst: 50 },
    help: 'A successful test in the last twelve months is the best estimate there is, but a real disaster is messier than a planned test. The measured time and data loss are taken as they are for the best case and widened by this much for the worst.',
  },
  ...capacityAssumptions(),
];

/**
 * What a system can carry. The figures come from Microsoft's "Azure Stack Hub capacity planning
 * for compute" and "Capacity planning using Azure Site Recovery" pages as of release 2406; new
 * releases change them, so each is the consultant's to correct.
 */
function capacityAssumptions(): AssumptionDefinition[] {
  const capacity = (definition: Omit<AssumptionDefinition, 'group'>): AssumptionDefinition => ({ ...definition, group: 'capacity' });
  return [
    capacity({
      key: 'infrastructureMemory',
      label: 'Memory the infrastructure takes (fixed part)',
      unit: 'GB',
      better: 'lower',
      max: 8_192,
      defaults: { best: 242, worst: 242 },
      help: 'About thirty infrastructure VMs run on every scale unit. "Azure Stack Hub capacity planning for compute" puts their memory at about 242 GB plus a share per node (next line).',
    }),
    capacity({
      key: 'infrastructureMemoryPerNode',
      label: 'Memory the infrastructure takes per node',
      unit: 'GB',
      better: 'lower',
      max: 1_024,
      defaults: { best: 4, worst: 4 },
      help: 'The part of the infrastructure memory that grows with the number of nodes.',
    }),
    capacity({
      key: 'hostReserve',
      label: 'Host operating system reserve (R)',
      unit: '%',
      better: 'lower',
      max: 100,
      defaults: { best: 15, worst: 15 },
      help: 'Part of the resiliency reserve: each node keeps this share of its memory for the host itself. The reserve is one node’s memory, plus this share of the other nodes’ memory, plus the largest VM once for every node beyond two.',
    }),
    capacity({
      key: 'infrastructureCores',
      label: 'Virtual cores the infrastructure takes',
      unit: 'vCPU',
      better: 'lower',
      max: 10_000,
      defaults: { best: 146, worst: 146 },
      help: 'The infrastructure VMs’ virtual cores, from "Azure Stack Hub capacity planning for compute".',
    }),
    capacity({
      key: 'coreOvercommit',
      label: 'vCPU per physical core (our assumption)',
      unit: 'vCPU/core',
      better: 'higher',
      max: 32,
      positive: true,
      defaults: { best: 4, worst: 4 },
      help: 'Azure Stack Hub shares physical cores between VMs, but Microsoft gives no ratio to plan with, so this one is ours: 4 suits general workloads; use 2 for busy databases, 1 for latency-critical ones. Memory is never shared this way.',
    }),
    capacity({
      key: 'vmsPerNode',
      label: 'VMs per node (platform limit)',
      unit: 'VMs',
      better: 'higher',
      max: 10_000,
      positive: true,
      defaults: { best: 60, worst: 60 },
      help: 'Azure Stack Hub creates no more VMs than this per node ("Azure Stack Hub capacity planning for compute"): 480 on eight nodes.',
    }),
    capacity({
      key: 'vmsPerSystem',
      label: 'VMs per system (platform limit)',
      unit: 'VMs',
      better: 'higher',
      max: 100_000,
      positive: true,
      defaults: { best: 700, worst: 700 },
      help: 'Nor more than this in one system, however many nodes it has: twelve nodes and more stop at the same number.',
    }),
    capacity({
      key: 'siteRecoveryDiskLimit',
      label: 'Largest disk Site Recovery protects',
      unit: 'GB',
      better: 'higher',
      max: 1_048_576,
      positive: true,
      defaults: { best: 1022, worst: 1022 },
      help: 'Site Recovery between two Azure Stack Hub systems replicates every disk of a VM, and none larger than this ("Site Recovery for Azure Stack Hub").',
    }),
    capacity({
      key: 'siteRecoveryStorageFactor',
      label: 'Storage on the Site Recovery target',
      unit: '×',
      better: 'lower',
      max: 10,
      positive: true,
      defaults: { best: 1.5, worst: 2 },
      help: 'The target keeps the replicated disks and their recovery points: about one and a half to two times the protected storage, all the time, not only at failover.',
    }),
    capacity({
      key: 'siteRecoveryApplianceCores',
      label: 'Site Recovery appliance VM: vCPU',
      unit: 'vCPU',
      better: 'lower',
      max: 1_024,
      defaults: { best: 8, worst: 8 },
      help: 'Every system whose VMs are protected by Site Recovery runs an appliance VM that sends the changes to the target.',
    }),
    capacity({
      key: 'siteRecoveryApplianceMemory',
      label: 'Site Recovery appliance VM: memory',
      unit: 'GB',
      better: 'lower',
      max: 4_096,
      defaults: { best: 28, worst: 28 },
      help: 'The appliance’s memory, on the protected (source) system.',
    }),
    capacity({
      key: 'siteRecoveryServicesCores',
      label: 'Site Recovery services on the target: vCPU',
      unit: 'vCPU',
      better: 'lower',
      max: 10_000,
      defaults: { best: 40, worst: 40 },
      help: 'A system that receives Site Recovery replicas runs Site Recovery and the services it needs (Event Hubs and a dependency service), which the operator installs ("Capacity planning using Azure Site Recovery").',
    }),
    capacity({
      key: 'siteRecoveryServicesMemory',
      label: 'Site Recovery services on the target: memory',
      unit: 'GB',
      better: 'lower',
      max: 16_384,
      defaults: { best: 175, worst: 175 },
      help: 'Their memory, on every system marked as a Site Recovery target.',
    }),
    capacity({
      key: 'siteRecoveryServicesStorage',
      label: 'Site Recovery services on the target: storage',
      unit: 'GB',
      better: 'lower',
      max: 1_048_576,
      defaults: { best: 1700, worst: 1700 },
      help: 'Their disks, on every system marked as a Site Recovery target.',
    }),
  ];
}

const byKey = new Map(ASSUMPTIONS.map((a) => [a.key, a]));

export function assumptionDefinition(key: AssumptionKey): AssumptionDefinition {
  const found = byKey.get(key);
  if (!found) throw new Error(`Unknown assumption ${key}`);
  return found;
}

export const AssumptionRange = z.object({ best: z.number(), worst: z.number() });
export type AssumptionRange = z.infer<typeof AssumptionRange>;

export type EstimateAssumptions = Record<AssumptionKey, AssumptionRange>;

/** Validates one assumption against its unit, its maximum, and which end is the better one. */
export function assumptionRangeSchema(definition: AssumptionDefinition) {
  const value = z
    .number({ error: `${definition.label}: enter a number` })
    .refine(Number.isFinite, `${definition.label}: enter a number`)
    .min(0, `${definition.label} cannot be negative`)
    .max(definition.max, `${definition.label}: at most ${definition.max} ${ASSUMPTION_UNITS[definition.unit].label}`);
  const positive = definition.unit === 'GB/h' || definition.positive ? value.refine((v) => v > 0, `${definition.label} must be above 0`) : value;
  return z.object({ best: positive, worst: positive }).refine(
    (range) => (definition.better === 'higher' ? range.best >= range.worst : range.best <= range.worst),
    {
      message:
        definition.better === 'higher'
          ? `${definition.label}: the best case cannot be lower than the worst case`
          : `${definition.label}: the best case cannot be longer than the worst case`,
      path: ['best'],
    },
  );
}

export const EstimateAssumptionsSchema = z.object(
  Object.fromEntries(ASSUMPTIONS.map((definition) => [definition.key, assumptionRangeSchema(definition)])) as Record<
    AssumptionKey,
    ReturnType<typeof assumptionRangeSchema>
  >,
);

export function defaultAssumptions(): EstimateAssumptions {
  return Object.fromEntries(ASSUMPTIONS.map((a) => [a.key, { ...a.defaults }])) as EstimateAssumptions;
}

/** Duration assumptions in minutes; throughput stays in GB/h. */
export function inMinutes(key: AssumptionKey, range: AssumptionRange): AssumptionRange {
  const factor = ASSUMPTION_UNITS[assumptionDefinition(key).unit].minutes;
  return factor === null ? range : { best: range.best * factor, worst: range.worst * factor };
}
