import { z } from 'zod';

/**
 * Undo, redo and the changes other windows made: the core keeps one history per open
 * engagement, so every window sees the same steps, and a window can wait for the next change.
 */

/** Where a step's change shows, so the screen can go there after undoing or redoing it. */
export const StepPlace = z.object({
  /** Absent: the change shows wherever the consultant is (e.g. the engagement's status). */
  view: z.enum(['interview', 'setup', 'vms']).optional(),
  applicationId: z.string().optional(),
  componentId: z.string().optional(),
  questionId: z.string().optional(),
  /** A part of the application's page that is not a question: its list of VMs. */
  section: z.enum(['vms']).optional(),
});
export type StepPlace = z.infer<typeof StepPlace>;

/** The parts of the engagement a window reads again after a change (`applications` brings the attachments too). */
export const VIEW_PARTS = ['details', 'setup', 'applications', 'vms'] as const;
export const ViewPart = z.enum(VIEW_PARTS);
export type ViewPart = z.infer<typeof ViewPart>;

/** What a step changed: the parts to read again, and which applications (absent: all of them). */
export const StepTouched = z.object({ parts: z.array(ViewPart), applicationIds: z.array(z.string()).optional() });
export type StepTouched = z.infer<typeof StepTouched>;

export const UndoStep = z.object({
  id: z.number().int(),
  /** What the step did, in the consultant's words: "delete VM web01". */
  label: z.string(),
  /** For one answer: the answer before and after the step, in words. */
  from: z.string().optional(),
  to: z.string().optional(),
  /** Made from the window asking (its own change), rather than from another one. */
  mine: z.boolean(),
  at: z.string(),
  place: StepPlace,
  touched: StepTouched,
});
export type UndoStep = z.infer<typeof UndoStep>;

export const UndoState = z.object({ undo: UndoStep.nullable(), redo: UndoStep.nullable() });
export type UndoState = z.infer<typeof UndoState>;

export const UndoInput = z
  .object({
    /** The step the window showed as next; another window's newer step is then not undone unseen. */
    expectedId: z.number().int().nullable(),
  })
  .strict();

export const UndoResult = z.object({ step: UndoStep, state: UndoState });
export type UndoResult = z.infer<typeof UndoResult>;

/** Which state of which open engagement a window has: it changes with every saved change. */
export const ChangeMarker = z.object({
  /** Changes each time an engagement file is opened (a restore or another file included). */
  epoch: z.string().max(100),
  revision: z.number().int(),
});
export type ChangeMarker = z.infer<typeof ChangeMarker>;

export const ChangesInput = z
  .object({
    since: ChangeMarker.nullable(),
    /** How long to wait for a change when there is none yet (a long poll); 0 answers at once. */
    waitMs: z.number().int().min(0).max(30_000).optional(),
  })
  .strict();

export const ChangeNote = z.object({ label: z.string(), mine: z.boolean(), at: z.string() });
export type ChangeNote = z.infer<typeof ChangeNote>;

export const Changes = z.object({
  /** null when no engagement is open. */
  marker: ChangeMarker.nullable(),
  /** The changes after `since`, oldest first, while the core still remembers them; empty after a reopen. */
  changes: z.array(ChangeNote),
  state: UndoState,
  /** The engagement open now (or none) was opened, restored or closed by the asking window itself. */
  switchedHere: z.boolean(),
});
export type Changes = z.infer<typeof Changes>;
