import { DISRUPTION_SCOPES, type Application, type DisruptionScope } from '../domain/engagement';
import { CATALOGUE_VERSION, findQuestion } from '../questions/catalogue';
import { interviewSteps } from '../questions/interviewSteps';
import { withDependencies } from './dependencies';
import {
  ASSESSMENT_STATES,
  CONFIDENCE_LEVELS,
  RULES_VERSION,
  SCOPE_COUNT_KEYS,
  SEVERITIES,
  type AnswerRef,
  type ApplicationAssessment,
  type Assessment,
  type AssessmentState,
  type AssessmentSummary,
  type Compliance,
  type Confidence,
  type Finding,
  type FindingCode,
  type ScopeCountKey,
  type Severity,
  type ScopeResult,
} from './assessment';
import { isElsewhere, scopeResults } from './estimate';
import { answeredDependencies, buildEnvironment, buildFacts, byNameThenId, type AssessmentInput, type Environment } from './facts';
import { compareFindings, RULES, type Evaluated, type RuleContext } from './findings';
import { scopeLoss, wordList } from './format';
import { notAssessedWhy } from './labels';
import { PLAN_FINDING_SEVERITIES, PLAN_FINDING_TITLES } from './planFindings';
import { recommend } from './recommendations';
import { dependencyOrder } from './waves';

export type { AssessmentInput } from './facts';

export interface AssessOptions {
  /** The day the assessment speaks for (YYYY-MM-DD): "tested in the last 12 months" is counted back from it. */
  asOf: string;
  /** Limit the result to these applications; the ones they depend on are still evaluated for the dependency rule. */
  applicationIds?: readonly string[];
}

/** Answers whose absence leaves whole scopes unknown; one of them missing means low confidence. */
const CORE_QUESTIONS = new Set(['app.statefulness', 'app.hostingSystem', 'app.impactRadius', 'app.policy', 'app.backup.exists']);

function gapsOf(evaluated: Evaluated): { gaps: AnswerRef[]; used: number } {
  const { facts, scopes } = evaluated;
  const readers = [facts.reader, ...facts.components.map((c) => c.reader)];
  const gaps: AnswerRef[] = [];
  let used = 0;
  for (const reader of readers) {
    for (const [questionId, ref] of reader.reads) {
      used += 1;
      if (reader.isGap(questionId)) gaps.push(ref);
    }
  }
  if (facts.components.length === 0) gaps.push({ questionId: 'component.instances', componentId: null, status: 'missing' });
  for (const scope of scopes) {
    if (!scope.required) continue;
    if (scope.target.rtoSource === 'none' && facts.policy) gaps.push({ questionId: `app.rto.${scope.scope}`, componentId: null, status: 'missing' });
    if (scope.target.rpoSource === 'none' && facts.policy) gaps.push({ questionId: `app.rpo.${scope.scope}`, componentId: null, status: 'missing' });
  }
  return { gaps, used };
}

function confidenceOf(gaps: readonly AnswerRef[], used: number): Confidence {
  const core = gaps.some((g) => CORE_QUESTIONS.has(g.questionId));
  const level = gaps.length === 0 ? 'high' : !core && gaps.length <= 2 ? 'medium' : 'low';
  return { level, gaps: [...gaps], answersUsed: used };
}

function findingsFor(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    for (const hit of rule.check(ctx)) {
      findings.push({
        code: rule.code,
        severity: hit.severity ?? rule.severity,
        scope: hit.scope,
        componentId: hit.componentId ?? null,
        title: rule.title,
        rationale: rule.rationale(hit.params),
        answers: hit.answers,
      });
    }
  }
  return findings;
}

/** How many questions ANSWERS_INCOMPLETE quotes by their prompt before it says "and N more". */
const QUOTED_GAPS = 3;

/** Target overrides have no question prompt of their own worth quoting alone; the scope says which. */
function gapWords(questionId: string): string {
  const prompt = findQuestion(questionId)?.prompt;
  return prompt ? `“${prompt}”` : 'a question no longer in the questionnaire';
}

const ANSWERS_INCOMPLETE_SEVERITIES = ['medium', 'low'] as const;
const ANSWERS_INCOMPLETE_TITLE = 'Answers the assessment needs are missing or unknown';

