import { describe, expect, it } from 'vitest';
import type { HardwareProfile, Vm } from '../domain/engagement';
import { PLAN_ONLY_FINDING_CODES } from './assessment';
import { INTERNAL_ID } from './customerText.testSupport';
import { disastersOf, findDisaster, type Disaster } from './disasters';
import { assessEngagement } from './engine';
import type { AssessmentInput } from './facts';
import { recoveryPlans, type PlanInput } from './plan';
import { RecoveryPlans, type DisasterPlan, type PlanApplication } from './planContract';
import { all, answer, AS_OF, baseEngagement, changeSystem, setAnswer, wellProtectedApplication, type Change } from './scenario';

/**
 * Recovery plans on small engagements, worked by hand from the default assumptions: detect and
 * decide 15–120 min, fail over 15–120 min, switch users 1–30 min; a failover to the replica
 * therefore takes 31–270 min, against the scenario's site-loss target of 5 h.
 */

const GEN1: HardwareProfile = { id: 'gen1', name: 'Gen 1', memoryGbPerNode: 384, physicalCoresPerNode: 32, usableStorageGbPerNode: 10_000 };

type PlanChange = (input: PlanInput) => PlanInput;

function engagement(...changes: (Change | PlanChange)[]): PlanInput {
  const input: PlanInput = { ...baseEngagement(), hardwareProfiles: [] };
  return changes.reduce<PlanInput>((acc, change) => change(acc) as PlanInput, input);
}

function plansOf(input: PlanInput, ...keys: string[]) {
  const assessment = assessEngagement(input, { asOf: AS_OF });
  const all = disastersOf(input);
  const disasters = keys.length === 0 ? undefined : keys.map((key) => findDisaster(all, key) as Disaster);
  return recoveryPlans(input, assessment, { disasters });
}

function planOf(input: PlanInput, key: string): DisasterPlan {
  return plansOf(input, key).disasters[0]!;
}

const appIn = (plan: DisasterPlan, name: string): PlanApplication => plan.waves.flatMap((w) => w.applications).find((a) => a.name === name)!;

/** Ledger, a copy of the well-protected application on the same system; Orders needs it. */
const withLedger =
  (answers: Record<string, unknown> = {}): Change =>
  (input) => {
    input.applications.push(wellProtectedApplication('app-ledger', 'Ledger'));
    for (const [questionId, value] of Object.entries(answers)) setAnswer(input, questionId, value, 'app-ledger');
    return setAnswer(input, 'app.dependencies', ['app-ledger']);
  };

/** Both systems four nodes of the Gen 1 profile; Orders runs `count` VMs of 128 GB, 8 vCPU and 100 GB each. */
const sized =
  (count: number): PlanChange =>
  (input) => {
    input.hardwareProfiles = [GEN1];
    for (const id of ['sys-a', 'sys-b']) changeSystem(input, id, { nodeCount: 4, hardwareProfileId: 'gen1' });
    input.vms = Array.from({ length: count }, (_, i): Vm => ({
      id: `vm-${i}`, applicationId: 'app-orders', name: `orders-${i}`, os: '', vcpu: 8, memoryGb: 128, provisionedGb: 100, powerState: 'poweredOn', host: '', cluster: '',
    }));
    return input;
  };

