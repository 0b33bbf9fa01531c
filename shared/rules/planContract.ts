import { z } from 'zod';
import { AnswerRef, Compliance, MinutesRange, ProtectionScheme, RecoveryPlace, Severity } from './assessment';
import { SystemCapacity } from './capacity';
import { DISASTER_KINDS } from './disasters';

/**
 * The recovery plans: a public contract read by the Recovery plan view, the workbook's "Recovery
 * plan" and "Capacity" sheets, the report and `cwb plan --json`. Add fields; never rename them.
 */

export const DisasterKind = z.enum(DISASTER_KINDS);

/** A recovery's result against its target, in the same values as the results' compliance. */
export const PlanCompliance = Compliance;
export type PlanCompliance = Compliance;

/**
 * estimated: both ends of `back` are known; unknown: its own recovery time, or that of something
 * it waits for, is not known; unrecoverable: nothing of it survives; blocked: it waits for an
 * application that cannot be recovered.
 */
export const PLAN_OUTCOMES = ['estimated', 'unknown', 'unrecoverable', 'blocked'] as const;
export const PlanOutcome = z.enum(PLAN_OUTCOMES);
export type PlanOutcome = z.infer<typeof PlanOutcome>;

export const ApplicationRef = z.object({ applicationId: z.string(), name: z.string() });
export type ApplicationRef = z.infer<typeof ApplicationRef>;

export const PlanStep = z.object({ text: z.string(), minutes: MinutesRange.nullable() });
export type PlanStep = z.infer<typeof PlanStep>;

export const PlanApplication = z.object({
  applicationId: z.string(),
  name: z.string(),
  scheme: ProtectionScheme,
  recoveryPlace: RecoveryPlace,
  recoverySystemId: z.string().nullable(),
  /** Where it comes back, in words: a system's name, "public Azure", "new hardware"; null when nowhere or not known. */
  recoversOn: z.string().nullable(),
  outcome: PlanOutcome,
  /** Its own recovery time, the estimate of its results for this disruption. */
  own: MinutesRange.nullable(),
  /** When what it waits for is back, so its own recovery can start (zero when it waits for nothing). */
  start: MinutesRange.nullable(),
  /** When it is back, best and worst case, counted from the disaster. */
  back: MinutesRange.nullable(),
  targetMinutes: z.number().nullable(),
  /** Within the impact radius the owner asked to survive. */
  required: z.boolean(),
  compliance: PlanCompliance,
  /** Its own estimate against the target, as if it waited for nothing. */
  ownCompliance: PlanCompliance,
  /** The applications it depends on that this disaster also takes down. */
  waitsFor: z.array(ApplicationRef),
  /** Set when it would meet its target on its own but misses it waiting: the dependency that holds it back. */
  heldBackBy: ApplicationRef.nullable(),
  inCycle: z.boolean(),
  steps: z.array(PlanStep),
  notes: z.array(z.string()),
});
export type PlanApplication = z.infer<typeof PlanApplication>;

export const PLAN_FINDING_CODES = ['RECOVERY_CAPACITY_SHORT', 'NODE_LOSS_RESERVE_SHORT', 'DEPENDENCY_RTO_CONFLICT', 'DEPENDENCY_CYCLE'] as const;
export const PlanFindingCode = z.enum(PLAN_FINDING_CODES);
export type PlanFindingCode = z.infer<typeof PlanFindingCode>;

/** A finding of one disaster's plan: the shape of the assessment's findings, with the applications and system it is about. */
export const PlanFinding = z.object({
  code: PlanFindingCode,
  severity: Severity,
  scope: DisasterKind,
  componentId: z.null(),
  title: z.string(),
  rationale: z.string(),
  answers: z.array(AnswerRef),
  applicationIds: z.array(z.string()),
  systemId: z.string().nullable(),
});
export type PlanFinding = z.infer<typeof PlanFinding>;

export const DisasterPlan = z.object({
  disaster: z.object({
    kind: DisasterKind,
    name: z.string(),
    /** As `cwb plan --disaster` takes it: `site:Rotterdam DC1`. */
    key: z.string(),
    /** The systems it takes down whole (none for a node). */
    lostSystems: z.array(z.object({ systemId: z.string(), name: z.string() })),
  }),
  /** At least one application it takes down must survive it (within its impact radius). */
  mustSurvive: z.boolean(),
  summary: z.string(),
  waves: z.array(z.object({ number: z.number().int(), applications: z.array(PlanApplication) })),
  /** Each system that survives, against what it must then carry; empty when none survives. */
  capacity: z.array(SystemCapacity),
  /** Why the capacity list is empty, or what it leaves out. */
  capacityNote: z.string().nullable(),
  /** Applications that depend on each other in a circle, by name. */
  cycles: z.array(z.array(z.string())),
  findings: z.array(PlanFinding),
  /** Applications whose hosting system is not known: this disaster may take them down too. */
  unplaced: z.array(z.string()),
  /** Applications it takes down that were left out of the assessment: not planned, though their VMs still count. */
  leftOut: z.array(z.string()),
});
export type DisasterPlan = z.infer<typeof DisasterPlan>;

export const RecoveryPlans = z.object({
  asOf: z.string(),
  disasters: z.array(DisasterPlan),
  /** Each operational system in normal operation: what it carries today against what it has. */
  today: z.array(SystemCapacity),
});
export type RecoveryPlans = z.infer<typeof RecoveryPlans>;
