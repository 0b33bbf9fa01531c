import type { ApiInput } from '../../../../shared/api/contract';
import type {
  ImportGrouping,
  ImportInspection,
  ImportMapping,
  ImportOptionsInput,
  ImportPreview,
  ImportRecord,
  ImportResult,
  ImportSourceInput,
} from '../../../../shared/api/importContract';
import { ApiError, call, uploadFile } from '../api';
import { engagement } from '../engagement/engagement.svelte';
import { messageOf } from '../errors';

export const IMPORT_STEPS = [
  { id: 'source', label: 'File' },
  { id: 'mapping', label: 'Columns' },
  { id: 'grouping', label: 'Applications' },
  { id: 'merge', label: 'Merge' },
] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number]['id'];

/** Rows the mapping step shows as they will be imported. */
export const PREVIEW_ROWS = 50;
const PREVIEW_DELAY_MS = 300;
const PROGRESS_EVERY_MS = 250;

type Work = 'upload' | 'inspect' | 'preview' | 'apply' | 'undo';

/**
 * One run of the import wizard: the file and how to read it, the mapping and grouping chosen,
 * the preview the core computed for them, and the result once applied. Every call to the core
 * goes through here, so the steps stay plain forms over this state.
 */
export class ImportWizard {
  step = $state<ImportStep>('source');
  inspection = $state<ImportInspection | null>(null);
  mapping = $state<ImportMapping | null>(null);
  grouping = $state<ImportGrouping>({ kind: 'none' });
  /** What was typed for each way of grouping, so switching between them loses nothing. */
  groupingDraft = $state({ kind: 'none' as ImportGrouping['kind'], column: '', delimiter: '-', pattern: '^([A-Za-z]+)-' });
  skipTemplates = $state(true);
  skipPoweredOff = $state(false);
  preview = $state<ImportPreview | null>(null);
  result = $state<ImportResult | null>(null);
  history = $state<ImportRecord[]>([]);
  /** What the core is doing for the wizard now; buttons wait for it. */
  working = $state<Work | null>(null);
  rowsRead = $state(0);
  error = $state<string | null>(null);
  /** A short, calm message: a cancelled run, an undone import. */
  notice = $state<string | null>(null);
  /** Browser mode: the share of the picked file sent to the app so far, while it is being sent. */
  uploadProgress = $state<number | null>(null);
  /** A file the browser sent, kept in the app's data folder until the wizard is done with it. */
  #uploaded: string | null = null;
  #previewSeq = 0;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;

  /** True while the preview shown was computed for the options on screen. */
  readonly previewCurrent = $derived(this.preview !== null && this.working !== 'preview');
  readonly longRunning = $derived(this.working === 'preview' || this.working === 'apply');

  /** Reads the top of a file (or re-reads it with another sheet, header row, encoding or delimiter). */
  async inspect(source: ImportSourceInput): Promise<boolean> {
    this.error = null;
    this.notice = null;
    this.working = 'inspect';
    try {
      const inspection = await call('import.inspect', source);
      this.inspection = inspection;
      this.mapping = inspection.mapping;
      this.grouping = inspection.grouping;
      this.#draftFrom(inspection);
      this.preview = null;
      this.result = null;
      return true;
    } catch (failure) {
      this.error = messageOf(failure);
      return false;
    } finally {
      this.working = null;
    }
  }

  /** Browser mode: sends the picked or dropped file to the app, then reads it from there. */
  async upload(file: File): Promise<boolean> {
    this.error = null;
    this.notice = null;
    this.working = 'upload';
    this.uploadProgress = 0;
    let path: string;
    try {
      ({ path } = await uploadFile(file, 'inventory', (share) => (this.uploadProgress = share)));
    } catch (failure) {
      this.error = messageOf(failure);
      this.working = null;
      return false;
    } finally {
      this.uploadProgress = null;
    }
    this.release();
    this.#uploaded = path;
    return this.inspect({ path });
  }

  /** Lets the app remove the file the browser sent (another file was chosen, or the wizard closed). */
  release(): void {
    const uploaded = this.#uploaded;
    this.#uploaded = null;
    if (uploaded) void call('files.discardUpload', { path: uploaded }).catch(() => undefined);
  }

  async inspectSample(): Promise<boolean> {
    try {
      const { path } = await call('import.samplePath', {});
      return await this.inspect({ path });
    } catch (failure) {
      this.error = messageOf(failure);
      return false;
    }
  }

