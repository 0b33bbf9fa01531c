import { PendingEdit } from '../engagement/saveStatus.svelte';

/**
 * A typed field: it follows the saved text while the consultant is elsewhere, saves after a
 * pause in typing, and sends what was typed at once on blur, on `flush`, and when it goes away.
 * Create it while a component initialises (it owns two effects).
 */
export class DraftText {
  text = $state('');
  /** The last save of this text was refused; blur puts the saved text back. */
  refused = $state(false);
  #focused = false;
  readonly #edit = new PendingEdit();
  readonly #saved: () => string;
  readonly #save: (text: string) => Promise<boolean>;
  readonly #discarded: () => void;

  /** `discarded` runs when leaving the field puts the saved text back over a refused one. */
  constructor(saved: () => string, save: (text: string) => Promise<boolean>, discarded: () => void = () => undefined) {
    this.#saved = saved;
    this.#save = save;
    this.#discarded = discarded;
    $effect(() => {
      const value = saved();
      if (!this.#focused) this.text = value;
    });
    $effect(() => () => this.#edit.flush());
  }

  readonly onfocus = (): void => {
    this.#focused = true;
  };

  /** Call on every input event; `delay` 0 saves at once (date pickers, drop-downs). */
  readonly oninput = (delay?: number): void => {
    this.#edit.schedule(() => void this.#commit(), delay);
  };

  readonly onblur = (): void => {
    this.#focused = false;
    if (this.#edit.pending) {
      this.#edit.flush();
    } else if (this.refused) {
      this.refused = false;
      this.text = this.#saved();
      this.#discarded();
    }
  };

  async #commit(): Promise<void> {
    const text = this.text;
    if (text === this.#saved() && !this.refused) return;
    const accepted = await this.#save(text);
    this.refused = !accepted;
    if (!accepted && !this.#focused) this.text = this.#saved();
  }
}
