// Merging copies: two files into a new one (`cwb merge`), or another copy into the open engagement.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { MergeReport, MergeResolutions, MergeSide } from '../../../shared/api/mergeContract';
import { CwbError } from '../errors';
import { EngagementStore } from '../store/engagementStore';
import { configure } from '../store/openFile';
import { openDatabase } from '../store/sqliteDriver';
import { takeSnapshot } from '../store/snapshots';
import { describeSqliteFailure, StoreContext, WRITABLE } from '../store/storeContext';
import { planMerge, type MergeInput, type MergePlan } from './plan';
import { writeMerge } from './write';

export function mergeInputOf(store: EngagementStore, path = store.path): MergeInput {
  const view = store.view();
  return { label: basename(path), path, view, attachments: view.attachments, audit: store.auditRows() };
}

/** Every conflict settled the same way, as `--resolve mine|theirs` asks. */
export function resolveAll(plan: MergePlan, side: MergeSide | null): MergeResolutions {
  return side === null ? {} : Object.fromEntries(plan.report.conflicts.map((conflict) => [conflict.id, side]));
}

function reportOf(plan: MergePlan, resolutions: MergeResolutions, outcome: { output: string | null; applied: number }): MergeReport {
  const conflicts = plan.report.conflicts.map((conflict) => ({ ...conflict, resolution: resolutions[conflict.id] ?? null }));
  return {
    ...plan.report,
    conflicts,
    unresolved: conflicts.filter((conflict) => conflict.resolution === null).length,
    output: outcome.output,
    written: outcome.output !== null,
    applied: outcome.applied,
  };
}

function unresolvedError(count: number): CwbError {
  return new CwbError('VALIDATION', `${count} conflict${count === 1 ? ' is' : 's are'} still to be decided; nothing was merged.`, { reason: 'unresolved' });
}

function syncFile(path: string, flags = 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * `cwb merge MINE THEIRS -o OUT`: both inputs are only read. With conflicts left undecided the
 * report comes back and nothing is written. Otherwise OUT is built as a copy of MINE under a
 * temporary name beside it, the merge is applied in one transaction and synced, a snapshot of
 * MINE is kept in OUT's history, and only then is the temporary file renamed to OUT: a merge
 * interrupted at any moment leaves no OUT, or a whole one.
 */
export function mergeFiles(minePath: string, theirsPath: string, outputPath: string, side: MergeSide | null, actor: string): MergeReport {
  const [mine, theirs, output] = [resolve(minePath), resolve(theirsPath), resolve(outputPath)];
  if (mine === theirs) throw new CwbError('VALIDATION', 'MINE and THEIRS are the same file; name the other copy.', { field: 'theirs' });
  if (output === mine || output === theirs) throw new CwbError('VALIDATION', 'The merged file must be a new file: both copies stay as they are.', { field: 'output' });
  if (existsSync(output)) throw new CwbError('ALREADY_EXISTS', `${output} already exists; choose another name for the merged file.`, { field: 'output' });
  return EngagementStore.read(mine, (mineStore) =>
    EngagementStore.read(theirs, (theirsStore) => {
      const plan = planMerge(mergeInputOf(mineStore, mine), mergeInputOf(theirsStore, theirs));
      const resolutions = resolveAll(plan, side);
      const report = reportOf(plan, resolutions, { output: null, applied: 0 });
      if (report.unresolved > 0) return report;
      const temporary = `${output}.merging-${process.pid}`;
      let applied: number;
      try {
        mineStore.copyTo(temporary);
        const db = openDatabase(temporary, { fileMustExist: true });
        try {
          configure(db);
          applied = writeMerge(new StoreContext(temporary, db, actor, WRITABLE), plan, resolutions, {
            label: basename(theirs),
            content: (id) => theirsStore.attachmentContent(id).bytes,
          });
        } finally {
          db.close();
        }
        syncFile(temporary);
        takeSnapshot(output, 'before-merge', (target) => mineStore.copyTo(target));
        renameSync(temporary, output);
        // The rename itself reaches the disk with the folder; not every system lets a folder be synced.
        try {
          syncFile(dirname(output), 'r');
        } catch {
          // The merged file is complete either way; only the rename's durability is left to the system.
        }
      } catch (error) {
        rmSync(temporary, { force: true });
        throw describeSqliteFailure(error, output, 'written');
      }
      return reportOf(plan, resolutions, { output, applied });
    }),
  );
}

/** What merging another copy into the open engagement would take and where it conflicts; writes nothing. */
export function previewMergeInto(store: EngagementStore, theirsPath: string): MergeReport {
  const theirs = resolve(theirsPath);
  if (theirs === resolve(store.path)) throw new CwbError('VALIDATION', 'That is the open engagement itself; choose the other copy.', { field: 'path' });
  return EngagementStore.read(theirs, (theirsStore) => {
    const plan = planMerge(mergeInputOf(store), mergeInputOf(theirsStore, theirs));
    return reportOf(plan, {}, { output: null, applied: 0 });
  });
}

/**
 * Merges another copy into the open engagement with the consultant's decisions: every conflict
 * must have one (the plan is made again, so a change since the preview is seen). A snapshot is
 * kept first; the copy is only read.
 */
export function mergeInto(store: EngagementStore, theirsPath: string, resolutions: MergeResolutions): MergeReport {
  const theirs = resolve(theirsPath);
  if (theirs === resolve(store.path)) throw new CwbError('VALIDATION', 'That is the open engagement itself; choose the other copy.', { field: 'path' });
  return EngagementStore.read(theirs, (theirsStore) => {
    const plan = planMerge(mergeInputOf(store), mergeInputOf(theirsStore, theirs));
    const chosen = Object.fromEntries(plan.report.conflicts.filter((c) => resolutions[c.id]).map((c) => [c.id, resolutions[c.id]!]));
    const left = plan.report.conflicts.length - Object.keys(chosen).length;
    if (left > 0) throw unresolvedError(left);
    const applied = store.mergeFrom(plan, chosen, { label: basename(theirs), content: (id) => theirsStore.attachmentContent(id).bytes });
    return reportOf(plan, chosen, { output: store.path, applied });
  });
}
