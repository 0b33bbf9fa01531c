import { z } from 'zod';
import {
  AnswerStateInput,
  Application,
  ApplicationName,
  AzureStackSystem,
  Component,
  CustomerName,
  EngagementDetails,
  EngagementStatus,
  EngagementTitle,
  EngagementView,
  HardwareProfile,
  Answer,
  ProtectionPolicy,
  Site,
  SiteDistance,
  Vm,
} from '../domain/engagement';
import { EstimateAssumptionsSchema } from '../rules/assumptions';
import {
  AnswerImportApplyInput,
  AnswerImportInput,
  AnswerImportPreview,
  AnswerImportResult,
  AnswerImportUndoInput,
  AnswerImportUndoResult,
} from './answerImportContract';
import {
  ImportInspection,
  ImportOptions,
  ImportPreview,
  ImportProgress,
  ImportRecord,
  ImportResult,
  ImportSourceInput,
  ImportUndoResult,
} from './importContract';
import { Changes, ChangesInput, UndoInput, UndoResult, ViewPart } from './editContract';
import type { MenuCommand } from './menuCommands';
import { Logo, LogoInput, Profile, ProfileInput } from './profileContract';
import { Comparison, PointInTime, Readiness, SignerInput, Signoff, Snapshot, Verification } from './signoffContract';
import { safeId, safePath, safeText } from '../text/safeText';
import { MergeReport, MergeResolutions } from './mergeContract';
import { AttachmentMeta } from '../domain/attachment';

/** Where the core is running; the renderer adapts (native dialogs only on desktop). */
export const HostKind = z.enum(['desktop', 'browser', 'cli']);
export type HostKind = z.infer<typeof HostKind>;

const FilePath = safePath();

export const RecentFile = z.object({
  path: z.string(),
  customer: z.string(),
  title: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentFile = z.infer<typeof RecentFile>;

export const FolderListing = z.object({
  folder: z.string(),
  parent: z.string().nullable(),
  /** The user's home folder, for the chooser's "Home" button. */
  home: z.string(),
  entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(['folder', 'engagement', 'spreadsheet']) })),
});
export type FolderListing = z.infer<typeof FolderListing>;

const Empty = z.object({}).strict();
const Id = safeId();
const ComponentName = safeText().trim().min(1, 'Component name is required').max(120, 'Component name is longer than 120 characters');

/** Editor saves create when `id` is absent and update when it is present: one call per form. */
const OptionalId = { id: Id.optional() };
const AnswerTarget = {
  applicationId: Id,
  /** Absent for application-level questions; the component's id for component-level ones. */
  componentId: Id.optional(),
  questionId: Id,
};

/**
 * Every call the renderer can make. Each host (IPC, HTTP, CLI) validates the input with the
 * same schema before the core sees it, so a bad value is refused identically everywhere.
 */
