import { messageOf } from '../errors';

/**
 * One user action at a time on a screen: `busy` disables its buttons while the core works,
 * and `error` holds the core's message when the action was refused.
 */
export class PendingAction {
  busy = $state(false);
  error = $state<string | null>(null);

  async run(action: () => Promise<void>, afterFailure?: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await action();
    } catch (failure) {
      this.error = messageOf(failure);
      await afterFailure?.().catch(() => undefined);
    } finally {
      this.busy = false;
    }
  }
}
