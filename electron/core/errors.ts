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
  TOO_LARGE: 413,
  NOT_SQLITE: 422,
  NOT_AN_ENGAGEMENT: 422,
  CORRUPT: 422,
  NEWER_SCHEMA: 422,
  OLDER_SCHEMA: 422,
  IO: 500,
  INTERNAL: 500,
};

export function validationError(error: ZodError, what: string): CwbError {
  const issues = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = !first ? 'invalid value' : first.field === '(input)' ? first.message : `${first.field}: ${first.message}`;
  return new CwbError('VALIDATION', `Invalid ${what} — ${summary}`, { issues });
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof CwbError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}
