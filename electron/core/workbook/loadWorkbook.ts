import ExcelJS from 'exceljs';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { CwbError } from '../errors';
import { identifyFile } from '../import/fileKind';

export const MAX_WORKBOOK_BYTES = 256 * 1024 ** 2;

/**
 * Opens a workbook the app exported (and someone may have edited), after the same checks as an
 * inventory file: the kind of file from its first bytes, then a size bound before exceljs reads it.
 */
export async function loadExportedWorkbook(path: string, refuse: (message: string) => CwbError): Promise<ExcelJS.Workbook> {
  const fileName = basename(path);
  const kind = identifyFile(path);
  if (kind.kind !== 'xlsx') throw refuse(`${fileName} is not an Excel workbook (.xlsx).`);
  const workbook = new ExcelJS.Workbook();
  try {
    if (statSync(path).size > MAX_WORKBOOK_BYTES) throw new Error(`it is larger than ${MAX_WORKBOOK_BYTES / 1024 ** 2} MiB`);
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw refuse(`${fileName} cannot be read as a workbook: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return workbook;
}
