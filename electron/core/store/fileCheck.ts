import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { ErrorCode } from '../../../shared/api/contract';
import { CwbError } from '../errors';
import { ENGAGEMENT_LIMITS } from './contentCheck';
import { SCHEMA_VERSION } from './migrations';

/** Written into the SQLite header (`PRAGMA application_id`) so that our files are recognisable. */
export const ENGAGEMENT_APPLICATION_ID = 0x43574231; // "CWB1"

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_SIZE = 100;

export interface EngagementHeader {
  schemaVersion: number;
}

/**
 * Reads only the 100-byte SQLite header, so a file that is not ours is refused before SQLite
 * ever opens it (opening can create journals or rewrite a header; reading cannot).
 */
export function checkEngagementHeader(path: string): EngagementHeader {
  try {
    refuseUnlessPlainFile(path, statSync(path), 'an engagement file', 'NOT_AN_ENGAGEMENT');
  } catch (error) {
    if (error instanceof CwbError) throw error;
    throw new CwbError('NOT_FOUND', `No engagement file at ${path}.`);
  }
  const header = Buffer.alloc(HEADER_SIZE);
  // Opened without blocking and checked again through the descriptor: a pipe put in the file's
  // place after the check above would otherwise hold the open (or the read) for ever.
  const fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  let read: number;
  let size: number;
  try {
    const stat = fstatSync(fd);
    refuseUnlessPlainFile(path, stat, 'an engagement file', 'NOT_AN_ENGAGEMENT');
    size = stat.size;
    if (size === 0) throw new CwbError('NOT_SQLITE', `${path} is empty (0 bytes); it is not an engagement file.`);
    if (size > ENGAGEMENT_LIMITS.fileBytes) {
      throw new CwbError('TOO_LARGE', `${path} cannot be opened: it is ${Math.round(size / 1024 ** 2)} MB, more than an engagement file ever is (at most ${ENGAGEMENT_LIMITS.fileBytes / 1024 ** 3} GB). It was not changed.`, {
        limit: ENGAGEMENT_LIMITS.fileBytes,
      });
    }
    read = readSync(fd, header, 0, HEADER_SIZE, 0);
  } finally {
    closeSync(fd);
  }
  if (read < SQLITE_MAGIC.length || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new CwbError(
      'NOT_SQLITE',
      `${path} is not an engagement file: it is not a SQLite database (its first bytes are not the SQLite signature).`,
    );
  }
  if (read < HEADER_SIZE) {
    throw new CwbError('CORRUPT', `${path} is damaged: the SQLite header is cut short (${read} of ${HEADER_SIZE} bytes).`);
  }
  const applicationId = header.readUInt32BE(68);
  const schemaVersion = header.readUInt32BE(60);
  if (applicationId !== ENGAGEMENT_APPLICATION_ID) {
    throw new CwbError(
      'NOT_AN_ENGAGEMENT',
      `${path} is a SQLite database, but not a Continuity Workbook engagement file.`,
    );
  }
  // Bytes 18 and 19 say 2 when the file was switched to SQLite's write-ahead log: reading it would
  // leave -wal and -shm files beside it, and writing it would switch it back. The app never does this.
  if (header[18] === 2 || header[19] === 2) {
    throw new CwbError(
      'NOT_AN_ENGAGEMENT',
      `${path} is not an engagement file as the app saves it: another program switched it to SQLite's write-ahead log. It was not opened, and it was not changed.`,
    );
  }
  if (schemaVersion > SCHEMA_VERSION) {
    throw new CwbError(
      'NEWER_SCHEMA',
      `${path} was saved by a newer version of Continuity Workbook (file format ${schemaVersion}; ` +
        `this version understands up to ${SCHEMA_VERSION}). Update the app to open it; the file was not changed.`,
      { fileVersion: schemaVersion, supportedVersion: SCHEMA_VERSION },
    );
  }
  return { schemaVersion };
}

/** What a path that is not a plain file is, in words: pipes and devices are named, so nobody reads "is a folder" for /dev/zero. */
export function describeSpecialFile(stat: Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO), which never ends';
  if (stat.isCharacterDevice()) return 'a character device (such as /dev/zero), not a file';
  if (stat.isBlockDevice()) return 'a block device (a disk), not a file';
  if (stat.isSocket()) return 'a socket, not a file';
  return 'not a plain file';
}

/**
 * Refuses anything but a plain file before it is opened: reading a pipe or a device such as
 * /dev/zero would never end. A folder keeps its long-standing code (NOT_FOUND); the others get
 * `code`, with a message saying what the path is.
 */
export function refuseUnlessPlainFile(path: string, stat: Stats, expected: string, code: ErrorCode): void {
  const kind = describeSpecialFile(stat);
  if (kind === null) return;
  if (stat.isDirectory()) throw new CwbError('NOT_FOUND', `${path} is a folder, not ${expected}.`);
  throw new CwbError(code, `${path} is ${kind}; it is not ${expected}. Nothing was read from it.`);
}
