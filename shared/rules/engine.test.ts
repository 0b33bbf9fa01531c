import { describe, expect, it } from 'vitest';
import { DISRUPTION_SCOPES, type Answer } from '../domain/engagement';
import { questionsFor } from '../questions/catalogue';
import { Assessment, COMPLIANCE_VALUES, FINDING_CODES, PLAN_ONLY_FINDING_CODES, PROTECTION_SCHEMES, type ApplicationAssessment, type FindingCode } from './assessment';
import { assessEngagement, FINDING_SEVERITIES } from './engine';
import type { AssessmentInput } from './facts';
import { all, answer, answered, AS_OF, baseEngagement, changeSystem, componentAnswer, notApplicable, setAnswer, unknownAnswer, wellProtectedApplication, type Change } from './scenario';

function assessOrders(input: AssessmentInput): ApplicationAssessment {
  const result = assessEngagement(input, { asOf: AS_OF });
  const orders = result.applications.find((a) => a.applicationId === 'app-orders');
  if (!orders) throw new Error('Orders was not assessed');
  return orders;
}

const codes = (app: ApplicationAssessment) => app.findings.map((f) => f.code);

const ownerBelieves = (...beliefs: string[]) => answer('app.assumptions', beliefs);

const recoversInAzure = ['system', 'site', 'region'].map((scope) => answer(`app.recoversOn.${scope}`, 'public-azure'));

type ApplicationCode = Exclude<FindingCode, (typeof PLAN_ONLY_FINDING_CODES)[number]>;

/** An application protected by Site Recovery to the other Azure Stack Hub, with one VM whose largest disk is given. */
const siteRecoveryWithDisk = (largestDiskGb: number): Change =>
  all(answer('app.replication.technology', 'azure-site-recovery'), (input) => {
    input.systems = input.systems.map((s) => (s.id === 'sys-b' ? { ...s, siteRecoveryTarget: true } : s));
    input.vms = [{ id: 'vm-db', applicationId: 'app-orders', name: 'orders-db01', os: '', vcpu: 8, memoryGb: 64, provisionedGb: 2000, largestDiskGb, powerState: 'poweredOn', host: '', cluster: '' }];
    return input;
  });

