import { SvelteMap } from 'svelte/reactivity';

/**
 * Refusals shown beside a question's field, kept per application and question so that the
 * message is still there when the consultant comes back to it, and navigation can stop on it.
 */
class FieldErrors {
  readonly #messages = new SvelteMap<string, string>();

  #key(applicationId: string, questionId: string): string {
    return `${applicationId}\u0000${questionId}`;
  }

  get(applicationId: string, questionId: string): string | null {
    return this.#messages.get(this.#key(applicationId, questionId)) ?? null;
  }

  set(applicationId: string, questionId: string, message: string): void {
    this.#messages.set(this.#key(applicationId, questionId), message);
  }

  clear(applicationId: string, questionId: string): void {
    this.#messages.delete(this.#key(applicationId, questionId));
  }

  reset(): void {
    this.#messages.clear();
  }
}

export const fieldErrors = new FieldErrors();
