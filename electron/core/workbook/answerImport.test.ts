import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Application, EngagementView } from '../../../shared/domain/engagement';
import { buildDemoEngagement } from '../demo';
import { EngagementStore } from '../store/engagementStore';
import { useTempDir } from '../testSupport';
import { applyAnswerImport, previewAnswerImport } from './answerImport';
import { exportAssessmentWorkbook, META_SHEET } from './exportWorkbook';
import { INTERVIEW_COLUMNS, INTERVIEW_SHEET } from './interviewSheet';

const tempDir = useTempDir();

function app(view: EngagementView, name: string): Application {
  const found = view.applications.find((a) => a.name === name);
  if (!found) throw new Error(`no application ${name}`);
  return found;
}

/** Finds the Interview row of one application (or component) and question by the hidden ids. */
function interviewRowFinder(interview: ExcelJS.Worksheet) {
  return (applicationId: string, questionId: string, componentId = '') => {
    for (let row = 2; row <= interview.rowCount; row++) {
      const cell = (column: number) => String(interview.getCell(row, column).value ?? '');
      if (cell(INTERVIEW_COLUMNS.applicationId) === applicationId && cell(INTERVIEW_COLUMNS.questionId) === questionId && cell(INTERVIEW_COLUMNS.componentId) === componentId) {
        return interview.getRow(row);
      }
    }
    throw new Error(`no row for ${applicationId} ${questionId}`);
  };
}