describe('the timeline of a recovery', () => {
  it('is each application’s own estimate, extended by the wait for what it needs: Orders misses its target because of Ledger', () => {
    const plan = planOf(engagement(withLedger()), 'site:North');
    const ledger = appIn(plan, 'Ledger');
    const orders = appIn(plan, 'Orders');
    expect(plan.waves.map((w) => w.applications.map((a) => a.name))).toEqual([['Ledger'], ['Orders']]);
    expect(ledger.back).toEqual({ bestMinutes: 31, worstMinutes: 270 });
    // Orders starts once Ledger is back; the decision to recover (15–120 min) is taken once for both:
    // best max(31, 31 + 31 − 15) = 47, worst max(270, 270 + 270 − 120) = 420 min, against a 300 min target.
    expect(orders).toMatchObject({
      own: { bestMinutes: 31, worstMinutes: 270 },
      start: { bestMinutes: 31, worstMinutes: 270 },
      back: { bestMinutes: 47, worstMinutes: 420 },
      targetMinutes: 300,
      ownCompliance: 'met',
      compliance: 'at-risk',
      heldBackBy: { applicationId: 'app-ledger', name: 'Ledger' },
      waitsFor: [{ applicationId: 'app-ledger', name: 'Ledger' }],
    });
    expect(orders.steps[0]).toEqual({ text: 'Wait until Ledger is back', minutes: null });
    const conflict = plan.findings.find((f) => f.code === 'DEPENDENCY_RTO_CONFLICT');
    expect(conflict).toMatchObject({ severity: 'medium', applicationIds: ['app-orders', 'app-ledger'] });
    expect(conflict?.rationale).toBe(
      'When the site North is lost, Orders would be back within 31 min – 4.5 h on its own, which meets its 5 h target, but it needs Ledger, which is back only after 31 min – 4.5 h; Orders is then back after 47 min – 7 h.',
    );
  });

  it('near miss: a dependency that keeps running on the other system holds nothing back', () => {
    // Ledger runs active/active with the application's own replication: users move over in 1–30 min.
    const plan = planOf(engagement(withLedger({ 'app.activeActive': true })), 'site:North');
    const orders = appIn(plan, 'Orders');
    expect(appIn(plan, 'Ledger').back).toEqual({ bestMinutes: 1, worstMinutes: 30 });
    // best max(31, 1 + 31 − 15) = 31, worst max(270, 30 + 270 − 120) = 270.
    expect(orders).toMatchObject({ back: { bestMinutes: 31, worstMinutes: 270 }, compliance: 'met', heldBackBy: null });
    expect(plan.findings.map((f) => f.code)).not.toContain('DEPENDENCY_RTO_CONFLICT');
  });

  it('an application waiting for one that cannot come back is blocked, and names it', () => {
    const plan = planOf(engagement(withLedger({ 'app.backup.exists': false, 'app.replication.technology': 'none' })), 'site:North');
    expect(appIn(plan, 'Ledger').outcome).toBe('unrecoverable');
    expect(appIn(plan, 'Orders')).toMatchObject({ outcome: 'blocked', back: null, compliance: 'breached', heldBackBy: { name: 'Ledger' } });
    expect(plan.findings.find((f) => f.code === 'DEPENDENCY_RTO_CONFLICT')).toMatchObject({ severity: 'high' });
  });
});

describe('waves', () => {
  it('order a diamond and place a cycle last, with what waits for it', () => {
    const add = (id: string, name: string, dependencies: string[]): Change => (input) => {
      input.applications.push(wellProtectedApplication(id, name));
      return setAnswer(input, 'app.dependencies', dependencies, id);
    };
    const input = engagement(
      // Portal needs Billing and Stock; both need Orders (a diamond). Scheduling and Rota need each other; Reports needs Rota.
      add('app-billing', 'Billing', ['app-orders']),
      add('app-stock', 'Stock', ['app-orders']),
      add('app-portal', 'Portal', ['app-billing', 'app-stock']),
      add('app-scheduling', 'Scheduling', ['app-rota']),
      add('app-rota', 'Rota', ['app-scheduling']),
      add('app-reports', 'Reports', ['app-rota']),
    );
    const plan = planOf(input, 'system:sys-a');
    expect(plan.waves.map((w) => w.applications.map((a) => a.name))).toEqual([['Orders'], ['Billing', 'Stock'], ['Portal'], ['Rota', 'Scheduling'], ['Reports']]);
    expect(plan.cycles).toEqual([['Rota', 'Scheduling']]);
    expect(appIn(plan, 'Rota')).toMatchObject({ inCycle: true, waitsFor: [] });
    expect(appIn(plan, 'Rota').notes.join(' ')).toMatch(/depends in a circle on Scheduling/);
    expect(plan.findings.filter((f) => f.code === 'DEPENDENCY_CYCLE').map((f) => f.applicationIds)).toEqual([['app-rota', 'app-scheduling']]);
    // The assessment names the same circle for each member, and only for them.
    const assessment = assessEngagement(input, { asOf: AS_OF });
    const withCycle = assessment.applications.filter((a) => a.findings.some((f) => f.code === 'DEPENDENCY_CYCLE')).map((a) => a.name);
    expect(withCycle).toEqual(['Rota', 'Scheduling']);
  });
});

