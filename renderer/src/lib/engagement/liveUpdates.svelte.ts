import type { ChangeMarker, Changes } from '../../../../shared/api/editContract';
import { call } from '../api';
import { notices } from '../ui/notices.svelte';
import { engagement } from './engagement.svelte';
import { undoSteps } from './undoSteps.svelte';

/** How long one wait for the next change lasts before it is asked again. */
const WAIT_MS = 25_000;
const RETRY_MS = 2000;
/**
 * A tab in the background asks now and then instead of waiting at the core: a browser keeps at
 * most six connections to one server, and a waiting request holds one of them.
 */
const HIDDEN_POLL_MS = 5000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What to tell the consultant about changes this window did not make, if any. */
function foreignChanges(since: ChangeMarker, changes: Changes): string | null {
  const marker = changes.marker;
  if (!marker || marker.revision === since.revision) return null;
  const others = changes.changes.filter((change) => !change.mine);
  // Changes the core no longer lists, or no longer names, are others' as far as this window knows.
  if (others.length === 0 && changes.changes.length > 0) return null;
  const last = others.at(-1);
  return last ? `Updated with a change from another window: ${last.label}${others.length > 1 ? ` (and ${others.length - 1} more)` : ''}.` : 'Updated with changes from another window.';
}

/**
 * Keeps this window current while an engagement is open: one request waits at the core for the
 * next change (any window's). Its own changes only move the undo and redo buttons on; another
 * window's are read in and named, and a different file opened elsewhere is read in from the top.
 */
class LiveUpdates {
  #generation = 0;

  /** Starts following the open engagement; the returned function stops. */
  start(): () => void {
    const generation = ++this.#generation;
    void this.#follow(generation);
    return () => {
      if (this.#generation === generation) this.#generation += 1;
    };
  }

  async #follow(generation: number): Promise<void> {
    let since: ChangeMarker | null = null;
    while (generation === this.#generation) {
      let changes: Changes;
      const waiting = since !== null && document.visibilityState === 'visible';
      try {
        changes = await call('engagement.changes', { since, waitMs: waiting ? WAIT_MS : 0 });
      } catch {
        // The server may be restarting or the machine waking up: ask again shortly.
        await pause(RETRY_MS);
        continue;
      }
      if (generation !== this.#generation) return;
      undoSteps.adopt(changes.state);
      if (since) await this.#catchUp(since, changes);
      since = changes.marker;
      if (!waiting && document.visibilityState !== 'visible') await pause(HIDDEN_POLL_MS);
    }
  }

  async #catchUp(since: ChangeMarker, changes: Changes): Promise<void> {
    // This window's own opening, restore or closing: it reads the engagement in itself.
    if (changes.switchedHere && changes.marker?.epoch !== since.epoch) return;
    if (!changes.marker) {
      await engagement.refresh();
      notices.say('The engagement was closed in another window.');
    } else if (changes.marker.epoch !== since.epoch) {
      await engagement.refresh();
      notices.say('Another window opened an engagement (or put a snapshot back); this window now shows it.');
    } else {
      const message = foreignChanges(since, changes);
      if (message === null) return;
      await engagement.reload();
      notices.say(message);
    }
  }
}

export const liveUpdates = new LiveUpdates();
