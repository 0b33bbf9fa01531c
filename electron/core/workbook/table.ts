import type ExcelJS from 'exceljs';

/**
 * One way to lay out every table of the workbook: a styled, frozen header row, autofilter,
 * widths, wrapping, print setup and a defined name. Every text value passes through
 * `plainText`, so nothing a customer typed can become a formula.
 */

export type CellContent = string | number | boolean | Date | null;

export interface Column<R> {
  header: string;
  width: number;
  value: (row: R) => CellContent;
  wrap?: boolean;
  numFmt?: string | ((row: R) => string | undefined);
  /** A background for the whole column, e.g. the cells owners fill in. */
  fill?: string;
  /** Fill and font for this cell, e.g. a compliance or severity colour. */
  tone?: (row: R) => Tone | null;
  hidden?: boolean;
  align?: 'left' | 'right' | 'center';
}

export interface Tone {
  fill: string;
  font: string;
  bold?: boolean;
}

export const TONES = {
  met: { fill: 'FFC6EFCE', font: 'FF006100' },
  atRisk: { fill: 'FFFCE0C4', font: 'FF7A3A05' },
  breached: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  unknown: { fill: 'FFFFEB9C', font: 'FF7F4F00' },
  notRequired: { fill: 'FFEDEDED', font: 'FF595959' },
  notAssessed: { fill: 'FFFFFFFF', font: 'FF3D4650', bold: true },
  outOfScope: { fill: 'FFE0E0E0', font: 'FF4D4D4D' },
  critical: { fill: 'FF9C0006', font: 'FFFFFFFF', bold: true },
  high: { fill: 'FFFFC7CE', font: 'FF9C0006', bold: true },
  medium: { fill: 'FFFFEB9C', font: 'FF7F4F00' },
  low: { fill: 'FFDDEBF7', font: 'FF1F3864' },
  info: { fill: 'FFEDEDED', font: 'FF404040' },
} as const satisfies Record<string, Tone>;

export const BRAND = { header: 'FF1F3864', headerFont: 'FFFFFFFF', title: 'FF1F3864', muted: 'FF595959' } as const;

const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

/** Whether a text would be read as a formula (or DDE) if a person re-entered it; such cells are formatted as text. */
export function looksLikeFormula(value: unknown): boolean {
  return typeof value === 'string' && FORMULA_TRIGGERS.test(value);
}

/** Writes a value as a plain value: strings stay strings, and formula-looking text gets the Text format so it stays text in Excel. */
export function setPlain(cell: ExcelJS.Cell, value: CellContent): void {
  cell.value = value;
  // A new style object rather than a change to this one: the cell's style may be shared.
  if (looksLikeFormula(value)) cell.style = { ...cell.style, numFmt: '@' };
}

const sharedStyles = new Map<string, Partial<ExcelJS.Style>>();

/**
 * Cells that look alike get one and the same style object. exceljs serialises a style once per
 * object it has not seen, so per-cell style objects cost it a round of XML work for every cell
 * of a large table. The shared objects are frozen: set a cell's style again, never one part of it.
 */
export function styleCell(cell: ExcelJS.Cell, style: Partial<ExcelJS.Style>): void {
  cell.style = sharedStyle(style);
}

function sharedStyle(style: Partial<ExcelJS.Style>): Partial<ExcelJS.Style> {
  const key = JSON.stringify(style);
  let shared = sharedStyles.get(key);
  if (!shared) {
    shared = deepFreeze(structuredClone(style));
    sharedStyles.set(key, shared);
  }
  return shared;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** One typeface everywhere: a font without a name falls back to a serif face in LibreOffice. */
export const FONT = { name: 'Calibri', size: 11 } as const;

function toneStyle(tone: Tone): Partial<ExcelJS.Style> {
  return { fill: solid(tone.fill), font: { ...FONT, color: { argb: tone.font }, bold: tone.bold ?? false } };
}

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

export function applyTone(cell: ExcelJS.Cell, tone: Tone): void {
  cell.style = { ...cell.style, ...toneStyle(tone) };
}

export interface PageContext {
  customer: string;
  title: string;
  exportedOn: string;
}

/** Header and footer codes treat & as a command character. */
const escapeHeader = (text: string) => text.replace(/&/g, '&&');

export function printSetup(sheet: ExcelJS.Worksheet, page: PageContext, options: { wide?: boolean; titleRows?: string } = {}): void {
  sheet.pageSetup = {
    orientation: 'landscape',
    // A3 (8) for the wide tables, A4 (9) otherwise; the type lists no A3.
    paperSize: (options.wide ? 8 : 9) as ExcelJS.PaperSize,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(options.titleRows ? { printTitlesRow: options.titleRows } : {}),
  };
  sheet.headerFooter = {
    oddHeader: `&L&8${escapeHeader(page.customer)}&C&8&A&R&8${escapeHeader(page.title)}`,
    oddFooter: `&L&8Continuity Workbook — ${escapeHeader(page.exportedOn)}&R&8Page &P of &N`,
  };
}

const LINE_HEIGHT = 13;

/**
 * Excel and LibreOffice do not grow a row for wrapped text written by a library, so the
 * height is estimated from the text and the column widths (about one character per unit).
 */
export function fitRowHeight(row: ExcelJS.Row, widths: readonly number[]): void {
  let lines = 1;
  row.eachCell((cell, column) => {
    // A merged cell's other parts repeat its value; only the first one counts, with the merged width passed in.
    if (cell.master !== cell || !cell.alignment?.wrapText || cell.value === null || cell.value === undefined) return;
    const width = Math.max(4, (widths[column - 1] ?? 10) * 1.1);
    const text = cell.value instanceof Date ? '' : String(cell.value);
    const needed = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / width)), 0);
    lines = Math.max(lines, needed);
  });
  if (lines > 1) row.height = lines * LINE_HEIGHT + 3;
}

