import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type {
  Answer,
  AnswerState,
  Application,
  AzureStackSystem,
  Component,
  EngagementDetails,
  EngagementView,
  HardwareProfile,
  ProtectionPolicy,
  Site,
  SiteDistance,
  Vm,
} from '../../../shared/domain/engagement';
import type { EstimateAssumptions } from '../../../shared/rules/assumptions';
import type { EngagementDocument } from '../../../shared/interchange/engagementJson';
import type { ImportRecord, ImportUndoResult } from '../../../shared/api/importContract';
import type { ViewPart } from '../../../shared/api/editContract';
import type { InventoryPlan } from '../import/plan';
import { CwbError, fileError } from '../errors';
import { prepareOutputFolder, removeTemporary, temporaryBeside } from '../interchange';
import type { CheckedImage } from '../images';
import type { Logo } from '../../../shared/api/profileContract';
import type { Archetype } from '../../../shared/questions/archetypes';
import type { Signoff } from '../../../shared/domain/signoff';
import type { Snapshot, SignerInput, Verification } from '../../../shared/api/signoffContract';
import type { SignedContent } from '../../../shared/signoff/canonical';
import { SCHEMA_VERSION } from './migrations';
import { acquireLock } from './fileLock';
import { listSnapshots, replaceWithSnapshot, snapshotClosedFile, snapshotFile, snapshotOpenFile, type SnapshotReason } from './snapshots';
import type { TableMapping } from './tables';
import { describeSqliteFailure, now, StoreContext, WRITABLE, type AuditEntry, type Db, type StoreAccess } from './storeContext';
import { configure, connect, inspectFile, unwritableReason } from './openFile';
import { migrate } from './migrate';
import { fillFromDocument } from './fromDocument';
import * as setup from './setup';
import * as hardware from './hardwareProfiles';
import * as applications from './applications';
import * as answering from './answers';
import * as inventory from './inventoryImports';
import * as estimates from './assumptions';
import * as signoffRecords from './signoffs';
import * as signing from './signing';
import * as evidence from './attachments';
import type { AttachmentMeta } from '../../../shared/domain/attachment';
import * as branding from './customerLogo';
import { engagementParts, engagementView } from './view';
import * as vmRecords from './vms';
import { UndoHistory } from './undoHistory';
import type { AuditRow } from '../merge/records';
import type { MergePlan } from '../merge/plan';
import { writeMerge, type MergeWriteSource } from '../merge/write';
import type { MergeResolutions } from '../../../shared/api/mergeContract';

export type { StoreAccess } from './storeContext';

/**
 * One open engagement file: opening, creating, migrating, locking and checking it live here; each
 * domain's reads and changes live in its own module (setup, hardwareProfiles, applications,
 * answers, inventoryImports, assumptions, signoffs, signing), which all write through one StoreContext,
 * so every change runs in one transaction together with its audit entry.
 */
export class EngagementStore {
  private constructor(
    readonly path: string,
    db: Db,
    actor: string,
    readonly access: StoreAccess = WRITABLE,
    private readonly releaseLock: () => void = () => {},
  ) {
    this.context = new StoreContext(path, db, actor, access);
  }

  private readonly context: StoreContext;

  private undoHistory: UndoHistory | null = null;

  /** Changes each time a file is opened, so a window can tell a reopened (or restored) engagement from the one it had. */
  readonly epoch = randomUUID();

  /** The undo history of this opening of the file (made on first use: a read-only store never needs one). */
  get history(): UndoHistory {
    this.undoHistory ??= new UndoHistory(this.context);
    return this.undoHistory;
  }

  /** Grows with every saved change: the newest audit entry's number. */
  revision(): number {
    return (this.context.db.prepare('SELECT COALESCE(MAX(id), 0) FROM audit').pluck().get() as number) ?? 0;
  }

