import type { Profile, ProfileInput } from '../../../../shared/api/profileContract';
import { call } from '../api';

/** The consultant's profile as the core keeps it; `asked` once it was loaded and found missing. */
class ProfileState {
  profile = $state<Profile | null>(null);
  loaded = $state(false);
  /** The dialog is open: on a first start, or from "Your profile…". */
  editing = $state(false);

  async load(): Promise<void> {
    this.profile = await call('profile.get', {});
    this.loaded = true;
    if (!this.profile) this.editing = true;
  }

  async save(input: ProfileInput): Promise<void> {
    this.profile = await call('profile.save', input);
  }
}

export const profile = new ProfileState();
