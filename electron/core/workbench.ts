import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, parse, resolve } from 'node:path';
import { homedir } from 'node:os';
import {
  API,
  isApiMethod,
  type ApiMethod,
  type ApiOutput,
  type ApiParsedInput,
  type Envelope,
  type FolderListing,
  type HostKind,
} from '../../shared/api/contract';
import type { EngagementView } from '../../shared/domain/engagement';
import { APP_VERSION } from '../../shared/version';
import { findArchetype } from '../../shared/questions/archetypes';
import { CATALOGUE_VERSION } from '../../shared/questions/catalogue';
import { CwbError, inputError, toErrorBody } from './errors';
import { buildDemoEngagement, DEMO_FILE_NAME } from './demo';
import { RecentFiles } from './recentFiles';
import { ProfileStore } from './profile';
import { Uploads } from './uploads';
import { readLogoInput } from './images';
import { accountName } from './settings';
import { EngagementStore } from './store/engagementStore';
import { applyImport, inspectImport, previewImport } from './import/importer';
import { MappingMemory } from './import/mappingMemory';
import { samplePath } from './import/sample';
import { applyAnswerImport, previewAnswerImport } from './workbook/answerImport';
import { buildReportHtml } from './report/html';
import { brandingOf, type Branding } from './report/branding';
import type { PdfPrinter } from './report/pdf';
import { exportSourceWorkbook } from './workbook/exportWorkbook';
import { compareStates } from './signoff/compare';
import { exportSource, readPoint } from './signoff/history';
import { readinessOf } from '../../shared/signoff/readiness';
import { exportReport } from './report/exportReport';
import { assessEngagement } from '../../shared/rules/engine';
import { todayUtc } from '../../shared/rules/format';
import { POLICIES, SITES, SYSTEMS, VMS } from './store/tables';
import { describeSqliteFailure, sqliteCode } from './store/storeContext';
import { mergeInto, previewMergeInto } from './merge/mergeFiles';
import { readEvidenceFile } from './attachments/attachmentKind';
import { writeFileAtomically } from './interchange';
import type { ChangeMarker, UndoState } from '../../shared/api/editContract';
import { ChangeFeed, sameMarker } from './changeFeed';
import { UNDOABLE_CALLS } from './undoableCalls';
import type { StepMeta } from './store/undoHistory';

export const ENGAGEMENT_EXTENSION = '.cwb';

export interface WorkbenchOptions {
  host: HostKind;
  dataDir: string;
  engagementFolder: string;
  /** Who changes are recorded as when given for this run (CWB_ACTOR, a test's name); otherwise the profile's name, then the account's. */
  actor?: string;
  /** How the report becomes a PDF: Electron's printToPDF in the desktop app, a local Chromium otherwise. */
  pdfPrinter?: PdfPrinter;
}

/** `caller` names the window asking (null from the CLI), so each window can tell its own changes from others'. */
export type Handlers = { [M in ApiMethod]: (input: ApiParsedInput<M>, caller: string | null) => ApiOutput<M> | Promise<ApiOutput<M>> };

const NO_STEPS: UndoState = { undo: null, redo: null };

/**
 * The core as one host process sees it: at most one engagement open at a time, and the
 * handlers of every API method. Hosts only carry calls here; they never touch the store.
 */
export class Workbench {
  private store: EngagementStore | null = null;
  private readonly recent: RecentFiles;
  private readonly mappings: MappingMemory;
  readonly profile: ProfileStore;
  /** Files browser mode received from the browser; removed once an import has used them. */
  readonly uploads: Uploads;
  /** The preview or apply running now: one at a time is what the wizard shows. */
  private running: { controller: AbortController; rowsRead: number } | null = null;
  private readonly feed = new ChangeFeed();
  /** The window that last opened, restored or closed the engagement: it need not be told it happened. */
  private switchedBy: string | null = null;
  readonly handlers: Handlers;
  /** Set by a host whose engagement to start with could not be opened; cleared once one is. */
  startupNotice: string | null = null;

