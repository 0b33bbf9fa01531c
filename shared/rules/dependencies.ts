import type { AssessmentState, Compliance, ScopeResult } from './assessment';
import { isElsewhere, scopeIndex, worseOf } from './estimate';
import type { Evaluated } from './findings';
import { wordList } from './format';
import { COMPLIANCE_WORDS } from './labels';

/**
 * An application is back in time only once what it depends on is back too. Where when that is
 * cannot be known (the dependency is not assessed, left out of the assessment, or its own
 * recovery time is not known), a recovery time that meets the target on its own is not "met"
 * but unknown, with a note naming the dependency and what it would be with it back in time. A
 * dependency known to come back later is DEPENDENCY_RTO_CONFLICT's, and stays a finding.
 */

type Dependency = Evaluated & { state: AssessmentState };

/** Why when the dependency is back after this disruption is not known, as words after its name; null when it is known. */
function doubt(dependency: Dependency, own: ScopeResult): string | null {
  if (dependency.state === 'not-assessed') return 'which is not assessed yet';
  if (dependency.state === 'out-of-scope') return 'which is left out of the assessment';
  const theirs = dependency.scopes[scopeIndex(own.scope)];
  if (!theirs || theirs.achievable.rto !== null || theirs.achievable.outcome === 'unrecoverable') return null;
  // A target of its own longer than this one's is already a conflict, whatever it achieves.
  const target = own.target.rtoMinutes;
  if (target !== null && theirs.target.rtoMinutes !== null && theirs.target.rtoMinutes > target) return null;
  return 'whose own recovery time is not known yet';
}

/** The scopes as they can be told, given what the application depends on. */
export function withDependencies(scopes: readonly ScopeResult[], dependencies: readonly Dependency[]): ScopeResult[] {
  return scopes.map((own) => {
    // Only disruptions that take the dependency down as well, and only a "met" can claim too much.
    if (!own.required || !isElsewhere(own.scope) || own.rtoCompliance !== 'met') return own;
    const doubts = dependencies.flatMap((d) => {
      const why = doubt(d, own);
      return why ? [{ name: d.facts.name, why }] : [];
    });
    if (doubts.length === 0) return own;
    const unknown: Compliance = 'unknown';
    const compliance = worseOf(unknown, own.rpoCompliance);
    // What it would be with the dependency back in time; nothing to say where the data loss already decides the scope.
    const ifBackInTime = compliance !== 'unknown' ? null : own.compliance === 'unknown' ? own.complianceIfAssumed : own.compliance;
    const names = wordList(doubts.map((d) => d.name));
    const note =
      `It needs ${doubts.map((d) => `${d.name}, ${d.why}`).join('; and ')}, so whether it is back within its target is not known.` +
      (ifBackInTime ? ` With ${names} back in time, it would be ${COMPLIANCE_WORDS[ifBackInTime]}.` : '');
    return {
      ...own,
      rtoCompliance: unknown,
      compliance,
      complianceIfAssumed: ifBackInTime,
      complianceNote: own.complianceNote ? `${own.complianceNote} ${note}` : note,
    };
  });
}
