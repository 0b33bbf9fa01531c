import { describe, expect, it } from 'vitest';
import type { AzureStackSystem, DisruptionScope } from '../domain/engagement';
import type { ApplicationAssessment } from './assessment';
import { assessEngagement } from './engine';
import { all, answer, AS_OF, baseEngagement, changeSystem, componentAnswer, notApplicable, setAnswer, unknownAnswer, wellProtectedApplication, type Change } from './scenario';
import { codes, orders, scope, table } from './scenarioTable.testSupport';

/**
 * What a result may say and what it may not (PRODUCT.md): each behaviour is shown by one
 * change to the well-protected starting point, next to its near miss, the closest change
 * under which the behaviour must not show.
 */

const system = (change: Partial<AzureStackSystem> & { id: string }): Change => (input) => {
  const existing = input.systems.find((s) => s.id === change.id);
  if (existing) return changeSystem(input, change.id, change);
  input.systems.push({ name: change.id, siteId: 'site-a', region: 'region-1', nodeCount: 4, identityModel: 'connected', state: 'operational', role: 'secondary', publicAzureAllowed: false, ...change });
  return input;
};
const site = (id: string): Change => (input) => {
  input.sites.push({ id, name: id, location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
  return input;
};
const recoversOn = (value: string, scopes: DisruptionScope[] = ['system', 'site', 'region']): Change => all(...scopes.map((scope) => answer(`app.recoversOn.${scope}`, value)));
const clear = (questionId: string): Change => (input) => {
  delete input.applications[0]!.answers[questionId];
  return input;
};
const azureAllowed = all(answer('app.mayRunInAzure', true), system({ id: 'sys-a', publicAzureAllowed: true }));

const finding = (app: ApplicationAssessment, code: string) => app.findings.find((f) => f.code === code);

const withoutComponentsAnswered: Change = (input) => {
  input.applications[0]!.components = [];
  return input;
};

table('the assessment state of an application', [
  {
    name: 'an application with no answer the rules read is not assessed, and no scope reads met or not required',
    change: (input) => {
      input.applications = [{ ...wellProtectedApplication(), answers: {}, components: [] }];
      return setAnswer(input, 'app.owner', 'Jo Owner');
    },
    shows: (app) => {
      expect(app.assessment).toBe('not-assessed');
      expect(app.scopes.every((s) => s.compliance === 'unknown')).toBe(true);
      expect(app.findings).toEqual([]);
    },
    nearMiss: (input) => {
      input.applications = [{ ...wellProtectedApplication(), answers: {}, components: [] }];
      return setAnswer(input, 'app.impactRadius', 'site');
    },
    stays: (app) => expect(app.assessment).toBe('in-progress'),
  },
  {
    name: 'an application whose interview has gaps is in progress',
    change: clear('app.backup.retention'),
    shows: (app) => expect(app.assessment).toBe('in-progress'),
    nearMiss: answer('app.backup.retention', unknownAnswer()),
    stays: (app) => expect(app.assessment).toBe('assessed'),
  },
  {
    name: 'an application the consultant leaves out is out of scope, with the reason and nothing judged',
    change: all(answer('app.outOfScope', 'Retired in March'), answer('app.backup.exists', false)),
    shows: (app) => {
      expect(app.assessment).toBe('out-of-scope');
      expect(app.outOfScopeReason).toBe('Retired in March');
      expect(app.scopes.every((s) => s.compliance === 'not-required')).toBe(true);
      expect(app.findings).toEqual([]);
    },
    nearMiss: all(answer('app.outOfScope', notApplicable('Part of the assessment')), answer('app.backup.exists', false)),
    stays: (app) => {
      expect(app.assessment).toBe('assessed');
      expect(codes(app)).toContain('RTO_NOT_MET');
    },
  },
]);

describe('the summary counts applications by assessment state', () => {
  it('counts not-assessed and out-of-scope applications under their own keys, never as not required', () => {
    const input = baseEngagement();
    input.applications.push({ ...wellProtectedApplication('app-new', 'Imported'), answers: {}, components: [] });
    input.applications.push(wellProtectedApplication('app-old', 'Retiring'));
    setAnswer(input, 'app.outOfScope', 'Decommissioned', 'app-old');
    const { summary } = assessEngagement(input, { asOf: AS_OF });
    expect(summary.assessment).toEqual({ 'not-assessed': 1, 'in-progress': 0, assessed: 1, 'out-of-scope': 1 });
    expect(summary.complianceByScope.site).toEqual({ met: 1, atRisk: 0, breached: 0, unknown: 0, notRequired: 0, notAssessed: 1, outOfScope: 1 });
    expect(summary.atRiskByScope.site).toEqual(['app-new']);
  });
});

describe('the summary says a second system is needed only for disruptions the owner said must be survived', () => {
  const noSecondSystem = all(system({ id: 'sys-b', state: 'planned' }), answer('app.replication.technology', 'none'));
  it('names the application when its radius reaches site loss', () => {
    const { summary } = assessEngagement(noSecondSystem(baseEngagement()), { asOf: AS_OF });
    expect(summary.secondSystem.applications).toEqual([{ applicationId: 'app-orders', name: 'Orders', scopes: ['system', 'site', 'region'] }]);
  });
  it('near miss: not when nobody knows how large a disruption it must survive', () => {
    const { summary } = assessEngagement(all(noSecondSystem, answer('app.impactRadius', unknownAnswer()))(baseEngagement()), { asOf: AS_OF });
    expect(summary.secondSystem).toEqual({ needed: false, applications: [] });
  });
});

table('compliance per scope', [
  {
    name: 'only the worst case missing the target is at risk, raising RTO_AT_RISK at medium',
    change: answer('app.rto.site', 4 * 60),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ rtoCompliance: 'at-risk', compliance: 'at-risk' });
      expect(finding(app, 'RTO_AT_RISK')?.severity).toBe('medium');
      expect(finding(app, 'RTO_AT_RISK')?.rationale).toContain('The best case meets it; the worst case does not');
      expect(codes(app)).not.toContain('RTO_NOT_MET');
    },
    nearMiss: answer('app.rto.site', 30),
    stays: (app) => {
      expect(scope(app, 'site').compliance).toBe('breached');
      expect(finding(app, 'RTO_NOT_MET')?.severity).toBe('high');
      expect(codes(app)).not.toContain('RTO_AT_RISK');
    },
  },
  {
    name: 'a scope outside the radius is not required, whatever its outcome',
    change: all(answer('app.impactRadius', 'node'), answer('app.replication.technology', 'none'), answer('app.backup.copyLocation', ['same-system'])),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ required: false, compliance: 'not-required', achievable: { outcome: 'unrecoverable' } });
      expect(codes(app)).not.toContain('RTO_NOT_MET');
    },
    nearMiss: all(answer('app.impactRadius', 'site'), answer('app.replication.technology', 'none'), answer('app.backup.copyLocation', ['same-system'])),
    stays: (app) => expect(scope(app, 'site').compliance).toBe('breached'),
  },
  {
    name: 'an unknown radius makes the larger scopes unknown, saying what they would be',
    change: answer('app.impactRadius', unknownAnswer()),
    shows: (app) => {
      expect(scope(app, 'vm').compliance).toBe('met');
      expect(scope(app, 'site')).toMatchObject({ required: true, compliance: 'unknown', complianceIfAssumed: 'met' });
      expect(scope(app, 'site').complianceNote).toContain('assumed to have to survive site loss');
      expect(codes(app)).not.toContain('SITE_LOSS_NEEDS_SECOND_SYSTEM');
    },
    nearMiss: answer('app.impactRadius', 'region'),
    stays: (app) => expect(scope(app, 'site')).toMatchObject({ compliance: 'met', complianceIfAssumed: null, complianceNote: null }),
  },
]);

