// Hardware profiles: what one node of a scale unit brings (memory, cores, usable storage), shared
// by the systems built from the same servers; the capacity checks read them.
import type { HardwareProfile } from '../../../shared/domain/engagement';
import { list, remove, save, systems } from './setup';
import type { StoreContext } from './storeContext';
import { HARDWARE_PROFILES } from './tables';

export function hardwareProfiles(store: StoreContext): HardwareProfile[] {
  return list(store, HARDWARE_PROFILES);
}

/** Creates the profile (no id) or updates it (with id); each changed field is audited. */
export function saveHardwareProfile(store: StoreContext, input: Omit<HardwareProfile, 'id'> & { id?: string | undefined }): HardwareProfile {
  return save(store, HARDWARE_PROFILES, input);
}

/** Refused while a system is built from it: the system would lose what its capacity rests on. */
export function removeHardwareProfile(store: StoreContext, id: string): null {
  const using = systems(store).filter((system) => system.hardwareProfileId === id);
  return remove(store, HARDWARE_PROFILES, id, using.map((system) => `system ${system.name}`));
}
