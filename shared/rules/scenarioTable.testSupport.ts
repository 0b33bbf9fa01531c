import { describe, it } from 'vitest';
import type { ApplicationAssessment, ScopeResult } from './assessment';
import type { DisruptionScope } from '../domain/engagement';
import { assessEngagement } from './engine';
import { AS_OF, baseEngagement, type Change } from './scenario';

/** For the table-driven rules tests: Orders, assessed after one change to the well-protected starting point. */
export function orders(change: Change): ApplicationAssessment {
  const result = assessEngagement(change(baseEngagement()), { asOf: AS_OF });
  const found = result.applications.find((a) => a.applicationId === 'app-orders');
  if (!found) throw new Error('Orders was not assessed');
  return found;
}

export const scope = (app: ApplicationAssessment, name: DisruptionScope): ScopeResult => app.scopes.find((s) => s.scope === name)!;
export const codes = (app: ApplicationAssessment) => app.findings.map((f) => f.code);

/** A behaviour: the change that shows it, and its near miss, the closest change under which it must not show. */
export interface Case {
  name: string;
  change: Change;
  shows: (app: ApplicationAssessment) => void;
  nearMiss: Change;
  stays: (app: ApplicationAssessment) => void;
}

/** One test for each case and one for its near miss. */
export function table(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => c.shows(orders(c.change)));
      it(`${c.name} — near miss`, () => c.stays(orders(c.nearMiss)));
    }
  });
}