/** Each code an application's assessment raises: one change that fires it, and a near miss, as close as possible, that does not. */
const SCENARIOS: Record<ApplicationCode, { fires: Change; nearMiss: Change }> = {
  SITE_LOSS_NEEDS_SECOND_SYSTEM: {
    fires: (input) => changeSystem(input, 'sys-b', { state: 'planned' }),
    nearMiss: all(
      (input) => changeSystem(input, 'sys-b', { state: 'planned' }),
      (input) => changeSystem(input, 'sys-a', { publicAzureAllowed: true }),
      answer('app.mayRunInAzure', true),
      ...['system', 'site', 'region'].map((scope) => answer(`app.recoversOn.${scope}`, 'public-azure')),
    ),
  },
  SECONDARY_IN_SAME_IMPACT_RADIUS: {
    fires: all((input) => changeSystem(input, 'sys-b', { siteId: 'site-a', region: 'region-1' }), answer('app.impactRadius', 'site')),
    nearMiss: all((input) => changeSystem(input, 'sys-b', { siteId: 'site-a', region: 'region-1' }), answer('app.impactRadius', 'system')),
  },
  ZERO_RPO_ACROSS_SITES_UNSUPPORTED: {
    fires: answer('app.rpo.site', 0),
    nearMiss: all(answer('app.rpo.site', 0), answer('app.replication.mode', 'synchronous')),
  },
  STRETCHED_SCALE_UNIT_UNSUPPORTED: {
    fires: ownerBelieves('stretched-scale-unit'),
    nearMiss: ownerBelieves('multiple-node-failures'),
  },
  INFRASTRUCTURE_PROTECTION_UNSUPPORTED: {
    fires: answer('app.backup.inGuest', false),
    nearMiss: ownerBelieves('stretched-scale-unit'),
  },
  NO_HA_WITHIN_SYSTEM: {
    fires: componentAnswer('cmp-db', 'component.instances', 1),
    nearMiss: all(componentAnswer('cmp-db', 'component.instances', 1), answer('app.rto.node', 60)),
  },
  STATELESS_WITHOUT_LOAD_BALANCER: {
    fires: componentAnswer('cmp-web', 'component.loadBalancer', 'none'),
    nearMiss: all(componentAnswer('cmp-web', 'component.loadBalancer', 'none'), componentAnswer('cmp-web', 'component.instances', 1)),
  },
  CROSS_SYSTEM_LOAD_BALANCER_NOT_EXTERNAL: {
    fires: all(answer('app.activeActive', true), answer('app.loadBalancerPlacement', 'inside-system')),
    nearMiss: all(answer('app.activeActive', true), answer('app.loadBalancerPlacement', 'external')),
  },
  AVAILABILITY_SET_ACROSS_SYSTEMS: {
    fires: ownerBelieves('availability-set-across-systems'),
    nearMiss: ownerBelieves('multiple-node-failures'),
  },
  RTO_NOT_MET: {
    // Restore in place: detect 15–120 + VM 30–240 + 100 GB at 500–100 GB/h (12–60) = 57–420 min.
    fires: answer('app.rto.vm', 56),
    nearMiss: answer('app.rto.vm', 57),
  },
  RTO_AT_RISK: {
    fires: answer('app.rto.vm', 419),
    nearMiss: answer('app.rto.vm', 420),
  },
  RPO_NOT_MET: {
    fires: answer('app.backup.frequency', 240),
    nearMiss: answer('app.backup.frequency', 60),
  },
  RPO_AT_RISK: {
    // Asynchronous replication to the other site loses 1–15 min.
    fires: answer('app.rpo.site', 14),
    nearMiss: answer('app.rpo.site', 15),
  },
  NO_POINT_IN_TIME_RECOVERY: {
    fires: answer('app.backup.exists', false),
    nearMiss: componentAnswer('cmp-db', 'component.protection.disk', 'in-guest-backup'),
  },
  BACKUP_NOT_APPLICATION_CONSISTENT: {
    fires: answer('app.backup.applicationAware', false),
    nearMiss: all(
      answer('app.backup.applicationAware', false),
      componentAnswer('cmp-db', 'component.role', 'file'),
      componentAnswer('cmp-db', 'component.dataSources', ['disk', 'file-folder']),
      componentAnswer('cmp-db', 'component.protection.file-folder', 'in-guest-backup'),
    ),
  },
  DATA_SOURCE_UNPROTECTED: {
    fires: componentAnswer('cmp-db', 'component.protection.disk', 'none'),
    nearMiss: all(componentAnswer('cmp-db', 'component.protection.disk', 'none'), componentAnswer('cmp-db', 'component.dataSources', ['application'])),
  },
  BACKUP_COPY_IN_SAME_IMPACT_RADIUS: {
    fires: all(answer('app.backup.copyLocation', ['same-system', 'same-site']), answer('app.impactRadius', 'site')),
    nearMiss: all(answer('app.backup.copyLocation', ['same-system', 'same-site']), answer('app.impactRadius', 'system')),
  },
  // Site Recovery to public Azure (named as where it recovers); to another Azure Stack Hub it needs no public Azure.
  AZURE_TARGET_NOT_ALLOWED: {
    fires: all(answer('app.replication.technology', 'azure-site-recovery'), ...recoversInAzure),
    nearMiss: all(answer('app.replication.technology', 'azure-site-recovery'), ...recoversInAzure, answer('app.mayRunInAzure', true), (input) => changeSystem(input, 'sys-a', { publicAzureAllowed: true })),
  },
  DEPENDENCY_RTO_CONFLICT: {
    fires: all(addDependency({ 'app.rto.site': 3 * 24 * 60 }), answer('app.dependencies', ['app-ledger'])),
    nearMiss: all(addDependency({ 'app.rto.site': 5 * 60 }), answer('app.dependencies', ['app-ledger'])),
  },
  SITE_RECOVERY_DISK_TOO_LARGE: {
    fires: siteRecoveryWithDisk(1023),
    nearMiss: siteRecoveryWithDisk(1022),
  },
  DEPENDENCY_CYCLE: {
    fires: all(addDependency({ 'app.dependencies': ['app-orders'] }), answer('app.dependencies', ['app-ledger'])),
    nearMiss: all(addDependency({ 'app.dependencies': [] }), answer('app.dependencies', ['app-ledger'])),
  },
  DR_NOT_TESTED: {
    fires: answer('app.failover.lastTest', '2025-11-24'),
    nearMiss: answer('app.failover.lastTest', '2025-11-25'),
  },
  NODE_FAULT_TOLERANCE_EXCEEDED: {
    fires: ownerBelieves('multiple-node-failures'),
    nearMiss: ownerBelieves('stretched-scale-unit'),
  },
  ANSWERS_INCOMPLETE: {
    fires: answer('app.backup.frequency', unknownAnswer()),
    nearMiss: answer('app.owner', unknownAnswer()),
  },
};