/** The demo engagement, open, and its workbook exported and opened for editing as an owner would. */
async function exportedDemo() {
  const dir = tempDir();
  const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'consultant');
  const path = join(dir, 'demo.xlsx');
  await exportAssessmentWorkbook(path, store.view(), '2026-11-25');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const interview = workbook.getWorksheet(INTERVIEW_SHEET)!;
  const rowOf = interviewRowFinder(interview);
  const save = async (name = 'edited.xlsx') => {
    const edited = join(dir, name);
    await workbook.xlsx.writeFile(edited);
    return edited;
  };
  return { dir, store, path, workbook, interview, rowOf, save };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('answers coming back in the workbook', () => {
  it('applies exactly the valid edits: not untouched, deleted, cleared or invalid rows', async () => {
    const { store, interview, rowOf, save } = await exportedDemo();
    const before = store.view();
    const epr = app(before, 'Patient Records (EPR)');
    const intranet = app(before, 'Intranet');
    const telemetry = app(before, 'Telemetry Dashboards');
    const finance = app(before, 'Finance ERP');

    // Edits an owner makes offline.
    rowOf(epr.id, 'app.dataSizeGb').getCell(INTERVIEW_COLUMNS.answer).value = 3100;
    rowOf(intranet.id, 'app.criticality').getCell(INTERVIEW_COLUMNS.answer).value = 'standard';
    rowOf(telemetry.id, 'app.statefulness').getCell(INTERVIEW_COLUMNS.answer).value = 'Stateless';
    const unknownRow = rowOf(telemetry.id, 'app.owner');
    unknownRow.getCell(INTERVIEW_COLUMNS.status).value = 'Unknown';
    unknownRow.getCell(INTERVIEW_COLUMNS.followUpWith).value = 'Head of IT';
    unknownRow.getCell(INTERVIEW_COLUMNS.followUpBy).value = new Date('2026-12-15T00:00:00Z');
    rowOf(finance.id, 'app.criticality').getCell(INTERVIEW_COLUMNS.note).value = 'Month-end close depends on it.';
    // Invalid: a number question answered in words; a formula typed into an answer.
    rowOf(epr.id, 'app.backup.frequency').getCell(INTERVIEW_COLUMNS.answer).value = 'every now and then';
    rowOf(finance.id, 'app.dataSizeGb').getCell(INTERVIEW_COLUMNS.answer).value = { formula: '1+1', result: 2 };
    // Cleared: never a deletion.
    const cleared = rowOf(intranet.id, 'app.statefulness');
    cleared.getCell(INTERVIEW_COLUMNS.answer).value = null;
    cleared.getCell(INTERVIEW_COLUMNS.status).value = null;
    // Deleted rows and a deleted sheet: never a deletion either.
    const lab = app(before, 'Lab Results Portal');
    interview.spliceRows(rowOf(lab.id, 'app.statefulness').number, 3);
    const edited = await save();

    // Meanwhile, in the app, the consultant changes an answer the workbook did not touch.
    store.setAnswer(epr.id, null, 'app.mayRunInAzure', { status: 'answered', value: true });
    const engagementBefore = sha256(store.path);

    const preview = await previewAnswerImport(edited, store.view());
    expect(sha256(store.path)).toBe(engagementBefore);
    const byKind = (kind: string) => preview.changes.filter((c) => c.kind === kind).map((c) => `${c.application}: ${c.questionId}`);
    expect(byKind('change').sort()).toEqual([
      'Finance ERP: app.criticality',
      'Intranet: app.criticality',
      'Patient Records (EPR): app.dataSizeGb',
      'Telemetry Dashboards: app.owner',
      'Telemetry Dashboards: app.statefulness',
    ]);
    expect(byKind('invalid').sort()).toEqual(['Finance ERP: app.dataSizeGb', 'Patient Records (EPR): app.backup.frequency']);
    expect(byKind('ignored')).toEqual(['Intranet: app.statefulness']);
    const invalidFrequency = preview.changes.find((c) => c.questionId === 'app.backup.frequency')!;
    expect(invalidFrequency.reason).toContain('every now and then');
    expect(preview.changes.find((c) => c.questionId === 'app.dataSizeGb' && c.kind === 'invalid')!.reason).toContain('formula');
    const size = preview.changes.find((c) => c.questionId === 'app.dataSizeGb' && c.kind === 'change')!;
    expect(size.before).toBe('2400');
    expect(size.after).toBe('3100');

    const beforeImport = store.view();
    const result = await applyAnswerImport(edited, store);
    expect(result).toMatchObject({ applied: 5, notSelected: 0, invalid: 2, ignored: 1, importId: expect.any(String) });

    const after = store.view();
    const answer = (name: string, questionId: string) => app(after, name).answers[questionId];
    expect(answer('Patient Records (EPR)', 'app.dataSizeGb')?.state).toEqual({ status: 'answered', value: 3100 });
    expect(answer('Intranet', 'app.criticality')?.state).toEqual({ status: 'answered', value: 'standard' });
    expect(answer('Telemetry Dashboards', 'app.statefulness')?.state).toEqual({ status: 'answered', value: 'stateless' });
    expect(answer('Telemetry Dashboards', 'app.owner')?.state).toEqual({ status: 'unknown', followUpWith: 'Head of IT', followUpBy: '2026-12-15' });
    expect(answer('Finance ERP', 'app.criticality')?.note).toBe('Month-end close depends on it.');
    expect(answer('Finance ERP', 'app.criticality')?.state).toEqual(app(before, 'Finance ERP').answers['app.criticality']?.state);
    // Untouched by the import: the invalid, cleared and deleted rows, and the change made in the app.
    expect(answer('Patient Records (EPR)', 'app.backup.frequency')).toEqual(epr.answers['app.backup.frequency']);
    expect(answer('Finance ERP', 'app.dataSizeGb')).toEqual(finance.answers['app.dataSizeGb']);
    expect(answer('Intranet', 'app.statefulness')).toEqual(intranet.answers['app.statefulness']);
    expect(app(after, 'Lab Results Portal').answers).toEqual(lab.answers);
    expect(answer('Patient Records (EPR)', 'app.mayRunInAzure')?.state).toEqual({ status: 'answered', value: true });

    const trail = store.auditTrail();
    expect(trail.filter((entry) => entry.entity === 'answer-workbook' && entry.action === 'import')).toHaveLength(1);

    // Importing the same workbook again changes nothing more.
    const again = await previewAnswerImport(edited, store.view());
    expect(again.changes.filter((c) => c.kind === 'change')).toEqual([]);

    // Undone as a whole: every answer as it was before the import (Telemetry's owner had none).
    expect(store.undoAnswerImport(result.importId!)).toEqual({ restored: 5 });
    const undone = store.view();
    const statesOf = (view: EngagementView, name: string) =>
      Object.fromEntries(Object.entries(app(view, name).answers).map(([id, a]) => [id, { state: a.state, note: a.note }]));
    for (const name of ['Patient Records (EPR)', 'Intranet', 'Telemetry Dashboards', 'Finance ERP']) {
      expect(statesOf(undone, name)).toEqual(statesOf(beforeImport, name));
    }
    expect(app(undone, 'Telemetry Dashboards').answers['app.owner']).toBeUndefined();
    expect(app(undone, 'Patient Records (EPR)').answers['app.dataSizeGb']?.state).toEqual({ status: 'answered', value: 2400 });
    expect(app(undone, 'Intranet').answers['app.criticality']?.state).toEqual(intranet.answers['app.criticality']?.state);
    expect(app(undone, 'Finance ERP').answers['app.criticality']?.note).toBe(finance.answers['app.criticality']?.note);
    expect(() => store.undoAnswerImport(result.importId!)).toThrow(/already been undone/);
    store.close();
  });

  it('applies only the chosen changes, and flags answers also changed in the app since the export', async () => {
    const { store, rowOf, save } = await exportedDemo();
    const view = store.view();
    const intranet = app(view, 'Intranet');
    const epr = app(view, 'Patient Records (EPR)');
    // Part of the word made bold in Excel: rich text, read as its plain text.
    rowOf(intranet.id, 'app.criticality').getCell(INTERVIEW_COLUMNS.answer).value = { richText: [{ text: 'Stan' }, { text: 'dard', font: { bold: true } }] };
    rowOf(epr.id, 'app.dataSizeGb').getCell(INTERVIEW_COLUMNS.answer).value = '2,500';
    const edited = await save();
    store.setAnswer(epr.id, null, 'app.dataSizeGb', { status: 'answered', value: 2600 });

    const preview = await previewAnswerImport(edited, store.view());
    const size = preview.changes.find((c) => c.questionId === 'app.dataSizeGb')!;
    expect(size).toMatchObject({ kind: 'change', changedSinceExport: true, before: '2600' });
    const criticality = preview.changes.find((c) => c.questionId === 'app.criticality')!;
    expect(criticality.changedSinceExport).toBe(false);

    const result = await applyAnswerImport(edited, store, [criticality.key]);
    expect(result).toMatchObject({ applied: 1, notSelected: 1 });
    const after = store.view();
    expect(app(after, 'Intranet').answers['app.criticality']?.state).toEqual({ status: 'answered', value: 'standard' });
    expect(app(after, 'Patient Records (EPR)').answers['app.dataSizeGb']?.state).toEqual({ status: 'answered', value: 2600 });
    // Answered again in the app after the import: the import can no longer be undone, and nothing changes.
    store.setAnswer(intranet.id, null, 'app.criticality', { status: 'answered', value: 'business-critical' });
    expect(() => store.undoAnswerImport(result.importId!)).toThrow(/answered again after it/);
    expect(app(store.view(), 'Intranet').answers['app.criticality']?.state).toEqual({ status: 'answered', value: 'business-critical' });
    store.close();
  });

  it('reads an answer saved as a single protection method as a list of one, and takes lists, "Never tested" and "Public Azure" back', async () => {
    const dir = tempDir();
    const file = join(dir, 'old.cwb');
    buildDemoEngagement(file, 'consultant').close();
    // How a file written before data sources took several methods holds the answer: one value, not a list.
    const raw = new Database(file);
    raw.prepare(`UPDATE answer SET state_json = '{"status":"answered","value":"in-guest-backup"}' WHERE question_id = 'component.protection.os-state'`).run();
    raw.close();
    const store = EngagementStore.open(file, 'consultant');
    const epr = app(store.view(), 'Patient Records (EPR)');
    const sql = epr.components.find((c) => c.name === 'SQL Server')!;
    expect(sql.answers['component.protection.os-state']?.state).toEqual({ status: 'answered', value: 'in-guest-backup' });
    const path = join(dir, 'old.xlsx');
    await exportAssessmentWorkbook(path, store.view(), '2026-11-25');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const rowOf = interviewRowFinder(workbook.getWorksheet(INTERVIEW_SHEET)!);
    const osState = rowOf(epr.id, 'component.protection.os-state', sql.id);
    expect(osState.getCell(INTERVIEW_COLUMNS.answer).value).toBe('In-guest backup');
    // Untouched, the old value is no edit at all.
    expect((await previewAnswerImport(path, store.view())).changes).toEqual([]);

    osState.getCell(INTERVIEW_COLUMNS.answer).value = 'In-guest backup; Replication';
    rowOf(epr.id, 'app.failover.lastTest').getCell(INTERVIEW_COLUMNS.answer).value = 'Never tested';
    rowOf(epr.id, 'app.recoversOn.site').getCell(INTERVIEW_COLUMNS.answer).value = 'Public Azure';
    const edited = join(dir, 'edited.xlsx');
    await workbook.xlsx.writeFile(edited);
    const preview = await previewAnswerImport(edited, store.view());
    expect(preview.changes.map((c) => [c.questionId, c.kind, c.before, c.after])).toEqual([
      ['app.recoversOn.site', 'change', 'ash-ehv-01', 'Public Azure'],
      ['app.failover.lastTest', 'change', '2026-03-14', 'Never tested'],
      ['component.protection.os-state', 'change', 'In-guest backup', 'In-guest backup; Replication'],
    ]);
    await applyAnswerImport(edited, store);
    const after = app(store.view(), 'Patient Records (EPR)');
    expect(after.components.find((c) => c.id === sql.id)!.answers['component.protection.os-state']?.state).toEqual({ status: 'answered', value: ['in-guest-backup', 'replication'] });
    expect(after.answers['app.failover.lastTest']?.state).toEqual({ status: 'answered', value: 'never' });
    expect(after.answers['app.recoversOn.site']?.state).toEqual({ status: 'answered', value: 'public-azure' });
    store.close();
  });

  it('refuses a workbook of another engagement, leaving the engagement file as it was', async () => {
    const { path, store } = await exportedDemo();
    // Closed at once: a store left open keeps its file's identity (device and inode) locked in this process, and a later test's new file may be given the same inode.
    store.close();
    const dir = tempDir();
    const other = EngagementStore.create(join(dir, 'other.cwb'), { customer: 'Other Co', title: 'DR review' }, 'consultant');
    const hash = sha256(other.path);
    await expect(previewAnswerImport(path, other.view())).rejects.toThrow(/belongs to another engagement \(customer "Fabrikam Regional Health"/);
    await expect(applyAnswerImport(path, other)).rejects.toThrow(/another engagement/);
    other.close();
    expect(sha256(join(dir, 'other.cwb'))).toBe(hash);
  });

  it('still matches rows by their hidden ids when the metadata sheet is gone, and says so', async () => {
    const { store, workbook, rowOf, save } = await exportedDemo();
    const intranet = app(store.view(), 'Intranet');
    workbook.removeWorksheet(workbook.getWorksheet(META_SHEET)!.id);
    workbook.removeWorksheet(workbook.getWorksheet('Findings')!.id);
    rowOf(intranet.id, 'app.criticality').getCell(INTERVIEW_COLUMNS.answer).value = 'Standard';
    const preview = await previewAnswerImport(await save(), store.view());
    expect(preview.warnings.join(' ')).toMatch(/metadata sheet/);
    expect(preview.changes.filter((c) => c.kind === 'change').map((c) => c.questionId)).toEqual(['app.criticality']);
    store.close();
  });

  it('names the problem for a file that is not an answer workbook', async () => {
    const dir = tempDir();
    const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'consultant');
    const csv = join(dir, 'answers.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    await expect(previewAnswerImport(csv, store.view())).rejects.toThrow(/not an Excel workbook/);
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    const xlsx = join(dir, 'plain.xlsx');
    await plain.xlsx.writeFile(xlsx);
    await expect(previewAnswerImport(xlsx, store.view())).rejects.toThrow(/has no Interview sheet/);
    store.close();
  });
});
