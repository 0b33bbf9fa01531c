import { z } from 'zod';
import { DisruptionScope } from '../domain/engagement';
import { AssumptionKey, AssumptionRange } from './assumptions';

/**
 * The shape of what the rules return: a public contract read by the results panel, the
 * dashboard, the workbook, the report and `cwb assess --json`. Add fields and codes; never
 * rename them. `npm run schema` writes the same shape as JSON Schema to
 * shared/rules/assessment.schema.json.
 */
export const RULES_VERSION = 3;

/** `unknown` is added to the contract's five: the answers that decide the scheme are missing. */
export const PROTECTION_SCHEMES = ['active-active', 'replication-failover', 'backup-restore', 'redeploy', 'none', 'unknown'] as const;
export const ProtectionScheme = z.enum(PROTECTION_SCHEMES);
export type ProtectionScheme = z.infer<typeof ProtectionScheme>;

/**
 * met: the worst case fits the target; at-risk: only the best case does; breached: even the best
 * case misses (or nothing comes back); unknown: the target or an input is unknown;
 * not-required: the application need not survive this disruption.
 */
export const COMPLIANCE_VALUES = ['met', 'at-risk', 'breached', 'unknown', 'not-required'] as const;
export const Compliance = z.enum(COMPLIANCE_VALUES);
export type Compliance = z.infer<typeof Compliance>;

/**
 * How far the assessment of an application has come: nothing the rules need answered yet, some,
 * the whole interview, or left out by the consultant (with a reason).
 */
export const ASSESSMENT_STATES = ['not-assessed', 'in-progress', 'assessed', 'out-of-scope'] as const;
export const AssessmentState = z.enum(ASSESSMENT_STATES);
export type AssessmentState = z.infer<typeof AssessmentState>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export const ConfidenceLevel = z.enum(CONFIDENCE_LEVELS);
export type ConfidenceLevel = z.infer<typeof ConfidenceLevel>;

export const FINDING_CODES = [
  'SITE_LOSS_NEEDS_SECOND_SYSTEM',
  'SECONDARY_IN_SAME_IMPACT_RADIUS',
  'ZERO_RPO_ACROSS_SITES_UNSUPPORTED',
  'STRETCHED_SCALE_UNIT_UNSUPPORTED',
  'INFRASTRUCTURE_PROTECTION_UNSUPPORTED',
  'NO_HA_WITHIN_SYSTEM',
  'STATELESS_WITHOUT_LOAD_BALANCER',
  'CROSS_SYSTEM_LOAD_BALANCER_NOT_EXTERNAL',
  'AVAILABILITY_SET_ACROSS_SYSTEMS',
  'RTO_NOT_MET',
  'RPO_NOT_MET',
  'RTO_AT_RISK',
  'RPO_AT_RISK',
  'NO_POINT_IN_TIME_RECOVERY',
  'BACKUP_NOT_APPLICATION_CONSISTENT',
  'DATA_SOURCE_UNPROTECTED',
  'BACKUP_COPY_IN_SAME_IMPACT_RADIUS',
  'AZURE_TARGET_NOT_ALLOWED',
  'DEPENDENCY_RTO_CONFLICT',
  'DR_NOT_TESTED',
  'NODE_FAULT_TOLERANCE_EXCEEDED',
  'ANSWERS_INCOMPLETE',
  'RECOVERY_CAPACITY_SHORT',
  'NODE_LOSS_RESERVE_SHORT',
  'SITE_RECOVERY_DISK_TOO_LARGE',
  'DEPENDENCY_CYCLE',
] as const;
export const FindingCode = z.enum(FINDING_CODES);
/**
 * Codes only the recovery plans raise, about a system in one disaster rather than one
 * application: they appear in each disaster's plan (`cwb plan`), never in an application's findings.
 */
export const PLAN_ONLY_FINDING_CODES = ['RECOVERY_CAPACITY_SHORT', 'NODE_LOSS_RESERVE_SHORT'] as const satisfies readonly (typeof FINDING_CODES)[number][];
export type FindingCode = z.infer<typeof FindingCode>;

