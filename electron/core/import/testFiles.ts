import ExcelJS from 'exceljs';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
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

/** A part of a file: text or bytes, or one piece written `times` times over. */
export type Piece = string | Buffer | { repeat: string | Buffer; times: number };

const bytesOf = (data: string | Buffer) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

function eachPiece(pieces: Piece[], write: (data: Buffer, times: number) => void): void {
  for (const piece of pieces) {
    if (typeof piece === 'string' || Buffer.isBuffer(piece)) write(bytesOf(piece), 1);
    else write(bytesOf(piece.repeat), piece.times);
  }
}

/** A plain file made of pieces, written as they come. */
export function writePieces(path: string, pieces: Piece[]): string {
  const fd = openSync(path, 'w');
  try {
    eachPiece(pieces, (data, times) => {
      for (let i = 0; i < times; i += 1) writeSync(fd, data);
    });
  } finally {
    closeSync(fd);
  }
  return path;
}

export interface ZipPart {
  name: string;
  /** The part's text; deflated here unless `deflated` gives the compressed bytes already. */
  text?: string;
  /** The part as pieces, deflated one by one (a repeated piece once), for parts too large to hold. */
  pieces?: Piece[];
  /** Raw deflate data, with the sizes and checksum the directory should claim for it. */
  deflated?: { data: Buffer; uncompressedSize: number; crc: number };
}

/** A part's local header and its central directory record, which say the same things. */
function zipHeaders(name: Buffer, crc: number, compressed: number, size: number, offset: number): { local: Buffer; central: Buffer } {
  const local = Buffer.alloc(30);
  const central = Buffer.alloc(46);
  local.writeUInt32LE(0x04034b50, 0);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  for (const [header, at] of [
    [local, 4],
    [central, 6],
  ] as const) {
    header.writeUInt16LE(20, at);
    header.writeUInt16LE(8, at + 4);
    header.writeUInt32LE(crc >>> 0, at + 10);
    header.writeUInt32LE(compressed, at + 14);
    header.writeUInt32LE(size, at + 18);
    header.writeUInt16LE(name.length, at + 22);
  }
  central.writeUInt32LE(offset, 42);
  return { local: Buffer.concat([local, name]), central: Buffer.concat([central, name]) };
}

/**
 * A zip package written byte by byte, so that a test can put in it what no spreadsheet program
 * would: a DOCTYPE with entities, a part that lies about its size, a gigabyte of whitespace. It
 * is written as it goes (a part's sizes and checksum are put in its header afterwards), so a
 * large part is never held whole.
 */
export function writeZip(path: string, parts: ZipPart[]): string {
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    const write = (data: Buffer) => {
      writeSync(fd, data, 0, data.length, offset);
      offset += data.length;
    };
    const centrals: Buffer[] = [];
    for (const part of parts) {
      const name = Buffer.from(part.name, 'utf8');
      const headerAt = offset;
      offset += 30 + name.length;
      let crc = 0;
      let size = 0;
      if (part.deflated) {
        write(part.deflated.data);
        ({ crc, uncompressedSize: size } = part.deflated);
      } else {
        eachPiece(part.pieces ?? [part.text ?? ''], (data, times) => {
          // A full flush ends each piece on a byte boundary, so that its deflated bytes can follow one another.
          const packed = deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });
          for (let i = 0; i < times; i += 1) {
            write(packed);
            crc = crc32(data, crc);
            size += data.length;
          }
        });
        write(deflateRawSync(Buffer.alloc(0)));
      }
      const compressed = offset - headerAt - 30 - name.length;
      const { local, central } = zipHeaders(name, crc, compressed, size, headerAt);
      writeSync(fd, local, 0, local.length, headerAt);
      centrals.push(central);
    }
    const directory = Buffer.concat(centrals);
    const directoryAt = offset;
    write(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(directoryAt, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** The parts of a one-sheet workbook around the sheet (and shared strings) a test writes itself. */
export function xlsxParts(sheetXml: ZipPart, sharedStringsXml?: ZipPart): ZipPart[] {
  const ns = 'http://schemas.openxmlformats.org';
  return [
    {
      name: '[Content_Types].xml',
      text: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${sharedStringsXml ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`,
    },
    {
      name: '_rels/.rels',
      text: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="vInfo" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${sharedStringsXml ? `<Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    ...(sharedStringsXml ? [sharedStringsXml] : []),
    sheetXml,
  ];
}
