import type { EngagementView } from '../../../../shared/domain/engagement';
import type { Assessment } from '../../../../shared/rules/assessment';
import { assessEngagement } from '../../../../shared/rules/engine';

/**
 * The whole engagement assessed, once per state of it: each change gives the engagement a new
 * object, so opening the dashboard again without a change in between costs nothing, which
 * matters at thousands of applications.
 */
const assessed = new WeakMap<EngagementView, { asOf: string; assessment: Assessment }>();

export function assessmentOf(view: EngagementView, asOf: string): Assessment {
  const known = assessed.get(view);
  if (known?.asOf === asOf) return known.assessment;
  const assessment = assessEngagement(view, { asOf });
  assessed.set(view, { asOf, assessment });
  return assessment;
}
