import { DISRUPTION_SCOPES, type DisruptionScope } from '../domain/engagement';
import { CATALOGUE_VERSION } from '../questions/catalogue';
import {
  CONFIDENCE_LEVELS,
  RULES_VERSION,
  SEVERITIES,
  type AnswerRef,
  type ApplicationAssessment,
  type Assessment,
  type AssessmentSummary,
  type Confidence,
  type Finding,
} from './assessment';
import { ELSEWHERE_SCOPES, scopeResults } from './estimate';
import { buildEnvironment, buildFacts, byNameThenId, type AssessmentInput, type Environment } from './facts';
import { compareFindings, RULES, type Evaluated, type RuleContext } from './findings';
import { scopeLoss } from './format';
import { recommend } from './recommendations';

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

function incompleteFinding(gaps: readonly AnswerRef[], evaluated: Evaluated): Finding | null {
  if (gaps.length === 0) return null;
  const unknownScopes = evaluated.scopes.filter((s) => s.required && s.compliance === 'unknown').map((s) => s.scope);
  const names = [...new Set(gaps.map((g) => g.questionId))];
  const core = gaps.some((g) => CORE_QUESTIONS.has(g.questionId));
  return {
    code: 'ANSWERS_INCOMPLETE',
    severity: unknownScopes.length > 0 || core ? 'medium' : 'low',
    scope: null,
    componentId: null,
    title: 'Answers the assessment needs are missing or unknown',
    rationale:
      `${gaps.length} answer${gaps.length === 1 ? '' : 's'} the rules rely on ${gaps.length === 1 ? 'is' : 'are'} missing or unknown (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}).` +
      (unknownScopes.length > 0 ? ` Until they are answered, compliance for ${unknownScopes.map(scopeLoss).join(', ')} cannot be judged.` : ' Defaults stand in for them, so the results are less certain.'),
    answers: [...gaps],
  };
}

function assessOne(evaluated: Evaluated, env: Environment, all: ReadonlyMap<string, Evaluated>): ApplicationAssessment {
  const { facts, scopes } = evaluated;
  const findings = findingsFor({ ...evaluated, env, others: all });
  // Gaps are collected after the rules ran, because some rules read answers only when they apply.
  const { gaps, used } = gapsOf(evaluated);
  const incomplete = incompleteFinding(gaps, evaluated);
  if (incomplete) findings.push(incomplete);
  findings.sort(compareFindings);
  return {
    applicationId: facts.id,
    name: facts.name,
    policy: facts.policy ? { id: facts.policy.id, name: facts.policy.name } : null,
    statefulness: facts.statefulness,
    hostingSystemId: facts.hostingSystem?.id ?? null,
    scopes,
    findings,
    recommendations: recommend(facts, scopes, findings, env),
    confidence: confidenceOf(gaps, used),
  };
}

function summarise(applications: readonly ApplicationAssessment[]): AssessmentSummary {
  const zeroScopes = <T>(make: () => T) => Object.fromEntries(DISRUPTION_SCOPES.map((s) => [s, make()])) as Record<DisruptionScope, T>;
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as AssessmentSummary['findingsBySeverity'];
  const findingsByCode: Record<string, number> = {};
  const complianceByScope = zeroScopes(() => ({ met: 0, breached: 0, unknown: 0, notRequired: 0 }));
  const atRiskByScope = zeroScopes((): string[] => []);
  const confidence = Object.fromEntries(CONFIDENCE_LEVELS.map((c) => [c, 0])) as AssessmentSummary['confidence'];
  const needSecond: AssessmentSummary['secondSystem']['applications'] = [];

  for (const app of applications) {
    confidence[app.confidence.level] += 1;
    for (const finding of app.findings) {
      findingsBySeverity[finding.severity] += 1;
      findingsByCode[finding.code] = (findingsByCode[finding.code] ?? 0) + 1;
    }
    for (const scope of app.scopes) {
      const counts = complianceByScope[scope.scope];
      if (!scope.required) counts.notRequired += 1;
      else counts[scope.compliance] += 1;
      if (scope.required && scope.compliance !== 'met') atRiskByScope[scope.scope].push(app.applicationId);
    }
    const scopesNeedingSystem = app.scopes
      .filter((s) => s.required && ELSEWHERE_SCOPES.includes(s.scope) && (s.recoveryPlace === 'new-system' || app.findings.some((f) => f.code === 'SITE_LOSS_NEEDS_SECOND_SYSTEM' && f.scope !== null && DISRUPTION_SCOPES.indexOf(f.scope) <= DISRUPTION_SCOPES.indexOf(s.scope))))
      .map((s) => s.scope);
    if (scopesNeedingSystem.length > 0) needSecond.push({ applicationId: app.applicationId, name: app.name, scopes: scopesNeedingSystem });
  }
  return {
    applications: applications.length,
    findingsBySeverity,
    findingsByCode: Object.fromEntries(Object.entries(findingsByCode).sort(([a], [b]) => (a < b ? -1 : 1))),
    complianceByScope,
    atRiskByScope,
    confidence,
    secondSystem: { needed: needSecond.length > 0, applications: needSecond },
  };
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
  const evaluated = new Map<string, Evaluated>();
  const evaluate = (id: string): Evaluated | undefined => {
    const existing = evaluated.get(id);
    if (existing) return existing;
    const application = byId.get(id);
    if (!application) return undefined;
    const facts = buildFacts(application, env, vmsByApplication);
    const result = { facts, scopes: scopeResults(facts, env) };
    evaluated.set(id, result);
    return result;
  };
  for (const id of needed) {
    const own = evaluate(id);
    for (const dependency of own?.facts.dependencies ?? []) evaluate(dependency);
  }

  const chosen = [...needed].map((id) => evaluated.get(id)).filter((e): e is Evaluated => !!e);
  chosen.sort((a, b) => byNameThenId(a.facts, b.facts));
  const applications = chosen.map((e) => assessOne(e, env, evaluated));
  return {
    rulesVersion: RULES_VERSION,
    catalogueVersion: CATALOGUE_VERSION,
    asOf: options.asOf,
    assumptions: { ...input.assumptions },
    applications,
    summary: summarise(applications),
  };
}


