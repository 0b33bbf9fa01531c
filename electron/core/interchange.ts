import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { EngagementView } from '../../shared/domain/engagement';
import { readEngagementDocument, toEngagementDocument, type DocumentAttachment, type EngagementDocument } from '../../shared/interchange/engagementJson';
import { APP_VERSION } from '../../shared/version';
import { CwbError, errnoCode, fileError } from './errors';

/** The interchange document of an engagement as text: pretty-printed, same input, same bytes (but `exportedAt`). */
export function engagementJson(view: EngagementView, exportedAt = new Date().toISOString(), attachments: readonly DocumentAttachment[] = []): string {
  return `${JSON.stringify(toEngagementDocument(view, { exportedAt, appVersion: APP_VERSION }, attachments), null, 2)}\n`;
}

/** Where in the text JSON.parse gave up, as a person counts: line and column from 1. */
function lineAndColumn(text: string, message: string): string | null {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return null;
  const before = text.slice(0, Number(position[1]));
  const lines = before.split('\n');
  return `line ${lines.length}, column ${lines.at(-1)!.length + 1}`;
}

/** Parses and checks a document's text; every problem found is in `details.issues`, the first in the message. */
export function parseEngagementJson(text: string, source: string): EngagementDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const where = lineAndColumn(text, detail);
    throw new CwbError('VALIDATION', `${source} is not valid JSON${where ? ` (${where})` : ''}: ${detail}`, { field: where ?? '(document)' });
  }
  const reading = readEngagementDocument(raw);
  if (reading.ok) return reading.document;
  const [first] = reading.problems;
  const more = reading.problems.length > 1 ? ` (and ${reading.problems.length - 1} more problem${reading.problems.length > 2 ? 's' : ''})` : '';
  throw new CwbError('VALIDATION', `${source}: ${first!.path}: ${first!.message}${more}`, {
    issues: reading.problems.map((problem) => ({ field: problem.path, message: problem.message })),
  });
}

/** Reads and checks an interchange file; create the engagement from it with `EngagementStore.createFromDocument`. */
export function readEngagementJsonFile(source: string): EngagementDocument {
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    throw new CwbError('NOT_FOUND', `Cannot read ${source}.`);
  }
  return parseEngagementJson(text, basename(source));
}

/**
 * Creates the folder a file is about to be written into, and the folders above it, when they
 * do not exist yet: a first export into a new folder is normal, not an error.
 */
export function prepareOutputFolder(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new CwbError('IO', `Could not create the folder ${dirname(path)}: part of that path is a file, not a folder. Choose another folder.`, { path });
    }
    throw fileError(error, dirname(path), 'create the folder');
  }
}

/** A temporary name beside the target: renamed into place once complete, so readers never see half a file. */
export function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.writing-${process.pid}`);
}

/** Removes a temporary file after a failure; the failure itself is what gets reported, not this. */
export function removeTemporary(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Its folder may be the very thing that failed (not there, not a folder): nothing was left in it.
  }
}

/** Writes beside the target under a temporary name, then renames; a missing folder is created first. */
export function writeFileAtomically(path: string, text: string | Uint8Array): void {
  prepareOutputFolder(path);
  const temporary = temporaryBeside(path);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    removeTemporary(temporary);
    throw fileError(error, path, 'write');
  }
}
