import type { Application } from '../../../../shared/domain/engagement';
import { QUESTIONS } from '../../../../shared/questions/catalogue';

export interface Progress {
  /** Questions with a definite answer (answered or not applicable). */
  done: number;
  /** Questions marked unknown, each waiting on a follow-up. */
  unknown: number;
  total: number;
}

export function progressOf(application: Application): Progress {
  let done = 0;
  let unknown = 0;
  for (const question of QUESTIONS) {
    const status = application.answers[question.id]?.state.status;
    if (status === 'answered' || status === 'not-applicable') done += 1;
    else if (status === 'unknown') unknown += 1;
  }
  return { done, unknown, total: QUESTIONS.length };
}
