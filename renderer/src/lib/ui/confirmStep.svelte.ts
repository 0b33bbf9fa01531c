import { tick } from 'svelte';

/**
 * The "are you sure?" step before something is destroyed: asking moves the focus to the safe
 * answer, keeping it (or a refusal) moves it back to the button that asked.
 */
export class ConfirmStep {
  confirming = $state(false);
  working = $state(false);
  trigger = $state<HTMLButtonElement | null>(null);
  keepButton = $state<HTMLButtonElement | null>(null);

  async ask(): Promise<void> {
    this.confirming = true;
    await tick();
    this.keepButton?.focus();
  }

  async keep(): Promise<void> {
    this.confirming = false;
    await tick();
    this.trigger?.focus();
  }

  /** Runs the destructive action; when it did not happen, the question closes and focus returns. */
  async confirm(action: () => Promise<boolean>): Promise<void> {
    this.working = true;
    const done = await action();
    this.working = false;
    if (!done) await this.keep();
  }
}
