import type { Answer, Application, EngagementView } from '../../../shared/domain/engagement';
import type { ApplicationComparison, Comparison, ValueChange } from '../../../shared/api/signoffContract';
import { answerStateText } from '../../../shared/questions/answerText';
import { findQuestion } from '../../../shared/questions/catalogue';
import type { ApplicationAssessment, Assessment } from '../../../shared/rules/assessment';
import { byNameThenId } from '../../../shared/rules/facts';
import { formatRange } from '../../../shared/rules/format';
import { CONFIDENCE_LABELS, SCHEME_LABELS, STATE_LABELS, scopeState, scopeTitle } from '../../../shared/rules/labels';

/** One side of a comparison: an engagement as it was at some point, and its results then. */
export interface PointState {
  label: string;
  view: Pick<EngagementView, 'details' | 'sites' | 'systems' | 'policies' | 'applications' | 'vms' | 'assumptions'>;
  assessment: Assessment;
}

/** An answer in words; an answer to a question this catalogue no longer has is shown as stored. */
function answerText(answer: Answer | undefined, view: PointState['view']): string | null {
  if (!answer) return null;
  const question = findQuestion(answer.questionId);
  return question ? answerStateText(question, answer, view) : JSON.stringify(answer.state);
}

function answerChanges(before: Application | undefined, after: Application | undefined, from: PointState, to: PointState): ValueChange[] {
  const changes: ValueChange[] = [];
  const subjects = (app: Application | undefined) =>
    new Map<string, { label: string; answers: Record<string, Answer> }>([
      ['', { label: '', answers: app?.answers ?? {} }],
      ...(app?.components ?? []).map((c) => [c.id, { label: c.name, answers: c.answers }] as const),
    ]);
  const left = subjects(before);
  const right = subjects(after);
  for (const id of new Set([...left.keys(), ...right.keys()])) {
    const a = left.get(id);
    const b = right.get(id);
    const component = (b ?? a)!.label;
    for (const questionId of new Set([...Object.keys(a?.answers ?? {}), ...Object.keys(b?.answers ?? {})])) {
      const was = answerText(a?.answers[questionId], from.view);
      const is = answerText(b?.answers[questionId], to.view);
      if (was === is) continue;
      const prompt = findQuestion(questionId)?.prompt ?? questionId;
      changes.push({ what: component ? `${component}: ${prompt}` : prompt, before: was, after: is });
    }
  }
  return changes;
}

function resultFacts(result: ApplicationAssessment | undefined): Map<string, string> {
  const facts = new Map<string, string>();
  if (!result) return facts;
  for (const scope of result.scopes) {
    const title = scopeTitle(scope.scope);
    facts.set(`${title}: result`, STATE_LABELS[scopeState(scope)].text);
    facts.set(`${title}: scheme`, SCHEME_LABELS[scope.scheme]);
    facts.set(`${title}: achievable recovery time`, formatRange(scope.achievable.rto));
    facts.set(`${title}: achievable data loss`, formatRange(scope.achievable.rpo));
  }
  facts.set('Findings', [...new Set(result.findings.map((f) => f.code))].sort().join(', ') || 'none');
  facts.set('Confidence', CONFIDENCE_LABELS[result.confidence.level]);
  return facts;
}

function factChanges(before: Map<string, string>, after: Map<string, string>): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const what of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(what) ?? null;
    const is = after.get(what) ?? null;
    if (was !== is) changes.push({ what, before: was, after: is });
  }
  return changes;
}

function engagementFacts(state: PointState): Map<string, string> {
  const { view } = state;
  const facts = new Map<string, string>([
    ['Customer', view.details.customer],
    ['Title', view.details.title],
    ['Consultants', view.details.consultants],
    ['Workshop dates', view.details.workshopDates],
    ['Scope', view.details.scopeNotes],
    ['Sites', view.sites.map((s) => s.name).join(', ')],
    ['Azure Stack Hub systems', view.systems.map((s) => `${s.name} (${s.nodeCount} nodes, ${s.state})`).join(', ')],
    ['Protection policies', view.policies.map((p) => p.name).join(', ')],
    ['VMs', String(view.vms.length)],
    ['VMs not in any application', String(view.vms.filter((vm) => vm.applicationId === null).length)],
  ]);
  for (const [key, range] of Object.entries(view.assumptions)) facts.set(`Assumption ${key}`, `${range.best}–${range.worst}`);
  return facts;
}

/** What changed between two points in time, application by application: answers, then results. */
export function compareStates(from: PointState, to: PointState): Comparison {
  const beforeApps = new Map(from.view.applications.map((a) => [a.id, a]));
  const afterApps = new Map(to.view.applications.map((a) => [a.id, a]));
  const beforeResults = new Map(from.assessment.applications.map((r) => [r.applicationId, r]));
  const afterResults = new Map(to.assessment.applications.map((r) => [r.applicationId, r]));
  const everyApp = [...new Map([...beforeApps, ...afterApps]).values()].sort(byNameThenId);
  const applications: ApplicationComparison[] = [];
  for (const app of everyApp) {
    const before = beforeApps.get(app.id);
    const after = afterApps.get(app.id);
    const answers = answerChanges(before, after, from, to);
    const results = factChanges(resultFacts(beforeResults.get(app.id)), resultFacts(afterResults.get(app.id)));
    if (before && after && before.name !== after.name) answers.unshift({ what: 'Name', before: before.name, after: after.name });
    const vmCount = (view: PointState['view']) => String(view.vms.filter((vm) => vm.applicationId === app.id).length);
    if (vmCount(from.view) !== vmCount(to.view)) answers.push({ what: 'VMs', before: vmCount(from.view), after: vmCount(to.view) });
    if (answers.length === 0 && results.length === 0 && before && after) continue;
    applications.push({ applicationId: app.id, name: after?.name ?? app.name, change: !before ? 'added' : !after ? 'removed' : 'changed', answers, results });
  }
  return { from: from.label, to: to.label, engagement: factChanges(engagementFacts(from), engagementFacts(to)), applications };
}
