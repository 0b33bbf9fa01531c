import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionsFor } from '../../../shared/questions/catalogue';
import { assessEngagement } from '../../../shared/rules/engine';
import { ASSESSMENT_LABELS, scopeState, STATE_LABELS } from '../../../shared/rules/labels';
import { recoveryPlans } from '../../../shared/rules/plan';
import { disasterTitle } from '../../../shared/rules/planWords';
import { buildDemoEngagement } from '../demo';
import { EngagementStore } from '../store/engagementStore';
import { useTempDir } from '../testSupport';
import { exportWorkbook, META_SHEET } from './exportWorkbook';
import { INTERVIEW_COLUMNS } from './interviewSheet';

const AS_OF = '2026-11-25';
const tempDir = useTempDir();

interface OpenpyxlReport {
  sheets: Record<string, { state: string; freeze: string | null; autoFilter: string | null; rows: number; validations: { type: string; sqref: string; formula1: string | null }[]; orientation: string | null }>;
  formulas: string[];
  definedNames: string[];
}

function readWithOpenpyxl(path: string): OpenpyxlReport {
  const script = join(import.meta.dirname, 'openpyxlCheck.py');
  return JSON.parse(execFileSync('/usr/bin/python3', [script, path], { encoding: 'utf8' })) as OpenpyxlReport;
}

async function exportDemo() {
  const dir = tempDir();
  const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'tester');
  const view = store.view();
  store.close();
  const assessment = assessEngagement(view, { asOf: AS_OF });
  const path = join(dir, 'demo.xlsx');
  await exportWorkbook(path, view, assessment, '2026-11-25T10:00:00.000Z');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { dir, view, assessment, path, workbook };
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`No sheet ${name}`);
  return found;
}

function columnValues(ws: ExcelJS.Worksheet, column: number): unknown[] {
  const values: unknown[] = [];
  for (let row = 2; row <= ws.rowCount; row++) values.push(ws.getCell(row, column).value);
  return values;
}

