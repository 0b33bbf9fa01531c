import { ApiError } from '../api';
import { messageOf } from '../errors';

/**
 * A refusal of a VM change, in words that fit beside the field: the first problem the core named
 * ("VM name is required") rather than its summary, which names the call that was made.
 */
export function vmFormMessage(error: unknown): string {
  if (error instanceof ApiError && error.body.code === 'VALIDATION') {
    const issues = (error.body.details as { issues?: { message: string }[] } | undefined)?.issues;
    if (issues?.[0]) return issues[0].message;
  }
  return messageOf(error);
}