  /** Turns the draft into the grouping, unless the chosen way still lacks its column, delimiter or pattern. */
  applyGroupingDraft(): void {
    const { kind, column, delimiter, pattern } = this.groupingDraft;
    const byKind: Record<ImportGrouping['kind'], ImportGrouping | null> = {
      none: { kind: 'none' },
      column: column ? { kind: 'column', column } : null,
      prefix: delimiter ? { kind: 'prefix', delimiter } : null,
      pattern: pattern ? { kind: 'pattern', pattern } : null,
    };
    const next = byKind[kind];
    if (next) this.grouping = next;
  }

  #draftFrom(inspection: ImportInspection): void {
    const grouping = inspection.grouping;
    const likely = inspection.likelyColumn ?? inspection.headers[0] ?? '';
    this.groupingDraft = {
      kind: grouping.kind,
      column: grouping.kind === 'column' ? grouping.column : likely,
      delimiter: grouping.kind === 'prefix' ? grouping.delimiter : '-',
      pattern: grouping.kind === 'pattern' ? grouping.pattern : '^([A-Za-z]+)-',
    };
  }

  /** The source as read now, to re-inspect it with one thing changed. */
  sourceWith(change: Partial<ImportSourceInput>): ImportSourceInput {
    const inspection = this.inspection!;
    const source: ImportSourceInput = { path: inspection.path, sheet: inspection.sheet, headerRow: inspection.headerRow };
    if (inspection.encoding) source.encoding = inspection.encoding;
    if (inspection.delimiter) source.delimiter = inspection.delimiter;
    return { ...source, ...change };
  }

  options(): ImportOptionsInput {
    const inspection = this.inspection!;
    return $state.snapshot({
      ...this.sourceWith({}),
      preset: inspection.preset,
      mapping: this.mapping ?? inspection.mapping,
      grouping: this.grouping,
      skipTemplates: this.skipTemplates,
      skipPoweredOff: this.skipPoweredOff,
    });
  }

  /** Asks for a new preview a moment after the last change, so typing a pattern does not read the file per key. */
  schedulePreview(): void {
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.refreshPreview(), PREVIEW_DELAY_MS);
  }

  async refreshPreview(): Promise<void> {
    clearTimeout(this.#previewTimer);
    if (!this.inspection) return;
    const seq = ++this.#previewSeq;
    const input: ApiInput<'import.preview'> = { ...this.options(), rows: PREVIEW_ROWS };
    await this.#track('preview', async () => {
      const preview = await call('import.preview', input);
      if (seq === this.#previewSeq) this.preview = preview;
    }, () => seq === this.#previewSeq);
  }

  async apply(): Promise<void> {
    await this.#track('apply', async () => {
      this.result = await call('import.apply', this.options());
      await Promise.all([engagement.reload(), this.loadHistory()]);
    });
  }

  async undo(importId: string): Promise<void> {
    this.error = null;
    this.working = 'undo';
    try {
      const undone = await call('import.undo', { importId });
      if (this.result?.importId === importId) this.result = null;
      await Promise.all([engagement.reload(), this.loadHistory()]);
      this.notice = `Import undone: ${undone.vmsRemoved} VMs removed, ${undone.vmsRestored} restored, ${undone.applicationsRemoved} applications removed.`;
      if (this.inspection) void this.refreshPreview();
    } catch (failure) {
      this.error = messageOf(failure);
    } finally {
      this.working = null;
    }
  }

  async loadHistory(): Promise<void> {
    this.history = await call('import.list', {});
  }

  /** Stops the preview or apply the core is running; it answers the running call with "cancelled". */
  async cancel(): Promise<void> {
    clearTimeout(this.#previewTimer);
    if (this.longRunning) await call('import.cancel', {}).catch(() => null);
  }

  /** The wizard was closed: nothing of it may keep running. */
  dispose(): void {
    void this.cancel();
    this.release();
  }

  /** Runs a long call with the rows-read counter polled beside it. */
  async #track(work: Work, run: () => Promise<void>, stillWanted: () => boolean = () => true): Promise<void> {
    this.error = null;
    // A preview only follows a change; what the last action said (e.g. "undone") still holds.
    if (work === 'apply') this.notice = null;
    this.working = work;
    this.rowsRead = 0;
    const timer = setInterval(() => {
      void call('import.progress', {})
        .then((progress) => {
          if (progress.running && this.working === work) this.rowsRead = progress.rowsRead;
        })
        .catch(() => undefined);
    }, PROGRESS_EVERY_MS);
    try {
      await run();
    } catch (failure) {
      if (!stillWanted()) return;
      // A stopped preview is shown where the preview would be; only a stopped apply needs saying here.
      if (!(failure instanceof ApiError && failure.body.code === 'CANCELLED')) this.error = messageOf(failure);
      else if (work === 'apply') this.notice = failure.body.message;
    } finally {
      clearInterval(timer);
      if (stillWanted()) this.working = null;
    }
  }
}
