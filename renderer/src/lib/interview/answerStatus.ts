import type { Answer } from '../../../../shared/domain/engagement';

export type AnswerStatus = 'unasked' | Answer['state']['status'];

export const STATUS_LABELS: Record<AnswerStatus, string> = {
  unasked: 'not answered yet',
  answered: 'answered',
  unknown: 'unknown, to follow up',
  'not-applicable': 'not applicable',
};

export function statusOf(answer: Answer | undefined): AnswerStatus {
  return answer?.state.status ?? 'unasked';
}