describe('the exported workbook', () => {
  it('has every sheet, in order, with the hidden ones hidden', async () => {
    const { workbook } = await exportDemo();
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Cover', 'Summary', 'Applications', 'Interview', 'Findings', 'Recommendations', 'Recovery plan', 'Capacity', 'Data protection', 'Sites & systems', 'VMs', 'Assumptions', 'Follow-ups', 'lists', 'meta',
    ]);
    expect(sheet(workbook, 'lists').state).toBe('hidden');
    expect(sheet(workbook, META_SHEET).state).toBe('veryHidden');
  });

  it('lays out the recovery plans as the rules make them: every application of every disaster, and every system that must carry them', async () => {
    const { workbook, view, assessment } = await exportDemo();
    const plans = recoveryPlans(view, assessment);
    const plan = sheet(workbook, 'Recovery plan');
    const rows = plans.disasters.flatMap((d) => d.waves.flatMap((w) => w.applications.map((a) => [disasterTitle(d.disaster), w.number, a.name])));
    expect(columnValues(plan, 1).map((disaster, i) => [disaster, columnValues(plan, 3)[i], columnValues(plan, 4)[i]])).toEqual(rows);
    const epr = rows.findIndex(([disaster, , name]) => disaster === 'Node loss: a node of ash-rtm-01' && name === 'Patient Records (EPR)');
    expect(plan.getCell(epr + 2, 12).value).toBe('Integration Engine (HL7)');

    const capacity = sheet(workbook, 'Capacity');
    const site = plans.disasters.find((d) => d.disaster.key === 'site:Rotterdam DC1')!.capacity[0]!;
    const at = columnValues(capacity, 1).findIndex((disaster, i) => disaster === 'Site loss: Rotterdam DC1' && columnValues(capacity, 2)[i] === 'ash-ehv-01') + 2;
    expect([capacity.getCell(at, 6).value, capacity.getCell(at, 7).value, capacity.getCell(at, 8).value]).toEqual([site.memoryGb.needed, site.memoryGb.usable, site.memoryGb.short]);
    expect(String(capacity.getCell(at, 19).value)).toMatch(/^When the site Rotterdam DC1 is lost, ash-ehv-01 must also run/);
    expect(columnValues(capacity, 1)[0]).toBe('None: normal operation');
  });

  it('shows the same results as the rules output, application by application', async () => {
    const { workbook, assessment } = await exportDemo();
    const applications = sheet(workbook, 'Applications');
    expect(columnValues(applications, 1)).toEqual(assessment.applications.map((a) => a.name));
    expect(columnValues(applications, 2)).toEqual(assessment.applications.map((a) => ASSESSMENT_LABELS[a.assessment]));
    assessment.applications.forEach((app, index) => {
      app.scopes.forEach((scope, s) => {
        const text = String(applications.getCell(index + 2, 10 + s).value);
        const state = STATE_LABELS[scopeState(scope, app)];
        expect(text.startsWith(`${state.symbol} ${state.text}`)).toBe(true);
      });
    });
    const telemetry = assessment.applications.findIndex((a) => a.name === 'Telemetry Dashboards');
    expect(String(applications.getCell(telemetry + 2, 10).value)).toBe('○ Not assessed: nothing the assessment needs has been answered for it');

    const findings = sheet(workbook, 'Findings');
    const expected = assessment.applications.flatMap((a) => a.findings.map((f) => `${a.name}|${f.code}|${f.rationale}`));
    const rows = [];
    for (let row = 2; row <= findings.rowCount; row++) rows.push(`${findings.getCell(row, 1).value}|${findings.getCell(row, 5).value}|${findings.getCell(row, 7).value}`);
    expect(rows).toEqual(expected);

    const recommendations = sheet(workbook, 'Recommendations');
    expect(recommendations.rowCount - 1).toBe(assessment.applications.reduce((n, a) => n + a.recommendations.length, 0));
    // A customer reads what a recommendation resolves by the findings' titles; the codes have a column of their own.
    const resolves = columnValues(recommendations, 5).join('\n');
    expect(resolves).not.toMatch(/[A-Z]+_[A-Z_]+/);
    expect(resolves).toContain('Recovery takes longer than the target allows');
    expect(columnValues(recommendations, 7).join('\n')).toContain('RTO_NOT_MET');

    const summary = sheet(workbook, 'Summary');
    const summaryText: string[] = [];
    summary.eachRow((row) => row.eachCell((cell) => summaryText.push(String(cell.value))));
    expect(summaryText.join('\n')).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
    expect(summaryText).toContain('○ Not assessed');
    expect(summaryText).toContain('! At risk');

    const assumptions = sheet(workbook, 'Assumptions');
    expect(assumptions.getCell(2, 3).value).toBe(assessment.assumptions.detectAndDecide.best);
  });

  it('has one Interview row per application and component question, carrying the ids for the way back', async () => {
    const { workbook, view } = await exportDemo();
    const interview = sheet(workbook, 'Interview');
    const components = view.applications.reduce((n, a) => n + a.components.length, 0);
    expect(interview.rowCount - 1).toBe(view.applications.length * questionsFor('application').length + components * questionsFor('component').length);
    const epr = view.applications.find((a) => a.name === 'Patient Records (EPR)')!;
    for (let row = 2; row <= interview.rowCount; row++) {
      if (interview.getCell(row, INTERVIEW_COLUMNS.applicationId).value !== epr.id) continue;
      if (interview.getCell(row, INTERVIEW_COLUMNS.questionId).value !== 'app.dataSizeGb') continue;
      expect(interview.getCell(row, INTERVIEW_COLUMNS.answer).value).toBe(2400);
      expect(interview.getCell(row, INTERVIEW_COLUMNS.status).value).toBe('Answered');
    }
    const meta = sheet(workbook, META_SHEET);
    expect(meta.getCell(3, 2).value).toBe(view.details.id);
    expect(workbook.definedNames.getRanges('InterviewTable').ranges).toEqual([`Interview!$A$1:$Q$${interview.rowCount}`]);
    expect(workbook.definedNames.getRanges('FollowUpsTable').ranges).toEqual([`'Follow-ups'!$A$1:$F$${sheet(workbook, 'Follow-ups').rowCount}`]);
    expect(workbook.definedNames.getRanges('list_1').ranges).toEqual(['lists!$A$2:$A$4']);
  });

  it('opens in an independent reader with validations, frozen headers, filters, print setup and no formulas', async () => {
    const { path } = await exportDemo();
    const report = readWithOpenpyxl(path);
    expect(report.formulas).toEqual([]);
    const interview = report.sheets.Interview!;
    expect(interview.freeze).toBe('A2');
    expect(interview.autoFilter).toMatch(/^A1:/);
    expect(interview.validations.some((v) => v.type === 'list')).toBe(true);
    expect(interview.validations.some((v) => v.type === 'decimal')).toBe(true);
    for (const name of ['Applications', 'Findings', 'Recommendations', 'VMs', 'Assumptions']) {
      expect(report.sheets[name]!.freeze).toBe('A2');
      expect(report.sheets[name]!.orientation).toBe('landscape');
    }
    expect(report.definedNames).toEqual(expect.arrayContaining(['ApplicationsTable', 'InterviewTable', 'FindingsTable']));
  });

  it('gives every answer cell its question\'s help as a note and every status cell the status drop-down', async () => {
    const { workbook, path } = await exportDemo();
    const interview = sheet(workbook, 'Interview');
    const questions = new Map([...questionsFor('application'), ...questionsFor('component')].map((q) => [q.id, q]));
    const noteText = (note: ExcelJS.Comment | string | undefined) => (typeof note === 'string' ? note : (note?.texts?.map((t) => t.text).join('') ?? ''));
    for (let row = 2; row <= interview.rowCount; row++) {
      const question = questions.get(String(interview.getCell(row, INTERVIEW_COLUMNS.questionId).value))!;
      expect(noteText(interview.getCell(row, INTERVIEW_COLUMNS.answer).note).startsWith(question.help)).toBe(true);
    }
    const status = readWithOpenpyxl(path).sheets.Interview!.validations.filter((v) => v.sqref.split(' ').some((ref) => ref.startsWith('G')));
    expect(status).toEqual([{ type: 'list', sqref: `G2:G${interview.rowCount}`, formula1: 'list_1' }]);
  });

  it('writes text that looks like a formula as text, in Excel and in an independent reader', async () => {
    const dir = tempDir();
    const store = EngagementStore.create(join(dir, 'hostile.cwb'), { customer: '=HYPERLINK("http://evil.example","click")', title: '@SUM(1+1)' }, 'tester');
    const app = store.addApplication('=1+2');
    store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: '+44 20 7946 0000' }, '-2+3');
    store.setAnswer(app.id, null, 'app.backup.exists', { status: 'unknown', followUpWith: '\tcmd|calc', followUpBy: '' });
    const view = store.view();
    store.close();
    const path = join(dir, 'hostile.xlsx');
    await exportWorkbook(path, view, assessEngagement(view, { asOf: AS_OF }));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const cover = sheet(workbook, 'Cover');
    expect(cover.getCell('A2').value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(cover.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(cover.getCell('A2').numFmt).toBe('@');
    const interview = sheet(workbook, 'Interview');
    expect(interview.getCell(2, 1).value).toBe('=1+2');
    expect(interview.getCell(2, 1).numFmt).toBe('@');
    expect(readWithOpenpyxl(path).formulas).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('.writing-'))).toEqual([]);
  });

  it('creates a missing folder, and leaves no half-written file when it cannot write', async () => {
    const { view, assessment, dir } = await exportDemo();
    await exportWorkbook(join(dir, 'new-folder', 'out.xlsx'), view, assessment);
    expect(existsSync(join(dir, 'new-folder', 'out.xlsx'))).toBe(true);
    mkdirSync(join(dir, 'taken.xlsx'));
    await expect(exportWorkbook(join(dir, 'taken.xlsx'), view, assessment)).rejects.toThrow(/^Could not write the workbook .*taken\.xlsx: .*taken\.xlsx is a folder/);
    expect(readdirSync(dir).filter((name) => name.includes('.writing-'))).toEqual([]);
  });
});