function addDependency(overrides: Record<string, unknown>): Change {
  return (input) => {
    input.applications.push(wellProtectedApplication('app-ledger', 'Ledger'));
    for (const [questionId, value] of Object.entries(overrides)) setAnswer(input, questionId, value, 'app-ledger');
    return input;
  };
}

describe('the well-protected starting point', () => {
  it('meets every target with no findings at all', () => {
    const orders = assessOrders(baseEngagement());
    expect(orders.findings).toEqual([]);
    expect(orders.scopes.map((s) => s.compliance)).toEqual(['met', 'met', 'met', 'met', 'met']);
    expect(orders.scopes.map((s) => s.scheme)).toEqual(['backup-restore', 'active-active', 'replication-failover', 'replication-failover', 'replication-failover']);
    expect(orders.confidence.level).toBe('high');
  });
});

describe('every finding code fires in its scenario and not in its near miss', () => {
  it('covers every code of the contract (the plans’ own codes in plan.test.ts)', () => {
    expect([...Object.keys(SCENARIOS), ...PLAN_ONLY_FINDING_CODES].sort()).toEqual([...FINDING_CODES].sort());
  });
  for (const code of Object.keys(SCENARIOS) as ApplicationCode[]) {
    const scenario = SCENARIOS[code];
    it(`${code} fires`, () => {
      const orders = assessOrders(scenario.fires(baseEngagement()));
      expect(codes(orders)).toContain(code);
      const finding = orders.findings.find((f) => f.code === code);
      expect(finding?.rationale.length).toBeGreaterThan(20);
      expect(finding?.answers.length).toBeGreaterThan(0);
      expect(orders.recommendations.some((r) => r.resolves.includes(code))).toBe(true);
      expect(FINDING_SEVERITIES[code]).toContain(finding?.severity);
    });
    it(`${code} stays quiet in the near miss`, () => {
      expect(codes(assessOrders(scenario.nearMiss(baseEngagement())))).not.toContain(code);
    });
  }
});

