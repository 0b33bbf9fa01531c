import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CwbError } from '../errors';
import { readCsv, parseCsv, type CsvDelimiter, type CsvEncoding } from './csv';
import { identifyFile, MAX_ROWS, refuse, verifyZipPart, type XlsxPackage } from './fileKind';

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

function cellValue(value: unknown): Cell {
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

function xlsxRows(path: string, fileName: string, pkg: XlsxPackage, sheet: string): (control: ReadControl) => AsyncGenerator<SheetRow> {
  const target = pkg.sheets.find((s) => s.name === sheet)!;
  // exceljs names worksheets by the number in their part name (xl/worksheets/sheetN.xml).
  const sheetNumber = /sheet(\d+)\.xml$/i.exec(target.part)?.[1];
  async function* read(): AsyncGenerator<SheetRow> {
    if (!sheetNumber) throw refuse('unreadable', `${fileName}: the sheet "${sheet}" is stored in a way this reader does not support (${target.part}).`);
    for (const part of [target.part, 'xl/sharedStrings.xml']) {
      const entry = pkg.entries.find((e) => e.name.replace(/^\//, '') === part);
      if (entry) await verifyZipPart(path, entry, fileName);
    }
    const stream = createReadStream(path);
    // exceljs's unzipper reports damaged data or a bad header on its own stream, which nothing
    // awaits while a sheet is read: the read would then wait for ever. The error is caught where
    // it is raised and ends the row the read is waiting for.
    let failed: unknown = null;
    let stop: ((error: unknown) => void) | null = null;
    const pipe = stream.pipe.bind(stream);
    stream.pipe = ((destination: NodeJS.WritableStream, options?: { end?: boolean }) => {
      destination.on('error', (error: unknown) => {
        failed ??= error;
        stop?.(error);
      });
      return pipe(destination, options);
    }) as typeof stream.pipe;
    // One settle-able promise per step rather than a race against a shared one, whose reactions would pile up row after row.
    const next = <T>(iterator: AsyncIterator<T>) =>
      failed !== null
        ? Promise.reject(failed)
        : new Promise<IteratorResult<T>>((resolve, reject) => {
            stop = reject;
            iterator.next().then(resolve, reject);
          });
    try {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        entries: 'ignore',
      });
      const worksheets = reader[Symbol.asyncIterator]();
      for (let sheetStep = await next(worksheets); !sheetStep.done; sheetStep = await next(worksheets)) {
        const worksheet = sheetStep.value;
        const id = String((worksheet as unknown as { id: string | number }).id);
        if (id !== sheetNumber) continue;
        const rows = worksheet[Symbol.asyncIterator]();
        for (let rowStep = await next(rows); !rowStep.done; rowStep = await next(rows)) {
          const values = rowStep.value.values as unknown[];
          const cells: Cell[] = [];
          for (let i = 1; i < values.length; i += 1) cells.push(cellValue(values[i]));
          yield { rowNumber: rowStep.value.number, cells };
        }
        return;
      }
    } catch (error) {
      if (error instanceof CwbError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      // The XML reader never expands a DTD's entities (a "billion laughs" stays small); it stops on the first one.
      if (/entity|doctype/i.test(why)) {
        throw refuse('unreadable', `${fileName} is refused: it holds XML entity declarations (a DOCTYPE), which Excel never writes in a workbook (${why}). Open it in Excel and save it again, or save the sheet as CSV.`);
      }
      throw refuse(
        'unreadable',
        `${fileName} cannot be read as an Excel workbook: its content is damaged (${error instanceof Error ? error.message : String(error)}). Open it in Excel and save it again, or save the sheet as CSV.`,
      );
    } finally {
      stream.destroy();
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
