import type { DisasterKind } from './disasters';
import { formatRange } from './format';
import { scopeTitle } from './labels';
import type { PlanApplication } from './planContract';

/**
 * The words every host (screen, workbook, report, CLI) uses for a recovery plan, declared once
 * so they never drift apart.
 */

/** "Node loss", "Site loss"... the disaster kinds are the disruption scopes they take down. */
export function disasterKindTitle(kind: DisasterKind): string {
  return scopeTitle(kind);
}

/** "Site loss: Rotterdam DC1", "Node loss: a node of ash-rtm-01". */
export function disasterTitle(disaster: { kind: DisasterKind; name: string }): string {
  return `${disasterKindTitle(disaster.kind)}: ${disaster.kind === 'node' ? `a node of ${disaster.name}` : disaster.name}`;
}

/** When it is back, in words: the range, or why there is none. */
export function backWords(app: PlanApplication): string {
  switch (app.outcome) {
    case 'estimated':
      return formatRange(app.back);
    case 'unknown':
      return 'not known yet';
    case 'blocked':
      return `never: waits for ${app.heldBackBy?.name ?? 'one that cannot come back'}`;
    case 'unrecoverable':
      return 'never: nothing of it survives';
  }
}

/** Where it comes back, in words. */
export function recoversOnWords(app: PlanApplication): string {
  if (app.recoversOn) return app.recoversOn;
  return app.outcome === 'unrecoverable' || app.recoveryPlace === 'nowhere' ? 'nowhere' : 'not known yet';
}