  constructor(readonly options: WorkbenchOptions) {
    this.recent = new RecentFiles(options.dataDir);
    this.mappings = new MappingMemory(options.dataDir);
    this.profile = new ProfileStore(options.dataDir);
    this.uploads = new Uploads(options.dataDir);
    this.handlers = {
      'app.info': () => ({
        appVersion: APP_VERSION,
        catalogueVersion: CATALOGUE_VERSION,
        host: options.host,
        defaultFolder: options.engagementFolder,
        startupNotice: this.startupNotice,
      }),
      'engagement.recent': () => this.recent.list(),
      'profile.get': () => this.profile.read(),
      'profile.save': (input) => {
        const saved = this.profile.save(input);
        this.store?.actAs(this.actor());
        return saved;
      },
      'engagement.logo': () => this.requireStore().customerLogo(),
      'engagement.setLogo': ({ logo }) => {
        const store = this.requireStore();
        if (!logo) return store.setCustomerLogo(null);
        return store.setCustomerLogo({ fileName: logo.fileName, ...readLogoInput(logo) });
      },
      'engagement.create': ({ path, customer, title }, caller) =>
        this.adopt(EngagementStore.create(withEngagementExtension(path), { customer, title }, this.actor()), caller),
      'engagement.open': ({ path }, caller) => this.adopt(this.openStore(resolve(path)), caller),
      'engagement.openDemo': (_input, caller) => this.adopt(this.openDemo(), caller),
      'engagement.current': () => this.store?.view() ?? null,
      'engagement.read': ({ parts, applicationIds }) => this.requireStore().viewParts(parts, applicationIds),
      'engagement.saveCopy': async ({ path }) => {
        const target = withEngagementExtension(path);
        await this.requireStore().saveCopy(target);
        return { path: target };
      },
      'engagement.close': (_input, caller) => {
        this.close(caller);
        return null;
      },
      'files.discardUpload': ({ path }) => {
        this.uploads.discard(path);
        return null;
      },
      'files.list': ({ folder }) => (folder === undefined ? listFolder(nearestExistingFolder(options.engagementFolder)) : listFolder(folder)),
      'engagement.updateDetails': (patch) => this.requireStore().updateDetails(patch),
      'site.save': (site) => this.requireStore().save(SITES, site),
      'site.delete': ({ id }) => this.requireStore().removeSite(id),
      'siteDistance.set': ({ siteAId, siteBId, km }) => this.requireStore().setSiteDistance(siteAId, siteBId, km),
      'system.save': (system) => this.requireStore().save(SYSTEMS, system),
      'system.delete': ({ id }) => this.requireStore().removeSystem(id),
      'hardwareProfile.save': (profile) => this.requireStore().saveHardwareProfile(profile),
      'hardwareProfile.delete': ({ id }) => this.requireStore().removeHardwareProfile(id),
      'policy.save': (policy) => this.requireStore().save(POLICIES, policy),
      'policy.delete': ({ id }) => this.requireStore().removePolicy(id),
      'vm.save': (vm) => this.requireStore().saveVm(vm),
      'vm.delete': ({ id }) => this.requireStore().remove(VMS, id),
      'vm.move': ({ vmIds, applicationId }) => this.requireStore().moveVms(vmIds, applicationId),
      'application.add': ({ name, archetypeId }) => {
        if (archetypeId === undefined) return this.requireStore().addApplication(name);
        const archetype = findArchetype(archetypeId);
        if (!archetype) throw new CwbError('NOT_FOUND', `No archetype "${archetypeId}".`, { field: 'archetypeId' });
        return this.requireStore().addApplicationFrom(name, archetype);
      },
      'application.rename': ({ id, name }) => this.requireStore().renameApplication(id, name),
      'application.assignPolicy': ({ policyId, applicationIds }) => this.requireStore().assignPolicy(policyId, applicationIds),
      'application.copyAnswers': ({ fromApplicationId, toApplicationIds }) =>
        this.requireStore().copyAnswers(fromApplicationId, toApplicationIds),
      'component.add': ({ applicationId, name }) => this.requireStore().addComponent(applicationId, name),
      'component.rename': ({ applicationId, componentId, name }) => this.requireStore().renameComponent(applicationId, componentId, name),
      'component.remove': ({ applicationId, componentId }) => this.requireStore().removeComponent(applicationId, componentId),
      'answer.set': ({ applicationId, componentId, questionId, state, note, basedOn }) =>
        this.requireStore().setAnswer(applicationId, componentId ?? null, questionId, state, note, basedOn),
      'answer.clear': ({ applicationId, componentId, questionId }) =>
        this.requireStore().clearAnswer(applicationId, componentId ?? null, questionId),
      'assumptions.set': ({ assumptions }) => this.requireStore().setAssumptions(assumptions),
      'assumptions.reset': () => this.requireStore().resetAssumptions(),
      'workbook.export': ({ path }) => exportSourceWorkbook(resolve(path), exportSource(this.requireStore()), undefined, this.branding()),
      'report.preview': () => {
        const { view, assessment } = exportSource(this.requireStore());
        return { html: buildReportHtml(view, assessment, { branding: this.branding() }) };
      },
      'report.export': async ({ format, path }) => {
        const { view, assessment } = exportSource(this.requireStore());
        const target = resolve(path);
        await exportReport(target, format, view, assessment, { printer: this.options.pdfPrinter, branding: this.branding() });
        return { path: target };
      },
      'answers.importPreview': ({ path }) => previewAnswerImport(resolve(path), this.requireStore().view()),
      'answers.importApply': async ({ path, keys }, caller) => {
        const store = this.requireStore();
        const result = await applyAnswerImport(resolve(path), store, keys);
        this.uploads.discard(path);
        if (result.importId !== null) store.history.recordImport('answer-import', result.importId, `import answers from ${result.fileName}`, caller);
        return result;
      },
      'answers.importUndo': ({ importId }) => {
        const store = this.requireStore();
        const result = store.undoAnswerImport(importId);
        store.history.forgetImport(importId);
        return result;
      },
      'import.inspect': (input) => inspectImport(input, this.mappings),
      'import.preview': ({ rows, ...options }) =>
        this.track((control) => previewImport(options, this.store, control, this.mappings, rows)),
      'import.apply': async (options, caller) => {
        const store = this.requireStore();
        const result = await this.track(async (control) => {
          const applied = await applyImport(options, store, control, this.mappings);
          this.uploads.discard(options.path);
          return applied;
        });
        if (!result.dryRun && result.vmsCreated + result.vmsUpdated + result.applicationsCreated > 0) {
          store.history.recordImport('inventory-import', result.importId, `import the inventory ${basename(options.path)}`, caller);
        }
        return result;
      },
      'import.undo': ({ importId }) => {
        const store = this.requireStore();
        const result = store.undoInventoryImport(importId);
        store.history.forgetImport(importId);
        return result;
      },
      'import.list': () => this.requireStore().inventoryImports(),
      'import.progress': () => ({ running: this.running !== null, rowsRead: this.running?.rowsRead ?? 0 }),
      'import.cancel': () => {
        this.running?.controller.abort();
        return null;
      },
      'import.samplePath': async () => ({ path: await samplePath(options.dataDir) }),
      'signoff.readiness': () => {
        const view = this.requireStore().view();
        return readinessOf(view, assessEngagement(view, { asOf: todayUtc() }));
      },
      'signoff.sign': (signer) => this.requireStore().signOff(signer),
      'signoff.reopen': ({ reason }) => this.requireStore().reopen(reason),
      'signoff.history': () => this.requireStore().signoffs(),
      'signoff.verify': () => this.requireStore().verifySignoff(),
      'snapshots.list': () => this.requireStore().snapshots(),
      'snapshots.restore': ({ id }, caller) => this.restoreSnapshot(id, caller),
      'edit.undo': ({ expectedId }, caller) => {
        const history = this.requireStore().history;
        return { step: history.undo(caller, expectedId), state: history.state(caller) };
      },
      'edit.redo': ({ expectedId }, caller) => {
        const history = this.requireStore().history;
        return { step: history.redo(caller, expectedId), state: history.state(caller) };
      },
      'engagement.changes': async ({ since, waitMs }, caller) => {
        if (sameMarker(since, this.marker())) await this.feed.wait(waitMs ?? 0);
        const marker = this.marker();
        const store = this.store;
        return {
          marker,
          changes: this.feed.since(since, marker, caller),
          state: store && !store.access.readOnly ? store.history.state(caller) : NO_STEPS,
          switchedHere: this.switchedBy !== null && this.switchedBy === caller,
        };
      },
      'history.compare': ({ from, to }) => {
        const store = this.requireStore();
        return compareStates(readPoint(store, from), readPoint(store, to));
      },
      'merge.preview': ({ path }) => previewMergeInto(this.requireStore(), path),
      'merge.apply': ({ path, resolutions }) => {
        const store = this.requireStore();
        const report = mergeInto(store, path, resolutions);
        // A merge is taken back whole by the snapshot kept before it (History), not step by step: the undo history ends here.
        store.history.clear();
        return report;
      },
      'attachment.add': ({ applicationId, componentId, questionId, path }) => {
        // A file the browser sent is read once and then let go, attached or refused.
        try {
          return this.requireStore().addAttachment({ applicationId, componentId: componentId ?? null, questionId: questionId ?? null }, readEvidenceFile(resolve(path)));
        } finally {
          this.uploads.discard(path);
        }
      },
      'attachment.remove': ({ id }) => this.requireStore().removeAttachment(id),
      'attachment.save': ({ id, path }) => {
        const target = resolve(path);
        if (existsSync(target)) throw new CwbError('ALREADY_EXISTS', `${target} already exists; choose another name.`, { field: 'path' });
        writeFileAtomically(target, this.requireStore().attachmentContent(id).bytes);
        return { path: target };
      },
      'attachment.content': ({ id }) => {
        const { meta, bytes } = this.requireStore().attachmentContent(id);
        return { meta, base64: bytes.toString('base64') };
      },
    };
  }

