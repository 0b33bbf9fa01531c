import ExcelJS from 'exceljs';
import { printSetup, type Column, type PageContext } from './table';

/** A table: its columns, and the rows whose cells are made only as the writer reaches them. */
export interface PlannedTable<R = unknown> {
  columns: readonly Column<R>[];
  rows: readonly R[];
}

export interface TableOptions {
  /** The defined name of the whole table, header included. */
  definedName: string;
  page: PageContext;
  /** Printed on A3 rather than A4; by default when the table has more than ten columns. */
  wide?: boolean;
}

export interface DefinedName {
  name: string;
  /** Where it points, as the workbook writes it: `Sheet!$A$1:$B$9`, the sheet quoted where needed. */
  range: string;
}

/**
 * What the workbook holds, sheet by sheet, before anything is written. Every sheet is a sheet of
 * exceljs's in-memory model, which carries its settings (state, column widths, frozen panes,
 * filter, page setup). A page such as the Cover is laid out there cell by cell: it holds a few
 * hundred cells at most. A table keeps only its columns and rows: its cells, which grow with the
 * estate, are made one row at a time by the writer, so memory stays flat however large the
 * engagement is.
 */
export class WorkbookPlan {
  /** Every sheet, in order; a table's sheet has its settings but no cells. */
  readonly book = new ExcelJS.Workbook();
  readonly definedNames: DefinedName[] = [];
  private readonly tables = new Map<ExcelJS.Worksheet, PlannedTable>();

  constructor(properties: { creator: string; title: string; created: Date }) {
    this.book.creator = properties.creator;
    this.book.title = properties.title;
    this.book.created = properties.created;
  }

  /** A sheet laid out cell by cell, such as the Cover. */
  addWorksheet(name: string, options?: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet {
    return this.book.addWorksheet(name, options);
  }

  /** A picture for a page, e.g. a logo on the Cover: the number to place it by with the page's `addImage`. */
  addImage(image: ExcelJS.Image): number {
    return this.book.addImage(image);
  }

  /** A table with a frozen, filtered header row, a defined name over it, printed landscape with the header on every page. */
  addTable<R>(name: string, columns: readonly Column<R>[], rows: readonly R[], options: TableOptions): void {
    const sheet = this.book.addWorksheet(name);
    sheet.columns = columns.map((column) => ({ width: column.width, hidden: column.hidden ?? false }));
    sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }];
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(rows.length + 1, 1), column: columns.length } };
    const lastColumn = sheet.getColumn(columns.length).letter;
    this.addDefinedName(options.definedName, name, `$A$1:$${lastColumn}$${Math.max(rows.length + 1, 2)}`);
    printSetup(sheet, options.page, { wide: options.wide ?? columns.length > 10, titleRows: '1:1' });
    this.tables.set(sheet, { columns, rows } as PlannedTable);
  }

  /** Names a range of a sheet, e.g. a list the drop-downs read. */
  addDefinedName(name: string, sheetName: string, range: string): void {
    // Quoted as Excel quotes: bare when only letters and digits.
    const sheet = /^[a-zA-Z0-9]*$/.test(sheetName) ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
    this.definedNames.push({ name, range: `${sheet}!${range}` });
  }

  /** The table a sheet holds, or undefined for a sheet laid out cell by cell. */
  tableOf(sheet: ExcelJS.Worksheet): PlannedTable | undefined {
    return this.tables.get(sheet);
  }
}
