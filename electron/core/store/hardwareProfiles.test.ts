import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { EngagementStore } from './engagementStore';
import { HARDWARE_PROFILES_MIGRATION, SCHEMA_VERSION } from './migrations';
import { SITES, SYSTEMS, VMS } from './tables';

const tempDir = useTempDir();

function newStore() {
  return EngagementStore.create(join(tempDir(), 'e.cwb'), { customer: 'Acme', title: 'DR' }, 'alex');
}

function withSystem(store: EngagementStore) {
  const site = store.save(SITES, { name: 'DC1', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
  return store.save(SYSTEMS, {
    name: 'ash-01', siteId: site.id, region: 'west', nodeCount: 8, identityModel: 'connected', state: 'operational', role: 'primary', publicAzureAllowed: false,
  });
}

const R640 = { name: 'Dell R640, 768 GB', memoryGbPerNode: 768, physicalCoresPerNode: 48, usableStorageGbPerNode: 8_000 };

describe('hardware profiles', () => {
  it('are added, changed and removed, each change audited', () => {
    const store = newStore();
    try {
      const profile = store.saveHardwareProfile(R640);
      store.saveHardwareProfile({ ...profile, memoryGbPerNode: 1024 });
      expect(store.hardwareProfiles()).toEqual([{ ...profile, memoryGbPerNode: 1024 }]);
      expect(store.view().hardwareProfiles).toHaveLength(1);
      store.removeHardwareProfile(profile.id);
      expect(store.hardwareProfiles()).toEqual([]);
      const trail = store.auditTrail().filter((entry) => entry.entity === 'hardwareProfile');
      expect(trail.map((entry) => [entry.action, entry.field])).toEqual([['create', null], ['update', 'memoryGbPerNode'], ['delete', null]]);
    } finally {
      store.close();
    }
  });

  it('keeps a figure nobody knows as unknown, and refuses one that cannot be', () => {
    const store = newStore();
    try {
      const vague = store.saveHardwareProfile({ name: 'Unknown model', memoryGbPerNode: 512, physicalCoresPerNode: null, usableStorageGbPerNode: null });
      expect(vague).toMatchObject({ physicalCoresPerNode: null, usableStorageGbPerNode: null });
      expect(() => store.saveHardwareProfile({ ...R640, memoryGbPerNode: 0 })).toThrow(/Memory per node must be above 0/);
      expect(() => store.saveHardwareProfile({ ...R640, physicalCoresPerNode: 47.5 })).toThrow(/whole number/);
      expect(() => store.saveHardwareProfile({ ...R640, name: 'unknown MODEL' })).toThrow(/already exists/);
      expect(store.hardwareProfiles()).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('give a system its hardware, refuse a profile that does not exist, and cannot be removed while a system uses them', () => {
    const store = newStore();
    try {
      const system = withSystem(store);
      expect(system).not.toHaveProperty('hardwareProfileId');
      expect(system).not.toHaveProperty('siteRecoveryTarget');
      const profile = store.saveHardwareProfile(R640);
      store.save(SYSTEMS, { ...system, hardwareProfileId: profile.id, siteRecoveryTarget: true });
      expect(store.systems()[0]).toMatchObject({ hardwareProfileId: profile.id, siteRecoveryTarget: true });

      expect(() => store.removeHardwareProfile(profile.id)).toThrow(/still used by system ash-01/);
      expect(() => store.save(SYSTEMS, { ...system, hardwareProfileId: 'no-such-profile' })).toThrow(/No hardware profile with id no-such-profile in this engagement/);

      // Cleared again: the fields are left out, not null.
      store.save(SYSTEMS, { ...store.systems()[0]!, hardwareProfileId: undefined, siteRecoveryTarget: undefined });
      expect(Object.keys(store.systems()[0]!)).not.toContain('hardwareProfileId');
      store.removeHardwareProfile(profile.id);
      expect(store.hardwareProfiles()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('keep a VM without a largest disk as one whose disks are not known', () => {
    const store = newStore();
    try {
      const vm = store.save(VMS, { applicationId: null, name: 'db01', os: '', vcpu: 8, memoryGb: 64, provisionedGb: 1500, powerState: 'poweredOn', host: '' });
      expect(vm).not.toHaveProperty('largestDiskGb');
      store.save(VMS, { ...vm, largestDiskGb: 1200 });
      expect(store.vms()[0]?.largestDiskGb).toBe(1200);
    } finally {
      store.close();
    }
  });

  it('cannot change in a signed-off engagement, in the store or in the file', () => {
    const store = newStore();
    try {
      const profile = store.saveHardwareProfile(R640);
      store.signOff({ name: 'Dana', role: 'CIO', organisation: 'Acme' }, '2026-12-01');
      expect(() => store.saveHardwareProfile({ ...profile, memoryGbPerNode: 1536 })).toThrow(/signed off/);
      expect(() => store.removeHardwareProfile(profile.id)).toThrow(/signed off/);
      expect(store.verifySignoff().outcome).toBe('verified');
    } finally {
      store.close();
    }
  });
});

describe('an engagement signed off before hardware profiles existed', () => {
  it('is upgraded when opened and still verifies against its fingerprint', () => {
    const path = join(tempDir(), 'signed.cwb');
    // Made and signed off by the version before the hardware-profile migration (file format 4).
    copyFileSync(join(import.meta.dirname, '..', 'signoff', 'fixtures', 'signed-before-capacity.cwb'), path);
    const store = EngagementStore.open(path, 'alex');
    try {
      expect(HARDWARE_PROFILES_MIGRATION).toBeLessThanOrEqual(SCHEMA_VERSION);
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      expect(store.view().hardwareProfiles).toEqual([]);
      expect(store.systems().every((system) => !('hardwareProfileId' in system) && !('siteRecoveryTarget' in system))).toBe(true);
      const verification = store.verifySignoff();
      expect(verification.problems).toEqual([]);
      expect(verification.outcome).toBe('verified');
    } finally {
      store.close();
    }
  });
});