/** Each code's title, the words customer-facing outputs show where they would otherwise show the code. */
export const FINDING_TITLES: Readonly<Partial<Record<FindingCode, string>>> = Object.fromEntries([
  ...Object.entries(PLAN_FINDING_TITLES),
  ...RULES.map((rule): [FindingCode, string] => [rule.code, rule.title]),
  ['ANSWERS_INCOMPLETE', ANSWERS_INCOMPLETE_TITLE],
]);

export function findingTitle(code: FindingCode): string {
  return FINDING_TITLES[code] ?? code;
}

/** Every severity each code can carry, from the rules themselves: what the README's table is checked against. */
export const FINDING_SEVERITIES: Readonly<Partial<Record<FindingCode, readonly Severity[]>>> = Object.fromEntries(
  [
    ...RULES.map((rule): [FindingCode, readonly Severity[]] => [rule.code, [rule.severity, ...(rule.alsoEmits ?? [])]]),
    ['ANSWERS_INCOMPLETE', ANSWERS_INCOMPLETE_SEVERITIES] as [FindingCode, readonly Severity[]],
    // The plans raise some codes of the rules too (an application held back in a plan), with their own severities.
    ...(Object.entries(PLAN_FINDING_SEVERITIES) as [FindingCode, readonly Severity[]][]),
  ].reduce((all, [code, severities]) => all.set(code, [...new Set([...(all.get(code) ?? []), ...severities])]), new Map<FindingCode, Severity[]>()),
);

function incompleteFinding(gaps: readonly AnswerRef[], evaluated: Evaluated): Finding | null {
  if (gaps.length === 0) return null;
  const unknownScopes = evaluated.scopes.filter((s) => s.required && s.compliance === 'unknown').map((s) => s.scope);
  const questions = [...new Set(gaps.map((g) => g.questionId))];
  const core = gaps.some((g) => CORE_QUESTIONS.has(g.questionId));
  const quoted = questions.slice(0, QUOTED_GAPS).map(gapWords).join(', ');
  const more = questions.length > QUOTED_GAPS ? ` and ${questions.length - QUOTED_GAPS} more` : '';
  return {
    code: 'ANSWERS_INCOMPLETE',
    severity: unknownScopes.length > 0 || core ? ANSWERS_INCOMPLETE_SEVERITIES[0] : ANSWERS_INCOMPLETE_SEVERITIES[1],
    scope: null,
    componentId: null,
    title: ANSWERS_INCOMPLETE_TITLE,
    rationale:
      `${gaps.length} answer${gaps.length === 1 ? '' : 's'} the rules rely on ${gaps.length === 1 ? 'is' : 'are'} missing or unknown: ${quoted}${more}.` +
      (unknownScopes.length > 0
        ? ` Until ${gaps.length === 1 ? 'it is' : 'they are'} answered, compliance for ${wordList(unknownScopes.map(scopeLoss))} cannot be judged.`
        : ` Assumptions stand in for ${gaps.length === 1 ? 'it' : 'them'}, so the results are less certain.`),
    answers: [...gaps],
  };
}

/**
 * How far the assessment of an application has come. Out of scope is the consultant's call (a
 * reason answered); not assessed until a question the rules read has any answer; assessed once
 * every question the interview asks has one (unknown counts: the owner was asked).
 */
export function assessmentStateOf(application: Application): AssessmentState {
  if (application.answers['app.outOfScope']?.state.status === 'answered') return 'out-of-scope';
  const answers = [...Object.values(application.answers), ...application.components.flatMap((c) => Object.values(c.answers))];
  if (!answers.some((answer) => !findQuestion(answer.questionId)?.informational)) return 'not-assessed';
  return interviewSteps(application).every((step) => step.answer !== undefined) ? 'assessed' : 'in-progress';
}