table('unknown stays unknown', [
  {
    name: 'a target answered "unknown" is not replaced by the policy, which the result quotes instead',
    change: answer('app.rto.site', unknownAnswer()),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ target: { rtoMinutes: null, rtoSource: 'unknown' }, compliance: 'unknown', complianceIfAssumed: 'met' });
      expect(scope(app, 'site').complianceNote).toBe("The owner does not know the maximum downtime for site loss; with the Tight policy's 5 h this would be met.");
      expect(finding(app, 'ANSWERS_INCOMPLETE')?.severity).toBe('medium');
    },
    nearMiss: clear('app.rto.site'),
    stays: (app) => {
      expect(scope(app, 'site')).toMatchObject({ target: { rtoMinutes: 300, rtoSource: 'policy' }, compliance: 'met' });
      expect(codes(app)).not.toContain('ANSWERS_INCOMPLETE');
    },
  },
  {
    name: 'an unknown backup interval is assumed in the explanation and leaves the data loss unknown',
    change: answer('app.backup.frequency', unknownAnswer()),
    shows: (app) => {
      const vm = scope(app, 'vm');
      expect(vm).toMatchObject({ rtoCompliance: 'met', rpoCompliance: 'unknown', compliance: 'unknown', complianceIfAssumed: 'breached' });
      expect(vm.achievable.terms.find((t) => t.basis === 'stand-in')?.label).toContain('assumed');
      expect(vm.complianceNote).toContain('rests on what is not known yet');
    },
    nearMiss: answer('app.backup.frequency', 60),
    stays: (app) => expect(scope(app, 'vm')).toMatchObject({ rpoCompliance: 'met', complianceIfAssumed: null }),
  },
  {
    name: 'an unknown replication mode is assumed asynchronous, and says so',
    change: answer('app.replication.mode', unknownAnswer()),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ rpoCompliance: 'unknown', complianceIfAssumed: 'met' });
      expect(scope(app, 'site').achievable.terms.some((t) => t.basis === 'stand-in' && t.label.includes('asynchronous assumed'))).toBe(true);
    },
    nearMiss: answer('app.replication.mode', 'asynchronous'),
    stays: (app) => expect(scope(app, 'site').rpoCompliance).toBe('met'),
  },
]);

