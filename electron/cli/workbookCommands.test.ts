import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerImportPreview, AnswerImportResult } from '../../shared/api/answerImportContract';
import { EngagementStore } from '../core/store/engagementStore';
import { useTempDir } from '../core/testSupport';
import { INTERVIEW_COLUMNS, INTERVIEW_SHEET } from '../core/workbook/interviewSheet';
import { cwb } from './testCli';

const tempDir = useTempDir();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The owner's edit: the Intranet's criticality becomes Standard, and one answer is nonsense. */
async function editWorkbook(path: string, edited: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(INTERVIEW_SHEET)!;
  let edits = 0;
  sheet.eachRow((row) => {
    const question = row.getCell(INTERVIEW_COLUMNS.questionId).value;
    if (row.getCell(1).value === 'Intranet' && question === 'app.criticality') {
      row.getCell(INTERVIEW_COLUMNS.answer).value = 'Standard';
      edits += 1;
    }
    if (row.getCell(1).value === 'Finance ERP' && question === 'app.dataSizeGb') {
      row.getCell(INTERVIEW_COLUMNS.answer).value = 'a lot';
      edits += 1;
    }
  });
  expect(edits).toBe(2);
  await workbook.xlsx.writeFile(edited);
}

describe('cwb export --format xlsx and cwb import-answers', () => {
  it('exports the workbook, shows a dry run that changes nothing, then applies only the valid edit', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo.cwb');
    expect((await cwb('demo', file)).code).toBe(0);
    const before = sha256(file);
    const exported = await cwb('export', file, '--format', 'xlsx', '-o', join(dir, 'demo.xlsx'), '--as-of', '2026-11-25');
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(sha256(file)).toBe(before);
    await editWorkbook(join(dir, 'demo.xlsx'), join(dir, 'edited.xlsx'));

    const dryRun = await cwb('import-answers', file, join(dir, 'edited.xlsx'));
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toMatch(/changes \(1\):[\s\S]*Intranet: How critical is the application to the business\?[\s\S]*Deferrable → Standard/);
    expect(dryRun.out).toMatch(/invalid, not applied \(1\):[\s\S]*Finance ERP[\s\S]*Not a valid answer: "a lot" is not a number/);
    expect(dryRun.out).toContain('Dry run: nothing was changed. Run again with --apply to apply the 1 change.');
    expect(sha256(file)).toBe(before);

    const applied = await cwb('import-answers', file, join(dir, 'edited.xlsx'), '--apply', '--json');
    expect(applied.code).toBe(0);
    const json = JSON.parse(applied.out) as { preview: unknown; result: unknown };
    AnswerImportPreview.parse(json.preview);
    expect(AnswerImportResult.parse(json.result)).toEqual({ fileName: 'edited.xlsx', importId: expect.any(String), applied: 1, notSelected: 0, invalid: 1, ignored: 0 });
    const view = EngagementStore.inspect(file);
    expect(view.applications.find((a) => a.name === 'Intranet')?.answers['app.criticality']?.state).toEqual({ status: 'answered', value: 'standard' });
  });

  it('says what is wrong: a missing workbook argument, an unknown format, a workbook of another engagement', async () => {
    const dir = tempDir();
    const file = join(dir, 'demo.cwb');
    await cwb('demo', file);
    expect((await cwb('import-answers', file)).code).toBe(2);
    expect((await cwb('export', file, '--format', 'pdf', '-o', join(dir, 'x.pdf'))).err).toContain('knows --format json and --format xlsx');
    expect((await cwb('export', file, '--format', 'xlsx', '-o', join(dir, 'x.txt'))).err).toContain('does not end in .xlsx');
    await cwb('export', file, '--format', 'xlsx', '-o', join(dir, 'demo.xlsx'));
    const other = join(dir, 'other.cwb');
    await cwb('create', other, '--customer', 'Other', '--title', 'Review');
    const before = sha256(other);
    const refused = await cwb('import-answers', other, join(dir, 'demo.xlsx'), '--apply', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.err).error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('belongs to another engagement') });
    expect(sha256(other)).toBe(before);
  });
});
