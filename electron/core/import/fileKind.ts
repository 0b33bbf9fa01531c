import { closeSync, constants as fsConstants, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, extname } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { CwbError } from '../errors';
import {
  MAX_CSV_BYTES,
  MAX_PROLOG_BYTES,
  MAX_SHARED_STRINGS_BYTES,
  MAX_UNCOMPRESSED_BYTES,
  MAX_WORKBOOK_PART_BYTES,
  MAX_ZIP_ENTRIES,
  megabytes as mib,
} from './limits';

/**
 * What a file is, decided from its bytes (the name only breaks ties between text formats),
 * and the checks that run before any row is read: a zip bomb or an encrypted workbook is
 * refused from its directory alone.
 */


export type RefusalReason =
  | 'legacy-xls'
  | 'encrypted'
  | 'not-a-spreadsheet'
  | 'opendocument'
  | 'too-large'
  | 'too-many-rows'
  | 'empty-sheet'
  | 'no-header'
  | 'no-such-sheet'
  | 'bad-option'
  | 'unreadable';

export function refuse(reason: RefusalReason, message: string): CwbError {
  return new CwbError('VALIDATION', message, { reason });
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  crc32: number;
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/** Reads the zip central directory (ZIP64 included) of a file without inflating anything. */
export function readZipDirectory(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    return zipDirectory((position, length) => readAt(fd, position, length), statSync(path).size);
  } finally {
    closeSync(fd);
  }
}

/** The same, for a package already in memory (an attachment). */
export function zipDirectoryOf(bytes: Buffer): ZipEntry[] {
  return zipDirectory((position, length) => bytes.subarray(position, position + length), bytes.length);
}

