import type { Answer, AnswerState, AzureStackSystem } from '../../../../shared/domain/engagement';
import type { Question } from '../../../../shared/questions/catalogue';

function clip(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** An answered value in words: the choice's label, Yes or No, the system's name, the text. */
export function describeValue(question: Question, value: unknown, systems: readonly AzureStackSystem[]): string {
  switch (question.type) {
    case 'choice':
      return question.choices.find((choice) => choice.value === value)?.label ?? String(value);
    case 'yes-no':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'system-reference':
      return systems.find((system) => system.id === value)?.name ?? 'a system no longer recorded';
    case 'text':
      return `“${clip(String(value))}”`;
    default:
      return clip(String(value));
  }
}

export function describeState(
  question: Question,
  state: AnswerState | null | undefined,
  systems: readonly AzureStackSystem[],
): string {
  if (!state) return 'not answered';
  switch (state.status) {
    case 'answered':
      return describeValue(question, state.value, systems);
    case 'unknown':
      return state.followUpWith ? `unknown, ask ${clip(state.followUpWith, 30)}` : 'unknown';
    case 'not-applicable':
      return state.reason ? `not applicable (${clip(state.reason, 30)})` : 'not applicable';
  }
}

/** Two answers in words, for naming a change; `noteOnly` when just the note differs. */
export function describeChange(
  question: Question,
  from: Answer | null,
  to: Answer | null,
  systems: readonly AzureStackSystem[],
): { from: string; to: string; noteOnly: boolean } {
  const fromText = describeState(question, from?.state, systems);
  const toText = describeState(question, to?.state, systems);
  return { from: fromText, to: toText, noteOnly: fromText === toText && (from?.note ?? '') !== (to?.note ?? '') };
}
