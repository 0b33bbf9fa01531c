import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  ATTACHMENT_KINDS,
  formatBytes,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME,
  type AttachmentKind,
} from '../../../shared/domain/attachment';
import { CwbError } from '../errors';
import { looksLikeText, zipDirectoryOf } from '../import/fileKind';

/**
 * What an attached file is, decided from its bytes: the extension only tells CSV from plain text,
 * and it must agree with the content, so a script renamed `.png` or a macro workbook renamed
 * `.xlsx` is refused before a byte is stored.
 */

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PDF = Buffer.from('%PDF-', 'latin1');

function refuse(name: string, message: string): CwbError {
  return new CwbError('VALIDATION', `${name}: ${message}`, { field: 'file' });
}

/** The name as stored: the last part of a path, without control characters, within the limit. */
export function attachmentName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().normalize('NFC');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') throw new CwbError('VALIDATION', 'An attachment needs a file name.', { field: 'name' });
  if (cleaned.length > MAX_ATTACHMENT_NAME) throw new CwbError('VALIDATION', `The file name "${cleaned.slice(0, 40)}…" is longer than ${MAX_ATTACHMENT_NAME} characters; rename the file first.`, { field: 'name' });
  return cleaned;
}

function contentKind(bytes: Buffer): AttachmentKind | 'zip' | 'text' | null {
  if (bytes.subarray(0, PNG.length).equals(PNG)) return 'png';
  if (bytes.subarray(0, JPEG.length).equals(JPEG)) return 'jpeg';
  if (bytes.subarray(0, PDF.length).equals(PDF)) return 'pdf';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (looksLikeText(bytes)) return 'text';
  return null;
}

function describeContent(kind: ReturnType<typeof contentKind>): string {
  if (kind === null) return 'something that is none of them';
  if (kind === 'zip') return 'a zip archive';
  if (kind === 'text') return 'text';
  return `a ${ATTACHMENT_KINDS[kind].label}`;
}

const ACCEPTED = 'PDF, PNG, JPEG, XLSX, CSV or TXT';

/** Checks a file to attach, its size, name and content; returns its kind, or refuses naming the problem. */
export function checkAttachment(rawName: string, bytes: Buffer): { name: string; kind: AttachmentKind } {
  const name = attachmentName(rawName);
  if (bytes.length === 0) throw refuse(name, 'the file is empty (0 bytes).');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw refuse(name, `the file is ${formatBytes(bytes.length)}; an attachment may be at most ${formatBytes(MAX_ATTACHMENT_BYTES)}.`);
  }
  const extension = extname(name).toLowerCase();
  const byExtension = (Object.entries(ATTACHMENT_KINDS) as [AttachmentKind, (typeof ATTACHMENT_KINDS)[AttachmentKind]][]).find(([, kind]) =>
    (kind.extensions as readonly string[]).includes(extension),
  )?.[0];
  if (!byExtension) throw refuse(name, `only ${ACCEPTED} files can be attached${extension ? `, not ${extension}` : ' (the name has no extension)'}.`);
  const found = contentKind(bytes);
  if (found === 'zip') {
    let names: Set<string>;
    try {
      names = new Set(zipDirectoryOf(bytes).map((entry) => entry.name.replace(/^\//, '')));
    } catch (error) {
      throw refuse(name, `its zip structure is damaged (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (!names.has('xl/workbook.xml') || byExtension !== 'xlsx') throw refuse(name, `the name says ${ATTACHMENT_KINDS[byExtension].label} but the content is ${names.has('xl/workbook.xml') ? 'an Excel workbook' : 'a zip archive'}.`);
    // Macros never travel inside the engagement: a workbook that carries them is refused, not stored.
    if (names.has('xl/vbaProject.bin')) throw refuse(name, 'the workbook contains macros; save it as a plain Excel Workbook (.xlsx) without macros and attach that.');
    return { name, kind: 'xlsx' };
  }
  if (found === 'text' && (byExtension === 'csv' || byExtension === 'txt')) return { name, kind: byExtension };
  if (found === byExtension) return { name, kind: found };
  throw refuse(name, `the name says ${ATTACHMENT_KINDS[byExtension].label} but the content is ${describeContent(found)}; only ${ACCEPTED} files can be attached, and the content must match the name.`);
}

/** Reads a file to attach, refusing before reading one that could never be attached. */
export function readEvidenceFile(path: string): { name: string; bytes: Buffer } {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new CwbError('NOT_FOUND', `${path} cannot be read: check that the file exists and that you may open it.`);
  }
  if (size > MAX_ATTACHMENT_BYTES) throw refuse(basename(path), `the file is ${formatBytes(size)}; an attachment may be at most ${formatBytes(MAX_ATTACHMENT_BYTES)}.`);
  return { name: basename(path), bytes: readFileSync(path) };
}
