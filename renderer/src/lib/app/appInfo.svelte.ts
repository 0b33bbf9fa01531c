import type { ApiOutput } from '../../../../shared/api/contract';
import { call } from '../api';

export type AppInfo = ApiOutput<'app.info'>;

/** What the core says about itself: version, host kind, and where new engagements go by default. */
class AppInfoState {
  info = $state<AppInfo | null>(null);

  async load(): Promise<void> {
    this.info = await call('app.info', {});
  }
}

export const appInfo = new AppInfoState();
