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