  /**
   * Validates the raw input against the contract, runs the handler, and wraps the outcome.
   * `caller` names the asking window (the page's id over HTTP, the web contents over IPC).
   */
  async dispatch(method: string, rawInput: unknown, caller: string | null = null): Promise<Envelope<unknown>> {
    try {
      if (!isApiMethod(method)) throw new CwbError('UNKNOWN_METHOD', `Unknown API method "${method}".`);
      return { result: await this.run(method, rawInput ?? {}, caller) };
    } catch (error) {
      // SQLite's own failures (a file kept busy by another program, say) in words, never as INTERNAL.
      const described = sqliteCode(error) ? describeSqliteFailure(error, this.store?.path ?? 'The engagement file', 'using') : error;
      return { error: toErrorBody(described) };
    }
  }

  private async run<M extends ApiMethod>(method: M, rawInput: unknown, caller: string | null): Promise<ApiOutput<M>> {
    const parsed = API[method].input.safeParse(rawInput);
    if (!parsed.success) throw inputError(parsed.error);
    // Refused before reading any file: a signed-off or read-only engagement takes no imports either.
    if (CHANGES_ENGAGEMENT.has(method)) this.store?.refuseChanges();
    const handler = this.handlers[method] as (input: unknown, caller: string | null) => ApiOutput<M> | Promise<ApiOutput<M>>;
    const describe = UNDOABLE_CALLS[method] as ((input: unknown, store: EngagementStore) => StepMeta) | undefined;
    if (describe) {
      // One call, one transaction, one undo step; named before the change, while the names are still there.
      const store = this.requireStore();
      const meta = describe(parsed.data, store);
      const result = store.history.record(meta, caller, () => {
        const output = handler(parsed.data, caller);
        if (output instanceof Promise) throw new CwbError('INTERNAL', `${method} must finish inside its transaction to be undoable.`);
        return output;
      });
      this.feed.note(this.marker(), meta.label, caller);
      return result;
    }
    const result = await handler(parsed.data, caller);
    if (NOTED_CHANGES.has(method)) this.feed.note(this.marker(), changeLabel(method, result), caller);
    return result;
  }

