import { ASSESSMENT_STATES, COMPLIANCE_VALUES, PROTECTION_SCHEMES, RECOVERY_PLACES, type ApplicationAssessment } from './assessment';
import { QUESTIONS } from '../questions/catalogue';

/**
 * For tests of everything a customer reads: what an internal identifier looks like. A question id
 * (`app.backup.frequency`), a code in upper snake case (`RTO_NOT_MET`), a camel-case key
 * (`drTestMargin`), or a hyphenated value where a word is meant (`backup-restore`; values that
 * are also the words, like `mission-critical`, are words).
 */
const hyphenatedIds = [
  ...PROTECTION_SCHEMES,
  ...RECOVERY_PLACES,
  ...ASSESSMENT_STATES,
  ...COMPLIANCE_VALUES,
  ...QUESTIONS.flatMap((q) => ('choices' in q ? q.choices : [])).filter((c) => c.value !== c.label.toLowerCase()).map((c) => c.value),
].filter((value) => value.includes('-'));

export const INTERNAL_ID = new RegExp(
  [
    String.raw`\b(?:app|component)\.[a-z][A-Za-z]*`,
    String.raw`\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b`,
    // "vCPU" is the word everybody uses, not a key.
    String.raw`\b(?!vCPU\b)[a-z]+[A-Z][A-Za-z]*\b`,
    String.raw`(?<![\w-])(?:${[...new Set(hyphenatedIds)].join('|')})(?![\w-])`,
  ].join('|'),
);

/** Every sentence of an application's results a customer may read. */
export function customerTexts(app: ApplicationAssessment): string[] {
  return [
    ...app.scopes.flatMap((s) => [s.achievable.explanation, s.complianceNote ?? '', ...s.achievable.terms.map((t) => t.label)]),
    ...app.findings.flatMap((f) => [f.title, f.rationale]),
    ...app.recommendations.flatMap((r) => [r.action, r.outcome]),
  ].filter((text) => text !== '');
}