function zipDirectory(readBytes: (position: number, length: number) => Buffer, size: number): ZipEntry[] {
  const tailLength = Math.min(size, 65_557);
  const tail = readBytes(size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === 0x07064b50) {
    const zip64 = readBytes(Number(tail.readBigUInt64LE(locator + 8)), 56);
    if (zip64.readUInt32LE(0) !== 0x06064b50) throw new Error('bad ZIP64 record');
    count = Number(zip64.readBigUInt64LE(32));
    directorySize = Number(zip64.readBigUInt64LE(40));
    directoryOffset = Number(zip64.readBigUInt64LE(48));
  }
  if (count > MAX_ZIP_ENTRIES) throw new Error(`it lists more than ${MAX_ZIP_ENTRIES.toLocaleString('en-US')} parts`);
  if (directoryOffset + directorySize > size) throw new Error('central directory out of range');
  const directory = readBytes(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw new Error('damaged central directory');
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      crc32: directory.readUInt32LE(at + 16),
    };
    // ZIP64 extra field: the 64-bit values appear in order for each 32-bit field that is saturated.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const length = directory.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (entry.uncompressedSize === 0xffffffff) {
          entry.uncompressedSize = Number(directory.readBigUInt64LE(field));
          field += 8;
        }
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = Number(directory.readBigUInt64LE(field));
          field += 8;
        }
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = Number(directory.readBigUInt64LE(field));
      }
      extra += 4 + length;
    }
    entries.push(entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Inflates one small part of the package (workbook.xml, its relationships), never a worksheet. */
export function readZipText(path: string, entry: ZipEntry, maxBytes = MAX_WORKBOOK_PART_BYTES): string {
  if (entry.uncompressedSize > maxBytes || entry.compressedSize > maxBytes) throw new Error(`${entry.name} is too large`);
  const fd = openSync(path, 'r');
  try {
    const header = readAt(fd, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new Error(`damaged entry ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = readAt(fd, start, entry.compressedSize);
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method !== 8) throw new Error(`unsupported compression in ${entry.name}`);
    return inflateRawSync(data, { maxOutputLength: maxBytes }).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface XlsxPackage {
  kind: 'xlsx';
  /** Sheets in workbook order, with the part that holds each. */
  sheets: { name: string; part: string }[];
  entries: ZipEntry[];
}

/** A part's text could not be unpacked: the message names the file and the part. */
export function damagedPart(fileName: string, part: string, why: string): CwbError {
  return refuse('unreadable', `${fileName} cannot be read as an Excel workbook: its part ${part} is damaged (${why}). Open it in Excel and save it again, or save the sheet as CSV.`);
}

/**
 * One part of the package, unpacked as a stream straight from its place in the file and checked
 * as it passes: the size check on the directory only helps if the sizes are true, so a part that
 * unpacks to more than it declares (a zip bomb that lies) ends in an error as soon as it passes
 * that size, and a wrong size or checksum at the end ends in one too. Errors arrive on the stream.
 */
export function openZipPart(path: string, entry: ZipEntry, fileName: string): Readable {
  const damaged = (why: string) => damagedPart(fileName, entry.name, why);
  const fd = openSync(path, 'r');
  let start: number;
  try {
    const header = readAt(fd, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw damaged('no local header where the directory points');
    start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    closeSync(fd);
  }
  if (entry.method !== 0 && entry.method !== 8) throw damaged(`compression method ${entry.method} is not one Excel uses`);
  let size = 0;
  let checksum = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > entry.uncompressedSize) {
        done(
          refuse(
            'too-large',
            `${fileName} cannot be read as an Excel workbook: its part ${entry.name} unpacks to more than the ${entry.uncompressedSize.toLocaleString('en-US')} bytes its zip directory declares (the file is damaged, or built to exhaust memory); reading stopped there. Open it in Excel and save it again, or save the sheet as CSV.`,
          ),
        );
        return;
      }
      checksum = crc32(chunk, checksum);
      done(null, chunk);
    },
    flush(done) {
      if (size !== entry.uncompressedSize) done(damaged(`it unpacks to ${size.toLocaleString('en-US')} bytes, not the ${entry.uncompressedSize.toLocaleString('en-US')} declared`));
      else if (checksum >>> 0 !== entry.crc32) done(damaged('its checksum does not match'));
      else done();
    },
  });
  if (entry.compressedSize === 0) {
    check.end();
    return check;
  }
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: INFLATE_CHUNK_BYTES });
  const onError = (error: Error) => check.destroy(error instanceof CwbError ? error : damaged(error.message));
  // pipeline() destroys every stream on the first error; the one read from is told which.
  if (entry.method === 8) pipeline(raw, createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }), check, (error) => error && onError(error));
  else pipeline(raw, check, (error) => error && onError(error));
  return check;
}

/** Larger pieces than zlib's default 16 KB: fewer, cheaper steps through a sheet of tens of megabytes. */
const INFLATE_CHUNK_BYTES = 128 * 1024;

export interface TextFile {
  kind: 'csv';
}

const decodeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decodeXml(match[1] ?? match[2] ?? '') : undefined;
}

/** A DOCTYPE is where XML declares entities; no spreadsheet program writes one into a workbook. */
export function entityDeclarations(fileName: string, part: string): CwbError {
  return refuse(
    'unreadable',
    `${fileName} is refused: its part ${part} holds XML entity declarations (a DOCTYPE), which Excel never writes in a workbook. Open it in Excel and save it again, or save the sheet as CSV.`,
  );
}

const XML_PART = /\.(xml|rels|vml)$/i;
/** Parts up to this size are unpacked whole, here and now, to look at their start; larger ones are streamed. */
const SMALL_PART_BYTES = 1024 ** 2;

/** How a part's text begins: with an element, with a DOCTYPE, or with more declarations and comments than MAX_PROLOG_BYTES. */
function prologOf(head: Buffer): 'element' | 'doctype' | 'too-long' | 'other' {
  let text: string;
  const start = head.subarray(0, MAX_PROLOG_BYTES + 2);
  if (start[0] === 0xff && start[1] === 0xfe) text = start.toString('utf16le', 2);
  else if (start[0] === 0xfe && start[1] === 0xff) text = Buffer.from(start.subarray(2, start.length & ~1)).swap16().toString('utf16le');
  else text = start.toString('latin1');
  let i = text.startsWith('\u00ef\u00bb\u00bf') ? 3 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
    if (i >= text.length || i >= MAX_PROLOG_BYTES) return head.length >= MAX_PROLOG_BYTES ? 'too-long' : 'other';
    if (text.startsWith('<!DOCTYPE', i)) return 'doctype';
    const close = text.startsWith('<?', i) ? '?>' : text.startsWith('<!--', i) ? '-->' : null;
    if (close === null) return text[i] === '<' ? 'element' : 'other';
    const end = text.indexOf(close, i + 2);
    if (end < 0) return head.length >= MAX_PROLOG_BYTES ? 'too-long' : 'other';
    i = end + close.length;
  }
}

function refuseProlog(head: Buffer, fileName: string, part: string): void {
  const prolog = prologOf(head);
  if (prolog === 'doctype') throw entityDeclarations(fileName, part);
  if (prolog === 'too-long') {
    throw refuse('unreadable', `${fileName} cannot be read as an Excel workbook: its part ${part} begins with more than ${MAX_PROLOG_BYTES / 1024} KB of declarations and comments, which no spreadsheet program writes. Open it in Excel and save it again, or save the sheet as CSV.`);
  }
}

const isXmlPart = (entry: ZipEntry) => XML_PART.test(entry.name) && entry.compressedSize > 0;

/**
 * Refuses a package with a DOCTYPE in any of its small XML parts, read or not (the large ones,
 * see refuseDoctypesInLargeParts, are streamed when the rows are read). Only a part's start
 * matters, since XML allows a DOCTYPE nowhere else; the parts the import reads are checked to
 * their end by the scanner as well. A part that cannot be unpacked is left to the reader that
 * needs it, if one does: a damaged sheet nobody asked for does not stop the import.
 */
function refuseDoctypes(path: string, entries: ZipEntry[], fileName: string): void {
  const fd = openSync(path, 'r');
  try {
    for (const entry of entries) {
      if (!isXmlPart(entry) || entry.uncompressedSize > SMALL_PART_BYTES || entry.compressedSize > SMALL_PART_BYTES) continue;
      const header = readAt(fd, entry.localHeaderOffset, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) continue;
      const packed = readAt(fd, entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28), entry.compressedSize);
      let text: Buffer;
      try {
        text = entry.method === 0 ? packed : inflateRawSync(packed, { maxOutputLength: entry.uncompressedSize + 1 });
      } catch {
        continue;
      }
      refuseProlog(text, fileName, entry.name);
    }
  } finally {
    closeSync(fd);
  }
}

/** The same check for the parts larger than a megabyte, but `skip` (those the reader scans whole): the start of each is streamed, the rest never unpacked. */
export async function refuseDoctypesInLargeParts(path: string, pkg: XlsxPackage, fileName: string, skip: ReadonlySet<string>): Promise<void> {
  for (const entry of pkg.entries) {
    if (!isXmlPart(entry) || (entry.uncompressedSize <= SMALL_PART_BYTES && entry.compressedSize <= SMALL_PART_BYTES) || skip.has(entry.name)) continue;
    const chunks: Buffer[] = [];
    let length = 0;
    try {
      for await (const chunk of openZipPart(path, entry, fileName) as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= MAX_PROLOG_BYTES) break;
      }
    } catch {
      continue;
    }
    refuseProlog(Buffer.concat(chunks), fileName, entry.name);
  }
}

/** Sheet names and parts from workbook.xml and its relationships, as Excel and other writers put them. */
function sheetsOf(path: string, entries: ZipEntry[], fileName: string): XlsxPackage['sheets'] {
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
  const workbook = byName.get('xl/workbook.xml');
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return [];
  const read = (entry: ZipEntry) => {
    const text = readZipText(path, entry);
    // Read whole, and by patterns rather than an XML parser: a DOCTYPE anywhere in them is refused all the same.
    if (text.includes('<!DOCTYPE')) throw entityDeclarations(fileName, entry.name);
    return text;
  };
  const targets = new Map<string, string>();
  for (const tag of read(rels).match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: XlsxPackage['sheets'] = [];
  for (const tag of read(workbook).match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const rid = attribute(tag, 'r:id') ?? attribute(tag, '\\w+:id');
    const part = rid ? targets.get(rid) : undefined;
    if (name && part) sheets.push({ name, part });
  }
  return sheets;
}

function containsUtf16(path: string, needle: string, size: number): boolean {
  const pattern = Buffer.from(needle, 'utf16le');
  const fd = openSync(path, 'r');
  try {
    const chunk = 4 * 1024 ** 2;
    for (let position = 0; position < Math.min(size, MAX_CSV_BYTES); position += chunk - pattern.length) {
      if (readAt(fd, position, chunk).includes(pattern)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** What a path that is no regular file names, in the words of the message. */
function whatItIs(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a device';
  if (stat.isBlockDevice()) return 'a disk device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Looks at the file's bytes and refuses anything that is not an .xlsx package or a text file. */
export function identifyFile(path: string): XlsxPackage | TextFile {
  let size: number;
  let head: Buffer;
  let fd: number;
  try {
    // Not blocking: a named pipe put where the file was would otherwise wait here for a writer for ever.
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch {
    throw new CwbError('NOT_FOUND', `${path} cannot be read: check that the file exists and that you may open it.`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw refuse('not-a-spreadsheet', `${path} is ${whatItIs(stat)}, not a spreadsheet file. Choose the .xlsx or .csv file itself.`);
    }
    size = stat.size;
    head = readAt(fd, 0, 4096);
  } catch (error) {
    if (error instanceof CwbError) throw error;
    throw new CwbError('NOT_FOUND', `${path} cannot be read: check that the file exists and that you may open it.`);
  } finally {
    closeSync(fd);
  }
  const name = basename(path);
  const extension = extname(path).toLowerCase();
  if (head.subarray(0, 8).equals(OLE_SIGNATURE)) {
    // Excel saves a password-protected .xlsx as an OLE container holding EncryptionInfo and EncryptedPackage.
    if (containsUtf16(path, 'EncryptionInfo', size) || containsUtf16(path, 'EncryptedPackage', size)) {
      throw refuse('encrypted', `${name} is an encrypted (password-protected) workbook. Open it in Excel, remove the password (File › Info › Protect Workbook), save it, and import it again.`);
    }
    throw refuse('legacy-xls', `${name} is a legacy Excel 97–2003 workbook (.xls). Open it in Excel and save it as .xlsx (Excel Workbook), then import that file.`);
  }
  if (size === 0) throw refuse('empty-sheet', `${name} is empty (0 bytes).`);
  if (head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50) {
    let entries: ZipEntry[];
    try {
      entries = readZipDirectory(path);
    } catch (error) {
      throw refuse('unreadable', `${name} looks like an Excel workbook but its zip structure is damaged (${error instanceof Error ? error.message : String(error)}). Open it in Excel and save it again.`);
    }
    const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
    if (names.has('content.xml') && names.has('mimetype')) {
      throw refuse('opendocument', `${name} is an OpenDocument spreadsheet. Save it as .xlsx (Excel Workbook) and import that file.`);
    }
    if (!names.has('xl/workbook.xml')) {
      throw refuse('not-a-spreadsheet', `${name} is a zip file but not an Excel workbook (.xlsx): it has no xl/workbook.xml.`);
    }
    const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (total > MAX_UNCOMPRESSED_BYTES) {
      throw refuse('too-large', `${name} unpacks to ${mib(total)}, more than the limit of ${mib(MAX_UNCOMPRESSED_BYTES)}. Delete the sheets you do not need (keep the VM list) and save it again.`);
    }
    const sharedStrings = entries.find((e) => e.name.replace(/^\//, '') === 'xl/sharedStrings.xml');
    if (sharedStrings && sharedStrings.uncompressedSize > MAX_SHARED_STRINGS_BYTES) {
      throw refuse('too-large', `${name} holds ${mib(sharedStrings.uncompressedSize)} of text, more than the limit of ${mib(MAX_SHARED_STRINGS_BYTES)}. Delete the sheets you do not need and save it again.`);
    }
    refuseDoctypes(path, entries, name);
    let sheets: XlsxPackage['sheets'];
    try {
      sheets = sheetsOf(path, entries, name);
    } catch (error) {
      if (error instanceof CwbError) throw error;
      throw refuse('unreadable', `${name}: the list of sheets cannot be read (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (sheets.length === 0) throw refuse('empty-sheet', `${name} has no worksheets.`);
    return { kind: 'xlsx', sheets, entries };
  }
  if (extension === '.xlsx' || extension === '.xlsm' || extension === '.xls') {
    throw refuse('not-a-spreadsheet', `${name} is not an Excel workbook: its content is not an .xlsx package. If it came from another program, save it from Excel as .xlsx or export it as CSV.`);
  }
  if (size > MAX_CSV_BYTES) {
    throw refuse('too-large', `${name} is ${mib(size)}, more than the limit of ${mib(MAX_CSV_BYTES)} for a CSV file.`);
  }
  if (!looksLikeText(head)) {
    throw refuse('not-a-spreadsheet', `${name} is not a spreadsheet: it is neither an Excel workbook (.xlsx) nor a text (CSV) file.`);
  }
  return { kind: 'csv' };
}

/** Text has no control bytes other than tab, CR, LF (UTF-16 is recognised by its BOM or its zero bytes). */
export function looksLikeText(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  let zeros = 0;
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) zeros += 1;
    else if (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) controls += 1;
  }
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  if (zeros > 0 && Math.abs(zeros - head.length / 2) <= head.length / 8) return controls === 0;
  return zeros === 0 && controls <= head.length / 100;
}
