import type { DisruptionScope } from '../domain/engagement';
import { SCOPE_LABELS } from '../questions/catalogue';
import type { ApplicationConfidenceLevel, AssessmentState, AssessmentSummary, Compliance, ProtectionScheme, RecoveryPlace, ScopeCountKey, Severity } from './assessment';

/**
 * The words every host (screen, workbook, report, CLI) uses for the rules' values, declared
 * once so they never drift apart.
 */

/** A scope's state as the results show it: the rules' compliance, which already says "not required". */
export type ScopeState = Compliance;

/**
 * Each state has a symbol and a word as well as a colour, so it reads in greyscale, on paper and
 * on a washed-out projector. "Not assessed" is an application's state, shown in place of its scopes.
 */
export const STATE_LABELS: Record<ScopeState | 'not-assessed' | 'out-of-scope', { symbol: string; text: string }> = {
  met: { symbol: '✓', text: 'Met' },
  'at-risk': { symbol: '!', text: 'At risk' },
  breached: { symbol: '✕', text: 'Breached' },
  unknown: { symbol: '?', text: 'Unknown' },
  'not-required': { symbol: '–', text: 'Not required' },
  'not-assessed': { symbol: '○', text: 'Not assessed' },
  'out-of-scope': { symbol: '∅', text: 'Out of scope' },
};

/**
 * Why an application is not assessed, in every output's words: "nothing the assessment needs has
 * been answered for it". Not "nobody has answered": who owns it, or which product backs it up,
 * may well be known.
 */
export function notAssessedWhy(subject: string): string {
  return `nothing the assessment needs has been answered for ${subject}`;
}

/** Compliance inside a sentence: "this would be at risk". */
export const COMPLIANCE_WORDS: Record<Compliance, string> = {
  met: 'met',
  'at-risk': 'at risk',
  breached: 'breached',
  unknown: 'unknown',
  'not-required': 'not required',
};

/** The state a cell shows for one scope of one application: the application's state where it has no results of its own. */
export type CellState = keyof typeof STATE_LABELS;

export function scopeState(scope: { compliance: Compliance }, application?: { assessment: AssessmentState }): CellState {
  if (application?.assessment === 'not-assessed' || application?.assessment === 'out-of-scope') return application.assessment;
  return scope.compliance;
}

/** The order states are stacked, counted and explained in: worst first, then what was not judged. */
export const STATE_ORDER: readonly CellState[] = ['breached', 'at-risk', 'unknown', 'met', 'not-required', 'not-assessed', 'out-of-scope'];

const COUNT_KEYS: Record<CellState, ScopeCountKey> = {
  met: 'met',
  'at-risk': 'atRisk',
  breached: 'breached',
  unknown: 'unknown',
  'not-required': 'notRequired',
  'not-assessed': 'notAssessed',
  'out-of-scope': 'outOfScope',
};

/** How many applications a summary counts in a state for a scope. */
export function countOf(summary: AssessmentSummary, scope: DisruptionScope, state: CellState): number {
  return summary.complianceByScope[scope][COUNT_KEYS[state]];
}

export const ASSESSMENT_LABELS: Record<AssessmentState, string> = {
  'not-assessed': 'Not assessed',
  'in-progress': 'In progress',
  assessed: 'Assessed',
  'out-of-scope': 'Out of scope',
};

/** `none` can still come back where the platform does the work (a VM restarted on another node): "of its own" keeps that true. */
export const SCHEME_LABELS: Record<ProtectionScheme, string> = {
  'active-active': 'Active/active',
  'replication-failover': 'Replication and failover',
  'backup-restore': 'Backup and restore',
  redeploy: 'Redeploy',
  none: 'No protection of its own',
  unknown: 'Not known yet',
};

/** A scheme inside a sentence: "the estimate is 2 – 6 h (backup and restore)". */
export const SCHEME_WORDS: Record<ProtectionScheme, string> = {
  'active-active': 'active/active',
  'replication-failover': 'replication and failover',
  'backup-restore': 'backup and restore',
  redeploy: 'redeployment',
  none: 'no protection of its own',
  unknown: 'a scheme not known yet',
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

export const CONFIDENCE_LABELS: Record<ApplicationConfidenceLevel, string> = {
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
  'not-applicable': 'Not applicable',
};

/** "VM loss", "Site loss": a scope as a heading. */
export function scopeTitle(scope: DisruptionScope): string {
  return `${SCOPE_LABELS[scope].short} loss`;
}