/** Asynchronous replication to the other site, a 4 h site target, and a test three months before the as-of date. */
const tested = (values: Record<string, unknown>): Change =>
  all(answer('app.rto.site', 4 * 60), answer('app.failover.lastTest', '2026-08-25'), ...Object.entries(values).map(([id, value]) => answer(id, value)));

table('evidence from the last recovery test', [
  {
    name: 'a successful test in the last year replaces the assumed failover with the measured time and cites it',
    change: tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60 }),
    shows: (app) => {
      const site = scope(app, 'site');
      // Detect and decide 15–120 min, then the measured hour widened by the 0–50 % margin.
      expect(site.achievable.rto).toEqual({ bestMinutes: 75, worstMinutes: 210 });
      expect(site.compliance).toBe('met');
      expect(site.achievable.terms.find((t) => t.basis === 'dr-test')?.assumption).toBe('drTestMargin');
      expect(site.achievable.explanation).toContain('the recovery test of 2026-08-25');
    },
    nearMiss: tested({ 'app.failover.testSucceeded': true }),
    stays: (app) => {
      expect(scope(app, 'site').achievable.rto).toEqual({ bestMinutes: 31, worstMinutes: 270 });
      expect(scope(app, 'site').compliance).toBe('at-risk');
    },
  },
  {
    name: 'the data a successful test lost replaces the assumed replication lag',
    change: tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60, 'app.failover.testDataLoss': 2 }),
    shows: (app) => expect(scope(app, 'site').achievable.rpo).toEqual({ bestMinutes: 2, worstMinutes: 3 }),
    nearMiss: tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60 }),
    stays: (app) => expect(scope(app, 'site').achievable.rpo).toEqual({ bestMinutes: 1, worstMinutes: 15 }),
  },
  {
    name: 'a test older than twelve months is no evidence',
    change: all(tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60 }), answer('app.failover.lastTest', '2025-11-24')),
    shows: (app) => {
      expect(scope(app, 'site').achievable.terms.some((t) => t.basis === 'dr-test')).toBe(false);
      expect(codes(app)).toContain('DR_NOT_TESTED');
    },
    nearMiss: all(tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60 }), answer('app.failover.lastTest', '2025-11-25')),
    stays: (app) => expect(scope(app, 'site').achievable.terms.some((t) => t.basis === 'dr-test')).toBe(true),
  },
  {
    name: 'a failed test is no evidence and counts as not tested',
    change: tested({ 'app.failover.testSucceeded': false, 'app.failover.testDuration': 60 }),
    shows: (app) => {
      expect(scope(app, 'site').achievable.terms.some((t) => t.basis === 'dr-test')).toBe(false);
      expect(finding(app, 'DR_NOT_TESTED')?.rationale).toContain('did not work when last tested, on 2026-08-25');
    },
    nearMiss: tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60 }),
    stays: (app) => expect(codes(app)).not.toContain('DR_NOT_TESTED'),
  },
  {
    name: 'a test of another way of recovering leaves this one estimated',
    change: tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60, 'app.failover.testScheme': 'backup-restore' }),
    shows: (app) => expect(scope(app, 'site').achievable.terms.some((t) => t.basis === 'dr-test')).toBe(false),
    nearMiss: tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60, 'app.failover.testScheme': 'replication-failover' }),
    stays: (app) => expect(scope(app, 'site').achievable.explanation).not.toContain('assumed to have exercised'),
  },
  {
    name: '"never tested" is an answer of its own',
    change: answer('app.failover.lastTest', 'never'),
    shows: (app) => expect(finding(app, 'DR_NOT_TESTED')?.rationale).toContain('has never been tested'),
    nearMiss: answer('app.failover.lastTest', '2026-06-01'),
    stays: (app) => expect(codes(app)).not.toContain('DR_NOT_TESTED'),
  },
]);

