import { expect } from 'vitest';
import { all, answer } from './scenario';
import { codes, forget, inAnyOrder, inPlainWords, restoreOnly, scope, system, table, type Case } from './scenarioTable.testSupport';

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

const EVERY_CASE = [...WHERE_COPIES_LIVE];
inPlainWords('every sentence of the review scenarios', EVERY_CASE);
inAnyOrder('every review scenario', EVERY_CASE.flatMap((c) => [c.change, c.nearMiss]));
