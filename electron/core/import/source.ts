import ExcelJS from 'exceljs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { CwbError } from '../errors';
import { readCsv, parseCsv, type CsvDelimiter, type CsvEncoding } from './csv';
import { damagedPart, identifyFile, MAX_ROWS, openZipPart, refuse, type XlsxPackage } from './fileKind';

/** One cell as the importer sees it: text, number or boolean; formulas give their result. */
export type Cell = string | number | boolean | null;
export interface SheetRow {
  /** As the spreadsheet program shows it (1-based). */
  rowNumber: number;
  cells: Cell[];
}

export interface SourceChoice {
  sheet?: string | undefined;
  encoding?: CsvEncoding | undefined;
  delimiter?: CsvDelimiter | undefined;
}

export interface ReadControl {
  signal?: AbortSignal | undefined;
  /** Called every so many rows with the number of rows read so far. */
  onProgress?: ((rowsRead: number) => void) | undefined;
}

export interface OpenedSource {
  fileName: string;
  kind: 'xlsx' | 'csv';
  sheets: string[];
  sheet: string;
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  rows(control: ReadControl): AsyncGenerator<SheetRow>;
}

const PROGRESS_EVERY = 500;

export function cancelled(): CwbError {
  return new CwbError('CANCELLED', 'The import was cancelled; nothing was changed.');
}

export function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return (object.richText as { text?: string }[]).map((run) => run.text ?? '').join('');
    if ('result' in object) return cellValue(object.result);
    if ('text' in object) return cellValue(object.text);
    // Kept as Excel shows it (and as Excel's own CSV export writes it), so that the row reports it rather than losing it.
    if ('error' in object) return typeof object.error === 'string' ? object.error : null;
    if ('sharedFormula' in object || 'formula' in object) return null;
  }
  return String(value);
}

/** The sheet the VM list is most likely on: RVTools' vInfo, else the first. */
function defaultSheet(sheets: string[]): string {
  return sheets.find((s) => s.toLowerCase() === 'vinfo') ?? sheets[0]!;
}

async function* limited(rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, fileName: string, control: ReadControl): AsyncGenerator<SheetRow> {
  let filled = 0;
  for await (const row of rows) {
    if (control.signal?.aborted) throw cancelled();
    if (row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
    filled += 1;
    if (filled > MAX_ROWS + 50) {
      throw refuse('too-many-rows', `${fileName} has more than ${MAX_ROWS.toLocaleString('en-US')} rows, the most one import reads. Split the file and import it in parts.`);
    }
    if (filled % PROGRESS_EVERY === 0) {
      control.onProgress?.(filled);
      // Lets a cancel request or a progress poll through between batches of rows.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    yield row;
  }
  control.onProgress?.(filled);
}

/**
 * The parts of exceljs's streaming reader this import drives itself. Its public reader unzips the
 * whole file in order: every other sheet is unpacked and skipped, and a sheet stored before the
 * shared strings (as exceljs itself writes them) is copied to a temporary file and read again.
 * Here the shared strings and then the one sheet are unpacked straight from their place in the
 * file, once each, and parsed by exceljs's own code, so each cell reads as it always has.
 */
interface ExcelJsReaderInternals {
  properties: unknown;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';

function xlsxRows(path: string, fileName: string, pkg: XlsxPackage, sheet: string): (control: ReadControl) => AsyncGenerator<SheetRow> {
  const target = pkg.sheets.find((s) => s.name === sheet)!;
  const entryOf = (part: string) => pkg.entries.find((e) => e.name.replace(/^\//, '') === part);
  async function* read(): AsyncGenerator<SheetRow> {
    const sheetEntry = entryOf(target.part);
    if (!sheetEntry) throw refuse('unreadable', `${fileName}: the sheet "${sheet}" should be stored in ${target.part}, which the file does not hold. Open it in Excel and save it again.`);
    const stringsEntry = entryOf(SHARED_STRINGS);
    let reading = SHARED_STRINGS;
    const streams: Readable[] = [];
    try {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        entries: 'ignore',
      }) as unknown as ExcelJsReaderInternals;
      // Read only for dates, which need the styles this import does not load; set so that no cell can trip on it.
      reader.properties = {};
      if (stringsEntry) {
        const strings = openZipPart(path, stringsEntry, fileName);
        streams.push(strings);
        for await (const _ of reader._parseSharedStrings(strings)) void _;
      }
      reading = target.part;
      const sheetStream = openZipPart(path, sheetEntry, fileName);
      streams.push(sheetStream);
      for (const { value: worksheet } of reader._parseWorksheet(sheetStream, '1')) {
        for await (const row of worksheet) {
          const values = row.values as unknown[];
          const cells: Cell[] = [];
          for (let i = 1; i < values.length; i += 1) cells.push(cellValue(values[i]));
          yield { rowNumber: row.number, cells };
        }
      }
    } catch (error) {
      if (error instanceof CwbError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      // The XML reader never expands a DTD's entities (a "billion laughs" stays small); it stops on the first one.
      if (/entity|doctype/i.test(why)) {
        throw refuse('unreadable', `${fileName} is refused: its part ${reading} holds XML entity declarations (a DOCTYPE), which Excel never writes in a workbook (${why}). Open it in Excel and save it again, or save the sheet as CSV.`);
      }
      throw damagedPart(fileName, reading, why);
    } finally {
      for (const stream of streams) stream.destroy();
    }
  }
  return (control) => limited(read(), fileName, control);
}

/** Identifies the file, refuses what cannot be imported, and offers its rows as one stream. */
export function openSource(path: string, choice: SourceChoice = {}): OpenedSource {
  const fileName = basename(path);
  const identified = identifyFile(path);
  if (identified.kind === 'xlsx') {
    const sheets = identified.sheets.map((s) => s.name);
    const sheet = choice.sheet ?? defaultSheet(sheets);
    if (!sheets.includes(sheet)) {
      throw refuse('no-such-sheet', `${fileName} has no sheet named "${sheet}"; its sheets are ${sheets.map((s) => `"${s}"`).join(', ')}.`);
    }
    return { fileName, kind: 'xlsx', sheets, sheet, encoding: null, delimiter: null, rows: xlsxRows(path, fileName, identified, sheet) };
  }
  const sheet = fileName.replace(/\.[^.]+$/, '');
  // Silently reading the only table there is would hide a wrong file picked for the sheet asked for.
  if (choice.sheet !== undefined && choice.sheet !== sheet) {
    throw refuse('no-such-sheet', `${fileName} is a text (CSV) file with one table and no sheets, so there is no sheet "${choice.sheet}" to choose.`);
  }
  const csv = readCsv(path, choice);
  return {
    fileName,
    kind: 'csv',
    sheets: [sheet],
    sheet,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    rows: (control) => limited(parseCsv(csv.text, csv.delimiter), fileName, control),
  };
}