/** A third system on another site of another region, and a second one on the primary's site. */
const estate = all(site('site-c'), system({ id: 'sys-c', siteId: 'site-c', region: 'region-3' }), system({ id: 'sys-a2', siteId: 'site-a', region: 'region-1' }));
const restoreOnly = all(answer('app.replication.technology', 'none'), answer('app.backup.copyLocation', ['same-system', 'other-site']), answer('app.impactRadius', 'site'));

table('where each application recovers', [
  {
    name: 'a named system is where the restore lands',
    change: all(estate, restoreOnly, recoversOn('sys-c')),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ scheme: 'backup-restore', recoveryPlace: 'other-system', recoverySystemId: 'sys-c', recoveryAssumed: false });
      expect(scope(app, 'site').achievable.explanation).toBe('The data is restored from backup on sys-c.');
    },
    nearMiss: all(estate, restoreOnly, clear('app.recoversOn.site')),
    stays: (app) => {
      expect(scope(app, 'site')).toMatchObject({ recoverySystemId: 'sys-b', recoveryAssumed: true });
      expect(scope(app, 'site').achievable.explanation).toContain('Nobody has said where it recovers, so this place is assumed.');
      expect(app.confidence.level).not.toBe('high');
    },
  },
  {
    name: 'a restore target on the same site is SECONDARY_IN_SAME_IMPACT_RADIUS, and waits for hardware',
    change: all(estate, restoreOnly, recoversOn('sys-a2')),
    shows: (app) => {
      expect(finding(app, 'SECONDARY_IN_SAME_IMPACT_RADIUS')?.scope).toBe('site');
      expect(codes(app)).not.toContain('SITE_LOSS_NEEDS_SECOND_SYSTEM');
      expect(scope(app, 'site')).toMatchObject({ recoveryPlace: 'new-system' });
      expect(scope(app, 'site').achievable.explanation).toContain('sys-a2, where it is meant to recover, is lost too');
    },
    nearMiss: all(estate, restoreOnly, recoversOn('sys-a2', ['system']), recoversOn('sys-c', ['site'])),
    stays: (app) => expect(codes(app)).not.toContain('SECONDARY_IN_SAME_IMPACT_RADIUS'),
  },
  {
    name: 'a redeploy target on the same site is SECONDARY_IN_SAME_IMPACT_RADIUS too',
    change: all(estate, answer('app.statefulness', 'stateless'), answer('app.replication.technology', 'none'), withoutComponentsAnswered, answer('app.impactRadius', 'site'), recoversOn('sys-a2')),
    shows: (app) => {
      expect(scope(app, 'site').scheme).toBe('redeploy');
      expect(finding(app, 'SECONDARY_IN_SAME_IMPACT_RADIUS')?.rationale).toContain('The system it is meant to recover on (sys-a2) shares the site with sys-a');
    },
    nearMiss: all(estate, answer('app.statefulness', 'stateless'), answer('app.replication.technology', 'none'), withoutComponentsAnswered, answer('app.impactRadius', 'site'), recoversOn('sys-c')),
    stays: (app) => expect(codes(app)).not.toContain('SECONDARY_IN_SAME_IMPACT_RADIUS'),
  },
  {
    name: 'another application’s systems do not move a named recovery place',
    change: all(restoreOnly, recoversOn('sys-b')),
    shows: (app) => expect(scope(app, 'site').recoverySystemId).toBe('sys-b'),
    nearMiss: all(estate, system({ id: 'sys-c', role: 'secondary' }), system({ id: 'sys-b', role: 'primary' }), restoreOnly, recoversOn('sys-b')),
    stays: (app) => expect(scope(app, 'site').recoverySystemId).toBe('sys-b'),
  },
  {
    name: '"new hardware" waits for the lead time even when another system exists',
    change: all(restoreOnly, recoversOn('new-hardware')),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ recoveryPlace: 'new-system', compliance: 'breached' });
      expect(finding(app, 'SITE_LOSS_NEEDS_SECOND_SYSTEM')?.rationale).toContain('it is meant to recover on new hardware');
    },
    nearMiss: all(restoreOnly, recoversOn('sys-b')),
    stays: (app) => expect(codes(app)).not.toContain('SITE_LOSS_NEEDS_SECOND_SYSTEM'),
  },
  {
    name: 'public Azure named where it is not allowed is AZURE_TARGET_NOT_ALLOWED and does not count',
    change: all(restoreOnly, recoversOn('public-azure')),
    shows: (app) => {
      expect(finding(app, 'AZURE_TARGET_NOT_ALLOWED')?.rationale).toContain('recovery in public Azure after system and site loss');
      expect(scope(app, 'site').recoveryPlace).toBe('new-system');
    },
    nearMiss: all(restoreOnly, recoversOn('public-azure'), azureAllowed),
    stays: (app) => {
      expect(codes(app)).not.toContain('AZURE_TARGET_NOT_ALLOWED');
      expect(scope(app, 'site').recoveryPlace).toBe('public-azure');
    },
  },
]);

