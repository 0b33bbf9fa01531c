import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecoveryPlans } from '../../shared/rules/planContract';
import { useTempDir } from '../core/testSupport';
import { cwb } from './testCli';

const tempDir = useTempDir();

async function demoFile(): Promise<string> {
  const file = join(tempDir(), 'demo.cwb');
  expect((await cwb('demo', file)).code).toBe(0);
  return file;
}

describe('cwb plan', () => {
  it('--json prints every disaster in the documented shape, without changing the file', async () => {
    const file = await demoFile();
    const before = readFileSync(file);
    const { code, out } = await cwb('plan', file, '--json', '--as-of', '2026-12-01');
    expect(code).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    const plans = JSON.parse(out) as RecoveryPlans;
    expect(() => RecoveryPlans.parse(plans)).not.toThrow();
    expect(plans.disasters.map((d) => `${d.disaster.kind}:${d.disaster.name}`)).toEqual([
      'node:ash-ehv-01',
      'node:ash-rtm-01',
      'system:ash-ehv-01',
      'system:ash-rtm-01',
      'site:Eindhoven DC2',
      'site:Rotterdam DC1',
      'region:Netherlands',
    ]);
    const site = plans.disasters.find((d) => d.disaster.key === 'site:Rotterdam DC1')!;
    expect(site.waves[0]!.applications[0]).toEqual(
      expect.objectContaining({
        applicationId: expect.any(String),
        name: 'Finance ERP',
        scheme: 'replication-failover',
        recoversOn: 'ash-ehv-01',
        back: { bestMinutes: 31, worstMinutes: 270 },
        targetMinutes: 120,
      }),
    );
    expect(site.capacity[0]).toMatchObject({
      systemId: expect.any(String),
      name: 'ash-ehv-01',
      memoryGb: { needed: 1219, usable: 465.2, short: 753.8 },
      vcpu: { needed: 206, usable: 366, short: 0 },
      storageGb: { usable: 64_000, short: 0 },
      vms: { usable: 240, short: 0 },
    });
    expect(site.cycles).toEqual([['Integration Engine (HL7)', 'Lab Results Portal']]);
    expect(site.findings.map((f) => f.code)).toEqual(['RECOVERY_CAPACITY_SHORT', 'DEPENDENCY_CYCLE']);
    // Nothing survives the loss of the region: no capacity to check, and it says why.
    const region = plans.disasters.find((d) => d.disaster.kind === 'region')!;
    expect(region.capacity).toEqual([]);
    expect(region.capacityNote).toMatch(/No operational Azure Stack Hub system survives/);
  });

  it('plans only the disasters named, by kind and name in any case, and prints them in words without --json', async () => {
    const file = await demoFile();
    const json = await cwb('plan', file, '--disaster', 'NODE:ash-rtm-01', '--disaster', 'site:rotterdam dc1', '--json');
    expect((JSON.parse(json.out) as RecoveryPlans).disasters.map((d) => d.disaster.key)).toEqual(['node:ash-rtm-01', 'site:Rotterdam DC1']);
    const text = await cwb('plan', file, '--disaster', 'node:ash-rtm-01');
    expect(text.code).toBe(0);
    expect(text.out).toContain('Node loss: a node of ash-rtm-01 (node:ash-rtm-01)');
    expect(text.out).toContain('Patient Records (EPR): Active/active, on ash-rtm-01; back 5.5 min – 32 min (target 5 min: breached, held back by Integration Engine (HL7))');
  });

  it('says why there is nothing to plan in an engagement without a system in operation, and prints an empty list with --json', async () => {
    const file = join(tempDir(), 'new.cwb');
    expect((await cwb('create', file, '--customer', 'Acme', '--title', 'DR')).code).toBe(0);
    const text = await cwb('plan', file);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toContain('No disaster to plan for: the engagement has no Azure Stack Hub system in operation yet (add one in Setup).');
    const json = await cwb('plan', file, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ disasters: [] });
  });

  it('answers a disaster the engagement does not have with exit code 1, and one not written as KIND:NAME with 2', async () => {
    const file = await demoFile();
    const missing = await cwb('plan', file, '--disaster', 'site:Moon', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.err)).toEqual({ error: { code: 'NOT_FOUND', message: 'No site named "Moon" in this engagement; there are: Eindhoven DC2, Rotterdam DC1.' } });
    const wrong = await cwb('plan', file, '--disaster', 'moon');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/--disaster takes node:SYSTEM, system:SYSTEM, site:SITE or region:REGION, got "moon"/);
  });
});
