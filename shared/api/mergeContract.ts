import { z } from 'zod';

/**
 * Merging two copies of one engagement (`cwb merge`, *Merge another copy…*): what was taken from
 * each, and the conflicts a person must decide. The `--json` output of `cwb merge` is this report.
 */

export const MERGE_SIDES = ['mine', 'theirs'] as const;
export const MergeSide = z.enum(MERGE_SIDES);
export type MergeSide = z.infer<typeof MergeSide>;

export const MERGE_RECORD_KINDS = [
  'engagement',
  'site',
  'distance',
  'hardwareProfile',
  'system',
  'policy',
  'assumption',
  'application',
  'component',
  'answer',
  'vm',
  'attachment',
] as const;
export const MergeRecordKind = z.enum(MERGE_RECORD_KINDS);
export type MergeRecordKind = z.infer<typeof MergeRecordKind>;

export const TakenChange = z.object({
  /** The record (and field) changed, e.g. `answer:APP/COMPONENT/QUESTION#state`. */
  key: z.string(),
  kind: MergeRecordKind,
  what: z.string(),
  change: z.enum(['added', 'changed', 'removed']),
  /** The copy the change was made in; `both` when both made the same change (taken once). */
  from: z.enum(['mine', 'theirs', 'both']),
  before: z.string().nullable(),
  after: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string().nullable(),
});
export type TakenChange = z.infer<typeof TakenChange>;

/** One side of a conflict, as a person compares them: the value, who, when, and the answer's note. */
export const ConflictSide = z.object({
  value: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string().nullable(),
  note: z.string().nullable(),
});
export type ConflictSide = z.infer<typeof ConflictSide>;

export const CONFLICT_REASONS = {
  'changed-on-both': 'changed differently in each copy',
  'removed-and-changed': 'removed in one copy, changed in the other',
  'added-on-both': 'added in both copies under the same name',
  'unrecorded-change': 'differs between the copies without a recorded change',
} as const;
export const ConflictReason = z.enum(Object.keys(CONFLICT_REASONS) as [keyof typeof CONFLICT_REASONS, ...(keyof typeof CONFLICT_REASONS)[]]);
export type ConflictReason = z.infer<typeof ConflictReason>;

export const MergeConflict = z.object({
  /** Stable for the same two copies: what a resolution names. */
  id: z.string(),
  kind: MergeRecordKind,
  reason: ConflictReason,
  what: z.string(),
  base: z.string().nullable(),
  mine: ConflictSide,
  theirs: ConflictSide,
  /** What choosing each side does beyond the value shown (e.g. what else is kept or removed with it). */
  consequences: z.object({ mine: z.string().nullable(), theirs: z.string().nullable() }),
  resolution: MergeSide.nullable(),
});
export type MergeConflict = z.infer<typeof MergeConflict>;

export const MergeReport = z.object({
  mine: z.string(),
  theirs: z.string(),
  /** The merged file written, or null when nothing was written (conflicts left, or a preview). */
  output: z.string().nullable(),
  engagementId: z.string(),
  /** The last change both copies share (their common history ends there), or null when they share only the start. */
  divergedAt: z.string().nullable(),
  commonHistory: z.number().int(),
  taken: z.array(TakenChange),
  conflicts: z.array(MergeConflict),
  unresolved: z.number().int(),
  written: z.boolean(),
  /** Audit entries written into the merged file, one per change taken from the other copy. */
  applied: z.number().int(),
});
export type MergeReport = z.infer<typeof MergeReport>;

export const MergeResolutions = z.record(z.string(), MergeSide);
export type MergeResolutions = z.infer<typeof MergeResolutions>;