/** The consultant's words as a sentence: a full stop added only where they do not end in one already. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A scope as an application's assessment state lets it read: nothing is judged for one not assessed or out of scope. */
function scopeInState(scope: ScopeResult, state: AssessmentState, outOfScopeReason: string | null): ScopeResult {
  if (state === 'not-assessed') {
    const unknown: Compliance = 'unknown';
    return { ...scope, rtoCompliance: unknown, rpoCompliance: unknown, compliance: unknown, complianceIfAssumed: null, complianceNote: `Not assessed yet: ${notAssessedWhy('it')}.` };
  }
  if (state === 'out-of-scope') {
    const none: Compliance = 'not-required';
    return {
      ...scope,
      required: false,
      rtoCompliance: none,
      rpoCompliance: none,
      compliance: none,
      complianceIfAssumed: null,
      complianceNote: `Left out of the assessment: ${sentence(outOfScopeReason ?? 'no reason given')}`,
    };
  }
  return scope;
}

interface Judged extends Evaluated {
  state: AssessmentState;
}

function assessOne(evaluated: Judged, env: Environment, all: ReadonlyMap<string, Judged>, cycles: ReadonlyMap<string, readonly string[]>): ApplicationAssessment {
  const { facts, scopes, state } = evaluated;
  // Nothing is found about an application nobody has described, or one left out on purpose.
  const judged = state === 'assessed' || state === 'in-progress';
  const findings = judged ? findingsFor({ ...evaluated, env, others: all, cycles }) : [];
  // Gaps are collected after the rules ran, because some rules read answers only when they apply.
  const { gaps, used } = gapsOf(evaluated);
  const incomplete = judged ? incompleteFinding(gaps, evaluated) : null;
  if (incomplete) findings.push(incomplete);
  findings.sort(compareFindings);
  return {
    applicationId: facts.id,
    name: facts.name,
    policy: facts.policy ? { id: facts.policy.id, name: facts.policy.name } : null,
    statefulness: facts.statefulness,
    hostingSystemId: facts.hostingSystem?.id ?? null,
    assessment: state,
    outOfScopeReason: facts.outOfScopeReason,
    scopes: judged ? withDependencies(scopes, facts.dependencies.flatMap((id) => all.get(id) ?? [])) : scopes,
    findings,
    recommendations: judged ? recommend(facts, scopes, findings, env) : [],
    // Left out of the assessment, it has no results: none to be confident about.
    confidence: state === 'out-of-scope' ? { level: 'not-applicable', gaps: [], answersUsed: 0 } : confidenceOf(gaps, used),
  };
}

const COUNT_KEY: Record<Compliance, ScopeCountKey> = { met: 'met', 'at-risk': 'atRisk', breached: 'breached', unknown: 'unknown', 'not-required': 'notRequired' };

function summarise(applications: readonly ApplicationAssessment[]): AssessmentSummary {
  const zeroScopes = <T>(make: () => T) => Object.fromEntries(DISRUPTION_SCOPES.map((s) => [s, make()])) as Record<DisruptionScope, T>;
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as AssessmentSummary['findingsBySeverity'];
  const findingsByCode: Record<string, number> = {};
  const complianceByScope = zeroScopes(() => Object.fromEntries(SCOPE_COUNT_KEYS.map((key) => [key, 0])) as Record<ScopeCountKey, number>);
  const assessment = Object.fromEntries(ASSESSMENT_STATES.map((state) => [state, 0])) as AssessmentSummary['assessment'];
  const atRiskByScope = zeroScopes((): string[] => []);
  const confidence = Object.fromEntries(CONFIDENCE_LEVELS.map((c) => [c, 0])) as AssessmentSummary['confidence'];
  const needSecond: AssessmentSummary['secondSystem']['applications'] = [];

  for (const app of applications) {
    if (app.confidence.level !== 'not-applicable') confidence[app.confidence.level] += 1;
    assessment[app.assessment] += 1;
    for (const finding of app.findings) {
      findingsBySeverity[finding.severity] += 1;
      findingsByCode[finding.code] = (findingsByCode[finding.code] ?? 0) + 1;
    }
    for (const scope of app.scopes) {
      const counts = complianceByScope[scope.scope];
      if (app.assessment === 'not-assessed') counts.notAssessed += 1;
      else if (app.assessment === 'out-of-scope') counts.outOfScope += 1;
      else counts[COUNT_KEY[scope.compliance]] += 1;
      if (app.assessment !== 'out-of-scope' && scope.required && scope.compliance !== 'met' && scope.compliance !== 'not-required') {
        atRiskByScope[scope.scope].push(app.applicationId);
      }
    }
    if (app.assessment === 'not-assessed' || app.assessment === 'out-of-scope') continue;
    // The finding, not the recovery place alone: it speaks only of disruptions the owner said must be survived.
    const needs = app.findings.find((f) => f.code === 'SITE_LOSS_NEEDS_SECOND_SYSTEM' && f.scope !== null);
    const scopesNeedingSystem = needs?.scope
      ? app.scopes.filter((s) => s.required && isElsewhere(s.scope) && DISRUPTION_SCOPES.indexOf(needs.scope!) <= DISRUPTION_SCOPES.indexOf(s.scope)).map((s) => s.scope)
      : [];
    if (scopesNeedingSystem.length > 0) needSecond.push({ applicationId: app.applicationId, name: app.name, scopes: scopesNeedingSystem });
  }
  return {
    applications: applications.length,
    findingsBySeverity,
    findingsByCode: Object.fromEntries(Object.entries(findingsByCode).sort(([a], [b]) => (a < b ? -1 : 1))),
    complianceByScope,
    atRiskByScope,
    assessment,
    confidence,
    secondSystem: { needed: needSecond.length > 0, applications: needSecond },
  };
}

