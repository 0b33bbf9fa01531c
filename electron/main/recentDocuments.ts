import type { Envelope } from '../../shared/api/contract';

/** The calls after which the consultant has a real engagement file open; the demo is not one of theirs. */
const OPENING_METHODS: ReadonlySet<string> = new Set(['engagement.open', 'engagement.create']);

/**
 * The file a successful open or create left open, read from the core's own answer, so the
 * operating system's recent list holds exactly the path the core normalised and opened.
 */
export function openedEngagementPath(method: string, outcome: Envelope<unknown>): string | null {
  if (!OPENING_METHODS.has(method) || 'error' in outcome) return null;
  const { result } = outcome;
  if (typeof result !== 'object' || result === null || !('path' in result)) return null;
  return typeof result.path === 'string' && result.path !== '' ? result.path : null;
}
