import { describe, expect, it } from 'vitest';
import { assessEngagement } from './engine';
import { all, answer, AS_OF, baseEngagement, componentAnswer, notApplicable, unknownAnswer, wellProtectedApplication, type Change } from './scenario';
import { codes, dependsOnLedger, forget, inAnyOrder, inPlainWords, onlySystem, onlyTier, recommendation, restoreOnly, scope, system, table, type Case } from './scenarioTable.testSupport';

/**
 * What the rules cannot know from the engagement's data, said as not known rather than as an
 * answer; and words and models that claim no more than they show. Each case with its near miss.
 */

/** Orders restores from backup only, and nobody said where it recovers. */
const restoresAnywhere = all(restoreOnly, forget('app.recoversOn.system', 'app.recoversOn.site', 'app.recoversOn.region'));

const WHERE_COPIES_LIVE: Case[] = [
  {
    name: 'copies "on another site" with no system in another region: whether they survive a region loss is not known, not "nothing comes back"',
    change: all(restoresAnywhere, system('sys-b', { region: 'region-1' })),
    shows: (app) => {
      expect(scope(app, 'region')).toMatchObject({ scheme: 'backup-restore', recoveryPlace: 'new-system', compliance: 'unknown', achievable: { outcome: 'unknown' } });
      expect(scope(app, 'region').achievable.explanation).toBe(
        'The data would be restored from backup on a new Azure Stack Hub system, which has to be bought and installed first, but whether any copy survives when the whole region is hit is not known: which region the other site lies in is not recorded (a site’s region is known only from the systems on it), and no system in another region exists to restore them on. Nobody has said where it recovers, so this place is assumed.',
      );
      expect(codes(app)).not.toContain('BACKUP_COPY_IN_SAME_IMPACT_RADIUS');
      expect(app.findings.filter((f) => f.scope === 'region' && f.severity === 'critical').map((f) => f.code)).toEqual(['SITE_LOSS_NEEDS_SECOND_SYSTEM']);
    },
    nearMiss: restoresAnywhere,
    stays: (app) => expect(scope(app, 'region')).toMatchObject({ scheme: 'backup-restore', recoverySystemId: 'sys-b', achievable: { outcome: 'estimated' } }),
  },
  {
    name: 'copies kept only on offline or immutable media: whether they survive a system loss is not known',
    change: all(restoreOnly, answer('app.backup.copyLocation', ['offline'])),
    shows: (app) => {
      expect(scope(app, 'system')).toMatchObject({ scheme: 'backup-restore', recoverySystemId: 'sys-b', compliance: 'unknown', achievable: { outcome: 'unknown' } });
      expect(scope(app, 'system').achievable.explanation).toContain('whether any copy survives when the whole Azure Stack Hub system is lost is not known: where the offline or immutable copies are kept is not recorded.');
      expect(scope(app, 'vm')).toMatchObject({ scheme: 'backup-restore', compliance: 'met' });
      expect(codes(app)).not.toContain('BACKUP_COPY_IN_SAME_IMPACT_RADIUS');
    },
    nearMiss: all(restoreOnly, answer('app.backup.copyLocation', ['same-system'])),
    stays: (app) => {
      expect(scope(app, 'system')).toMatchObject({ scheme: 'none', compliance: 'breached', achievable: { outcome: 'unrecoverable' } });
      expect(codes(app)).toContain('BACKUP_COPY_IN_SAME_IMPACT_RADIUS');
    },
  },
];
table('where the backup copies live, as far as the answers can say', WHERE_COPIES_LIVE);

/** Orders depends on Ledger, which nobody has interviewed yet. */
const dependsOnUnassessedLedger: Change = all((input) => {
  input.applications.push({ ...wellProtectedApplication('app-ledger', 'Ledger'), answers: {}, components: [] });
  return input;
}, answer('app.dependencies', ['app-ledger']));

