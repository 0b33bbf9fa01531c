import { SvelteMap } from 'svelte/reactivity';
import { ApiError } from '../api';
import { saveStatus } from '../engagement/saveStatus.svelte';
import { messageOf } from '../errors';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The fields a refusal names: validation issues, or the one field of e.g. a duplicate name. */
export function refusedFields(failure: unknown): { field: string; message: string }[] {
  if (!(failure instanceof ApiError)) return [];
  const details = failure.body.details as { issues?: unknown; field?: unknown } | undefined;
  if (Array.isArray(details?.issues)) {
    return (details.issues as { field?: unknown; message?: unknown }[])
      .filter((issue) => typeof issue.field === 'string' && typeof issue.message === 'string')
      .map((issue) => ({ field: String(issue.field), message: String(issue.message) }));
  }
  if (typeof details?.field === 'string') return [{ field: details.field, message: failure.body.message }];
  return [];
}

/** Puts a control back to the value the core holds, after a refused change. */
export function restoreControl(control: Control, value: string | number | boolean | null): void {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
  else control.value = value === null ? '' : String(value);
}

/**
 * The setup screen's saves: one call per change, run one after another so that each call is
 * built from what the previous one saved, then the engagement is read again. A refusal puts
 * the core's message beside the field it names (or the one that changed) under the key
 * `prefix + field`, e.g. `system:<id>:nodeCount`.
 */
export class SetupSaves {
  readonly errors = new SvelteMap<string, string>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly reload: () => Promise<void>) {}

  error(prefix: string, field: string): string | null {
    return this.errors.get(prefix + field) ?? null;
  }

  /** Shows a message beside a field without asking the core, e.g. for text in a number field. */
  refuse(prefix: string, field: string, message: string): void {
    this.errors.set(prefix + field, message);
  }

  clear(prefix: string, field: string): void {
    this.errors.delete(prefix + field);
  }

  /**
   * Runs `action` after the saves before it; resolves true once it was saved and the screen
   * shows it. On refusal `restore` puts the saved value back and the message is shown.
   */
  run(prefix: string, field: string, action: () => Promise<unknown>, restore?: () => void): Promise<boolean> {
    const key = prefix + field;
    this.errors.delete(key);
    const task = this.#queue.then(async () => {
      try {
        await action();
      } catch (failure) {
        restore?.();
        this.#show(prefix, key, failure);
        return false;
      }
      try {
        await this.reload();
      } catch (failure) {
        this.errors.set(key, `Saved, but the screen could not be refreshed: ${messageOf(failure)}`);
      }
      return true;
    });
    this.#queue = task.catch(() => undefined);
    return saveStatus.track(task, false);
  }

  #show(prefix: string, key: string, failure: unknown): void {
    const fields = refusedFields(failure);
    let placed = false;
    for (const { field, message } of fields) {
      this.errors.set(prefix + field, message);
      if (prefix + field === key) placed = true;
    }
    if (!placed) this.errors.set(key, fields.length > 0 ? fields.map((f) => f.message).join(' ') : messageOf(failure));
  }
}