/** A header row, the rows, and everything that makes the table usable in Excel and on paper. */
export function writeTable<R>(
  sheet: ExcelJS.Worksheet,
  columns: readonly Column<R>[],
  rows: readonly R[],
  options: { definedName: string; page: PageContext; wide?: boolean },
): void {
  sheet.columns = columns.map((column) => ({ width: column.width, hidden: column.hidden ?? false }));
  const widths = columns.map((column) => (column.hidden ? 0 : column.width));
  const header = sheet.getRow(1);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    styleCell(cell, { font: { ...FONT, bold: true, color: { argb: BRAND.headerFont } }, fill: solid(BRAND.header), alignment: { vertical: 'middle', wrapText: true } });
  });
  header.height = 30;

  // A column's cells differ only in number format and tone, so each column keeps its shared styles by those two;
  // building and serialising a style description for every cell was a good part of writing a large table.
  const columnStyles = columns.map(() => new Map<string, Partial<ExcelJS.Style>>());
  const toneKeys = new Map<Tone, string>();
  const toneKey = (tone: Tone) => {
    let key = toneKeys.get(tone);
    if (key === undefined) toneKeys.set(tone, (key = JSON.stringify(tone)));
    return key;
  };
  rows.forEach((row, r) => {
    const sheetRow = sheet.getRow(r + 2);
    columns.forEach((column, c) => {
      const value = column.value(row);
      const tone = column.tone?.(row);
      // An empty cell with nothing to show is left out: in a large sheet most of the file would be empty cells otherwise.
      if ((value === null || value === '') && !tone && !column.fill) return;
      const cell = sheetRow.getCell(c + 1);
      cell.value = value;
      const numFmt = looksLikeFormula(value) ? '@' : typeof column.numFmt === 'function' ? column.numFmt(row) : column.numFmt;
      const key = `${numFmt ?? ''}|${tone ? toneKey(tone) : ''}`;
      let style = columnStyles[c]!.get(key);
      if (!style) {
        style = sharedStyle({
          ...(numFmt ? { numFmt } : {}),
          alignment: { vertical: 'top', horizontal: column.align ?? undefined, wrapText: column.wrap ?? false },
          ...(column.fill ? { fill: solid(column.fill) } : {}),
          ...(tone ? toneStyle(tone) : {}),
        });
        columnStyles[c]!.set(key, style);
      }
      cell.style = style;
    });
    fitRowHeight(sheetRow, widths);
  });

  const lastColumn = sheet.getColumn(columns.length).letter;
  const lastRow = Math.max(rows.length + 1, 2);
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(rows.length + 1, 1), column: columns.length } };
  addDefinedName(sheet.workbook, options.definedName, sheet.name, `$A$1:$${lastColumn}$${lastRow}`);
  printSetup(sheet, options.page, { wide: options.wide ?? columns.length > 10, titleRows: '1:1' });
}

interface DefinedName {
  name: string;
  ranges: string[];
}

const rangeNames = new WeakMap<ExcelJS.Workbook, DefinedName[]>();

/**
 * Names a range of a sheet, e.g. a whole table. exceljs's own `definedNames.add` records a name
 * cell by cell (an object per cell of the range, a million and more for the Interview table of a
 * large engagement) and walks them all again to find the range when it writes. Here the range is
 * kept as the text exceljs would write for it, and added to what the workbook's names give
 * exceljs when it writes, in the order they were named, so the file says exactly the same.
 */
export function addDefinedName(workbook: ExcelJS.Workbook, name: string, sheetName: string, range: string): void {
  let names = rangeNames.get(workbook);
  if (!names) {
    names = [];
    rangeNames.set(workbook, names);
    const definedNames = workbook.definedNames as unknown as { model: DefinedName[] };
    const model = findAccessor(definedNames, 'model');
    const own = names;
    Object.defineProperty(definedNames, 'model', {
      configurable: true,
      get: () => [...(model.get!.call(definedNames) as DefinedName[]), ...own],
      set: (value: DefinedName[]) => model.set!.call(definedNames, value),
    });
  }
  // Quoted as exceljs quotes: bare when only letters and digits.
  const sheet = /^[a-zA-Z0-9]*$/.test(sheetName) ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
  names.push({ name, ranges: [`${sheet}!${range}`] });
}

function findAccessor(object: object, key: string): PropertyDescriptor {
  for (let proto: object | null = object; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (descriptor?.get && descriptor.set) return descriptor;
  }
  throw new Error(`exceljs no longer has a ${key} accessor on its defined names`);
}