export const API = {
  'app.info': {
    input: Empty,
    output: z.object({
      appVersion: z.string(),
      catalogueVersion: z.number(),
      host: HostKind,
      defaultFolder: z.string(),
      /** Why the engagement the app was started with could not be opened, for the start screen; null when there is nothing to say. */
      startupNotice: z.string().nullable(),
    }),
  },
  'engagement.recent': { input: Empty, output: z.array(RecentFile) },
  'engagement.create': {
    input: z.object({ path: FilePath, customer: CustomerName, title: EngagementTitle }).strict(),
    output: EngagementView,
  },
  'engagement.open': { input: z.object({ path: FilePath }).strict(), output: EngagementView },
  'engagement.openDemo': { input: Empty, output: EngagementView },
  'engagement.current': { input: Empty, output: EngagementView.nullable() },
  /** Parts of the open engagement (all of `applications`, or those with `applicationIds`), to read again what a change touched. */
  'engagement.read': {
    input: z.object({ parts: z.array(ViewPart).min(1), applicationIds: z.array(Id).max(1000).optional() }).strict(),
    output: EngagementView.partial(),
  },
  'engagement.close': { input: Empty, output: z.null() },
  /** The consultant's profile, or null before it was ever given (the app then asks for it). */
  'profile.get': { input: Empty, output: Profile.nullable() },
  /** Saves the profile in the app's data folder; from now on changes are recorded under its name. */
  'profile.save': { input: ProfileInput, output: Profile },
  /** The customer's logo kept in the open engagement, for the report's cover and the workbook's Cover sheet. */
  'engagement.logo': { input: Empty, output: Logo.nullable() },
  /** Sets (a PNG or JPEG, checked by its bytes) or removes (null) the customer's logo. */
  'engagement.setLogo': { input: z.object({ logo: LogoInput.nullable() }).strict(), output: Logo.nullable() },
  /** Writes a complete copy of the open engagement to a new file (.cwb added when missing); the open file stays the one being edited. */
  'engagement.saveCopy': { input: z.object({ path: FilePath }).strict(), output: z.object({ path: z.string() }) },
  /** Removes a file the browser uploaded (browser mode) once the screen that used it lets go; other paths are left alone. */
  'files.discardUpload': { input: z.object({ path: FilePath }).strict(), output: z.null() },
  'files.list': {
    input: z.object({ folder: safePath().optional() }).strict(),
    output: FolderListing,
  },
  'engagement.updateDetails': {
    input: z
      .object({
        customer: CustomerName.optional(),
        title: EngagementTitle.optional(),
        consultants: safeText().trim().max(500).optional(),
        workshopDates: safeText().trim().max(200).optional(),
        scopeNotes: safeText().trim().max(10_000).optional(),
        /** Draft and in review only: signing off goes through `signoff.sign`, which fingerprints the content. */
        status: EngagementStatus.exclude(['signed-off'], { error: 'Sign the engagement off with a sign-off, not by changing its status' }).optional(),
      })
      .strict(),
    output: EngagementDetails,
  },
  'site.save': { input: Site.omit({ id: true }).extend(OptionalId).strict(), output: Site },
  'site.delete': { input: z.object({ id: Id }).strict(), output: z.null() },
  'siteDistance.set': {
    input: z.object({ siteAId: Id, siteBId: Id, km: SiteDistance.shape.km.nullable() }).strict(),
    output: z.array(SiteDistance),
  },
  'system.save': { input: AzureStackSystem.omit({ id: true }).extend(OptionalId).strict(), output: AzureStackSystem },
  'system.delete': { input: z.object({ id: Id }).strict(), output: z.null() },
  /** A hardware profile (memory, cores and usable storage per node) that systems can share. */
  'hardwareProfile.save': { input: HardwareProfile.omit({ id: true }).extend(OptionalId).strict(), output: HardwareProfile },
  /** Refused while a system uses the profile. */
  'hardwareProfile.delete': { input: z.object({ id: Id }).strict(), output: z.null() },
  'policy.save': { input: ProtectionPolicy.omit({ id: true }).extend(OptionalId).strict(), output: ProtectionPolicy },
  'policy.delete': { input: z.object({ id: Id }).strict(), output: z.null() },
  /** Creates or changes one VM; a name another VM has (in any case) is refused, naming that VM's application. */
  'vm.save': { input: Vm.omit({ id: true }).extend(OptionalId).strict(), output: Vm },
  'vm.delete': { input: z.object({ id: Id }).strict(), output: z.null() },
  /** Puts VMs into an application (null: into none), all in one transaction and one undo step. */
  'vm.move': {
    input: z
      .object({
        vmIds: z.array(Id).min(1, 'Choose at least one VM').max(20_000, 'Move at most 20,000 VMs at a time'),
        applicationId: Id.nullable(),
      })
      .strict(),
    output: z.object({ moved: z.number().int() }),
  },
  'application.add': {
    input: z.object({ name: ApplicationName, archetypeId: Id.optional() }).strict(),
    output: Application,
  },
  'application.rename': { input: z.object({ id: Id, name: ApplicationName }).strict(), output: z.null() },
  'application.assignPolicy': {
    input: z.object({ policyId: Id, applicationIds: z.array(Id).min(1, 'Choose at least one application') }).strict(),
    output: z.null(),
  },
  'application.copyAnswers': {
    input: z
      .object({ fromApplicationId: Id, toApplicationIds: z.array(Id).min(1, 'Choose at least one application to copy to') })
      .strict(),
    output: z.null(),
  },
  'component.add': { input: z.object({ applicationId: Id, name: ComponentName }).strict(), output: Component },
  'component.rename': { input: z.object({ applicationId: Id, componentId: Id, name: ComponentName }).strict(), output: z.null() },
  'component.remove': { input: z.object({ applicationId: Id, componentId: Id }).strict(), output: z.null() },
  'answer.set': {
    input: z
      .object({
        ...AnswerTarget,
        state: AnswerStateInput,
        note: safeText().max(4000).optional(),
        /**
         * The `answeredAt` of the answer this change started from (null: it was not answered).
         * When the stored answer is another one, a newer answer from another window would be lost:
         * the save is refused (STALE). Absent: no check.
         */
        basedOn: z.string().max(40).nullable().optional(),
        /** Typed text: saves of one field a few seconds apart undo as one step. */
        typing: z.boolean().optional(),
      })
      .strict(),
    output: Answer,
  },
  'answer.clear': { input: z.object(AnswerTarget).strict(), output: z.null() },
  'assumptions.set': { input: z.object({ assumptions: EstimateAssumptionsSchema }).strict(), output: EstimateAssumptionsSchema },
  'assumptions.reset': { input: Empty, output: EstimateAssumptionsSchema },
  /** Writes the assessment workbook (.xlsx) of the open engagement, assessed as of today. */
  'workbook.export': { input: z.object({ path: FilePath }).strict(), output: z.object({ path: z.string() }) },
  /** The report as one self-contained HTML page, for the in-app preview. */
  'report.preview': { input: Empty, output: z.object({ html: z.string() }) },
  /** Writes the recommendation report of the open engagement, assessed as of today: HTML, PDF (Electron's printer in the desktop app, a local Chromium elsewhere) or DOCX. */
  'report.export': {
    input: z.object({ format: z.enum(['html', 'pdf', 'docx']), path: FilePath }).strict(),
    output: z.object({ path: z.string() }),
  },
  /** Reads a workbook filled in offline and lists what importing its answers would change; writes nothing. */
  'answers.importPreview': { input: AnswerImportInput, output: AnswerImportPreview },
  /** Applies the chosen changes of that workbook (all valid ones when no keys are given) in one transaction. */
  'answers.importApply': { input: AnswerImportApplyInput, output: AnswerImportResult },
  /** Puts back the answers one workbook import replaced; refused when any was changed again since. */
  'answers.importUndo': { input: AnswerImportUndoInput, output: AnswerImportUndoResult },
  /** The file's sheets, header row, detected preset and suggested (or remembered) mapping; reads only the top of the file. */
  'import.inspect': { input: ImportSourceInput, output: ImportInspection },
  /** Reads the whole file with the chosen options and shows what applying would do; writes nothing. */
  'import.preview': {
    input: ImportOptions.extend({ rows: z.number().int().min(1).max(500).optional() }).strict(),
    output: ImportPreview,
  },
  /** Merges the file into the open engagement in one transaction; the mapping is remembered for the file's shape. */
  'import.apply': { input: ImportOptions, output: ImportResult },
  'import.undo': { input: z.object({ importId: Id }).strict(), output: ImportUndoResult },
  'import.list': { input: Empty, output: z.array(ImportRecord) },
  /** Rows read so far by the preview or apply running now, for a progress bar. */
  'import.progress': { input: Empty, output: ImportProgress },
  /** Stops the preview or apply running now; the engagement is left as it was. */
  'import.cancel': { input: Empty, output: z.null() },
  /** A fictional RVTools export to try the import with (written on first use). */
  'import.samplePath': { input: Empty, output: z.object({ path: z.string() }) },
  /** What is still missing before a sign-off, each item naming its application and question. */
  'signoff.readiness': { input: Empty, output: Readiness },
  /** Signs the engagement (a snapshot is taken first) and freezes it; on a signed engagement, adds a co-signer to the same fingerprint. */
  'signoff.sign': { input: SignerInput, output: Signoff },
  /** Voids the sign-off in force (kept in the history with who, when and why) and unlocks editing. */
  'signoff.reopen': {
    input: z.object({ reason: safeText().trim().min(1, 'Say why the sign-off is reopened').max(2000) }).strict(),
    output: EngagementDetails,
  },
  /** Every sign-off, oldest first, void ones included. */
  'signoff.history': { input: Empty, output: z.array(Signoff) },
  /** Recomputes the fingerprint of the sign-off in force from the file's data. */
  'signoff.verify': { input: Empty, output: Verification },
  /** The automatic snapshots of the open engagement, newest first. */
  'snapshots.list': { input: Empty, output: z.array(Snapshot) },
  /** Puts a snapshot back as the engagement (the current state is snapshotted first) and reopens it. */
  'snapshots.restore': { input: z.object({ id: safeId().max(300) }).strict(), output: EngagementView },
  /** Undoes the newest change in the engagement's one undo history (every window shares it), saying what it undid. */
  'edit.undo': { input: UndoInput, output: UndoResult },
  'edit.redo': { input: UndoInput, output: UndoResult },
  /** The changes saved since `since` and the next undo and redo; waits up to `waitMs` for a change when there is none yet. */
  'engagement.changes': { input: ChangesInput, output: Changes },
  /** What changed in answers and results, application by application, between two points in time. */
  'history.compare': { input: z.object({ from: PointInTime, to: PointInTime }).strict(), output: Comparison },
  /** What merging another copy of this engagement would take, and where the two conflict; reads only. */
  'merge.preview': { input: z.object({ path: FilePath }).strict(), output: MergeReport },
  /** Merges another copy in with a decision for every conflict: a snapshot first, then one transaction. */
  'merge.apply': { input: z.object({ path: FilePath, resolutions: MergeResolutions }).strict(), output: MergeReport },
  /** Attaches a file from disk as evidence for the application, or for one answer (question, and component for a component's). */
  'attachment.add': {
    input: z.object({ applicationId: Id, componentId: Id.optional(), questionId: Id.optional(), path: FilePath }).strict(),
    output: AttachmentMeta,
  },
  'attachment.remove': { input: z.object({ id: Id }).strict(), output: z.null() },
  /** Writes the attached file, byte for byte, to a new file. */
  'attachment.save': { input: z.object({ id: Id, path: FilePath }).strict(), output: z.object({ path: z.string() }) },
  /** The file itself in base64, for the desktop app's preview (browser mode loads it from its own address instead). */
  'attachment.content': { input: z.object({ id: Id }).strict(), output: z.object({ meta: AttachmentMeta, base64: z.string() }) },
} as const;