table('protection that cannot work does not count', [
  {
    name: 'a backup on the hosts is reported and is no way back',
    change: answer('app.backup.inGuest', false),
    shows: (app) => {
      expect(codes(app)).toContain('INFRASTRUCTURE_PROTECTION_UNSUPPORTED');
      expect(scope(app, 'vm')).toMatchObject({ scheme: 'none', compliance: 'breached', achievable: { outcome: 'unrecoverable' } });
      expect(scope(app, 'vm').achievable.explanation).toContain('runs on the hosts');
    },
    nearMiss: answer('app.backup.inGuest', true),
    stays: (app) => expect(scope(app, 'vm').compliance).toBe('met'),
  },
  {
    name: 'copies only in public Azure do not count where the application may not use Azure',
    change: answer('app.backup.copyLocation', ['public-azure']),
    shows: (app) => {
      expect(scope(app, 'vm')).toMatchObject({ achievable: { outcome: 'unrecoverable' } });
      expect(codes(app)).toContain('AZURE_TARGET_NOT_ALLOWED');
    },
    nearMiss: all(answer('app.backup.copyLocation', ['public-azure']), azureAllowed),
    stays: (app) => expect(scope(app, 'vm')).toMatchObject({ scheme: 'backup-restore', compliance: 'met' }),
  },
  {
    name: 'copies in public Azure do not count from a disconnected system',
    change: all(answer('app.backup.copyLocation', ['public-azure']), azureAllowed, system({ id: 'sys-a', identityModel: 'disconnected' })),
    shows: (app) => expect(scope(app, 'vm').achievable.outcome).toBe('unrecoverable'),
    nearMiss: all(answer('app.backup.copyLocation', ['public-azure']), azureAllowed),
    stays: (app) => expect(scope(app, 'vm').achievable.outcome).toBe('estimated'),
  },
  {
    name: 'a data source protected only by snapshots on the hosts is unprotected',
    change: componentAnswer('cmp-db', 'component.protection.disk', ['host-snapshot']),
    shows: (app) => {
      expect(finding(app, 'DATA_SOURCE_UNPROTECTED')?.rationale).toBe('Database has data to protect (whole disks), and it is protected only by snapshots or backup on the hosts, which Azure Stack Hub does not allow.');
      expect(codes(app)).toContain('INFRASTRUCTURE_PROTECTION_UNSUPPORTED');
    },
    nearMiss: componentAnswer('cmp-db', 'component.protection.disk', ['host-snapshot', 'in-guest-backup']),
    stays: (app) => {
      expect(codes(app)).not.toContain('DATA_SOURCE_UNPROTECTED');
      expect(codes(app)).toContain('INFRASTRUCTURE_PROTECTION_UNSUPPORTED');
    },
  },
  {
    name: 'storage replication is reported and recovery falls back to what remains',
    change: answer('app.replication.technology', 'storage'),
    shows: (app) => {
      expect(codes(app)).toContain('INFRASTRUCTURE_PROTECTION_UNSUPPORTED');
      expect(scope(app, 'site')).toMatchObject({ scheme: 'backup-restore', recoverySystemId: 'sys-b' });
    },
    nearMiss: answer('app.replication.technology', 'application'),
    stays: (app) => expect(scope(app, 'site').scheme).toBe('replication-failover'),
  },
]);

