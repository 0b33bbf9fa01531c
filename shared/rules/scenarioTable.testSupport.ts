import { describe, expect, it } from 'vitest';
import type { ApplicationAssessment, Recommendation, ScopeResult } from './assessment';
import type { AzureStackSystem, DisruptionScope } from '../domain/engagement';
import { customerTexts, INTERNAL_ID } from './customerText.testSupport';
import { assessEngagement } from './engine';
import type { AssessmentInput } from './facts';
import { all, answer, AS_OF, baseEngagement, changeSystem, setAnswer, wellProtectedApplication, type Change } from './scenario';

/** For the table-driven rules tests: Orders, assessed after one change to the well-protected starting point. */
export function orders(change: Change): ApplicationAssessment {
  const result = assessEngagement(change(baseEngagement()), { asOf: AS_OF });
  const found = result.applications.find((a) => a.applicationId === 'app-orders');
  if (!found) throw new Error('Orders was not assessed');
  return found;
}

export const scope = (app: ApplicationAssessment, name: DisruptionScope): ScopeResult => app.scopes.find((s) => s.scope === name)!;
export const codes = (app: ApplicationAssessment) => app.findings.map((f) => f.code);
export const rationale = (app: ApplicationAssessment, code: string) => app.findings.find((f) => f.code === code)?.rationale ?? '';
export const recommendation = (app: ApplicationAssessment, code: string): Recommendation | undefined => app.recommendations.find((r) => r.code === code);

/** Changes the scenarios share. */
export const system = (id: string, change: Partial<AzureStackSystem>): Change => (input) => changeSystem(input, id, change);
export const forget = (...questionIds: string[]): Change => (input) => {
  for (const id of questionIds) delete input.applications[0]!.answers[id];
  return input;
};
/** Orders depends on Ledger, a second well-protected application with these answers changed. */
export const dependsOnLedger = (...ledger: [string, unknown][]): Change =>
  all((input) => {
    input.applications.push(wellProtectedApplication('app-ledger', 'Ledger'));
    for (const [id, value] of ledger) setAnswer(input, id, value, 'app-ledger');
    return input;
  }, answer('app.dependencies', ['app-ledger']));
/** Orders keeps only this one of its tiers. */
export const onlyTier = (componentId: string): Change => (input) => {
  input.applications[0]!.components = input.applications[0]!.components.filter((c) => c.id === componentId);
  return input;
};
export const restoreOnly = answer('app.replication.technology', 'none');
/** The second system is only planned, and nobody said where Orders recovers. */
export const onlySystem = all(system('sys-b', { state: 'planned' }), forget('app.recoversOn.system', 'app.recoversOn.site', 'app.recoversOn.region'));
export const azureAllowedOnHost = system('sys-a', { publicAzureAllowed: true });

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

/** Every sentence the cases produce, both sides, names no internal identifier and has no doubled or stray punctuation. */
export function inPlainWords(title: string, cases: readonly Case[]): void {
  describe(`${title} reads as plain words`, () => {
    it('names no internal identifier and has no doubled or stray punctuation', () => {
      const texts = cases.flatMap((c) => [c.change, c.nearMiss]).flatMap((change) => customerTexts(orders(change)));
      expect(texts.length).toBeGreaterThan(cases.length * 8);
      for (const text of texts) {
        expect(text, text).not.toMatch(INTERNAL_ID);
        expect(text, text).not.toMatch(/\.\.|\s[,.;:]|\s{2}|, but [^.]*, but /);
      }
    });
  });
}

function reversed(input: AssessmentInput): AssessmentInput {
  const flip = <V>(record: Record<string, V>) => Object.fromEntries(Object.entries(record).reverse());
  return {
    ...input,
    sites: [...input.sites].reverse(),
    systems: [...input.systems].reverse(),
    policies: [...input.policies].reverse(),
    vms: [...input.vms].reverse(),
    applications: [...input.applications].reverse().map((app) => ({
      ...app,
      answers: flip(app.answers),
      components: [...app.components].reverse().map((c) => ({ ...c, answers: flip(c.answers) })),
    })),
  };
}

/** The same answers give the same assessment, in whatever order they come. */
export function inAnyOrder(title: string, changes: readonly Change[]): void {
  describe('the same answers give the same assessment, in whatever order they come', () => {
    it(`holds for ${title}`, () => {
      for (const change of changes) {
        const input = change(baseEngagement());
        const first = JSON.stringify(assessEngagement(input, { asOf: AS_OF }));
        expect(JSON.stringify(assessEngagement(input, { asOf: AS_OF }))).toBe(first);
        expect(JSON.stringify(assessEngagement(reversed(input), { asOf: AS_OF }))).toBe(first);
      }
    });
  });
}