export const RECOMMENDATION_CODES = [
  'DEPLOY_SECOND_SYSTEM',
  'MOVE_RECOVERY_OUT_OF_RADIUS',
  'SYNCHRONOUS_APPLICATION_REPLICATION',
  'PLAN_IN_GUEST_PROTECTION',
  'ADD_INSTANCES_IN_AVAILABILITY_SET',
  'ADD_LOAD_BALANCER',
  'MOVE_LOAD_BALANCER_OUTSIDE',
  'ADD_APPLICATION_REPLICATION',
  'RUN_ACTIVE_ACTIVE',
  'SHORTEN_BACKUP_INTERVAL',
  'ADD_BACKUP',
  'MAKE_BACKUP_APPLICATION_AWARE',
  'PROTECT_DATA_SOURCE',
  'COPY_BACKUPS_ELSEWHERE',
  'RESOLVE_AZURE_TARGET',
  'ALIGN_DEPENDENCY_TARGETS',
  'TEST_FAILOVER',
  'AGREE_TARGETS',
  'COMPLETE_ANSWERS',
  'BREAK_DEPENDENCY_CYCLE',
  'FIT_DISKS_TO_SITE_RECOVERY',
] as const;
export const RecommendationCode = z.enum(RECOMMENDATION_CODES);
export type RecommendationCode = z.infer<typeof RecommendationCode>;

export const EFFORTS = ['low', 'medium', 'high'] as const;
export const Effort = z.enum(EFFORTS);

/** An answer a result was derived from; `missing` means the question was never answered. */
export const AnswerRef = z.object({
  questionId: z.string(),
  componentId: z.string().nullable(),
  status: z.enum(['answered', 'unknown', 'not-applicable', 'missing']),
  value: z.unknown().optional(),
});
export type AnswerRef = z.infer<typeof AnswerRef>;

export const MinutesRange = z.object({ bestMinutes: z.number(), worstMinutes: z.number() });
export type MinutesRange = z.infer<typeof MinutesRange>;

/**
 * Where a term's figures come from: an answer (with the engagement's assumptions such as the
 * restore throughput), an assumption alone, an assumption standing in for an unknown or missing
 * answer, the VM inventory standing in for a data size, or a measured recovery test.
 */
export const TERM_BASES = ['answer', 'assumption', 'stand-in', 'inventory', 'dr-test'] as const;
export const TermBasis = z.enum(TERM_BASES);
export type TermBasis = z.infer<typeof TermBasis>;

/** One term of an estimate's sum, with where its figures came from. */
export const EstimateTerm = z.object({
  measure: z.enum(['rto', 'rpo']),
  label: z.string(),
  bestMinutes: z.number(),
  worstMinutes: z.number(),
  assumption: AssumptionKey.nullable(),
  answers: z.array(AnswerRef),
  /** True when a default stood in for a missing or unknown answer (basis `stand-in` or `inventory`). */
  defaulted: z.boolean(),
  basis: TermBasis,
});
export type EstimateTerm = z.infer<typeof EstimateTerm>;

export const RECOVERY_PLACES = ['in-place', 'same-system', 'other-system', 'public-azure', 'new-system', 'nowhere', 'unknown'] as const;
export const RecoveryPlace = z.enum(RECOVERY_PLACES);
export type RecoveryPlace = z.infer<typeof RecoveryPlace>;

export const ScopeEstimate = z.object({
  /** estimated: both ranges are sums of the terms; unrecoverable: nothing survives this disruption; unknown: answers missing. */
  outcome: z.enum(['estimated', 'unrecoverable', 'unknown']),
  rto: MinutesRange.nullable(),
  rpo: MinutesRange.nullable(),
  terms: z.array(EstimateTerm),
  explanation: z.string(),
});
export type ScopeEstimate = z.infer<typeof ScopeEstimate>;

export const ScopeTarget = z.object({
  rtoMinutes: z.number().nullable(),
  rpoMinutes: z.number().nullable(),
  /** `unknown`: the owner answered the target with "unknown"; the policy's value is not put in its place. */
  rtoSource: z.enum(['policy', 'override', 'unknown', 'none']),
  rpoSource: z.enum(['policy', 'override', 'unknown', 'none']),
});
export type ScopeTarget = z.infer<typeof ScopeTarget>;

export const ScopeResult = z.object({
  scope: DisruptionScope,
  /** Within the impact radius the owner asked to survive. Outside it the scope is reported but never counts as a gap. */
  required: z.boolean(),
  scheme: ProtectionScheme,
  recoveryPlace: RecoveryPlace,
  recoverySystemId: z.string().nullable(),
  /** True when nobody said where the application recovers and the rules picked the place (system, site and region loss). */
  recoveryAssumed: z.boolean(),
  target: ScopeTarget,
  achievable: ScopeEstimate,
  rtoCompliance: Compliance,
  rpoCompliance: Compliance,
  compliance: Compliance,
  /** When compliance is unknown only because something stands in for an unknown: what it would be with the stand-in. */
  complianceIfAssumed: Compliance.nullable(),
  /** Why compliance is what it is, in words, when that is not plain from the figures (unknowns and their stand-ins). */
  complianceNote: z.string().nullable(),
});
export type ScopeResult = z.infer<typeof ScopeResult>;

