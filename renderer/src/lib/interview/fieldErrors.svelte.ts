import { SvelteMap } from 'svelte/reactivity';
import { answerKey, type AnswerSubject } from '../engagement/subject';

/**
 * Refusals shown beside a question's field, kept per subject (application or component) and question so that the
 * message is still there when the consultant comes back to it, and navigation can stop on it.
 */
class FieldErrors {
  readonly #messages = new SvelteMap<string, string>();

  get(subject: AnswerSubject, questionId: string): string | null {
    return this.#messages.get(answerKey(subject, questionId)) ?? null;
  }

  set(subject: AnswerSubject, questionId: string, message: string): void {
    this.#messages.set(answerKey(subject, questionId), message);
  }

  clear(subject: AnswerSubject, questionId: string): void {
    this.#messages.delete(answerKey(subject, questionId));
  }

  reset(): void {
    this.#messages.clear();
  }
}

export const fieldErrors = new FieldErrors();
