import { dirname } from 'node:path';
import type { ZodError } from 'zod';
import type { ApiErrorBody, ErrorCode } from '../../shared/api/contract';

/** An error meant for the user: the message names the problem and the place. */
export class CwbError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CwbError';
  }
}

/**
 * The HTTP status browser mode answers each error with; the JSON body is the same envelope
 * whatever the status. A Record, so that a new code cannot be added without its status.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  SIGNED_OFF: 409,
  READ_ONLY: 409,
  NO_ENGAGEMENT_OPEN: 409,
  CANCELLED: 409,
  SNAPSHOT_UNSAFE: 409,
  STALE: 409,
  TOO_LARGE: 413,
  NOT_SQLITE: 422,
  NOT_AN_ENGAGEMENT: 422,
  CORRUPT: 422,
  NEWER_SCHEMA: 422,
  OLDER_SCHEMA: 422,
  IO: 500,
  INTERNAL: 500,
};

/** Zod's own wording ("Invalid input: expected string") says nothing of which field; ours names it already. */
const GENERIC_ISSUE = /^(invalid|too (big|small)|unrecognized|expected)\b/i;

/** "followUpBy" -> "follow up by", "state.value" -> "value": the last part of the path, in words. */
function fieldInWords(field: string): string {
  const last = field.split('.').filter((part) => !/^\d+$/.test(part)).at(-1) ?? field;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function issuesOf(error: ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(input)', message: issue.message }));
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A refusal of a named input (a CLI flag, a record), e.g. "Invalid --customer — Customer name is required". */
export function validationError(error: ZodError, what: string): CwbError {
  const issues = issuesOf(error);
  const first = issues[0];
  const summary = !first ? 'invalid value' : first.field === '(input)' ? first.message : `${first.field}: ${first.message}`;
  return new CwbError('VALIDATION', `Invalid ${what} — ${summary}`, { issues });
}

/**
 * A refusal of what a screen sent, in the words the screen can show beside the field: the
 * message our schema gives ("VM name is required."), never the API method or a raw path. The
 * field paths stay in `details.issues` for the screen to place the message.
 */
export function inputError(error: ZodError): CwbError {
  const issues = issuesOf(error);
  const first = issues[0];
  if (!first) return new CwbError('VALIDATION', 'A value was not accepted.', { issues });
  const named = first.field !== '(input)';
  // A message that only says what is wrong with the value ("contains U+0001, ...") is given its field's name.
  const message =
    named && GENERIC_ISSUE.test(first.message)
      ? `The ${fieldInWords(first.field)} was not accepted (${first.message.toLowerCase()})`
      : named && /^[a-z]/.test(first.message)
        ? `The ${fieldInWords(first.field)} ${first.message}`
        : first.message;
  return new CwbError('VALIDATION', sentence(message), { issues });
}

/** What an operating-system error code means for the person who asked, and what they can do. */
const FILE_PROBLEMS: Record<string, (path: string) => string> = {
  ENOENT: (path) => `the folder ${dirname(path)} does not exist. Choose a folder that exists, or create it first`,
  ENOTDIR: (path) => `part of the path ${dirname(path)} is a file, not a folder. Choose another folder`,
  EISDIR: (path) => `${path} is a folder. Give a file name at the end of the path`,
  EACCES: () => 'you do not have permission to write there. Choose a folder you can write to (your Documents folder, for example)',
  EPERM: () => 'the system did not allow it. Choose a folder you can write to (your Documents folder, for example)',
  EROFS: () => 'it is on a read-only medium. Choose a folder on a writable drive',
  ENOSPC: () => 'the disk is full. Free some space, or choose another drive',
  EDQUOT: () => 'your disk quota is used up. Free some space, or choose another drive',
  EEXIST: (path) => `${path} already exists. Choose another name`,
  EBUSY: (path) => `${path} is in use by another program (open in Excel or Word?). Close it there and try again`,
  ENAMETOOLONG: () => 'the path is too long. Choose a shorter folder or file name',
  EMFILE: () => 'too many files are open. Close some programs and try again',
};

export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code) ? error.code : undefined;
}

/**
 * A failure of the file system while doing something with `path`, as a sentence a consultant can
 * act on: what failed, on which file, why, and what to do. Never the errno code, nor the name of
 * the temporary file the failure may have happened on.
 */
export function fileError(error: unknown, path: string, doing: string): CwbError {
  if (error instanceof CwbError) return error;
  const code = errnoCode(error);
  const problem = code ? FILE_PROBLEMS[code] : undefined;
  const reason = problem ? problem(path) : 'the system reported an unexpected problem. Check the drive and try again';
  return new CwbError('IO', `Could not ${doing} ${path}: ${reason}.`, { path });
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof CwbError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  // A file-system failure that escaped its own translation still names the file, not the errno.
  const path = error instanceof Error && 'path' in error && typeof error.path === 'string' ? error.path : null;
  if (path && errnoCode(error)) return toErrorBody(fileError(error, path, 'use'));
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Something went wrong that the app did not expect (${message.split('\n')[0]}). Try again; if it happens again, note what you were doing and tell the app's maintainers.` };
}
