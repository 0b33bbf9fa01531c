import { z } from 'zod';
import { AttachmentMeta } from './attachment';
import { OptionalIsoDate } from '../dates/isoDate';
import { EstimateAssumptionsSchema } from '../rules/assumptions';
import { Signoff } from './signoff';
import { safeText } from '../text/safeText';

/** Disruption scopes, smallest first. Declared once; every screen, sheet and rule reads this list. */
export const DISRUPTION_SCOPES = ['vm', 'node', 'system', 'site', 'region'] as const;
export const DisruptionScope = z.enum(DISRUPTION_SCOPES);
export type DisruptionScope = z.infer<typeof DisruptionScope>;

export const ENGAGEMENT_STATUSES = ['draft', 'in-review', 'signed-off'] as const;
export const EngagementStatus = z.enum(ENGAGEMENT_STATUSES);

const requiredText = (field: string, max = 200) =>
  safeText()
    .trim()
    .min(1, `${field} is required`)
    .max(max, `${field} is longer than ${max} characters`);

export const CustomerName = requiredText('Customer');
export const EngagementTitle = requiredText('Title');
export const ApplicationName = requiredText('Application name', 120);

export const EngagementDetails = z.object({
  id: z.string(),
  customer: z.string(),
  title: z.string(),
  consultants: z.string(),
  workshopDates: z.string(),
  scopeNotes: z.string(),
  status: EngagementStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EngagementDetails = z.infer<typeof EngagementDetails>;

export const DATACENTER_TIERS = ['tier-1', 'tier-2', 'tier-3', 'tier-4', 'unknown'] as const;

export const Site = z.object({
  id: z.string(),
  name: requiredText('Site name', 120),
  location: safeText().trim().max(200),
  datacenterTier: z.enum(DATACENTER_TIERS),
  utilityFeeds: z.number({ error: 'Utility feeds must be a number' }).int().min(0, 'Utility feeds cannot be negative').max(4, 'At most 4 utility feeds').nullable(),
});
export type Site = z.infer<typeof Site>;

export const SYSTEM_STATES = ['operational', 'planned', 'none'] as const;
export const SYSTEM_ROLES = ['primary', 'secondary'] as const;
export const IDENTITY_MODELS = ['connected', 'disconnected'] as const;

export const AzureStackSystem = z.object({
  id: z.string(),
  name: requiredText('System name', 120),
  siteId: z.string().min(1, 'A system must sit on a site'),
  region: safeText().trim().max(120),
  nodeCount: z
    .number({ error: 'Node count must be a number' })
    .int('Node count must be a whole number')
    .min(4, 'A scale unit has at least 4 nodes')
    .max(16, 'A scale unit has at most 16 nodes'),
  identityModel: z.enum(IDENTITY_MODELS),
  state: z.enum(SYSTEM_STATES),
  role: z.enum(SYSTEM_ROLES),
  publicAzureAllowed: z.boolean(),
  /**
   * The hardware its nodes are built from, for the capacity checks. Left out (never null) when not
   * set, like the field below, so content signed before these fields existed reads the same.
   */
  hardwareProfileId: z.string().min(1, 'Choose a hardware profile').optional(),
  /** Whether Azure Site Recovery runs on this system, so other systems can replicate to it; left out when not known. */
  siteRecoveryTarget: z.boolean().optional(),
});
export type AzureStackSystem = z.infer<typeof AzureStackSystem>;

const perNode = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .positive(`${what} must be above 0`)
    .max(max, `${what}: at most ${max.toLocaleString('en-GB')}`)
    .nullable();

/**
 * What one node of a scale unit brings, shared by every system built from the same servers. A
 * figure left empty is not known: the capacity it decides is then unknown, never assumed.
 */
export const HardwareProfile = z.object({
  id: z.string(),
  name: requiredText('Hardware profile name', 120),
  memoryGbPerNode: perNode('Memory per node', 24_576),
  physicalCoresPerNode: perNode('Physical cores per node', 1_024).refine((v) => v === null || Number.isInteger(v), 'Physical cores per node must be a whole number'),
  /** Usable (after mirroring) storage each node adds to the system. */
  usableStorageGbPerNode: perNode('Usable storage per node', 1_048_576),
});
export type HardwareProfile = z.infer<typeof HardwareProfile>;

/**
 * An answer is one of three first-class states; "not asked yet" is the absence of an answer.
 * Unknown carries who to follow up with, so the gap has an owner rather than a blank cell.
 */
export const AnswerState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('answered'), value: z.unknown() }),
  z.object({
    status: z.literal('unknown'),
    followUpWith: z.string().trim().max(120).default(''),
    followUpBy: z.string().trim().max(40).default(''),
  }),
  z.object({ status: z.literal('not-applicable'), reason: z.string().trim().max(500).default('') }),
]);
export type AnswerState = z.infer<typeof AnswerState>;

