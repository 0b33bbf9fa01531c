import type ExcelJS from 'exceljs';
import { cleanText } from '../../../shared/text/safeText';

/**
 * What a table of the workbook is made of: its columns (header, width, value, wrapping, number
 * format, fills and tones), the styles each role of cell gets, and the page setup every sheet
 * prints with. How the cells reach the file is the writer's business (`xlsx/`). Every text value
 * is written as a plain value, so nothing a customer typed can become a formula.
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
  /** A note on the cell (the help for what to type in it); rows that share a text share one note. */
  note?: (row: R) => string | null;
  /** The values Excel accepts in the cell; return the same object for rows that share one. */
  validation?: (row: R) => ExcelJS.DataValidation | null;
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
  cell.value = typeof value === 'string' ? cleanText(value) : value;
  // A new style object rather than a change to this one: the cell's style may be shared.
  if (looksLikeFormula(value)) cell.style = { ...cell.style, numFmt: '@' };
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

/** The header row of every table. */
export const TABLE_HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { ...FONT, bold: true, color: { argb: BRAND.headerFont } },
  fill: solid(BRAND.header),
  alignment: { vertical: 'middle', wrapText: true },
};
export const TABLE_HEADER_HEIGHT = 30;

/** The number format of a table cell: text that looks like a formula is held as text, whatever the column says. */
export function tableNumFmt<R>(column: Column<R>, row: R, value: CellContent): string | undefined {
  if (looksLikeFormula(value)) return '@';
  return typeof column.numFmt === 'function' ? column.numFmt(row) : column.numFmt;
}

/** A body cell of a table: its column's alignment, wrapping and fill, its number format, and its tone over the fill. */
export function tableCellStyle<R>(column: Column<R>, numFmt: string | undefined, tone: Tone | null | undefined): Partial<ExcelJS.Style> {
  return {
    ...(numFmt ? { numFmt } : {}),
    alignment: { vertical: 'top', horizontal: column.align ?? undefined, wrapText: column.wrap ?? false },
    ...(column.fill ? { fill: solid(column.fill) } : {}),
    ...(tone ? toneStyle(tone) : {}),
  };
}

/** An empty cell with nothing to show is left out: in a large sheet most of the file would be empty cells otherwise. */
export function tableCellShown<R>(value: CellContent, tone: Tone | null | undefined, column: Column<R>): boolean {
  return !((value === null || value === '') && !tone && !column.fill);
}

export interface PageContext {
  customer: string;
  title: string;
  exportedOn: string;
}

/** Header and footer codes treat & as a command character. */
const escapeHeader = (text: string) => cleanText(text).replace(/&/g, '&&');
/** Text straight after a font-size code: digits there would be read as part of the size ("3M" as size 83), so a space keeps them apart. */
const afterSize = (text: string) => `${/^\d/.test(text) ? ' ' : ''}${escapeHeader(text)}`;

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
    oddHeader: `&L&8${afterSize(page.customer)}&C&8&A&R&8${afterSize(page.title)}`,
    oddFooter: `&L&8Continuity Workbook — ${escapeHeader(page.exportedOn)}&R&8Page &P of &N`,
  };
}

const LINE_HEIGHT = 13;

/** The lines a wrapped value takes in a column `width` characters wide (about one character per unit). */
export function wrappedLines(value: CellContent | undefined, width: number): number {
  if (value === null || value === undefined) return 1;
  const characters = Math.max(4, width * 1.1);
  const text = value instanceof Date ? '' : String(value);
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / characters)), 0);
}

/** The height of a row whose tallest wrapped value takes `lines` lines; undefined leaves the default height. */
export function rowHeightFor(lines: number): number | undefined {
  return lines > 1 ? lines * LINE_HEIGHT + 3 : undefined;
}

/**
 * Excel and LibreOffice do not grow a row for wrapped text written by a library, so the
 * height is estimated from the text and the column widths.
 */
export function fitRowHeight(row: ExcelJS.Row, widths: readonly number[]): void {
  let lines = 1;
  row.eachCell((cell, column) => {
    // A merged cell's other parts repeat its value; only the first one counts, with the merged width passed in.
    if (cell.master !== cell || !cell.alignment?.wrapText || cell.value === null || cell.value === undefined) return;
    lines = Math.max(lines, wrappedLines(cell.value as CellContent, widths[column - 1] ?? 10));
  });
  const height = rowHeightFor(lines);
  if (height !== undefined) row.height = height;
}
