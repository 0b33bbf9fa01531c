import { z } from 'zod';
import { safePath } from '../text/safeText';

/**
 * Answers coming back in an assessment workbook that application owners filled in offline:
 * what changed, shown before anything is written, then applied all or in part.
 */

const FilePath = safePath();

export const AnswerImportInput = z.object({ path: FilePath }).strict();

export const AnswerImportApplyInput = z
  .object({
    path: FilePath,
    /** The changes to apply, by key; every valid change when absent. */
    keys: z.array(z.string().max(300)).max(100_000).optional(),
  })
  .strict();

/**
 * `change`: valid and different from the engagement; `invalid`: the owner's value cannot be an
 * answer (the reason says why); `ignored`: an edit that is never taken, such as a cleared row.
 */
export const ANSWER_CHANGE_KINDS = ['change', 'invalid', 'ignored'] as const;

export const AnswerChange = z.object({
  /** applicationId/componentId/questionId (componentId empty for application questions). */
  key: z.string(),
  kind: z.enum(ANSWER_CHANGE_KINDS),
  /** The row in the workbook's Interview sheet. */
  row: z.number().int(),
  applicationId: z.string(),
  application: z.string(),
  componentId: z.string().nullable(),
  component: z.string(),
  questionId: z.string(),
  question: z.string(),
  /** The answer in the engagement now, in words. */
  before: z.string(),
  /** What the workbook says, in words. */
  after: z.string(),
  reason: z.string().nullable(),
  /** The answer was also changed in the engagement after the workbook was exported. */
  changedSinceExport: z.boolean(),
});
export type AnswerChange = z.infer<typeof AnswerChange>;

export const AnswerImportPreview = z.object({
  fileName: z.string(),
  /** When the workbook was exported; null when its metadata sheet is missing. */
  exportedAt: z.string().nullable(),
  rowsRead: z.number().int(),
  editedRows: z.number().int(),
  /** Edited rows whose new value is what the engagement already holds. */
  unchanged: z.number().int(),
  changes: z.array(AnswerChange),
  warnings: z.array(z.string()),
});
export type AnswerImportPreview = z.infer<typeof AnswerImportPreview>;

export const AnswerImportResult = z.object({
  fileName: z.string(),
  /** For `answers.importUndo`; null when nothing was applied. */
  importId: z.string().nullable(),
  applied: z.number().int(),
  /** Valid changes left out because they were not selected. */
  notSelected: z.number().int(),
  invalid: z.number().int(),
  ignored: z.number().int(),
});
export type AnswerImportResult = z.infer<typeof AnswerImportResult>;

export const AnswerImportUndoInput = z.object({ importId: z.string().min(1).max(100) }).strict();
export const AnswerImportUndoResult = z.object({ restored: z.number().int() });
