import { z } from 'zod';

/** Disruption scopes, smallest first. Declared once; every screen, sheet and rule reads this list. */
export const DISRUPTION_SCOPES = ['vm', 'node', 'system', 'site', 'region'] as const;
export const DisruptionScope = z.enum(DISRUPTION_SCOPES);
export type DisruptionScope = z.infer<typeof DisruptionScope>;

export const ENGAGEMENT_STATUSES = ['draft', 'in-review', 'signed-off'] as const;
export const EngagementStatus = z.enum(ENGAGEMENT_STATUSES);

const requiredText = (field: string, max = 200) =>
  z
    .string()
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
  name: z.string(),
  location: z.string(),
  datacenterTier: z.enum(DATACENTER_TIERS),
  utilityFeeds: z.number().int().min(0).max(4).nullable(),
});
export type Site = z.infer<typeof Site>;

export const SYSTEM_STATES = ['operational', 'planned', 'none'] as const;
export const SYSTEM_ROLES = ['primary', 'secondary'] as const;
export const IDENTITY_MODELS = ['connected', 'disconnected'] as const;

export const AzureStackSystem = z.object({
  id: z.string(),
  name: z.string(),
  siteId: z.string(),
  region: z.string(),
  nodeCount: z.number().int().min(4).max(16),
  identityModel: z.enum(IDENTITY_MODELS),
  state: z.enum(SYSTEM_STATES),
  role: z.enum(SYSTEM_ROLES),
  publicAzureAllowed: z.boolean(),
});
export type AzureStackSystem = z.infer<typeof AzureStackSystem>;

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

export const Answer = z.object({
  questionId: z.string(),
  state: AnswerState,
  note: z.string(),
  answeredBy: z.string(),
  answeredAt: z.string(),
  catalogueVersion: z.number().int(),
});
export type Answer = z.infer<typeof Answer>;

export const Application = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  answers: z.record(z.string(), Answer),
});
export type Application = z.infer<typeof Application>;

export const EngagementView = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  details: EngagementDetails,
  sites: z.array(Site),
  systems: z.array(AzureStackSystem),
  applications: z.array(Application),
});
export type EngagementView = z.infer<typeof EngagementView>;
