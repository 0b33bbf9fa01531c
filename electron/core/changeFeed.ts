// What every window needs to stay current: a marker of the engagement's state, the changes saved
// since a marker (named, and whether the asking window made them), and a wait for the next one,
// so that a window learns of another's change at once rather than by polling often.
import type { ChangeMarker, ChangeNote } from '../../shared/api/editContract';

interface Noted {
  epoch: string;
  revision: number;
  label: string;
  origin: string | null;
  at: string;
}

/** Enough for any window that was only away for a while; one that missed more just reloads. */
const REMEMBERED = 500;

export class ChangeFeed {
  private readonly noted: Noted[] = [];
  private readonly waiting = new Set<() => void>();

  /** A change was saved (or the open engagement changed): wakes every window waiting. */
  note(marker: ChangeMarker | null, label: string | null, origin: string | null): void {
    if (marker && label) {
      this.noted.push({ ...marker, label, origin, at: new Date().toISOString() });
      this.noted.splice(0, Math.max(0, this.noted.length - REMEMBERED));
    }
    for (const wake of [...this.waiting]) wake();
  }

  /** The changes after `since` in the same opening of the file, oldest first. */
  since(since: ChangeMarker | null, current: ChangeMarker | null, caller: string | null): ChangeNote[] {
    if (!since || !current || since.epoch !== current.epoch) return [];
    return this.noted
      .filter((entry) => entry.epoch === current.epoch && entry.revision > since.revision)
      .map((entry) => ({ label: entry.label, mine: entry.origin !== null && entry.origin === caller, at: entry.at }));
  }

  /** Resolves at the next change, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  /** Lets every waiting window go, e.g. when the host shuts down. */
  release(): void {
    for (const wake of [...this.waiting]) wake();
  }
}

export function sameMarker(a: ChangeMarker | null, b: ChangeMarker | null): boolean {
  return a?.epoch === b?.epoch && a?.revision === b?.revision;
}
