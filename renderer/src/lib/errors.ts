import { ApiError } from './api';

/** The text to show for a failure: the core's own message when the core refused the call. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.body.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
