import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * What a reader sees in a workbook, as plain JSON, so that two files can be compared to the
 * cell: values and their types, style essentials, notes, validations per cell, merges, defined
 * names, sheet states, panes, filters, widths, heights, print setup and protection, and (exceljs
 * only: openpyxl needs Pillow to read them) pictures. Two readers: exceljs (the one the answer
 * import and `cwb verify` use) and openpyxl (an independent one).
 * Only tests use this.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function plain(value: unknown): Json {
  if (value === undefined) return null;
  if (value instanceof Date) return `date:${value.toISOString()}`;
  // A data bar's extension id is a new random GUID every time a file is written; it says nothing.
  return JSON.parse(JSON.stringify(value ?? null, (key, inner: unknown) => (key === 'x14Id' ? undefined : inner))) as Json;
}

function noteText(note: ExcelJS.Cell['note']): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((run) => run.text).join('');
}

/** Every sheet as exceljs reads it. */
export async function dumpWithExcelJs(file: string | Buffer): Promise<Json> {
  const workbook = new ExcelJS.Workbook();
  if (typeof file === 'string') await workbook.xlsx.readFile(file);
  else await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const names: Record<string, Json> = {};
  for (const { name, ranges } of (workbook.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model) names[name] = ranges;
  const sheets = workbook.worksheets.map((sheet) => {
    const cells: Record<string, Json> = {};
    const heights: Record<string, Json> = {};
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      if (row.height) heights[rowNumber] = row.height;
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Null && !cell.note && Object.keys(cell.style ?? {}).length === 0) return;
        cells[cell.address] = {
          type: cell.type,
          value: plain(cell.value),
          master: cell.master === cell ? null : cell.master.address,
          numFmt: cell.numFmt ?? null,
          font: plain(cell.font),
          fill: plain(cell.fill),
          alignment: plain(cell.alignment),
          note: noteText(cell.note),
        };
      });
    });
    const model = sheet.model as unknown as { merges: string[]; dataValidations: Record<string, unknown>; cols?: unknown; sheetProtection: unknown; conditionalFormattings: unknown };
    return {
      name: sheet.name,
      state: sheet.state,
      views: plain(sheet.views),
      autoFilter: plain(sheet.autoFilter),
      columns: plain(model.cols),
      heights,
      merges: [...model.merges].sort(),
      pageSetup: plain(sheet.pageSetup),
      headerFooter: plain(sheet.headerFooter),
      protection: plain(model.sheetProtection),
      conditionalFormats: plain(model.conditionalFormattings),
      validations: plain(model.dataValidations),
      // By content, not by number: the two writers may number the same pictures differently.
      pictures: sheet.getImages().map(({ imageId, range }) => {
        const image = workbook.getImage(Number(imageId)) as ExcelJS.Image & { buffer?: Buffer };
        const bytes = image.buffer ?? Buffer.from(image.base64 ?? '', 'base64');
        const placed = range as unknown as { tl: { model: unknown }; br?: { model: unknown }; ext?: unknown; editAs?: string };
        return plain({ extension: image.extension, sha256: createHash('sha256').update(bytes).digest('hex'), from: placed.tl.model, to: placed.br?.model, ext: placed.ext, editAs: placed.editAs });
      }),
      cells,
    };
  });
  return { definedNames: names, sheets };
}

/** Every sheet of each file as openpyxl reads it. */
export function dumpWithOpenpyxl(...files: string[]): Json[] {
  const script = join(import.meta.dirname, 'workbookDump.py');
  return JSON.parse(execFileSync('/usr/bin/python3', [script, ...files], { encoding: 'utf8', maxBuffer: 1024 ** 3 })) as Json[];
}

/** Where two dumps differ, as paths with both values; empty when they are the same. */
export function differences(expected: Json, actual: Json, path = '', found: string[] = [], limit = 30): string[] {
  if (found.length >= limit) return found;
  const show = (value: Json) => JSON.stringify(value)?.slice(0, 200);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) found.push(`${path}: ${expected.length} items, found ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i += 1) differences(expected[i]!, actual[i]!, `${path}[${i}]`, found, limit);
    return found;
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected) && !Array.isArray(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(key in actual)) found.push(`${path}.${key}: ${show(expected[key]!)}, missing`);
      else if (!(key in expected)) found.push(`${path}.${key}: not expected, found ${show(actual[key]!)}`);
      else differences(expected[key]!, actual[key]!, `${path}.${key}`, found, limit);
      if (found.length >= limit) break;
    }
    return found;
  }
  if (expected !== actual) found.push(`${path}: ${show(expected)}, found ${show(actual)}`);
  return found;
}
