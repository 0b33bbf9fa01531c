import type { Application } from '../../../../shared/domain/engagement';
import { ASSESSMENT_STATES } from '../../../../shared/rules/assessment';
import { assessmentStateOf } from '../../../../shared/rules/engine';
import { ASSESSMENT_LABELS } from '../../../../shared/rules/labels';
import { interviewSteps } from '../interview/questions';

export interface Progress {
  /** Questions with a definite answer (answered, or not applicable). */
  done: number;
  /** Questions marked unknown, each waiting on a follow-up. */
  unknown: number;
  /** Questions that apply to the application and its components. */
  total: number;
}

/** Worked out once per application object: a saved answer replaces only its own application's. */
const known = new WeakMap<Application, Progress>();

export function progressOf(application: Application): Progress {
  let progress = known.get(application);
  if (!progress) known.set(application, (progress = countProgress(application)));
  return progress;
}

function countProgress(application: Application): Progress {
  let done = 0;
  let unknown = 0;
  const steps = interviewSteps(application);
  for (const step of steps) {
    const status = step.answer?.state.status;
    if (status === 'answered' || status === 'not-applicable') done += 1;
    else if (status === 'unknown') unknown += 1;
  }
  return { done, unknown, total: steps.length };
}

/** The whole engagement: the sum over its applications. */
export function totalProgress(applications: readonly Application[]): Progress {
  return applications.reduce<Progress>(
    (sum, application) => {
      const progress = progressOf(application);
      return { done: sum.done + progress.done, unknown: sum.unknown + progress.unknown, total: sum.total + progress.total };
    },
    { done: 0, unknown: 0, total: 0 },
  );
}

/**
 * The list's filters: every application, each assessment state (the rules' own definition, the
 * one the dashboard, the workbook and the report count by, in their words), or those with
 * answers to follow up.
 */
export const FILTERS = ['all', ...ASSESSMENT_STATES, 'unknowns'] as const;
export type ApplicationFilter = (typeof FILTERS)[number];

export const FILTER_LABELS: Record<ApplicationFilter, string> = { all: 'All', ...ASSESSMENT_LABELS, unknowns: 'Has unknowns' };

export function matchesFilter(application: Application, filter: ApplicationFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unknowns':
      return progressOf(application).unknown > 0;
    default:
      return assessmentStateOf(application) === filter;
  }
}

export function filterCounts(applications: readonly Application[]): Record<ApplicationFilter, number> {
  const counts = Object.fromEntries(FILTERS.map((filter) => [filter, 0])) as Record<ApplicationFilter, number>;
  for (const application of applications) {
    for (const filter of FILTERS) if (matchesFilter(application, filter)) counts[filter] += 1;
  }
  return counts;
}