/** The applications that depend on each other in a circle, each with its cycle's members by name. */
function dependencyCycles(applications: readonly Application[]): Map<string, readonly string[]> {
  const ordered = [...applications].sort(byNameThenId);
  const byId = new Map(ordered.map((a) => [a.id, a]));
  const { cycles } = dependencyOrder(
    ordered.map((a) => a.id),
    (id) => answeredDependencies(byId.get(id)!),
  );
  const members = new Map<string, readonly string[]>();
  for (const cycle of cycles) {
    const names = cycle.map((id) => byId.get(id)!.name);
    for (const id of cycle) members.set(id, names);
  }
  return members;
}

/**
 * The assessment of an engagement: a pure function of the snapshot and the as-of date. The
 * same input gives the same output whatever order applications, components or answers come in.
 */
export function assessEngagement(input: AssessmentInput, options: AssessOptions): Assessment {
  const env = buildEnvironment(input, options.asOf);
  const vmsByApplication = new Map<string, AssessmentInput['vms']>();
  for (const vm of input.vms) {
    if (vm.applicationId === null) continue;
    const list = vmsByApplication.get(vm.applicationId);
    if (list) list.push(vm);
    else vmsByApplication.set(vm.applicationId, [vm]);
  }
  const byId = new Map(input.applications.map((a) => [a.id, a]));
  const wanted = options.applicationIds ? new Set(options.applicationIds) : null;
  const needed = new Set<string>();
  for (const application of input.applications) {
    if (wanted && !wanted.has(application.id)) continue;
    needed.add(application.id);
  }
  // The dependency rule needs the estimates of what the chosen applications depend on.
  const evaluated = new Map<string, Judged>();
  const evaluate = (id: string): Judged | undefined => {
    const existing = evaluated.get(id);
    if (existing) return existing;
    const application = byId.get(id);
    if (!application) return undefined;
    const facts = buildFacts(application, env, vmsByApplication);
    const state = assessmentStateOf(application);
    const result = { facts, state, scopes: scopeResults(facts, env).map((scope) => scopeInState(scope, state, facts.outOfScopeReason)) };
    evaluated.set(id, result);
    return result;
  };
  for (const id of needed) {
    const own = evaluate(id);
    for (const dependency of own?.facts.dependencies ?? []) evaluate(dependency);
  }

  const chosen = [...needed].map((id) => evaluated.get(id)).filter((e): e is Judged => !!e);
  chosen.sort((a, b) => byNameThenId(a.facts, b.facts));
  // Worked out once for the whole engagement: per application it would be quadratic in their number.
  const cycles = dependencyCycles(input.applications);
  const applications = chosen.map((e) => assessOne(e, env, evaluated, cycles));
  return {
    rulesVersion: RULES_VERSION,
    catalogueVersion: CATALOGUE_VERSION,
    asOf: options.asOf,
    assumptions: { ...input.assumptions },
    applications,
    summary: summarise(applications),
  };
}