export type ApiMethod = keyof typeof API;
export type ApiInput<M extends ApiMethod> = z.input<(typeof API)[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof API)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof API)[M]['output']>;

export const API_METHODS = Object.keys(API) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(API, name);
}

/** Stable error codes; the renderer and the CLI branch on these, never on message text. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_SQLITE',
  'NOT_AN_ENGAGEMENT',
  'CORRUPT',
  'NEWER_SCHEMA',
  /** Read-only commands do not upgrade a file in an older format; the app does when it opens it. */
  'OLDER_SCHEMA',
  'NO_ENGAGEMENT_OPEN',
  'IO',
  'CANCELLED',
  /** The engagement is signed off: nothing changes until it is reopened. */
  'SIGNED_OFF',
  /** The file is open elsewhere, or on a medium that cannot be written: it was opened read-only. */
  'READ_ONLY',
  /** A file, a value in it or a request is beyond a documented limit (the README's limits table). */
  'TOO_LARGE',
  /** The snapshot folder beside the engagement is a link or not a plain folder of the file's owner: the change that needed a snapshot was not made. */
  'SNAPSHOT_UNSAFE',
  /** The change was based on something that has changed since (another window's newer answer, an undo whose rows moved on). */
  'STALE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The one envelope every transport carries: IPC, HTTP and in-process calls. */
