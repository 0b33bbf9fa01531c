import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbench } from '../workbench';

/** Small real files for the import tests, written with exceljs or byte by byte. */

/** A real RVTools export written by someone else (see fixtures/SOURCES.md), kept in the repository so any clone can test with it. */
export const RVTOOLS_FIXTURE = join(import.meta.dirname, 'fixtures', 'SizingWorkshop-RVTools.xlsx');

export async function writeXlsx(
  path: string,
  sheets: { name: string; rows: unknown[][]; merges?: string[] }[],
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows, merges } of sheets) {
    const sheet = workbook.addWorksheet(name);
    rows.forEach((row, i) => {
      row.forEach((value, j) => {
        if (value !== undefined && value !== null) sheet.getCell(i + 1, j + 1).value = value as ExcelJS.CellValue;
      });
    });
    for (const range of merges ?? []) sheet.mergeCells(range);
  }
  await workbook.xlsx.writeFile(path);
  return path;
}

export function writeText(path: string, text: string, encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'windows-1252'): string {
  if (encoding === 'utf-8') writeFileSync(path, text, 'utf8');
  else if (encoding === 'utf-8-bom') writeFileSync(path, `\ufeff${text}`, 'utf8');
  else if (encoding === 'utf-16le-bom') writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  else writeFileSync(path, Buffer.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0)))));
  return path;
}

/** An OLE compound file header, with the directory entry names a legacy or encrypted workbook has. */
export function writeOle(path: string, streams: string[]): string {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const names = Buffer.concat(streams.map((s) => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(128 - s.length * 2)])));
  writeFileSync(path, Buffer.concat([header, names, Buffer.alloc(1024)]));
  return path;
}

/** Makes the central directory claim a part unpacks to 4 GB (the local data stays small). */
export function inflateDeclaredSize(path: string, part: string): void {
  const bytes = readFileSync(path);
  const name = Buffer.from(part);
  for (let at = bytes.length - 22; at >= 0; at -= 1) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) continue;
    const length = bytes.readUInt16LE(at + 28);
    if (bytes.subarray(at + 46, at + 46 + length).equals(name)) {
      bytes.writeUInt32LE(0xfffffff0, at + 24);
      writeFileSync(path, bytes);
      return;
    }
  }
  throw new Error(`${part} not found`);
}

export function workbenchIn(dir: string): Workbench {
  return new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: join(dir, 'engagements'), actor: 'tester' });
}

export async function call<T>(wb: Workbench, method: string, input: unknown): Promise<T> {
  const envelope = await wb.dispatch(method, input);
  if ('error' in envelope) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

export const RVTOOLS_3_HEADERS = [
  'VM', 'Powerstate', 'Template', 'CPUs', 'Memory', 'NICs', 'Disks', 'Provisioned MB', 'In Use MB', 'Datacenter', 'Cluster', 'Host',
  'OS according to the configuration file', 'OS according to the VMware Tools',
];

export const AZURE_MIGRATE_HEADERS = [
  '*Server Name', 'IP addresses', '*Cores', '*Memory (In MB)', '*OS name', 'OS version', 'OS architecture', 'CPU utilization percentage',
  'Memory utilization percentage', 'Network adapters', 'Network In throughput', 'Network Out throughput', 'Boot type', 'Number of disks',
  'Disk 1 size (In GB)', 'Disk 1 read throughput (MB per second)', 'Disk 1 write throughput (MB per second)',
  'Disk 1 read ops (operations per second)', 'Disk 1 write ops (operations per second)', 'Disk 2 size (In GB)',
  'Disk 2 read throughput (MB per second)', 'Disk 2 write throughput (MB per second)', 'Disk 2 read ops (operations per second)',
  'Disk 2 write ops (operations per second)',
];