table('several protection methods per data source', [
  {
    name: 'replication alone gives no point-in-time copy',
    change: componentAnswer('cmp-db', 'component.protection.disk', ['replication']),
    shows: (app) => expect(finding(app, 'NO_POINT_IN_TIME_RECOVERY')?.rationale).toContain('Database (whole disks) keeps state but relies on replication alone'),
    nearMiss: componentAnswer('cmp-db', 'component.protection.disk', ['replication', 'in-guest-backup']),
    stays: (app) => expect(codes(app)).not.toContain('NO_POINT_IN_TIME_RECOVERY'),
  },
  {
    name: 'an answer given as a single value before reads as a list of one',
    change: componentAnswer('cmp-db', 'component.protection.disk', 'none'),
    shows: (app) => expect(codes(app)).toContain('DATA_SOURCE_UNPROTECTED'),
    nearMiss: componentAnswer('cmp-db', 'component.protection.disk', 'in-guest-backup'),
    stays: (app) => expect(codes(app)).not.toContain('DATA_SOURCE_UNPROTECTED'),
  },
]);

table('wording that agrees with the estimate', [
  {
    name: 'synchronous replication in the guest is not zero data loss, and ZERO_RPO_ACROSS_SITES_UNSUPPORTED agrees',
    change: all(answer('app.rpo.site', 0), answer('app.replication.technology', 'guest'), answer('app.replication.mode', 'synchronous')),
    shows: (app) => {
      expect(scope(app, 'site').achievable.rpo?.worstMinutes).toBeGreaterThan(0);
      expect(codes(app)).toContain('ZERO_RPO_ACROSS_SITES_UNSUPPORTED');
    },
    nearMiss: all(answer('app.rpo.site', 0), answer('app.replication.technology', 'application'), answer('app.replication.mode', 'synchronous')),
    stays: (app) => {
      expect(scope(app, 'site').achievable.rpo).toEqual({ bestMinutes: 0, worstMinutes: 0 });
      expect(codes(app)).not.toContain('ZERO_RPO_ACROSS_SITES_UNSUPPORTED');
    },
  },
  {
    name: 'with every copy on the lost system, nothing could be recovered, not even on new hardware',
    change: all(system({ id: 'sys-b', state: 'planned' }), clear('app.recoversOn.system'), clear('app.recoversOn.site'), clear('app.recoversOn.region'), answer('app.replication.technology', 'none'), answer('app.backup.copyLocation', ['same-system'])),
    shows: (app) => {
      expect(finding(app, 'SITE_LOSS_NEEDS_SECOND_SYSTEM')?.rationale).toContain('nothing could be recovered');
      expect(scope(app, 'site').achievable.explanation).toContain('nothing could be recovered, even on new hardware');
    },
    nearMiss: all(system({ id: 'sys-b', state: 'planned' }), clear('app.recoversOn.system'), clear('app.recoversOn.site'), clear('app.recoversOn.region'), answer('app.replication.technology', 'none')),
    stays: (app) => expect(finding(app, 'SITE_LOSS_NEEDS_SECOND_SYSTEM')?.rationale).toContain('Recovery would wait weeks for new hardware.'),
  },
  {
    name: 'a redeployment comes from templates or source, not from backup',
    change: all(answer('app.statefulness', 'stateless'), answer('app.replication.technology', 'none'), withoutComponentsAnswered),
    shows: (app) => {
      expect(scope(app, 'site').achievable.explanation).toBe('The application is redeployed from its templates or source on sys-b.');
    },
    nearMiss: answer('app.replication.technology', 'none'),
    stays: (app) => expect(scope(app, 'site').achievable.explanation).toContain('restored from backup'),
  },
  {
    name: 'a stateless application with an availability set across systems is not told to replicate data',
    change: all(answer('app.assumptions', ['availability-set-across-systems']), answer('app.statefulness', 'stateless')),
    shows: (app) => expect(finding(app, 'AVAILABILITY_SET_ACROSS_SYSTEMS')?.rationale).not.toContain('replicat'),
    nearMiss: answer('app.assumptions', ['availability-set-across-systems']),
    stays: (app) => expect(finding(app, 'AVAILABILITY_SET_ACROSS_SYSTEMS')?.rationale).toContain('data replicated'),
  },
]);

