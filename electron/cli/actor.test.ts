import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProfileStore } from '../core/profile';
import { EngagementStore } from '../core/store/engagementStore';
import { useTempDir } from '../core/testSupport';
import { ProfileInput } from '../../shared/api/profileContract';
import { cwb } from './testCli';

const tempDir = useTempDir();
afterEach(() => vi.unstubAllEnvs());

const actors = (file: string) => EngagementStore.read(file, (store) => store.auditTrail().map((entry) => entry.actor));

describe('who a command records', () => {
  it('takes --actor on every command that writes, else CWB_ACTOR, else the profile', async () => {
    const dir = tempDir();
    vi.stubEnv('CWB_DATA_DIR', join(dir, 'data'));
    vi.stubEnv('CWB_ACTOR', '');
    new ProfileStore(join(dir, 'data')).save(ProfileInput.parse({ name: 'Ana Ruiz', organisation: 'Contoso' }));
    const file = join(dir, 'acme.cwb');
    expect((await cwb('create', file, '--customer', 'Acme', '--title', 'DR', '--actor', 'Tom Berg')).code).toBe(0);
    expect((await cwb('signoff', file, '--signer', 'Dana', '--role', 'COO', '--org', 'Acme')).code).toBe(0);
    vi.stubEnv('CWB_ACTOR', 'nightly script');
    expect((await cwb('reopen', file, '--reason', 'typo')).code).toBe(0);
    expect([...new Set(actors(file))]).toEqual(['Tom Berg', 'Ana Ruiz', 'nightly script']);
    expect(EngagementStore.read(file, (store) => store.signoffs()[0]!.voided?.by)).toBe('nightly script');
    // A command that only reads has no --actor to take.
    expect((await cwb('info', file, '--actor', 'X')).code).toBe(2);
  });
});
