import type { Envelope } from '../../shared/api/contract';
import type { Workbench } from '../core/workbench';
import { openedEngagementPath } from './recentDocuments';

/**
 * The body of the IPC `call` channel, apart from Electron so that tests drive exactly what the
 * desktop app runs: a method name check, the core's dispatch, and the "engagement opened" hook.
 */
export async function handleIpcCall(
  workbench: Workbench,
  method: unknown,
  input: unknown,
  onEngagementOpened?: (path: string) => void,
  caller: string | null = null,
): Promise<Envelope<unknown>> {
  if (typeof method !== 'string') return { error: { code: 'VALIDATION', message: 'The API method name must be text.' } };
  const outcome = await workbench.dispatch(method, input, caller);
  const opened = openedEngagementPath(method, outcome);
  if (opened !== null) onEngagementOpened?.(opened);
  return outcome;
}