const DEPENDENCIES: Case[] = [
  {
    name: 'an application that needs one not assessed yet is not "met" when both go down: it is unknown, naming what it needs',
    change: dependsOnUnassessedLedger,
    shows: (app) => {
      for (const name of ['system', 'site', 'region'] as const) {
        expect(scope(app, name)).toMatchObject({ rtoCompliance: 'unknown', rpoCompliance: 'met', compliance: 'unknown', complianceIfAssumed: 'met' });
        expect(scope(app, name).complianceNote).toBe('It needs Ledger, which is not assessed yet, so whether it is back within its target is not known. With Ledger back in time, it would be met.');
      }
      expect(scope(app, 'vm')).toMatchObject({ compliance: 'met', complianceNote: null });
      expect(app.findings).toEqual([]);
    },
    nearMiss: dependsOnLedger(),
    stays: (app) => expect(scope(app, 'site')).toMatchObject({ compliance: 'met', complianceIfAssumed: null, complianceNote: null }),
  },
  {
    name: 'a dependency left out of the assessment leaves the same doubt',
    change: dependsOnLedger(['app.outOfScope', 'Replaced next year']),
    shows: (app) => expect(scope(app, 'site').complianceNote).toBe('It needs Ledger, which is left out of the assessment, so whether it is back within its target is not known. With Ledger back in time, it would be met.'),
    nearMiss: dependsOnLedger(['app.outOfScope', notApplicable()]),
    stays: (app) => expect(scope(app, 'site')).toMatchObject({ compliance: 'met', complianceNote: null }),
  },
  {
    name: 'a dependency whose own recovery time is not known leaves a measure that is only at risk as it was, and the scope unknown',
    change: all(dependsOnLedger(['app.replication.technology', 'none'], ['app.backup.copyLocation', unknownAnswer()]), answer('app.rpo.site', 10)),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ rtoCompliance: 'unknown', rpoCompliance: 'at-risk', compliance: 'unknown', complianceIfAssumed: 'at-risk' });
      expect(scope(app, 'site').complianceNote).toBe('It needs Ledger, whose own recovery time is not known yet, so whether it is back within its target is not known. With Ledger back in time, it would be at risk.');
      expect(codes(app)).toContain('RPO_AT_RISK');
    },
    nearMiss: all(dependsOnLedger(['app.replication.technology', 'none']), answer('app.rpo.site', 10)),
    stays: (app) => expect(scope(app, 'site')).toMatchObject({ rtoCompliance: 'met', compliance: 'at-risk', complianceNote: null }),
  },
  {
    name: 'where the data loss already breaches the scope, the doubt about the dependency is said without a "would be"',
    change: all(dependsOnUnassessedLedger, answer('app.rpo.site', 0)),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ rtoCompliance: 'unknown', rpoCompliance: 'breached', compliance: 'breached', complianceIfAssumed: null });
      expect(scope(app, 'site').complianceNote).toBe('It needs Ledger, which is not assessed yet, so whether it is back within its target is not known.');
    },
    nearMiss: all(dependsOnLedger(), answer('app.rpo.site', 0)),
    stays: (app) => expect(scope(app, 'site')).toMatchObject({ rtoCompliance: 'met', compliance: 'breached', complianceNote: null }),
  },
  {
    name: 'a dependency that comes back later is a conflict, said by its finding, not a doubt',
    change: dependsOnLedger(['app.replication.technology', 'none'], ['app.backup.copyLocation', unknownAnswer()], ['app.rto.system', 600]),
    shows: (app) => {
      expect(app.findings.find((f) => f.code === 'DEPENDENCY_RTO_CONFLICT')?.scope).toBe('system');
      expect(scope(app, 'system')).toMatchObject({ compliance: 'met', complianceNote: null });
    },
    nearMiss: dependsOnLedger(['app.replication.technology', 'none'], ['app.backup.copyLocation', unknownAnswer()]),
    stays: (app) => {
      expect(codes(app)).not.toContain('DEPENDENCY_RTO_CONFLICT');
      expect(scope(app, 'system').compliance).toBe('unknown');
    },
  },
];
table('what an application depends on', DEPENDENCIES);

const OUT_OF_SCOPE: Case[] = [
  {
    name: 'an application left out of the assessment has no confidence level of its own',
    change: answer('app.outOfScope', 'Retired in March'),
    shows: (app) => expect(app.confidence).toEqual({ level: 'not-applicable', gaps: [], answersUsed: 0 }),
    nearMiss: answer('app.outOfScope', notApplicable()),
    stays: (app) => expect(app.confidence.level).toBe('high'),
  },
];
table('confidence of results that exist', OUT_OF_SCOPE);

describe('the confidence summary counts only applications with results', () => {
  const summary = (change: Change) => {
    const input = change(baseEngagement());
    input.applications.push(wellProtectedApplication('app-ledger', 'Ledger'));
    return assessEngagement(input, { asOf: AS_OF }).summary;
  };
  it('leaves an application out of scope out of every confidence count', () => expect(summary(answer('app.outOfScope', 'Retired')).confidence).toEqual({ high: 1, medium: 0, low: 0 }));
  it('near miss: counts it once it is back in scope', () => expect(summary(answer('app.outOfScope', notApplicable())).confidence).toEqual({ high: 2, medium: 0, low: 0 }));
});