/**
 * An answer state as a screen, a workbook or a script sends it: the follow-up date must be a
 * real date (or empty). Stored answers are read with `AnswerState`, which keeps whatever text an
 * older version let through, so such a file still opens.
 */
export const AnswerStateInput = z.discriminatedUnion('status', [
  AnswerState.options[0],
  AnswerState.options[1].extend({ followUpWith: safeText().trim().max(120).default(''), followUpBy: OptionalIsoDate.pipe(z.string().max(40)).default('') }),
  AnswerState.options[2].extend({ reason: safeText().trim().max(500).default('') }),
]);

export const Answer = z.object({
  questionId: z.string(),
  state: AnswerState,
  note: z.string(),
  answeredBy: z.string(),
  answeredAt: z.string(),
  catalogueVersion: z.number().int(),
});
export type Answer = z.infer<typeof Answer>;

/** A tier of an application (web front end, database...); component-level questions are answered per tier. */
export const Component = z.object({
  id: z.string(),
  name: z.string(),
  answers: z.record(z.string(), Answer),
});
export type Component = z.infer<typeof Component>;

export const Application = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  answers: z.record(z.string(), Answer),
  components: z.array(Component),
});

const Minutes = z.number({ error: 'Enter a duration' }).min(0, 'A duration cannot be negative').max(60 * 24 * 365, 'At most a year');

/** Recovery time and data-loss targets for one disruption scope; null means "no target set". */
export const RecoveryTarget = z.object({ rtoMinutes: Minutes.nullable(), rpoMinutes: Minutes.nullable() });
export type RecoveryTarget = z.infer<typeof RecoveryTarget>;

/** A named tier of targets per scope that applications adopt, and may override question by question. */
export const ProtectionPolicy = z.object({
  id: z.string(),
  name: requiredText('Policy name', 80),
  description: safeText().trim().max(500),
  targets: z.record(DisruptionScope, RecoveryTarget),
});
export type ProtectionPolicy = z.infer<typeof ProtectionPolicy>;

export const SiteDistance = z.object({
  siteAId: z.string(),
  siteBId: z.string(),
  km: z.number({ error: 'Distance must be a number' }).min(0, 'A distance cannot be negative').max(40_000),
});
export type SiteDistance = z.infer<typeof SiteDistance>;

export const POWER_STATES = ['poweredOn', 'poweredOff', 'suspended', 'unknown'] as const;
export const POWER_STATE_LABELS: Record<(typeof POWER_STATES)[number], string> = { poweredOn: 'On', poweredOff: 'Off', suspended: 'Suspended', unknown: 'Unknown' };

export const Vm = z.object({
  id: z.string(),
  applicationId: z.string().nullable(),
  name: requiredText('VM name', 200),
  os: safeText().trim().max(300),
  vcpu: z.number({ error: 'vCPU must be a number' }).int('vCPU must be a whole number').min(0, 'vCPU cannot be negative').nullable(),
  memoryGb: z.number({ error: 'Memory must be a number' }).min(0, 'Memory cannot be negative').nullable(),
  provisionedGb: z.number({ error: 'Storage must be a number' }).min(0, 'Storage cannot be negative').nullable(),
  powerState: z.enum(POWER_STATES),
  host: safeText().trim().max(300),
  /**
   * The largest single disk, when the inventory lists disks one by one (Azure Migrate's Disk N
   * columns); left out when only the total is known. Site Recovery protects disks up to a limit.
   */
  largestDiskGb: z.number({ error: 'Largest disk must be a number' }).min(0, 'A disk size cannot be negative').optional(),
  /** The virtualisation cluster it runs in today, as the inventory said (empty when unknown). */
  cluster: safeText().trim().max(300).default(''),
});
export type Vm = z.infer<typeof Vm>;
export type Application = z.infer<typeof Application>;

export const EngagementView = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  details: EngagementDetails,
  sites: z.array(Site),
  systems: z.array(AzureStackSystem),
  hardwareProfiles: z.array(HardwareProfile),
  siteDistances: z.array(SiteDistance),
  policies: z.array(ProtectionPolicy),
  applications: z.array(Application),
  vms: z.array(Vm),
  assumptions: EstimateAssumptionsSchema,
  /** Why the file cannot be changed from here, or null when it can (signed off is separate). */
  access: z.object({ readOnly: z.boolean(), reason: z.string().nullable() }),
  /** The sign-off in force; null when the engagement is not signed off. */
  signoff: Signoff.nullable(),
  /** Evidence attached to applications and answers: metadata only, never the files themselves. */
  attachments: z.array(AttachmentMeta),
});
export type EngagementView = z.infer<typeof EngagementView>;
