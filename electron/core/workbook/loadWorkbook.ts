import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CwbError } from '../errors';
import { identifyFile } from '../import/fileKind';
import { describeSpecialFile } from '../store/fileCheck';

export const MAX_WORKBOOK_BYTES = 256 * 1024 ** 2;

/**
 * Opens a workbook the app exported (and someone may have edited), after the same checks as an
 * inventory file: the kind of file from its first bytes, then a size bound before exceljs reads it.
 */
export async function loadExportedWorkbook(path: string, refuse: (message: string) => CwbError): Promise<ExcelJS.Workbook> {
  const fileName = basename(path);
  // A pipe or a device (/dev/zero) would be read for ever: say what it is, without reading it.
  let special: string | null = null;
  try {
    special = describeSpecialFile(statSync(path));
  } catch {
    // A path that does not exist is identifyFile's to report.
  }
  if (special) throw refuse(`${fileName} is ${special}; it is not a workbook. Nothing was read from it.`);
  const kind = identifyFile(path);
  if (kind.kind !== 'xlsx') throw refuse(`${fileName} is not an Excel workbook (.xlsx).`);
  const workbook = new ExcelJS.Workbook();
  try {
    if (statSync(path).size > MAX_WORKBOOK_BYTES) throw new Error(`it is larger than ${MAX_WORKBOOK_BYTES / 1024 ** 2} MiB`);
    const bytes = await withoutCellNotes(readFileSync(path));
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw refuse(`${fileName} cannot be read as a workbook: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return workbook;
}

const NOTE_RELATIONSHIP = /<Relationship\b[^>]*Type="[^"]*\/(comments|vmlDrawing)"[^>]*\/>/g;

/**
 * exceljs 4.4 fails on cell notes (comments) stored where other writers put them, openpyxl and
 * Google Sheets among them (exceljs issue #2797: "reading 'comments'"). The notes only repeat
 * the catalogue's help, which nothing reads back, so the sheets' links to them are dropped
 * before exceljs sees the file; every cell value stays as written.
 */
async function withoutCellNotes(bytes: Buffer): Promise<Buffer | Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  let changed = false;
  for (const name of Object.keys(zip.files)) {
    if (!/^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(name)) continue;
    const rels = await zip.file(name)!.async('string');
    const stripped = rels.replace(NOTE_RELATIONSHIP, '');
    if (stripped === rels) continue;
    zip.file(name, stripped);
    changed = true;
  }
  return changed ? zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }) : bytes;
}
