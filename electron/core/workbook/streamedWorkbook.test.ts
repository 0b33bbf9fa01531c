import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { assessEngagement } from '../../../shared/rules/engine';
import { EngagementStore } from '../store/engagementStore';
import { exportWorkbook, planWorkbook } from './exportWorkbook';
import { renderInMemory } from './inMemoryWorkbook';
import { differences, dumpWithExcelJs, dumpWithOpenpyxl } from './workbookDump';
import { NO_BRANDING } from '../report/branding';
import { FIXTURE_AS_OF, FIXTURE_BRANDING, FIXTURE_EXPORTED_AT, fixtureSource, type FixtureKind } from './workbookFixtures';
import { WorkbookPlan } from './workbookPlan';
import { writeWorkbookFile } from './xlsx/writeWorkbook';

const tempDir = useTempDir();

/** The same engagement written both ways: by exceljs in memory (the reference, `alter`ed first if given) and streamed. */
async function bothWays(kind: FixtureKind, alter: (workbook: ExcelJS.Workbook) => void = () => undefined) {
  const dir = tempDir();
  const source = fixtureSource(dir, kind);
  const plan = () => planWorkbook(source.view, source.assessment, FIXTURE_EXPORTED_AT, source.signature, kind === 'branded' ? FIXTURE_BRANDING : NO_BRANDING);
  const inMemory = join(dir, 'in-memory.xlsx');
  const streamed = join(dir, 'streamed.xlsx');
  const reference = renderInMemory(await plan());
  alter(reference);
  await reference.xlsx.writeFile(inMemory);
  await writeWorkbookFile(await plan(), streamed);
  return { inMemory, streamed };
}

describe('the streamed workbook', () => {
  it.each<FixtureKind>(['demo', 'signed', 'hostile', 'branded'])(
    'is the same file as the in-memory one for %s, to exceljs and to openpyxl: every cell, note, validation, merge, name, state, pane, filter, width, picture and print setting',
    async (kind) => {
      const { inMemory, streamed } = await bothWays(kind);
      expect(differences(await dumpWithExcelJs(inMemory), await dumpWithExcelJs(streamed))).toEqual([]);
      const [expected, actual] = dumpWithOpenpyxl(inMemory, streamed);
      expect(differences(expected!, actual!)).toEqual([]);
    },
  );

  it('comparison notices one changed fill (the near miss of the comparison itself)', async () => {
    const { inMemory, streamed } = await bothWays('demo', (workbook) => {
      const cell = workbook.getWorksheet('Findings')!.getCell('D2');
      cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF00FF00' } } };
    });
    expect(differences(await dumpWithExcelJs(inMemory), await dumpWithExcelJs(streamed))).toEqual([expect.stringMatching(/^\.sheets\[4\]\.cells\.D2\.fill\.fgColor\.argb: /)]);
    const [expected, actual] = dumpWithOpenpyxl(inMemory, streamed);
    expect(differences(expected!, actual!)).toEqual([expect.stringMatching(/^\.sheets\[4\]\.cells\.D2\.fill\[1\]: /)]);
  });

  it('prints a customer and a title that begin with digits in the page header, not as part of its font size', async () => {
    const dir = tempDir();
    const store = EngagementStore.create(join(dir, 'digits.cwb'), { customer: '3M Europe', title: '2027 continuity review' }, 'tester');
    const view = store.view();
    store.close();
    const path = join(dir, 'digits.xlsx');
    await exportWorkbook(path, view, assessEngagement(view, { asOf: FIXTURE_AS_OF }), FIXTURE_EXPORTED_AT);
    const [read] = dumpWithOpenpyxl(path) as { sheets: { name: string; header: string[]; footer: string[] }[] }[];
    for (const sheet of read!.sheets.filter((s) => s.name === 'Cover' || s.name === 'Interview')) {
      expect(sheet.header[0]).toBe('3M Europe');
      expect(sheet.header[2]).toBe('2027 continuity review');
      expect(sheet.footer[0]).toBe('Continuity Workbook — 2026-11-25');
    }
  });

  it('refuses what it cannot write yet, naming it and its place, rather than leaving it out', async () => {
    const dir = tempDir();
    const bordered = new WorkbookPlan({ creator: 'test', title: 'test', created: new Date(FIXTURE_EXPORTED_AT) });
    bordered.addWorksheet('Logo').getCell('B2').border = { top: { style: 'thin' } };
    await expect(writeWorkbookFile(bordered, join(dir, 'bordered.xlsx'))).rejects.toThrow(/does not write the style setting "border" \(Logo!B2\)/);
    const formula = new WorkbookPlan({ creator: 'test', title: 'test', created: new Date(FIXTURE_EXPORTED_AT) });
    formula.addWorksheet('Totals').getCell('A1').value = { formula: '1+1' } as ExcelJS.CellFormulaValue;
    await expect(writeWorkbookFile(formula, join(dir, 'formula.xlsx'))).rejects.toThrow(/does not write formulas, links, rich text or error values \(Totals!A1\)/);
  });

  it('keeps text exactly that XML would otherwise change: control characters, carriage returns, text that reads as an escape', async () => {
    const dir = tempDir();
    const texts = ['bell\u0007 and tab\t', 'windows\r\nline', '_x0041_ stays _x0041_', '_x00e9_ lower case', 'form\u000cfeed'];
    const plan = new WorkbookPlan({ creator: 'test', title: 'test', created: new Date(FIXTURE_EXPORTED_AT) });
    const sheet = plan.addWorksheet('Texts');
    texts.forEach((text, index) => {
      sheet.getCell(index + 1, 1).value = text;
      sheet.getCell(index + 1, 1).note = text;
    });
    const path = join(dir, 'texts.xlsx');
    await writeWorkbookFile(plan, path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const read = workbook.getWorksheet('Texts')!;
    const noteText = (note: ExcelJS.Cell['note']) => (typeof note === 'string' ? note : note.texts!.map((run) => run.text).join(''));
    expect(texts.map((_text, index) => read.getCell(index + 1, 1).value)).toEqual(texts);
    expect(texts.map((_text, index) => noteText(read.getCell(index + 1, 1).note))).toEqual(texts);
  });
});
