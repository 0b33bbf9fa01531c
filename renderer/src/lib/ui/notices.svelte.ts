/** How long a notice stays: long enough to read a sentence aloud in a workshop. */
const SHOWN_MS = 6000;

/**
 * One short message about what just happened ("Undid: delete VM web01", "Updated by another
 * window: …"), shown in one place at the foot of the screen and read out by screen readers.
 */
class Notices {
  message = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  say(message: string): void {
    clearTimeout(this.#timer);
    this.message = message;
    this.#timer = setTimeout(() => (this.message = null), SHOWN_MS);
  }

  dismiss(): void {
    clearTimeout(this.#timer);
    this.message = null;
  }
}

export const notices = new Notices();