  /** Which engagement is open here, and how far its changes have got. */
  private marker(): ChangeMarker | null {
    return this.store ? { epoch: this.store.epoch, revision: this.store.revision() } : null;
  }

  /** Runs a long import step with a cancel switch and a row count that `import.progress` reports. */
  private async track<T>(work: (control: { signal: AbortSignal; onProgress: (rows: number) => void }) => Promise<T>): Promise<T> {
    const running = { controller: new AbortController(), rowsRead: 0 };
    this.running?.controller.abort();
    this.running = running;
    try {
      return await work({ signal: running.controller.signal, onProgress: (rows) => (running.rowsRead = rows) });
    } finally {
      if (this.running === running) this.running = null;
    }
  }

  /** The consultant and the logos the report and the workbook carry: the profile's, and the open engagement's customer logo. */
  private branding(): Branding {
    return brandingOf(this.profile.read(), this.requireStore().customerLogo());
  }

  /** Who changes are recorded as: the name given for this run, else the profile's, else the account's. */
  actor(): string {
    return this.options.actor ?? this.profile.read()?.name ?? accountName();
  }

  get current(): EngagementStore | null {
    return this.store;
  }

  close(caller: string | null = null): void {
    this.store?.close();
    this.store = null;
    this.switchedBy = caller;
    this.feed.note(null, null, null);
  }