/** The plans' own codes: a change that raises each, and a near miss that does not. */
const PLAN_SCENARIOS: Record<(typeof PLAN_ONLY_FINDING_CODES)[number], { disaster: string; fires: PlanChange; nearMiss: PlanChange }> = {
  // sys-b, four nodes of 384 GB, has 465.2 GB for tenant VMs with a largest VM of 128 GB: 1536 − (242 + 16) − (384 + 0.15·3·384 + 128·2).
  RECOVERY_CAPACITY_SHORT: { disaster: 'site:North', fires: sized(4), nearMiss: sized(3) },
  // The same arithmetic on sys-a, which must restart its own VMs after losing a node.
  NODE_LOSS_RESERVE_SHORT: { disaster: 'node:sys-a', fires: sized(4), nearMiss: sized(3) },
};

describe('every code of the plans fires in its scenario and not in its near miss', () => {
  for (const code of PLAN_ONLY_FINDING_CODES) {
    const scenario = PLAN_SCENARIOS[code];
    it(`${code} fires`, () => {
      const finding = planOf(engagement(scenario.fires), scenario.disaster).findings.find((f) => f.code === code);
      expect(finding?.severity).toBe('high');
      expect(finding?.rationale).toMatch(/46\.8 GB of memory/);
      expect(finding?.rationale).toMatch(/5 nodes instead of 4 would carry it/);
    });
    it(`${code} stays quiet in the near miss`, () => {
      expect(planOf(engagement(scenario.nearMiss), scenario.disaster).findings.map((f) => f.code)).not.toContain(code);
    });
  }
});

describe('capacity per disaster', () => {
  it('shows what a surviving system must carry against what it has, with the shortfall and the node count', () => {
    const plan = planOf(engagement(sized(4)), 'site:North');
    expect(plan.capacity.map((c) => c.name)).toEqual(['sys-b']);
    const [target] = plan.capacity;
    expect(target!.memoryGb.needed).toBe(512);
    expect(target!.memoryGb.usable).toBeCloseTo(465.2, 6);
    expect(target!.memoryGb.short).toBeCloseTo(46.8, 6);
    expect(target).toMatchObject({ status: 'short', nodesToCover: 5, vcpu: { needed: 32, status: 'enough' }, vms: { needed: 4, usable: 240 } });
    expect(target!.demand.map((d) => d.label)).toEqual(['Its own applications (0)', 'Failing over from sys-a: Orders']);
    expect(plan.findings.find((f) => f.code === 'RECOVERY_CAPACITY_SHORT')?.rationale).toBe(
      'When the site North is lost, sys-b must also run Orders, and would then be short of 46.8 GB of memory (512 GB of memory against 465.2 GB usable for tenant VMs). 5 nodes instead of 4 would carry it.',
    );
  });

  it('is unknown, never enough, for a system without a hardware profile, and names the VMs without a size', () => {
    const input = engagement(sized(2), (i: PlanInput) => changeSystem(i, 'sys-b', { hardwareProfileId: undefined }) as PlanInput);
    input.vms[1] = { ...input.vms[1]!, memoryGb: null };
    const plan = planOf(input, 'site:North');
    expect(plan.capacity[0]).toMatchObject({ status: 'unknown', hardwareProfile: null, memoryGb: { usable: null, status: 'unknown', unknownCount: 1, unknownNames: ['orders-1'] } });
    expect(plan.findings.map((f) => f.code)).not.toContain('RECOVERY_CAPACITY_SHORT');
  });

  it('counts an application without VMs in the inventory as not known', () => {
    const plan = planOf(engagement(sized(0)), 'site:North');
    expect(plan.capacity[0]!.memoryGb).toMatchObject({ status: 'unknown', unknownNames: ['Orders (no VMs in the inventory)'] });
  });

  it('has an empty capacity list, and says so, when no system survives', () => {
    const plan = planOf(engagement((input: AssessmentInput) => changeSystem(input, 'sys-b', { state: 'planned' })), 'site:North');
    expect(plan.capacity).toEqual([]);
    expect(plan.capacityNote).toMatch(/No operational Azure Stack Hub system survives when the site North is lost/);
  });

  it('counts Site Recovery: replicas on the target all the time, the appliance on the source, the services on the target', () => {
    const input = engagement(sized(2), answer('app.replication.technology', 'azure-site-recovery'), (i: PlanInput) => changeSystem(i, 'sys-b', { siteRecoveryTarget: true }) as PlanInput);
    const plans = plansOf(input);
    const today = new Map(plans.today.map((c) => [c.name, c]));
    // sys-a: two VMs of 128 GB and the appliance (28 GB, 8 vCPU); sys-b: the services (175 GB, 40 vCPU, 1,700 GB) and the replicas, 2 × 100 GB × 2.
    expect(today.get('sys-a')).toMatchObject({ memoryGb: { needed: 284 }, vcpu: { needed: 24 }, vms: { needed: 3 } });
    expect(today.get('sys-b')).toMatchObject({ memoryGb: { needed: 175 }, vcpu: { needed: 40 }, storageGb: { needed: 2100 } });
    // At the failover the VMs start on sys-b on their replica disks: compute is added, storage is not counted twice.
    const site = plans.disasters.find((d) => d.disaster.key === 'site:North')!;
    expect(appIn(site, 'Orders')).toMatchObject({ scheme: 'replication-failover', recoversOn: 'sys-b' });
    expect(appIn(site, 'Orders').steps.map((s) => s.text)).toContain('Fail over with Site Recovery to sys-b');
    expect(site.capacity[0]).toMatchObject({ memoryGb: { needed: 175 + 256 }, storageGb: { needed: 2100 } });
  });
});

