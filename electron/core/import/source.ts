import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { CwbError } from '../errors';
import { csvBatches, inspectCsv, type CsvDelimiter, type CsvEncoding } from './csv';
import { damagedPart, entityDeclarations, identifyFile, openZipPart, refuse, refuseDoctypesInLargeParts, type XlsxPackage, type ZipEntry } from './fileKind';
import { MAX_CELL_TEXT, MAX_ROWS, MAX_XML_TOKEN_BYTES, megabytes } from './limits';
import { SharedStrings, SharedStringsReader } from './sharedStrings';
import { SheetReader, type ColumnFilter } from './sheetReader';
import { XmlProblem, type XmlScanner } from './xmlScanner';

export type { ColumnFilter } from './sheetReader';

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
  /** Called after each batch of rows with the number of rows read so far. */
  onProgress?: ((rowsRead: number) => void) | undefined;
}

export interface OpenedSource {
  fileName: string;
  kind: 'xlsx' | 'csv';
  sheets: string[];
  sheet: string;
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  /**
   * The rows that have a filled cell, in batches as they are read. `filter` is read at every
   * cell, so a caller may narrow the columns once it knows which ones it needs.
   */
  batches(control: ReadControl, filter?: ColumnFilter): AsyncGenerator<SheetRow[]>;
  /** The same rows one at a time, every column read. */
  rows(control: ReadControl): AsyncGenerator<SheetRow>;
}

export function cancelled(): CwbError {
  return new CwbError('CANCELLED', 'The import was cancelled; nothing was changed.');
}

/** A value as exceljs gives it, as a cell: what the reader here is checked against. */
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

async function* limited(batches: AsyncIterable<SheetRow[]>, fileName: string, control: ReadControl): AsyncGenerator<SheetRow[]> {
  let read = 0;
  for await (const batch of batches) {
    if (control.signal?.aborted) throw cancelled();
    read += batch.length;
    if (read > MAX_ROWS + 50) {
      throw refuse('too-many-rows', `${fileName} has more than ${MAX_ROWS.toLocaleString('en-US')} rows, the most one import reads. Split the file and import it in parts.`);
    }
    control.onProgress?.(read);
    yield batch;
  }
}

async function* oneByOne(batches: AsyncIterable<SheetRow[]>): AsyncGenerator<SheetRow> {
  for await (const batch of batches) yield* batch;
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';

/** Feeds one part of the package to a scanner, chunk by chunk as it is unpacked. */
async function scanPart(path: string, entry: ZipEntry, fileName: string, scanner: XmlScanner): Promise<void> {
  const stream: Readable = openZipPart(path, entry, fileName);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) scanner.write(chunk);
    scanner.end();
  } finally {
    stream.destroy();
  }
}

/** The message for a scan that stopped, naming the file, the part, and the row where there is one. */
function scanRefusal(problem: XmlProblem, fileName: string, part: string, row: string | null): CwbError {
  switch (problem.kind) {
    case 'doctype':
      return entityDeclarations(fileName, part);
    case 'token-too-long':
      return refuse(
        'too-large',
        `${fileName} cannot be read as an Excel workbook: its part ${part} holds a tag or comment longer than ${megabytes(MAX_XML_TOKEN_BYTES)}, which no spreadsheet program writes (the file is damaged, or built to exhaust memory). Open it in Excel and save it again, or save the sheet as CSV.`,
      );
    case 'text-too-long':
      return refuse(
        'too-large',
        `${row === null ? `${fileName}: one of its shared strings (the text of its cells) is longer than` : `${row}: a cell holds more than`} ${megabytes(MAX_CELL_TEXT)} of text, the most this import reads from one cell (Excel itself keeps at most 32,767 characters in a cell). Shorten it in Excel and save the file again.`,
      );
    case 'malformed':
      return damagedPart(fileName, part, problem.message);
  }
}

/**
 * The chosen sheet's rows, read straight from the package: the shared strings first (kept
 * compactly), then the one sheet, each unpacked once from its place in the file; no other sheet
 * is unpacked.
 */
async function* xlsxBatches(path: string, fileName: string, pkg: XlsxPackage, sheet: string, filter: ColumnFilter): AsyncGenerator<SheetRow[]> {
  const target = pkg.sheets.find((s) => s.name === sheet)!;
  const entryOf = (part: string) => pkg.entries.find((e) => e.name.replace(/^\//, '') === part);
  const sheetEntry = entryOf(target.part);
  if (!sheetEntry) throw refuse('unreadable', `${fileName}: the sheet "${sheet}" should be stored in ${target.part}, which the file does not hold. Open it in Excel and save it again.`);
  const stringsEntry = entryOf(SHARED_STRINGS);
  let reading = SHARED_STRINGS;
  let reader: SheetReader | null = null;
  const where = `${fileName}, sheet "${sheet}"`;
  try {
    await refuseDoctypesInLargeParts(path, pkg, fileName, new Set([sheetEntry.name, ...(stringsEntry ? [stringsEntry.name] : [])]));
    let strings = new SharedStrings();
    if (stringsEntry) {
      const stringsReader = new SharedStringsReader(stringsEntry.uncompressedSize);
      await scanPart(path, stringsEntry, fileName, stringsReader.scanner);
      strings = stringsReader.strings;
    }
    reading = target.part;
    const sheetReader = new SheetReader(strings, filter, where);
    reader = sheetReader;
    const stream: Readable = openZipPart(path, sheetEntry, fileName);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        sheetReader.scanner.write(chunk);
        for (;;) {
          if (sheetReader.batch.length > 0) yield sheetReader.take();
          if (!sheetReader.scanner.paused) break;
          sheetReader.scanner.resume();
        }
      }
      sheetReader.scanner.end();
    } finally {
      stream.destroy();
    }
    if (sheetReader.batch.length > 0) yield sheetReader.take();
  } catch (error) {
    if (error instanceof CwbError) throw error;
    if (error instanceof XmlProblem) throw scanRefusal(error, fileName, reading, reader ? `${where}, row ${reader.rowNumber}` : null);
    throw damagedPart(fileName, reading, error instanceof Error ? error.message : String(error));
  }
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
    const batches = (control: ReadControl, filter: ColumnFilter = { columns: null }) => limited(xlsxBatches(path, fileName, identified, sheet, filter), fileName, control);
    return { fileName, kind: 'xlsx', sheets, sheet, encoding: null, delimiter: null, batches, rows: (control) => oneByOne(batches(control)) };
  }
  const sheet = fileName.replace(/\.[^.]+$/, '');
  // Silently reading the only table there is would hide a wrong file picked for the sheet asked for.
  if (choice.sheet !== undefined && choice.sheet !== sheet) {
    throw refuse('no-such-sheet', `${fileName} is a text (CSV) file with one table and no sheets, so there is no sheet "${choice.sheet}" to choose.`);
  }
  const csv = inspectCsv(path, fileName, choice);
  // A CSV row is parsed whole anyway, so the column filter has nothing to spare there.
  const batches = (control: ReadControl) => limited(csvBatches(csv), fileName, control);
  return {
    fileName,
    kind: 'csv',
    sheets: [sheet],
    sheet,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    batches,
    rows: (control) => oneByOne(batches(control)),
  };
}
