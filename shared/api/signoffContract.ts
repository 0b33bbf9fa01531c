import { z } from 'zod';
import { safeId, safeText } from '../text/safeText';

/**
 * Sign-off, snapshots and comparisons: the record a customer relies on in an audit. A sign-off
 * freezes the engagement and fingerprints its content; reopening voids it but keeps it.
 */

const signerText = (field: string, max: number) =>
  safeText()
    .trim()
    .min(1, `${field} is required`)
    .max(max, `${field} is longer than ${max} characters`);

export const SignerInput = z
  .object({
    name: signerText('Signer name', 120),
    role: signerText('Role', 120),
    organisation: signerText('Organisation', 160),
    comment: safeText().trim().max(2000, 'Comment is longer than 2,000 characters').optional(),
  })
  .strict();
export type SignerInput = z.infer<typeof SignerInput>;

import { Signer } from '../domain/signoff';

export { Signer, Signoff } from '../domain/signoff';

export const READINESS_KINDS = ['unanswered', 'unknown-without-owner', 'no-targets', 'not-assessed'] as const;
export type ReadinessKind = (typeof READINESS_KINDS)[number];

export const ReadinessItem = z.object({
  kind: z.enum(READINESS_KINDS),
  applicationId: z.string(),
  applicationName: z.string(),
  componentId: z.string().nullable(),
  componentName: z.string().nullable(),
  /** The question to jump to; null for an application-wide gap (not assessed). */
  questionId: z.string().nullable(),
  text: z.string(),
});
export type ReadinessItem = z.infer<typeof ReadinessItem>;

export const Readiness = z.object({
  ready: z.boolean(),
  counts: z.object({ unanswered: z.number(), unknownWithoutOwner: z.number(), noTargets: z.number(), notAssessed: z.number() }),
  items: z.array(ReadinessItem),
});
export type Readiness = z.infer<typeof Readiness>;

export const Snapshot = z.object({
  /** The snapshot's file name without the extension; what `cwb restore` and the History view take. */
  id: z.string(),
  at: z.string(),
  reason: z.string(),
  sizeBytes: z.number(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** A point in time to compare: the engagement now, a snapshot, or what a sign-off fingerprinted. */
export const PointInTime = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('current') }).strict(),
  z.object({ kind: z.literal('snapshot'), id: safeId().max(300) }).strict(),
  z.object({ kind: z.literal('signoff'), id: z.number().int().min(1) }).strict(),
]);
export type PointInTime = z.infer<typeof PointInTime>;

export const ValueChange = z.object({ what: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type ValueChange = z.infer<typeof ValueChange>;

export const ApplicationComparison = z.object({
  applicationId: z.string(),
  name: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  answers: z.array(ValueChange),
  results: z.array(ValueChange),
});
export type ApplicationComparison = z.infer<typeof ApplicationComparison>;

export const Comparison = z.object({
  from: z.string(),
  to: z.string(),
  /** Engagement-wide changes: details, sites, systems, policies, assumptions, VM counts. */
  engagement: z.array(ValueChange),
  applications: z.array(ApplicationComparison),
});
export type Comparison = z.infer<typeof Comparison>;

export const VerificationProblem = z.object({
  /** Where: "Interview!F12", "sheet Findings", "signed content", "application Payroll". */
  place: z.string(),
  message: z.string(),
});
export type VerificationProblem = z.infer<typeof VerificationProblem>;

export const Verification = z.object({
  /** `verified`: the fingerprint and every checked place agree; `unsigned`: nothing to verify. */
  outcome: z.enum(['verified', 'altered', 'unsigned']),
  fingerprint: z.string().nullable(),
  signers: z.array(Signer),
  /** What was compared, e.g. "the signed content and 11 visible sheets (4,210 cells)". */
  checked: z.string(),
  problems: z.array(VerificationProblem),
});
export type Verification = z.infer<typeof Verification>;
