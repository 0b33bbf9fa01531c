import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CwbError } from '../errors';
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
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CwbError('NOT_FOUND', `${path} is a folder, not an engagement file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CwbError) throw error;
    throw new CwbError('NOT_FOUND', `No engagement file at ${path}.`);
  }
  if (size === 0) {
    throw new CwbError('NOT_SQLITE', `${path} is empty (0 bytes); it is not an engagement file.`);
  }
  const header = Buffer.alloc(HEADER_SIZE);
  const fd = openSync(path, 'r');
  let read: number;
  try {
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
