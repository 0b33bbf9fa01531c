import type { RecentFile } from '../../../../shared/api/contract';
import { call } from '../api';

/** The engagement files opened lately, newest first as the core keeps them. */
class RecentFilesState {
  files = $state<RecentFile[]>([]);
  loaded = $state(false);

  async refresh(): Promise<void> {
    this.files = await call('engagement.recent', {});
    this.loaded = true;
  }
}

export const recentFiles = new RecentFilesState();