  private requireStore(): EngagementStore {
    if (!this.store) throw new CwbError('NO_ENGAGEMENT_OPEN', 'No engagement is open. Open or create one first.');
    return this.store;
  }

  /**
   * Opening the file that is already open here reuses it (opening it a second time would find it
   * locked by this very window and come up read-only); a read-only one is closed and tried again,
   * in case whoever had it has let go.
   */
  private openStore(path: string): EngagementStore {
    const current = this.store;
    if (current && sameFile(current.path, path)) {
      if (!current.access.readOnly) return current;
      this.close();
    }
    return EngagementStore.open(path, this.actor());
  }

  /**
   * Switches to a freshly opened store only once it opened cleanly and could be read whole (a row
   * the app cannot read refuses the file here, naming it); a failure keeps the current one.
   */
  private adopt(store: EngagementStore, caller: string | null = null) {
    let view: EngagementView;
    try {
      view = store.view();
    } catch (error) {
      if (store !== this.store) store.close();
      throw error;
    }
    if (store !== this.store) this.close(caller);
    this.store = store;
    this.startupNotice = null;
    this.switchedBy = caller;
    this.feed.note(null, null, null);
    this.recent.remember({ path: store.path, customer: view.details.customer, title: view.details.title });
    return view;
  }

  /**
   * Closes the engagement, puts the snapshot back and reopens it. Should the restore fail, the
   * engagement is reopened as it was, so the consultant is never left without it.
   */
  private restoreSnapshot(id: string, caller: string | null) {
    const path = this.requireStore().path;
    this.close();
    let restored: EngagementStore;
    try {
      restored = EngagementStore.restore(path, id, this.actor());
    } catch (error) {
      this.adopt(EngagementStore.open(path, this.actor()), caller);
      throw error;
    }
    return this.adopt(restored, caller);
  }

  /** The demo lives beside the user's engagements; it is built once and then kept, edits included. */
  private openDemo(): EngagementStore {
    const path = join(this.options.engagementFolder, DEMO_FILE_NAME);
    try {
      return this.openStore(path);
    } catch (error) {
      if (!(error instanceof CwbError) || error.code !== 'NOT_FOUND') throw error;
    }
    mkdirSync(this.options.engagementFolder, { recursive: true });
    const store = buildDemoEngagement(path, this.actor());
    return store;
  }
}