export const Finding = z.object({
  code: FindingCode,
  severity: Severity,
  scope: DisruptionScope.nullable(),
  componentId: z.string().nullable(),
  title: z.string(),
  rationale: z.string(),
  answers: z.array(AnswerRef),
});
export type Finding = z.infer<typeof Finding>;

export const Reach = z.object({ scope: DisruptionScope, rto: MinutesRange.nullable(), rpo: MinutesRange.nullable() });
export type Reach = z.infer<typeof Reach>;

export const Recommendation = z.object({
  code: RecommendationCode,
  action: z.string(),
  resolves: z.array(FindingCode),
  effort: Effort,
  /** What the change would achieve, in words. */
  outcome: z.string(),
  /** Where the change was modelled: the estimate the scopes would reach. */
  reaches: z.array(Reach),
});
export type Recommendation = z.infer<typeof Recommendation>;

/**
 * An application's confidence: one of the levels, or `not-applicable` for one left out of the
 * assessment, which has no results to be confident about (the summary's counts leave it out).
 */
export const APPLICATION_CONFIDENCE_LEVELS = [...CONFIDENCE_LEVELS, 'not-applicable'] as const;
export const ApplicationConfidenceLevel = z.enum(APPLICATION_CONFIDENCE_LEVELS);
export type ApplicationConfidenceLevel = z.infer<typeof ApplicationConfidenceLevel>;

export const Confidence = z.object({
  level: ApplicationConfidenceLevel,
  /** Answers behind the results that are missing, unknown or stood in for by a default. */
  gaps: z.array(AnswerRef),
  answersUsed: z.number().int(),
});
export type Confidence = z.infer<typeof Confidence>;

export const ApplicationAssessment = z.object({
  applicationId: z.string(),
  name: z.string(),
  policy: z.object({ id: z.string(), name: z.string() }).nullable(),
  statefulness: z.enum(['stateful', 'stateless', 'unknown']),
  hostingSystemId: z.string().nullable(),
  assessment: AssessmentState,
  /** The consultant's reason, when the application is out of scope. */
  outOfScopeReason: z.string().nullable(),
  scopes: z.array(ScopeResult),
  findings: z.array(Finding),
  recommendations: z.array(Recommendation),
  confidence: Confidence,
});
export type ApplicationAssessment = z.infer<typeof ApplicationAssessment>;

/** Per scope, applications by their compliance; not-assessed and out-of-scope applications count only under their own keys. */
export const SCOPE_COUNT_KEYS = ['met', 'atRisk', 'breached', 'unknown', 'notRequired', 'notAssessed', 'outOfScope'] as const;
export type ScopeCountKey = (typeof SCOPE_COUNT_KEYS)[number];
const scopeCounts = z.object(Object.fromEntries(SCOPE_COUNT_KEYS.map((k) => [k, z.number().int()])) as Record<ScopeCountKey, z.ZodNumber>);

export const AssessmentSummary = z.object({
  applications: z.number().int(),
  findingsBySeverity: z.record(Severity, z.number().int()),
  findingsByCode: z.record(z.string(), z.number().int()),
  complianceByScope: z.record(DisruptionScope, scopeCounts),
  /** Applications breached, at risk or unknown for a scope they must survive (not-assessed ones included). */
  atRiskByScope: z.record(DisruptionScope, z.array(z.string())),
  /** Applications by how far their assessment has come. */
  assessment: z.record(AssessmentState, z.number().int()),
  confidence: z.record(ConfidenceLevel, z.number().int()),
  secondSystem: z.object({
    needed: z.boolean(),
    applications: z.array(z.object({ applicationId: z.string(), name: z.string(), scopes: z.array(DisruptionScope) })),
  }),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;

export const Assessment = z.object({
  rulesVersion: z.number().int(),
  catalogueVersion: z.number().int(),
  asOf: z.string(),
  assumptions: z.record(AssumptionKey, AssumptionRange),
  applications: z.array(ApplicationAssessment),
  summary: AssessmentSummary,
});
export type Assessment = z.infer<typeof Assessment>;
