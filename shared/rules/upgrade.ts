import { defaultAssumptions } from './assumptions';

/**
 * Results and assumptions signed under an older rules version, read in today's shape so that a
 * signed engagement can still be exported, compared and verified as it was signed. Nothing is
 * recomputed: fields the old rules did not have get the value that says what the old results
 * said. Rules 1 knew no assessment state (its results are shown as they were, as assessed), no
 * "at risk" and no "not assessed" (counted as none), and printed a scope outside the radius as
 * `met` with `required: false`, which today reads `not-required`.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Assumption keys added since the content was written take their defaults, as an engagement file without them does. */
export function withAllAssumptions(value: unknown): unknown {
  if (!isObject(value)) return value;
  return { ...defaultAssumptions(), ...value };
}

function upgradeTerm(term: unknown): unknown {
  if (!isObject(term) || 'basis' in term) return term;
  const basis = term.defaulted === true ? 'stand-in' : Array.isArray(term.answers) && term.answers.length > 0 ? 'answer' : 'assumption';
  return { ...term, basis };
}

function upgradeScope(scope: unknown): unknown {
  if (!isObject(scope) || 'complianceNote' in scope) return scope;
  const outside = scope.required === false;
  const achievable = isObject(scope.achievable) && Array.isArray(scope.achievable.terms) ? { ...scope.achievable, terms: scope.achievable.terms.map(upgradeTerm) } : scope.achievable;
  return {
    ...scope,
    achievable,
    recoveryAssumed: false,
    complianceIfAssumed: null,
    complianceNote: null,
    ...(outside ? { compliance: 'not-required', rtoCompliance: 'not-required', rpoCompliance: 'not-required' } : {}),
  };
}

function upgradeApplication(app: unknown): unknown {
  if (!isObject(app) || 'assessment' in app) return app;
  return { ...app, assessment: 'assessed', outOfScopeReason: null, scopes: Array.isArray(app.scopes) ? app.scopes.map(upgradeScope) : app.scopes };
}

function upgradeSummary(summary: unknown, applications: number): unknown {
  if (!isObject(summary) || 'assessment' in summary) return summary;
  const byScope = isObject(summary.complianceByScope)
    ? Object.fromEntries(Object.entries(summary.complianceByScope).map(([scope, counts]) => [scope, isObject(counts) ? { atRisk: 0, notAssessed: 0, outOfScope: 0, ...counts } : counts]))
    : summary.complianceByScope;
  return { ...summary, complianceByScope: byScope, assessment: { 'not-assessed': 0, 'in-progress': 0, assessed: applications, 'out-of-scope': 0 } };
}

export function upgradeAssessment(value: unknown): unknown {
  if (!isObject(value)) return value;
  const applications = Array.isArray(value.applications) ? value.applications.map(upgradeApplication) : value.applications;
  return {
    ...value,
    assumptions: withAllAssumptions(value.assumptions),
    applications,
    summary: upgradeSummary(value.summary, Array.isArray(applications) ? applications.length : 0),
  };
}