/** The methods that change the open engagement; the store refuses them too, this only refuses earlier. */
export const CHANGES_ENGAGEMENT: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'engagement.updateDetails',
  'site.save',
  'site.delete',
  'siteDistance.set',
  'system.save',
  'system.delete',
  'hardwareProfile.save',
  'hardwareProfile.delete',
  'policy.save',
  'policy.delete',
  'vm.save',
  'vm.delete',
  'vm.move',
  'application.add',
  'application.rename',
  'application.assignPolicy',
  'application.copyAnswers',
  'component.add',
  'component.rename',
  'component.remove',
  'answer.set',
  'answer.clear',
  'assumptions.set',
  'assumptions.reset',
  'engagement.setLogo',
  'answers.importApply',
  'answers.importUndo',
  'import.apply',
  'import.undo',
  'snapshots.restore',
  'merge.apply',
  'attachment.add',
  'attachment.remove',
  'edit.undo',
  'edit.redo',
]);

/** Changes other windows are told about by name; undoable calls are named by their step. */
const NOTED_CHANGES: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'answers.importApply',
  'answers.importUndo',
  'import.apply',
  'import.undo',
  'merge.apply',
  'edit.undo',
  'edit.redo',
  'signoff.sign',
  'signoff.reopen',
]);

function changeLabel(method: ApiMethod, result: unknown): string {
  switch (method) {
    case 'edit.undo':
      return `Undid: ${(result as { step: { label: string } }).step.label}`;
    case 'edit.redo':
      return `Redid: ${(result as { step: { label: string } }).step.label}`;
    case 'import.apply':
      return 'import of the inventory';
    case 'answers.importApply':
      return `import of answers from ${(result as { fileName: string }).fileName}`;
    case 'merge.apply':
      return 'merge of another copy of the engagement';
    case 'signoff.sign':
      return 'sign-off';
    case 'signoff.reopen':
      return 'reopening after the sign-off';
    default:
      return 'undoing an import';
  }
}

/** Whether two paths name the same file (the same path, or links to one file). */
function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const [first, second] = [statSync(a), statSync(b)];
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}

export function withEngagementExtension(path: string): string {
  const absolute = resolve(path);
  return extname(absolute).toLowerCase() === ENGAGEMENT_EXTENSION ? absolute : `${absolute}${ENGAGEMENT_EXTENSION}`;
}

/** What the import's file chooser offers; .xls is listed so that choosing it explains how to convert it. */
const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xls', '.csv', '.txt']);

/**
 * Where a chooser can start: the folder itself when it exists, else the closest folder above it
 * that does (the default engagement folder is only created by the first engagement saved in it),
 * else the home folder.
 */
export function nearestExistingFolder(folder: string): string {
  let candidate = resolve(folder);
  for (;;) {
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // Not there (yet): try the folder above.
    }
    const parent = dirname(candidate);
    if (parent === candidate) return homedir();
    candidate = parent;
  }
}

/** Lists sub-folders, engagement files and spreadsheets, for the in-app file chooser. Reads names only. */
export function listFolder(folder: string): FolderListing {
  const absolute = resolve(folder);
  let names: string[];
  try {
    if (!statSync(absolute).isDirectory()) throw new Error('not a folder');
    names = readdirSync(absolute);
  } catch {
    throw new CwbError('NOT_FOUND', `The folder ${absolute} does not exist or cannot be read. Go up, or to your home folder, and choose another.`);
  }
  const entries: FolderListing['entries'] = [];
  for (const name of names.sort((a, b) => a.localeCompare(b))) {
    if (name.startsWith('.')) continue;
    const path = join(absolute, name);
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) entries.push({ name, path, kind: 'folder' });
      else if (!stat.isFile()) continue;
      else if (extname(name).toLowerCase() === ENGAGEMENT_EXTENSION) entries.push({ name, path, kind: 'engagement' });
      else if (SPREADSHEET_EXTENSIONS.has(extname(name).toLowerCase())) entries.push({ name, path, kind: 'spreadsheet' });
    } catch {
      // Entries that vanish or cannot be read are simply not offered.
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
  const parent = dirname(absolute);
  return { folder: absolute, parent: parent === absolute || parse(absolute).root === absolute ? null : parent, home: homedir(), entries };
}
