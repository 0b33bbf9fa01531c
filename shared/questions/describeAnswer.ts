// Answers in a few words, for naming a change on screen ("back to Stateful", "unknown, ask
// Priya"): long values are clipped. `answerStateText` says a whole answer, for a cell or a diff.
import type { AnswerState } from '../domain/engagement';
import { alternativeOf, currentValue, type Question } from './catalogue';
import type { NamedRecords } from './answerText';

function nameOf(records: readonly { id: string; name: string }[], id: unknown, missing: string): string {
  return records.find((record) => record.id === id)?.name ?? missing;
}

function durationText(minutes: number): string {
  if (minutes === 0) return '0 minutes';
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function clip(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** An answered value in words: choice labels, Yes or No, the names of referenced records, the text. */
export function describeValue(question: Question, stored: unknown, records: NamedRecords): string {
  const value = currentValue(question, stored);
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  const alternative = alternativeOf(question, value);
  if (alternative) return alternative.label;
  switch (question.type) {
    case 'choice':
      return question.choices.find((choice) => choice.value === value)?.label ?? String(value);
    case 'multi-choice':
      return list.length === 0 ? (question.noneLabel ?? 'none') : clip(list.map((item) => question.choices.find((c) => c.value === item)?.label ?? String(item)).join(', '));
    case 'yes-no':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'system-reference':
      return nameOf(records.systems, value, 'a system no longer recorded');
    case 'policy-reference':
      return nameOf(records.policies, value, 'a policy no longer recorded');
    case 'application-references':
      return list.length === 0 ? 'none' : clip(list.map((id) => nameOf(records.applications, id, 'a removed application')).join(', '));
    case 'number':
      return `${String(value)} ${question.unit}`;
    case 'duration':
      return typeof value === 'number' ? durationText(value) : String(value);
    case 'text':
      return `“${clip(String(value))}”`;
    case 'date':
      return String(value);
  }
}

export function describeState(
  question: Question,
  state: AnswerState | null | undefined,
  records: NamedRecords,
): string {
  if (!state) return 'not answered';
  switch (state.status) {
    case 'answered':
      return describeValue(question, state.value, records);
    case 'unknown':
      return state.followUpWith ? `unknown, ask ${clip(state.followUpWith, 30)}` : 'unknown';
    case 'not-applicable':
      return state.reason ? `not applicable (${clip(state.reason, 30)})` : 'not applicable';
  }
}

/** Two answers in words, for naming a change; `noteOnly` when just the note differs. */
export function describeChange(
  question: Question,
  from: { state: AnswerState; note: string } | null,
  to: { state: AnswerState; note: string } | null,
  records: NamedRecords,
): { from: string; to: string; noteOnly: boolean } {
  const fromText = describeState(question, from?.state, records);
  const toText = describeState(question, to?.state, records);
  return { from: fromText, to: toText, noteOnly: fromText === toText && (from?.note ?? '') !== (to?.note ?? '') };
}