/** A stateless print service of two spoolers that must survive only a VM failing, as the demo's. */
const printService = (balancer: string): Change =>
  all(
    answer('app.statefulness', 'stateless'),
    answer('app.replication.technology', 'none'),
    answer('app.impactRadius', 'vm'),
    onlyTier('cmp-web'),
    componentAnswer('cmp-web', 'component.loadBalancer', balancer),
  );

const WORDS_AND_SCOPES: Case[] = [
  {
    name: 'several stateless instances with nothing spreading users are a gap at VM loss, which every application must survive, not at a node loss it need not',
    change: printService('none'),
    shows: (app) => {
      const finding = app.findings.find((f) => f.code === 'STATELESS_WITHOUT_LOAD_BALANCER');
      expect(finding).toMatchObject({ scope: 'vm', componentId: 'cmp-web' });
      expect(finding?.rationale).toBe(
        'Web runs 2 stateless instances, but nothing sends users to the ones still running when one of them stops, whether its guest fails or the node under it: the users of that instance wait until it is back.',
      );
      expect(scope(app, 'vm')).toMatchObject({ required: true, scheme: 'redeploy' });
      expect(scope(app, 'node').required).toBe(false);
    },
    nearMiss: printService('azure-stack-lb'),
    stays: (app) => {
      expect(codes(app)).not.toContain('STATELESS_WITHOUT_LOAD_BALANCER');
      expect(scope(app, 'vm').scheme).toBe('active-active');
    },
  },
  {
    name: 'an owner expecting no data loss when a site is lost, for an application that need not survive one, is told it is a belief to correct, not a plan to rebuild',
    change: all(answer('app.assumptions', ['zero-data-loss']), answer('app.impactRadius', 'system')),
    shows: (app) => {
      expect(app.findings.find((f) => f.code === 'ZERO_RPO_ACROSS_SITES_UNSUPPORTED')).toMatchObject({ scope: null, severity: 'low' });
      expect(app.findings.find((f) => f.code === 'ZERO_RPO_ACROSS_SITES_UNSUPPORTED')?.rationale).toMatch(
        / The application does not have to survive a site loss, so its plan does not rest on this belief; correct it before anyone does\.$/,
      );
      expect(recommendation(app, 'SYNCHRONOUS_APPLICATION_REPLICATION')).toBeUndefined();
      expect(recommendation(app, 'PLAN_IN_GUEST_PROTECTION')?.resolves).toEqual(['ZERO_RPO_ACROSS_SITES_UNSUPPORTED']);
    },
    nearMiss: all(answer('app.assumptions', ['zero-data-loss']), answer('app.impactRadius', 'site')),
    stays: (app) => {
      expect(app.findings.find((f) => f.code === 'ZERO_RPO_ACROSS_SITES_UNSUPPORTED')).toMatchObject({ scope: 'site', severity: 'high' });
      expect(recommendation(app, 'SYNCHRONOUS_APPLICATION_REPLICATION')?.resolves).toContain('ZERO_RPO_ACROSS_SITES_UNSUPPORTED');
      expect(recommendation(app, 'PLAN_IN_GUEST_PROTECTION')).toBeUndefined();
    },
  },
];
table('findings at the disruptions they are about, in words that are true there', WORDS_AND_SCOPES);

/** A failover tested end to end three months ago: 2 h, 2 min of data lost. */
const testedFailover = all(answer('app.failover.lastTest', '2026-08-25'), answer('app.failover.testDuration', 120), answer('app.failover.testDataLoss', 2));

