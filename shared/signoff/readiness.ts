import type { EngagementView } from '../domain/engagement';
import type { Readiness, ReadinessItem } from '../api/signoffContract';
import type { Assessment } from '../rules/assessment';
import { byNameThenId } from '../rules/facts';
import { notAssessedWhy } from '../rules/labels';
import { interviewSteps } from '../questions/interviewSteps';

/**
 * What still stands between the engagement and a sign-off: applications not assessed yet,
 * questions nobody answered, unknowns nobody was asked to chase, and applications with no recovery
 * target at all. Each item names the place so the UI can jump to it.
 */
export function readinessOf(view: Pick<EngagementView, 'applications'>, assessment: Assessment): Readiness {
  const items: ReadinessItem[] = [];
  const resultsById = new Map(assessment.applications.map((result) => [result.applicationId, result]));
  for (const application of [...view.applications].sort(byNameThenId)) {
    const place = { applicationId: application.id, applicationName: application.name };
    const state = resultsById.get(application.id)?.assessment;
    // Left out on purpose: nothing is open. Never started: one item says so, instead of every question it has.
    if (state === 'out-of-scope') continue;
    if (state === 'not-assessed') {
      items.push({
        kind: 'not-assessed',
        ...place,
        componentId: null,
        componentName: null,
        questionId: null,
        text: `Not assessed: ${notAssessedWhy('this application')}, so its results say nothing.`,
      });
      continue;
    }
    for (const step of interviewSteps(application)) {
      const component = step.component ? { componentId: step.component.id, componentName: step.component.name } : { componentId: null, componentName: null };
      const status = step.answer?.state.status;
      if (status === undefined) {
        items.push({ kind: 'unanswered', ...place, ...component, questionId: step.question.id, text: step.question.prompt });
      } else if (step.answer?.state.status === 'unknown' && step.answer.state.followUpWith.trim() === '') {
        items.push({ kind: 'unknown-without-owner', ...place, ...component, questionId: step.question.id, text: step.question.prompt });
      }
    }
    const scopes = resultsById.get(application.id)?.scopes ?? [];
    if (scopes.every((scope) => scope.target.rtoMinutes === null && scope.target.rpoMinutes === null)) {
      items.push({
        kind: 'no-targets',
        ...place,
        componentId: null,
        componentName: null,
        questionId: 'app.policy',
        text: 'No recovery time or data-loss target for any disruption: choose a protection policy or set targets.',
      });
    }
  }
  const count = (kind: ReadinessItem['kind']) => items.filter((item) => item.kind === kind).length;
  return {
    ready: items.length === 0,
    counts: { unanswered: count('unanswered'), unknownWithoutOwner: count('unknown-without-owner'), noTargets: count('no-targets'), notAssessed: count('not-assessed') },
    items,
  };
}