describe('the plans as a contract', () => {
  it('cover every disaster when none is named, and match their schema', () => {
    const plans = plansOf(engagement(sized(3), withLedger()));
    expect(plans.disasters.map((d) => d.disaster.key)).toEqual(['node:sys-a', 'node:sys-b', 'system:sys-a', 'system:sys-b', 'site:North', 'site:South', 'region:region-1', 'region:region-2']);
    expect(() => RecoveryPlans.parse(plans)).not.toThrow();
  });

  it('name a disaster by kind and name in any case, and say what there is when it does not exist', () => {
    const disasters = disastersOf(engagement());
    expect((findDisaster(disasters, 'SITE:north') as Disaster).key).toBe('site:North');
    expect(findDisaster(disasters, 'site:Moon')).toEqual({ problem: 'No site named "Moon" in this engagement; there are: North, South.' });
    expect(findDisaster(disasters, 'moon')).toMatchObject({ problem: expect.stringMatching(/is not a disaster/) });
  });

  it('say nothing a customer reads with an internal identifier in it', () => {
    const inputs: AssessmentInput[] = [
      engagement(sized(4), withLedger()),
      engagement(sized(0), withLedger({ 'app.dependencies': ['app-orders'] })),
      engagement(withLedger({ 'app.backup.exists': false, 'app.replication.technology': 'none' })),
      engagement(all(answer('app.replication.technology', 'azure-site-recovery'), answer('app.statefulness', 'stateless'))),
      engagement((input: AssessmentInput) => changeSystem(input, 'sys-b', { state: 'planned' })),
    ];
    for (const input of inputs) {
      for (const plan of plansOf(input as PlanInput).disasters) {
        const texts = [
          plan.summary,
          plan.capacityNote ?? '',
          ...plan.waves.flatMap((w) => w.applications.flatMap((a) => [...a.steps.map((s) => s.text), ...a.notes, a.recoversOn ?? ''])),
          ...plan.findings.flatMap((f) => [f.title, f.rationale]),
          ...plan.capacity.flatMap((c) => [c.nodesNote ?? '', ...c.demand.map((d) => d.label), c.memoryGb.working, c.vcpu.working, c.storageGb.working, c.vms.working]),
        ];
        for (const text of texts) expect(text, text).not.toMatch(INTERNAL_ID);
      }
    }
  });
});
