import type ExcelJS from 'exceljs';
import { fitRowHeight, TABLE_HEADER_HEIGHT, TABLE_HEADER_STYLE, tableCellShown, tableCellStyle, tableNumFmt } from './table';
import type { PlannedTable, WorkbookPlan } from './workbookPlan';

/** exceljs keeps a sheet's validations by address, a range being one address; its typings leave this out. */
interface SheetValidations {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

function fillTable<R>(sheet: ExcelJS.Worksheet, { columns, rows }: PlannedTable<R>): void {
  const widths = columns.map((column) => (column.hidden ? 0 : column.width));
  const header = sheet.getRow(1);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.style = TABLE_HEADER_STYLE;
  });
  header.height = TABLE_HEADER_HEIGHT;
  const validations = (sheet as unknown as SheetValidations).dataValidations;
  // A run of rows sharing one validation goes in as one range: exceljs's own merging of single
  // cells sorts them as text (F10 before F9) and can write overlapping ranges.
  const runs = columns.map(() => ({ validation: null as ExcelJS.DataValidation | null, from: 0, to: 0 }));
  const endRun = (c: number) => {
    const run = runs[c]!;
    if (!run.validation) return;
    const letter = sheet.getColumn(c + 1).letter;
    validations.add(run.from === run.to ? `${letter}${run.from}` : `${letter}${run.from}:${letter}${run.to}`, run.validation);
    run.validation = null;
  };
  rows.forEach((row, r) => {
    const sheetRow = sheet.getRow(r + 2);
    columns.forEach((column, c) => {
      const value = column.value(row);
      const tone = column.tone?.(row);
      const note = column.note?.(row);
      const validation = column.validation?.(row) ?? null;
      const run = runs[c]!;
      if (validation !== run.validation) {
        endRun(c);
        Object.assign(run, { validation, from: r + 2 });
      }
      run.to = r + 2;
      if (!tableCellShown(value, tone, column) && !note) return;
      const cell = sheetRow.getCell(c + 1);
      cell.value = value;
      cell.style = tableCellStyle(column, tableNumFmt(column, row, value), tone);
      if (note) cell.note = note;
    });
    fitRowHeight(sheetRow, widths);
  });
  columns.forEach((_column, c) => endRun(c));
}

/**
 * The whole workbook in exceljs's in-memory model, every table's cells made at once: the way the
 * export worked before it streamed. Only tests use it, as the reference the streamed file must
 * match to every reader; it needs memory in proportion to the cells, so keep it to small workbooks.
 */
export function renderInMemory(plan: WorkbookPlan): ExcelJS.Workbook {
  for (const sheet of plan.book.worksheets) {
    const table = plan.tableOf(sheet);
    if (table) fillTable(sheet, table);
  }
  for (const { name, range } of plan.definedNames) plan.book.definedNames.add(range, name);
  return plan.book;
}
