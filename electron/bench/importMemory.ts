/**
 * One import into a fresh engagement, and, run as a script, the child process the bench measures
 * the peak memory of: `--import FILE ENGAGEMENT` imports FILE, `--exceljs FILE` only streams it
 * through exceljs. This module loads nothing the import does not, so that neither figure
 * carries the other's libraries.
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImportOptions } from '../../shared/api/importContract';
import { applyImport } from '../core/import/importer';
import { EngagementStore } from '../core/store/engagementStore';

export async function importInto(file: string, engagement: string): Promise<number> {
  const store = EngagementStore.create(engagement, { customer: 'Bench', title: 'Import' }, 'bench');
  try {
    const result = await applyImport(ImportOptions.parse({ path: file }), store, {}, null);
    return result.vmsCreated;
  } finally {
    store.close();
  }
}

/** Every cell of every row of the vInfo sheet through exceljs's streaming reader, and nothing more. */
export async function rawRead(path: string): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) cells += (row.values as unknown[]).length;
    break;
  }
  return cells;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, file, engagement] = process.argv.slice(2) as [string, string, string];
  const count = mode === '--exceljs' ? await rawRead(file) : await importInto(file, engagement);
  // maxRSS is in kilobytes: the high-water mark of the whole process, the runtime included.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ peakRssMb, count }));
}