export type Envelope<T> = { result: T } | { error: ApiErrorBody };

/** What browser mode's `POST /upload` answers: where the file now is, for the import to read. */
export interface UploadResult {
  path: string;
  fileName: string;
  size: number;
}

/** What the preload exposes and the HTTP client implements: one generic call. */
export interface ApiTransport {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Envelope<ApiOutput<M>>>;
}

/**
 * What the Electron preload puts on `window.cwb`: the one API call, plus the native file
 * dialogs that only the desktop has. Browser mode offers its own in-page file chooser instead.
 */
export interface DesktopBridge extends ApiTransport {
  readonly host: 'desktop';
  chooseEngagementToOpen(): Promise<string | null>;
  chooseEngagementToCreate(suggestedName: string): Promise<string | null>;
  /** An inventory (.xlsx, .csv) or a filled-in workbook (.xlsx) to read. */
  chooseSpreadsheet(purpose: 'inventory' | 'answers'): Promise<string | null>;
  /** Where to write an export; `suggestedPath` names the folder and file the dialog starts on. */
  chooseExportPath(suggestedPath: string): Promise<string | null>;
  /** A file to attach as evidence (PDF, PNG, JPEG, XLSX, CSV, TXT). */
  chooseEvidence(): Promise<string | null>;
  /** The path of a file dropped on the window (Electron's webUtils); empty when it has none. */
  pathForFile(file: File): string;
  /** Calls back on each click in the native menu; the returned function stops listening. */
  onMenuCommand(callback: (command: MenuCommand) => void): () => void;
}

export { IPC_CHANNELS } from './ipcChannels';