describe('schemes, estimates and compliance', () => {
  it('a stateful application without backup cannot recover from corruption', () => {
    const orders = assessOrders(answer('app.backup.exists', false)(baseEngagement()));
    const vm = orders.scopes[0];
    expect(vm).toMatchObject({ scheme: 'none', compliance: 'breached', achievable: { outcome: 'unrecoverable', rto: null } });
    expect(orders.findings.find((f) => f.code === 'RTO_NOT_MET' && f.scope === 'vm')?.severity).toBe('critical');
  });

  it('a stateless application is redeployed, and recovers elsewhere without data loss', () => {
    const input = all(answer('app.statefulness', 'stateless'), answer('app.replication.technology', 'none'))(baseEngagement());
    input.applications[0]!.components = [];
    const orders = assessOrders(input);
    expect(orders.scopes.map((s) => s.scheme)).toEqual(['redeploy', 'none', 'redeploy', 'redeploy', 'redeploy']);
    expect(orders.scopes[3]?.achievable.rpo).toEqual({ bestMinutes: 0, worstMinutes: 0 });
  });

  it('an application nobody has described yet is not assessed: unknown everywhere, nothing found, and never throws', () => {
    const input = baseEngagement();
    input.applications = [{ ...wellProtectedApplication(), answers: {}, components: [] }];
    const orders = assessOrders(input);
    expect(orders.assessment).toBe('not-assessed');
    expect(orders.scopes.every((s) => s.scheme === 'unknown' || s.scope === 'node')).toBe(true);
    expect(orders.scopes.map((s) => s.compliance)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(codes(orders)).toEqual([]);
    expect(orders.recommendations).toEqual([]);
    expect(orders.confidence.level).toBe('low');
  });

  it('compliance is unknown when no target is set for a scope the application must survive', () => {
    const orders = assessOrders(answer('app.policy', unknownAnswer())(baseEngagement()));
    expect(orders.scopes.map((s) => s.compliance)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('recovery without a second system waits for the hardware lead time, which the consultant can change', () => {
    const input = all(answer('app.replication.technology', 'none'), (i) => changeSystem(i, 'sys-b', { state: 'planned' }))(baseEngagement());
    const site = assessOrders(input).scopes[3];
    expect(site).toMatchObject({ scheme: 'backup-restore', recoveryPlace: 'new-system' });
    expect(site?.achievable.terms.map((t) => t.assumption)).toContain('hardwareLeadTime');
    const weeks = (n: number) => n * 7 * 24 * 60;
    expect(site?.achievable.rto?.bestMinutes).toBeGreaterThan(weeks(6));

    input.assumptions = { ...input.assumptions, hardwareLeadTime: { best: 2, worst: 3 } };
    const faster = assessOrders(input).scopes[3];
    expect(faster?.achievable.rto?.worstMinutes).toBeLessThan(weeks(4));
  });

  it('the estimate is the sum of its terms', () => {
    for (const scope of assessOrders(baseEngagement()).scopes) {
      const rtoTerms = scope.achievable.terms.filter((t) => t.measure === 'rto');
      expect(scope.achievable.rto?.bestMinutes).toBeCloseTo(rtoTerms.reduce((sum, t) => sum + t.bestMinutes, 0));
      expect(scope.achievable.rto?.worstMinutes).toBeCloseTo(rtoTerms.reduce((sum, t) => sum + t.worstMinutes, 0));
    }
  });

  it('a data size taken from the VM inventory stands in for a missing answer and lowers confidence', () => {
    const input = answer('app.dataSizeGb', unknownAnswer())(baseEngagement());
    input.vms = [{ id: 'vm-1', applicationId: 'app-orders', name: 'ORD-DB01', os: '', vcpu: 4, memoryGb: 16, provisionedGb: 400, powerState: 'poweredOn', host: '', cluster: '' }];
    const orders = assessOrders(input);
    const restore = orders.scopes[0]?.achievable.terms.find((t) => t.assumption === 'restoreThroughput');
    expect(restore).toMatchObject({ defaulted: true, bestMinutes: (400 / 500) * 60 });
    expect(orders.confidence.level).not.toBe('high');
  });

  it('a not-applicable failover test counts as never tested', () => {
    expect(codes(assessOrders(answer('app.failover.lastTest', notApplicable('Never done'))(baseEngagement())))).toContain('DR_NOT_TESTED');
  });

  it('produces every scheme and every compliance value across the scenarios', () => {
    const schemes = new Set<string>();
    const compliance = new Set<string>();
    const inputs = [
      baseEngagement(),
      answer('app.backup.exists', false)(baseEngagement()),
      all(answer('app.statefulness', 'stateless'), answer('app.replication.technology', 'none'))(baseEngagement()),
      all(answer('app.statefulness', unknownAnswer()), (input) => {
        input.applications[0]!.components = [];
        return input;
      })(baseEngagement()),
      answer('app.policy', unknownAnswer())(baseEngagement()),
      answer('app.rto.vm', 300)(baseEngagement()),
      answer('app.impactRadius', 'node')(baseEngagement()),
    ];
    for (const input of inputs) {
      for (const scope of assessOrders(input).scopes) {
        schemes.add(scope.scheme);
        compliance.add(scope.compliance);
      }
    }
    expect([...schemes].sort()).toEqual([...PROTECTION_SCHEMES].sort());
    expect([...compliance].sort()).toEqual([...COMPLIANCE_VALUES].sort());
  });
});

describe('determinism', () => {
  function engagementOfMany(): AssessmentInput {
    const input = baseEngagement();
    const scenarios = Object.values(SCENARIOS);
    input.applications = scenarios.map((_, i) => wellProtectedApplication(`app-${String(i).padStart(2, '0')}`, `App ${i}`));
    scenarios.forEach((scenario, i) => {
      const single = scenario.fires(baseEngagement());
      const changed = single.applications.find((a) => a.id === 'app-orders');
      const target = input.applications[i];
      if (!changed || !target) return;
      target.answers = changed.answers;
      target.components = changed.components;
    });
    input.applications[3]!.answers['app.dependencies'] = { ...input.applications[3]!.answers['app.owner']!, state: { status: 'answered', value: ['app-05', 'app-01'] } };
    return input;
  }

  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const copy = [...items];
    let state = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const j = state % (i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  function reordered(input: AssessmentInput, seed: number): AssessmentInput {
    const reverseKeys = <V>(record: Record<string, V>) => Object.fromEntries(shuffled(Object.entries(record), seed));
    return {
      ...input,
      sites: shuffled(input.sites, seed),
      systems: shuffled(input.systems, seed + 1),
      policies: shuffled(input.policies, seed + 2),
      vms: shuffled(input.vms, seed + 3),
      applications: shuffled(input.applications, seed + 4).map((app) => ({
        ...app,
        answers: reverseKeys(app.answers),
        components: shuffled(app.components, seed + 5).map((c) => ({ ...c, answers: reverseKeys(c.answers) })),
      })),
    };
  }

  it('gives the same output for the same input, whatever the order of applications, components and answers', () => {
    const input = engagementOfMany();
    const first = JSON.stringify(assessEngagement(input, { asOf: AS_OF }));
    expect(JSON.stringify(assessEngagement(input, { asOf: AS_OF }))).toBe(first);
    for (const seed of [1, 7, 42]) expect(JSON.stringify(assessEngagement(reordered(input, seed), { asOf: AS_OF }))).toBe(first);
  });

  it('matches its published schema, carries its versions and summarises what it found', () => {
    const input = changeSystem(engagementOfMany(), 'sys-b', { state: 'planned' });
    const result = assessEngagement(input, { asOf: AS_OF });
    expect(() => Assessment.parse(result)).not.toThrow();
    expect(result.rulesVersion).toBeGreaterThan(0);
    expect(result.catalogueVersion).toBeGreaterThan(0);
    const total = Object.values(result.summary.findingsBySeverity).reduce((a, b) => a + b, 0);
    expect(total).toBe(result.applications.reduce((sum, app) => sum + app.findings.length, 0));
    expect(result.summary.secondSystem.needed).toBe(true);
    expect(result.summary.secondSystem.applications.length).toBe(result.applications.length);
    for (const scope of DISRUPTION_SCOPES) {
      const counts = result.summary.complianceByScope[scope];
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(result.applications.length);
    }
  });

  it('limits the result to chosen applications but still judges their dependencies', () => {
    const input = engagementOfMany();
    const limited = assessEngagement(input, { asOf: AS_OF, applicationIds: ['app-03'] });
    expect(limited.applications.map((a) => a.applicationId)).toEqual(['app-03']);
    const full = assessEngagement(input, { asOf: AS_OF }).applications.find((a) => a.applicationId === 'app-03');
    expect(limited.applications[0]).toEqual(full);
  });
});

describe('robustness', () => {
  /** A random but valid answer for every question, the way a half-finished workshop looks. */
  function randomAnswers(level: 'application' | 'component', random: () => number, appIds: string[]): Record<string, Answer> {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const result: Record<string, Answer> = {};
    for (const question of questionsFor(level)) {
      const roll = random();
      if (roll < 0.15) continue;
      if (roll < 0.25) {
        result[question.id] = { ...unknownAnswer(), questionId: question.id };
        continue;
      }
      if (roll < 0.3) {
        result[question.id] = { ...notApplicable(), questionId: question.id };
        continue;
      }
      const value = (() => {
        switch (question.type) {
          case 'choice':
            return pick(question.choices).value;
          case 'multi-choice':
            return question.choices.filter(() => random() < 0.4).map((c) => c.value);
          case 'yes-no':
            return random() < 0.5;
          case 'text':
            return 'Someone';
          case 'number':
            return Math.round(question.min + random() * Math.min(question.max - question.min, 5000));
          case 'duration':
            return pick([0, 5, 15, 60, 240, 1440, 10080]);
          case 'date':
            return pick(['2020-02-29', '2025-11-24', '2026-11-25', '2030-01-01', ...(question.never ? ['never'] : [])]);
          case 'system-reference':
            return pick(['sys-a', 'sys-b', 'sys-gone', ...(question.alternatives ?? []).map((c) => c.value)]);
          case 'policy-reference':
            return pick(['policy-tight', 'policy-gone']);
          case 'application-references':
            return appIds.filter(() => random() < 0.05);
        }
      })();
      result[question.id] = { ...answered(value), questionId: question.id };
    }
    return result;
  }

  it('assesses hundreds of random half-answered applications without throwing, within its schema', () => {
    let seed = 20261125;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const input = baseEngagement();
    const ids = Array.from({ length: 300 }, (_, i) => `app-${i}`);
    input.applications = ids.map((id, i) => ({
      id,
      name: `Random ${i}`,
      createdAt: '2026-11-01T09:00:00Z',
      answers: randomAnswers('application', random, ids),
      components: Array.from({ length: Math.floor(random() * 3) }, (_, c) => ({ id: `${id}-c${c}`, name: `Tier ${c}`, answers: randomAnswers('component', random, ids) })),
    }));
    const result = assessEngagement(input, { asOf: AS_OF });
    expect(() => Assessment.parse(result)).not.toThrow();
    const fired = new Set(result.applications.flatMap((a) => a.findings.map((f) => f.code)));
    expect(fired.size).toBeGreaterThan(12);
    for (const finding of result.applications.flatMap((a) => a.findings)) expect(FINDING_SEVERITIES[finding.code], finding.code).toContain(finding.severity);
  });
});
