import { SvelteSet } from 'svelte/reactivity';
import { messageOf } from '../errors';

/** How long typing may pause before the text is saved. */
export const SAVE_DELAY_MS = 400;

/**
 * Everything that is not yet on disk: calls in flight and typed edits waiting for their
 * pause. The header shows it, and closing or leaving the page flushes it first.
 */
class SaveStatus {
  readonly #inFlight = new SvelteSet<Promise<unknown>>();
  readonly #edits = new SvelteSet<PendingEdit>();
  lastError = $state<string | null>(null);
  readonly busy = $derived(this.#inFlight.size + this.#edits.size > 0);

  /** Counts `work` as saving; its failure becomes the header's message unless `reportError` is false. */
  track<T>(work: Promise<T>, reportError = true): Promise<T> {
    this.#inFlight.add(work);
    work.then(
      () => {
        if (reportError) this.lastError = null;
      },
      (error: unknown) => {
        if (reportError) this.lastError = messageOf(error);
      },
    ).finally(() => this.#inFlight.delete(work));
    return work;
  }

  hold(edit: PendingEdit): void {
    this.#edits.add(edit);
  }

  release(edit: PendingEdit): void {
    this.#edits.delete(edit);
  }

  /** Sends every waiting edit now, e.g. when the page is hidden or about to unload. */
  flushAll(): void {
    for (const edit of [...this.#edits]) edit.flush();
  }

  /** Flushes, then waits until nothing is in flight any more. */
  async settle(): Promise<void> {
    this.flushAll();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  reset(): void {
    this.lastError = null;
  }
}

/** One field's typed-but-not-yet-sent change: sent after a pause, or at once on flush. */
export class PendingEdit {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #run: (() => void) | null = null;

  get pending(): boolean {
    return this.#run !== null;
  }

  schedule(run: () => void, delay = SAVE_DELAY_MS): void {
    clearTimeout(this.#timer);
    this.#run = run;
    saveStatus.hold(this);
    this.#timer = setTimeout(() => this.flush(), delay);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const run = this.#run;
    this.#run = null;
    saveStatus.release(this);
    run?.();
  }
}

export const saveStatus = new SaveStatus();