  static create(path: string, init: { customer: string; title: string }, actor: string): EngagementStore {
    if (existsSync(path)) {
      throw new CwbError('ALREADY_EXISTS', `${path} already exists. Choose another name, or open it instead.`);
    }
    // The first engagement goes into a folder that may not exist yet (~/Documents/Continuity Workbook).
    prepareOutputFolder(path);
    // Built under a temporary name and renamed, so a crash never leaves a half-made engagement.
    const temporary = `${path}.creating-${process.pid}`;
    try {
      const db = connect(temporary, { create: true });
      try {
        configure(db);
        migrate(db, 0);
        const at = now();
        db.prepare(
          'INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        ).run(randomUUID(), init.customer, init.title, at, at);
      } finally {
        db.close();
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw describeSqliteFailure(error, path, 'created');
    }
    const store = EngagementStore.open(path, actor);
    store.context.audit('create', 'engagement', store.details().id, null, null, init);
    return store;
  }

  /**
   * A new engagement file holding a checked interchange document (see
   * shared/interchange/engagementJson.ts), ids kept so every reference survives. Built under a
   * temporary name in the same folder and renamed at the end: a failure leaves no file behind.
   */
  static createFromDocument(path: string, document: EngagementDocument, actor: string): EngagementStore {
    if (existsSync(path)) {
      throw new CwbError('ALREADY_EXISTS', `${path} already exists. Choose another name, or open it instead.`);
    }
    const temporary = `${path}.creating-${process.pid}`;
    try {
      const db = connect(temporary, { create: true });
      try {
        configure(db);
        migrate(db, 0);
        fillFromDocument(new StoreContext(temporary, db, actor, WRITABLE), document);
      } finally {
        db.close();
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw describeSqliteFailure(error, path, 'created');
    }
    return EngagementStore.open(path, actor);
  }

  /**
   * Opens for editing when this process can have the file to itself and write it; otherwise
   * read-only, with the reason in `access` (another window or computer has it open, or it sits
   * on a read-only medium). An older file is snapshotted, then migrated in one transaction.
   */
  static open(path: string, actor: string): EngagementStore {
    const { schemaVersion } = inspectFile(path, { recover: true });
    const unwritable = unwritableReason(path);
    const lock = unwritable ? { held: false as const, reason: unwritable } : acquireLock(path);
    if (!lock.held) return EngagementStore.openReadOnly(path, actor, schemaVersion, `${path} was opened read-only: ${lock.reason}.`);
    let db: Db | undefined;
    try {
      if (schemaVersion < SCHEMA_VERSION) snapshotClosedFile(path, 'before-migration');
      db = connect(path);
      configure(db);
      if (schemaVersion < SCHEMA_VERSION) migrate(db, schemaVersion);
      const store = new EngagementStore(path, db, actor, WRITABLE, lock.release);
      store.readWhole();
      return store;
    } catch (error) {
      db?.close();
      lock.release();
      throw describeSqliteFailure(error, path, 'opened');
    }
  }

  private static openReadOnly(path: string, actor: string, schemaVersion: number, reason: string): EngagementStore {
    if (schemaVersion < SCHEMA_VERSION) {
      throw new CwbError('READ_ONLY', `${reason} It also uses an older file format that must be upgraded before this version can show it; open it where it can be written.`);
    }
    let db: Db | undefined;
    try {
      db = connect(path, { readonly: true });
      db.pragma('foreign_keys = ON');
      const store = new EngagementStore(path, db, actor, { readOnly: true, reason });
      store.readWhole();
      return store;
    } catch (error) {
      db?.close();
      throw describeSqliteFailure(error, path, 'opened');
    }
  }

  /** Reads an engagement without opening it for writing: the file is never touched. */
  static inspect(path: string): EngagementView {
    return EngagementStore.read(path, (store) => store.view());
  }

  /** Runs `reading` on the file opened read-only, without a lock; an older format is refused rather than upgraded. */
  static read<T>(path: string, reading: (store: EngagementStore) => T): T {
    const { schemaVersion } = inspectFile(path, { recover: false });
    if (schemaVersion < SCHEMA_VERSION) {
      throw new CwbError(
        'OLDER_SCHEMA',
        `${path} uses an older file format (${schemaVersion}); open it once in the app to upgrade it.`,
      );
    }
    const db = connect(path, { readonly: true });
    try {
      const store = new EngagementStore(path, db, 'reader', { readOnly: true, reason: `${path} is only being read.` });
      store.readWhole();
      return reading(store);
    } catch (error) {
      throw describeSqliteFailure(error, path, 'read');
    } finally {
      db.close();
    }
  }

  /**
   * An engagement file's view whatever its format version (a snapshot taken before a migration,
   * say), checked like any file opened; an older one is upgraded in a throw-away copy, never in place.
   */
  static inspectAnyVersion(path: string): EngagementView {
    // Checked where it is, so that a refusal names this file rather than the copy.
    const { schemaVersion } = inspectFile(path, { recover: false });
    if (schemaVersion >= SCHEMA_VERSION) return EngagementStore.inspect(path);
    const folder = mkdtempSync(join(tmpdir(), 'cwb-reading-'));
    try {
      const copy = join(folder, 'snapshot.cwb');
      copyFileSync(path, copy);
      const store = EngagementStore.open(copy, 'reader');
      try {
        return store.view();
      } catch (error) {
        throw error instanceof CwbError ? new CwbError(error.code, error.message.replaceAll(copy, path), error.details) : error;
      } finally {
        store.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /**
   * Puts a snapshot back as the engagement file. The file must not be open anywhere: this takes
   * its lock, snapshots the current state first (so a restore can itself be undone), checks the
   * snapshot is a sound engagement file, then replaces the file's bytes and reopens it.
   */
  static restore(path: string, snapshotId: string, actor: string): EngagementStore {
    const { file } = snapshotFile(path, snapshotId);
    // Read whole before anything happens, so a snapshot the app cannot read is refused with the engagement untouched.
    EngagementStore.inspectAnyVersion(file);
    const current = EngagementStore.open(path, actor);
    try {
      if (current.access.readOnly) throw new CwbError('READ_ONLY', `${path} cannot be restored: ${current.access.reason}`);
      current.snapshot('before-restore');
    } finally {
      current.close();
    }
    const lock = acquireLock(path);
    if (!lock.held) throw new CwbError('READ_ONLY', `${path} cannot be restored: ${lock.reason}.`);
    try {
      replaceWithSnapshot(path, file);
    } finally {
      lock.release();
    }
    const restored = EngagementStore.open(path, actor);
    const { context } = restored;
    if (!restored.access.readOnly) context.transact('recording a restore in', () => context.audit('restore', 'engagement', restored.details().id, null, null, { snapshot: snapshotId }));
    return restored;
  }

  close(): void {
    if (this.context.db.open) this.context.db.close();
    this.releaseLock();
  }

  /**
   * A complete, consistent copy of the engagement in another file (SQLite's online backup), written
   * under a temporary name and renamed, so the target is never half a file. The open file is not
   * touched and stays the one being edited.
   */
  async saveCopy(target: string): Promise<void> {
    if (resolve(target) === resolve(this.path)) throw new CwbError('VALIDATION', 'A copy needs another file name than the engagement itself.', { field: 'path' });
    if (existsSync(target)) throw new CwbError('ALREADY_EXISTS', `${target} already exists; choose another name.`, { path: target });
    const temporary = temporaryBeside(target);
    try {
      prepareOutputFolder(target);
      await this.context.db.backup(temporary);
      renameSync(temporary, target);
    } catch (error) {
      removeTemporary(temporary);
      const failure = error instanceof CwbError ? error : fileError(error, target, 'write a copy of the engagement to');
      throw new CwbError('IO', `${failure.message} The engagement itself is unchanged.`, { path: target });
    }
  }

  /** Who the changes made from now on are recorded as: the consultant edited their profile. */
  actAs(actor: string): void {
    this.context.actor = actor;
  }

  customerLogo(): Logo | null {
    return branding.customerLogo(this.context);
  }

  setCustomerLogo(logo: { fileName: string; image: CheckedImage; bytes: Buffer } | null): Logo | null {
    return branding.setCustomerLogo(this.context, logo);
  }

  // What follows hands each call to its domain module (the documentation is there).

  get schemaVersion(): number {
    return this.context.schemaVersion;
  }

  refuseChanges(): void {
    this.context.refuseChanges();
  }

  /** Runs many changes as one transaction (one disk sync): all of them are saved, or none. */
  batch<T>(doing: string, work: () => T): T {
    return this.context.write(doing, work);
  }

  auditTrail(): AuditEntry[] {
    return this.context.auditTrail();
  }

  /** The view read when the file was opened, until something is written: the first `view()` after opening need not read it all again. */
  private openingView: { view: EngagementView; writes: number } | null = null;

  /**
   * Reads every record once when the file is opened, so a row the app cannot read refuses the file
   * (CORRUPT, naming the row) before anything else happens to it, a snapshot included.
   */
  private readWhole(): void {
    this.openingView = { view: engagementView(this.context), writes: this.context.writes };
  }

  /** A consistent copy of the file as it is now (SQLite's VACUUM INTO; works on a read-only connection too). */
  copyTo(target: string): void {
    this.context.db.prepare('VACUUM INTO ?').run(target);
  }

  /** Every audit entry with its old and new values, oldest first: what a merge compares histories by. */
  auditRows(): AuditRow[] {
    return this.context.db.prepare('SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value FROM audit ORDER BY id').all() as AuditRow[];
  }

  /** Merges another copy in: a snapshot first, then every change in one audited transaction. */
  mergeFrom(plan: MergePlan, resolutions: MergeResolutions, source: MergeWriteSource): number {
    this.context.refuseChanges();
    snapshotOpenFile(this.context, 'before-merge');
    return writeMerge(this.context, plan, resolutions, source);
  }

  view(): EngagementView {
    const opening = this.openingView;
    this.openingView = null;
    if (opening && opening.writes === this.context.writes) return opening.view;
    try {
      return engagementView(this.context);
    } catch (error) {
      throw describeSqliteFailure(error, this.path, 'reading');
    }
  }

  viewParts(parts: readonly ViewPart[], applicationIds?: readonly string[]): Partial<EngagementView> {
    return engagementParts(this.context, parts, applicationIds);
  }

  snapshot(reason: SnapshotReason): Snapshot {
    return snapshotOpenFile(this.context, reason);
  }

  snapshots(): Snapshot[] {
    return listSnapshots(this.path);
  }

  // setup.ts: details, sites, distances, systems, policies, VMs

  details(): EngagementDetails {
    return setup.details(this.context);
  }

  updateDetails(patch: Partial<Pick<EngagementDetails, setup.EditableDetail>>): EngagementDetails {
    return setup.updateDetails(this.context, patch);
  }

  list<T extends { id: string }>(mapping: TableMapping<T>): T[] {
    return setup.list(this.context, mapping);
  }

  save<T extends { id: string }, I>(mapping: TableMapping<T, I>, input: Omit<I, 'id'> & { id?: string | undefined }): T {
    return setup.save(this.context, mapping, input);
  }

  remove<T extends { id: string }>(mapping: TableMapping<T>, id: string, blockers: string[] = []): null {
    return setup.remove(this.context, mapping, id, blockers);
  }

  removeSite(id: string): null {
    return setup.removeSite(this.context, id);
  }

  removeSystem(id: string): null {
    return setup.removeSystem(this.context, id);
  }

  removePolicy(id: string): null {
    return setup.removePolicy(this.context, id);
  }

  sites(): Site[] {
    return setup.sites(this.context);
  }

  systems(): AzureStackSystem[] {
    return setup.systems(this.context);
  }

  policies(): ProtectionPolicy[] {
    return setup.policies(this.context);
  }

  vms(): Vm[] {
    return setup.vms(this.context);
  }

  // vms.ts: VM names unique, moves between applications

  saveVm(input: Omit<Vm, 'id'> & { id?: string | undefined }): Vm {
    return vmRecords.saveVm(this.context, input);
  }

  moveVms(vmIds: readonly string[], applicationId: string | null): { moved: number } {
    return vmRecords.moveVms(this.context, vmIds, applicationId);
  }

  vmById(id: string): Vm | null {
    return vmRecords.vmById(this.context, id);
  }

  namesOf(table: Parameters<typeof vmRecords.namesOf>[1], ids: readonly string[]): Map<string, string> {
    return vmRecords.namesOf(this.context, table, ids);
  }

  siteDistances(): SiteDistance[] {
    return setup.siteDistances(this.context);
  }

  setSiteDistance(siteAId: string, siteBId: string, km: number | null): SiteDistance[] {
    return setup.setSiteDistance(this.context, siteAId, siteBId, km);
  }

  // hardwareProfiles.ts

  hardwareProfiles(): HardwareProfile[] {
    return hardware.hardwareProfiles(this.context);
  }

  saveHardwareProfile(input: Omit<HardwareProfile, 'id'> & { id?: string | undefined }): HardwareProfile {
    return hardware.saveHardwareProfile(this.context, input);
  }

  removeHardwareProfile(id: string): null {
    return hardware.removeHardwareProfile(this.context, id);
  }

  // applications.ts: applications and their components

  applications(): Application[] {
    return applications.applications(this.context);
  }

  applicationNames(): { id: string; name: string }[] {
    return applications.applicationNames(this.context);
  }

  addApplication(name: string): Application {
    return applications.addApplication(this.context, name);
  }

  renameApplication(applicationId: string, name: string): null {
    return applications.renameApplication(this.context, applicationId, name);
  }

  addComponent(applicationId: string, name: string): Component {
    return applications.addComponent(this.context, applicationId, name);
  }

  renameComponent(applicationId: string, componentId: string, name: string): null {
    return applications.renameComponent(this.context, applicationId, componentId, name);
  }

  removeComponent(applicationId: string, componentId: string): null {
    return applications.removeComponent(this.context, applicationId, componentId);
  }

  // answers.ts: answers, archetypes, copies and workbook imports

  addApplicationFrom(name: string, archetype: Archetype): Application {
    return answering.addApplicationFrom(this.context, name, archetype);
  }

  setAnswer(applicationId: string, componentId: string | null, questionId: string, state: AnswerState, note?: string, basedOn?: string | null): Answer {
    return answering.setAnswer(this.context, applicationId, componentId, questionId, state, note, basedOn);
  }

  storedAnswer(applicationId: string, componentId: string | null, questionId: string): { state: AnswerState; note: string } | null {
    return answering.storedAnswer(this.context, applicationId, componentId, questionId);
  }

  clearAnswer(applicationId: string, componentId: string | null, questionId: string): null {
    return answering.clearAnswer(this.context, applicationId, componentId, questionId);
  }

  assignPolicy(policyId: string, applicationIds: readonly string[]): null {
    return answering.assignPolicy(this.context, policyId, applicationIds);
  }

  copyAnswers(fromApplicationId: string, toApplicationIds: readonly string[]): null {
    return answering.copyAnswers(this.context, fromApplicationId, toApplicationIds);
  }

  importAnswers(
    answers: readonly { applicationId: string; componentId: string | null; questionId: string; state: AnswerState; note: string }[],
    source: { fileName: string; exportedAt: string | null },
  ): { importId: string; applied: number } {
    return answering.importAnswers(this.context, answers, source);
  }

  undoAnswerImport(importId: string): { restored: number } {
    return answering.undoAnswerImport(this.context, importId);
  }

  // inventoryImports.ts

  applyInventoryImport(importId: string, source: { fileName: string; sheet: string }, plan: InventoryPlan): { vmsCreated: number; vmsUpdated: number; applicationsCreated: number } {
    return inventory.applyInventoryImport(this.context, importId, source, plan);
  }

  undoInventoryImport(importId: string): ImportUndoResult {
    return inventory.undoInventoryImport(this.context, importId);
  }

  inventoryImports(): ImportRecord[] {
    return inventory.inventoryImports(this.context);
  }

  // assumptions.ts

  assumptions(): EstimateAssumptions {
    return estimates.assumptions(this.context);
  }

  setAssumptions(next: EstimateAssumptions): EstimateAssumptions {
    return estimates.setAssumptions(this.context, next);
  }

  resetAssumptions(): EstimateAssumptions {
    return estimates.resetAssumptions(this.context);
  }

  // signoffs.ts and signing.ts

  signoffs(): Signoff[] {
    return signoffRecords.signoffs(this.context);
  }

  activeSignoff(): Signoff | null {
    return signoffRecords.activeSignoff(this.context);
  }

  signedContentText(signoffId: number): string {
    return signoffRecords.signedContentText(this.context, signoffId);
  }

  signedContent(signoffId: number): SignedContent {
    return signoffRecords.signedContent(this.context, signoffId);
  }

  /** What was signed cannot be undone into: the undo history ends at a sign-off. */
  signOff(signer: SignerInput, asOf?: string): Signoff {
    const signoff = signing.signOff(this.context, signer, asOf);
    this.undoHistory?.clear();
    return signoff;
  }

  reopen(reason: string): EngagementDetails {
    return signing.reopen(this.context, reason);
  }

  verifySignoff(): Verification {
    return signing.verifySignoff(this.context);
  }

  // attachments.ts

  attachments(): AttachmentMeta[] {
    return evidence.attachments(this.context);
  }

  attachment(id: string): AttachmentMeta {
    return evidence.attachment(this.context, id);
  }

  attachmentContent(id: string): { meta: AttachmentMeta; bytes: Buffer } {
    return evidence.attachmentContent(this.context, id);
  }

  addAttachment(subject: evidence.AttachmentSubject, file: { name: string; bytes: Buffer }): AttachmentMeta {
    return evidence.addAttachment(this.context, subject, file);
  }

  attachmentsForDocument() {
    return evidence.attachmentsForDocument(this.context);
  }

  removeAttachment(id: string): null {
    return evidence.removeAttachment(this.context, id);
  }
}
