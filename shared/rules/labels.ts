import type { DisruptionScope } from '../domain/engagement';
import { SCOPE_LABELS } from '../questions/catalogue';
import type { Compliance, ConfidenceLevel, ProtectionScheme, RecoveryPlace, Severity } from './assessment';

/**
 * The words every host (screen, workbook, report, CLI) uses for the rules' values, declared
 * once so they never drift apart.
 */

/** A scope's state as the results show it: the engine's compliance, or outside the radius the owner must survive. */
export type ScopeState = Compliance | 'not-required';

/** Each state has a symbol and a word as well as a colour, so it reads in greyscale and on a washed-out projector. */
export const STATE_LABELS: Record<ScopeState, { symbol: string; text: string }> = {
  met: { symbol: '✓', text: 'Met' },
  breached: { symbol: '✕', text: 'Breached' },
  unknown: { symbol: '?', text: 'Unknown' },
  'not-required': { symbol: '–', text: 'Not required' },
};

export function scopeState(scope: { required: boolean; compliance: Compliance }): ScopeState {
  return scope.required ? scope.compliance : 'not-required';
}

export const SCHEME_LABELS: Record<ProtectionScheme, string> = {
  'active-active': 'Active/active',
  'replication-failover': 'Replication and failover',
  'backup-restore': 'Backup and restore',
  redeploy: 'Redeploy',
  none: 'No protection',
  unknown: 'Not known yet',
};

export const PLACE_LABELS: Record<RecoveryPlace, string> = {
  'in-place': 'in place',
  'same-system': 'on the same system',
  'other-system': 'on another system',
  'public-azure': 'in public Azure',
  'new-system': 'on a new system',
  nowhere: 'nowhere',
  unknown: 'somewhere not known yet',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const CONFIDENCE_LABELS: Record<ConfidenceLevel, string> = {
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
};

/** "VM loss", "Site loss": a scope as a heading. */
export function scopeTitle(scope: DisruptionScope): string {
  return `${SCOPE_LABELS[scope].short} loss`;
}