describe('customer-facing text names no internal identifier', () => {
  it('holds for every rationale, explanation, note, term and recommendation across the scenarios', async () => {
    const { customerTexts, INTERNAL_ID } = await import('./customerText.testSupport');
    const changes: Change[] = [
      (input) => input,
      answer('app.backup.exists', false),
      answer('app.backup.frequency', unknownAnswer()),
      answer('app.rto.site', unknownAnswer()),
      answer('app.impactRadius', unknownAnswer()),
      componentAnswer('cmp-db', 'component.protection.file-folder', ['host-snapshot']),
      componentAnswer('cmp-db', 'component.dataSources', ['os-state', 'file-folder']),
      componentAnswer('cmp-db', 'component.protection.os-state', ['replication']),
      all(estate, restoreOnly, recoversOn('sys-a2')),
      all(restoreOnly, recoversOn('public-azure')),
      all(system({ id: 'sys-b', state: 'planned' }), answer('app.replication.technology', 'none')),
      answer('app.replication.technology', 'azure-site-recovery'),
      answer('app.rto.vm', 300),
      answer('app.assumptions', ['host-level-backup', 'storage-replication', 'stretched-scale-unit', 'availability-set-across-systems', 'zero-data-loss', 'multiple-node-failures']),
      tested({ 'app.failover.testSucceeded': true, 'app.failover.testDuration': 60 }),
      (input) => {
        input.applications = [{ ...wellProtectedApplication(), answers: {}, components: [] }];
        return setAnswer(input, 'app.hostingSystem', 'sys-a');
      },
    ];
    for (const change of changes) {
      for (const text of customerTexts(orders(change))) expect(text, text).not.toMatch(INTERNAL_ID);
    }
    expect('see app.backup.frequency').toMatch(INTERNAL_ID);
    expect('the RTO_NOT_MET finding').toMatch(INTERNAL_ID);
    expect('restored (backup-restore)').toMatch(INTERNAL_ID);
    expect('Mission-critical policy, restored on a new system').not.toMatch(INTERNAL_ID);
  });
});