const TEST_EVIDENCE: Case[] = [
  {
    name: 'a recent test whose outcome nobody recorded is no evidence: the estimate does not use it and the open question is named, not DR_NOT_TESTED',
    change: all(testedFailover, forget('app.failover.testSucceeded')),
    shows: (app) => {
      expect(codes(app)).not.toContain('DR_NOT_TESTED');
      const incomplete = app.findings.find((f) => f.code === 'ANSWERS_INCOMPLETE');
      expect(incomplete?.answers).toEqual([{ questionId: 'app.failover.testSucceeded', componentId: null, status: 'missing' }]);
      expect(incomplete?.rationale).toContain('“Did the application come back as planned in that test?”');
      expect(scope(app, 'site').achievable.rto).toEqual({ bestMinutes: 31, worstMinutes: 270 });
      expect(scope(app, 'site').achievable.explanation).toBe(
        'The replica on sys-b is promoted when the datacenter is lost. The recovery test of 2026-08-25 is not counted: whether it worked is not recorded.',
      );
    },
    nearMiss: testedFailover,
    stays: (app) => {
      expect(app.findings).toEqual([]);
      expect(scope(app, 'site').achievable.rto).toEqual({ bestMinutes: 135, worstMinutes: 300 });
    },
  },
  {
    name: 'a test answered "unknown" for whether it worked is an open question as well',
    change: all(testedFailover, answer('app.failover.testSucceeded', unknownAnswer())),
    shows: (app) => {
      expect(codes(app)).toEqual(['ANSWERS_INCOMPLETE']);
      expect(app.confidence.gaps.map((g) => g.questionId)).toEqual(['app.failover.testSucceeded']);
    },
    nearMiss: all(testedFailover, answer('app.failover.testSucceeded', false)),
    stays: (app) => expect(codes(app)).toEqual(['DR_NOT_TESTED']),
  },
  {
    name: 'synchronous replication recommended after a tested asynchronous failover is modelled from the assumptions, not from the old measured loss',
    change: all(testedFailover, answer('app.rpo.site', 0)),
    shows: (app) => {
      expect(scope(app, 'site')).toMatchObject({ rpoCompliance: 'breached', achievable: { rpo: { bestMinutes: 2, worstMinutes: 3 } } });
      const synchronous = recommendation(app, 'SYNCHRONOUS_APPLICATION_REPLICATION');
      expect(synchronous?.reaches.find((r) => r.scope === 'site')).toEqual({ scope: 'site', rto: { bestMinutes: 31, worstMinutes: 270 }, rpo: { bestMinutes: 0, worstMinutes: 0 } });
      expect(synchronous?.resolves).toContain('RPO_NOT_MET');
      expect(synchronous?.outcome).toContain('Modelled: ');
    },
    nearMiss: all(testedFailover, answer('app.rpo.vm', 30)),
    stays: (app) => {
      // A shorter backup interval leaves the tested failover as it was: its measured figures stand, and only VM loss changes.
      const shorter = recommendation(app, 'SHORTEN_BACKUP_INTERVAL');
      expect(shorter?.reaches.map((r) => r.scope)).toEqual(['vm']);
      expect(scope(app, 'site').achievable.rto).toEqual({ bestMinutes: 135, worstMinutes: 300 });
    },
  },
];
table('evidence from the last recovery test, and designs it never exercised', TEST_EVIDENCE);

/** No second system yet, restoring from backup, and it must survive a site loss. */
const noSecondSystem = (copies: string[]): Change => all(restoreOnly, onlySystem, answer('app.impactRadius', 'site'), answer('app.backup.copyLocation', copies));

const MODELLED_OUTCOMES: Case[] = [
  {
    name: 'a second system is not promised to bring back what no copy survives: its outcome says the data must get there too',
    change: noSecondSystem(['same-system', 'same-site']),
    shows: (app) => {
      expect(scope(app, 'site').achievable.outcome).toBe('unrecoverable');
      const second = recommendation(app, 'DEPLOY_SECOND_SYSTEM');
      expect(second?.outcome).toMatch(
        /^Recovery after system loss no longer waits for new hardware\. After site loss no copy of its data survives, so a second system alone brings nothing back: replicate the data to it, or keep backup copies outside the system, as well\. Modelled: system loss: back in /,
      );
      expect(second?.reaches.map((r) => r.scope)).toEqual(['system']);
    },
    nearMiss: noSecondSystem(['same-system', 'other-site']),
    stays: (app) =>
      expect(recommendation(app, 'DEPLOY_SECOND_SYSTEM')?.outcome).toMatch(/^Recovery after system loss and site loss no longer waits for new hardware\. Modelled: system loss: back in .*; site loss: back in /),
  },
  {
    name: 'where no copy survives anything it must survive, a second system is only somewhere to recover',
    change: noSecondSystem(['same-system']),
    shows: (app) => {
      const second = recommendation(app, 'DEPLOY_SECOND_SYSTEM');
      expect(second?.outcome).toBe(
        'A second system gives it somewhere to recover. After system loss and site loss no copy of its data survives, so a second system alone brings nothing back: replicate the data to it, or keep backup copies outside the system, as well.',
      );
      expect(second?.reaches).toEqual([]);
    },
    nearMiss: noSecondSystem(['same-site']),
    stays: (app) => expect(recommendation(app, 'DEPLOY_SECOND_SYSTEM')?.outcome).toMatch(/^Recovery after system loss no longer waits for new hardware\. After site loss no copy/),
  },
];
table('what a recommendation promises, from its model', MODELLED_OUTCOMES);

const EVERY_CASE = [...WHERE_COPIES_LIVE, ...DEPENDENCIES, ...OUT_OF_SCOPE, ...WORDS_AND_SCOPES, ...TEST_EVIDENCE, ...MODELLED_OUTCOMES];
inPlainWords('every sentence of the review scenarios', EVERY_CASE);
inAnyOrder('every review scenario', EVERY_CASE.flatMap((c) => [c.change, c.nearMiss]));
