import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { HARDWARE_PROFILES, SITES, SYSTEMS, VMS } from '../store/tables';
import { mergeFiles, mergeInto, previewMergeInto } from './mergeFiles';
import { cwb } from '../../cli/testCli';
import { TINY_PNG } from '../attachments/testFiles';
import { Workbench } from '../workbench';

const tempDir = useTempDir();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** An engagement with a site, a system, Payroll (a database component, two answers) and CRM; copied to MINE and THEIRS. */
function twoCopies() {
  const dir = tempDir();
  const original = join(dir, 'original.cwb');
  const store = EngagementStore.create(original, { customer: 'Northwind', title: 'DR review' }, 'lead');
  const site = store.save(SITES, { name: 'Leeds', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
  const system = store.save(SYSTEMS, { name: 'ASH-1', siteId: site.id, region: 'north', nodeCount: 8, identityModel: 'connected', state: 'operational', role: 'primary', publicAzureAllowed: false });
  const payroll = store.addApplication('Payroll');
  const database = store.addComponent(payroll.id, 'Database');
  store.setAnswer(payroll.id, null, 'app.owner', { status: 'answered', value: 'Priya' });
  store.setAnswer(payroll.id, database.id, 'component.statefulness', { status: 'answered', value: 'stateful' });
  const crm = store.addApplication('CRM');
  store.close();
  const mine = join(dir, 'mine.cwb');
  const theirs = join(dir, 'theirs.cwb');
  copyFileSync(original, mine);
  copyFileSync(original, theirs);
  return { dir, mine, theirs, output: join(dir, 'merged.cwb'), ids: { site: site.id, system: system.id, payroll: payroll.id, database: database.id, crm: crm.id } };
}

function edit<T>(path: string, actor: string, work: (store: EngagementStore) => T): T {
  const store = EngagementStore.open(path, actor);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

const answerOf = (path: string, appName: string, questionId: string) => {
  const view = EngagementStore.inspect(path);
  const app = view.applications.find((a) => a.name === appName)!;
  return app.answers[questionId];
};

describe('merging two copies of one engagement', () => {
  it('takes the changes each copy made in different places, once each, and leaves both copies byte-identical', async () => {
    const { mine, theirs, output, ids } = twoCopies();
    edit(mine, 'ana', (store) => {
      store.setAnswer(ids.payroll, null, 'app.criticality', { status: 'answered', value: 'mission-critical' });
      store.renameComponent(ids.payroll, ids.database, 'SQL database');
    });
    edit(theirs, 'ben', (store) => {
      store.setAnswer(ids.crm, null, 'app.owner', { status: 'answered', value: 'Marta' }, 'Named in the second room');
      store.save(VMS, { name: 'crm-web01', applicationId: ids.crm, os: 'Windows', vcpu: 4, memoryGb: 16, provisionedGb: 200, powerState: 'poweredOn', host: '' });
      store.updateDetails({ consultants: 'Ana, Ben' });
    });
    const before = { mine: sha(mine), theirs: sha(theirs) };
    const result = await cwb('merge', mine, theirs, '-o', output, '--json');
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ written: true, output, conflicts: [], unresolved: 0 });
    expect(report.taken.filter((c: { from: string }) => c.from === 'theirs').map((c: { what: string }) => c.what)).toEqual(
      expect.arrayContaining(['Engagement details — consultants', 'CRM — Who owns the application on the business side?', 'VM crm-web01']),
    );
    expect({ mine: sha(mine), theirs: sha(theirs) }).toEqual(before);

    const merged = EngagementStore.inspect(output);
    expect(merged.details.consultants).toBe('Ana, Ben');
    expect(answerOf(output, 'Payroll', 'app.criticality')?.state).toEqual({ status: 'answered', value: 'mission-critical' });
    expect(answerOf(output, 'CRM', 'app.owner')).toMatchObject({ state: { status: 'answered', value: 'Marta' }, note: 'Named in the second room', answeredBy: 'ben' });
    expect(merged.applications.find((a) => a.name === 'Payroll')!.components.map((c) => c.name)).toEqual(['SQL database']);
    expect(merged.vms.map((vm) => vm.name)).toEqual(['crm-web01']);
    // One audit entry per taken change, naming the copy it came from, and a snapshot before.
    const sources = EngagementStore.read(output, (store) => store.auditRows().filter((row) => row.action !== 'merge').slice(-3));
    expect(sources).toHaveLength(3);
    const { source } = EngagementStore.read(output, (store) => (store as unknown as { context: { db: import('better-sqlite3').Database } }).context.db.prepare("SELECT COUNT(*) AS n, MAX(source) AS source FROM audit WHERE source IS NOT NULL AND action != 'merge'").get() as { n: number; source: string });
    expect(source).toBe('theirs.cwb');
    expect(readdirSync(`${output}.history`).some((name) => name.endsWith('_before-merge.cwb'))).toBe(true);
  });

  it('takes the same change made in both copies once', () => {
    const { mine, theirs, output, ids } = twoCopies();
    for (const [path, actor] of [[mine, 'ana'], [theirs, 'ben']] as const) {
      edit(path, actor, (store) => store.setAnswer(ids.crm, null, 'app.criticality', { status: 'answered', value: 'standard' }));
    }
    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.conflicts).toEqual([]);
    expect(report.taken).toEqual([expect.objectContaining({ from: 'both', what: 'CRM — How critical is the application to the business?' })]);
    expect(report.applied).toBe(0);
  });

  it('reports an answer changed differently in each copy as a conflict, writes nothing and exits 3; a chosen side settles it', async () => {
    const { mine, theirs, output, ids } = twoCopies();
    edit(mine, 'ana', (store) => store.setAnswer(ids.payroll, null, 'app.owner', { status: 'answered', value: 'Priya Shah' }, 'From the org chart'));
    edit(theirs, 'ben', (store) => store.setAnswer(ids.payroll, null, 'app.owner', { status: 'answered', value: 'Tom Reed' }));

    const refused = await cwb('merge', mine, theirs, '-o', output, '--json');
    expect(refused.code).toBe(3);
    expect(existsSync(output)).toBe(false);
    const report = JSON.parse(refused.out);
    expect(report).toMatchObject({ written: false, output: null, unresolved: 1 });
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        kind: 'answer',
        reason: 'changed-on-both',
        what: 'Payroll — Who owns the application on the business side?',
        base: 'Priya',
        mine: expect.objectContaining({ value: 'Priya Shah', by: 'ana', note: 'From the org chart' }),
        theirs: expect.objectContaining({ value: 'Tom Reed', by: 'ben' }),
        resolution: null,
      }),
    ]);
    const text = await cwb('merge', mine, theirs, '-o', output);
    expect(text.code).toBe(3);
    expect(text.out).toMatch(/Not merged: 1 conflict to decide/);
    expect(text.out).toMatch(/THEIRS: Tom Reed — ben/);

    const settled = await cwb('merge', mine, theirs, '-o', output, '--resolve', 'theirs', '--json');
    expect(settled.code, settled.err).toBe(0);
    expect(JSON.parse(settled.out).conflicts[0].resolution).toBe('theirs');
    expect(answerOf(output, 'Payroll', 'app.owner')).toMatchObject({ state: { value: 'Tom Reed' }, answeredBy: 'ben' });
  });

  it('never lets a removal win silently over an edit in the other copy', () => {
    const { mine, theirs, output, ids } = twoCopies();
    edit(mine, 'ana', (store) => store.removeComponent(ids.payroll, ids.database));
    edit(theirs, 'ben', (store) => store.setAnswer(ids.payroll, ids.database, 'component.instances', { status: 'answered', value: 2 }));
    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'component', reason: 'removed-and-changed', what: 'Component Database of Payroll', mine: expect.objectContaining({ value: null }) })]);
    expect(existsSync(output)).toBe(false);

    mergeFiles(mine, theirs, output, 'theirs', 'lead');
    const kept = EngagementStore.inspect(output).applications.find((a) => a.name === 'Payroll')!.components[0]!;
    expect(kept.name).toBe('Database');
    expect(Object.keys(kept.answers).sort()).toEqual(['component.instances', 'component.statefulness']);

    const removed = join(tempDir(), 'removed.cwb');
    mergeFiles(mine, theirs, removed, 'mine', 'lead');
    expect(EngagementStore.inspect(removed).applications.find((a) => a.name === 'Payroll')!.components).toEqual([]);
  });

  it('sees an undo in one copy, of a change made before the other copy was saved, as that copy’s change', async () => {
    const { dir, mine, ids } = twoCopies();
    const wb = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'ana' });
    const call = async (method: string, input: unknown) => {
      const envelope = await wb.dispatch(method, input);
      if ('error' in envelope) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
      return envelope.result as { undo?: { id: number } | null; state?: { undo: { id: number } | null } };
    };
    const undo = async () => call('edit.undo', { expectedId: (await call('engagement.changes', { since: null })).state!.undo!.id });
    let copy: string;
    try {
      await call('engagement.open', { path: mine });
      const vm = (await call('vm.save', { name: 'pay-db01', applicationId: ids.payroll, os: '', vcpu: null, memoryGb: null, provisionedGb: null, powerState: 'unknown', host: '' })) as unknown as { id: string };
      await call('answer.set', { applicationId: ids.payroll, questionId: 'app.owner', state: { status: 'answered', value: 'Quinn' } });
      await call('component.remove', { applicationId: ids.payroll, componentId: ids.database });
      await call('engagement.updateDetails', { consultants: 'Ana' });
      await call('vm.delete', { id: vm.id });
      // The copy goes to a colleague with these changes; this window then takes back all but the VM's creation.
      copy = join(dir, 'colleague.cwb');
      await call('engagement.saveCopy', { path: copy });
      for (let i = 0; i < 4; i += 1) await undo();
    } finally {
      wb.close();
    }
    const output = join(dir, 'merged-undo.cwb');
    const report = mergeFiles(mine, copy, output, null, 'lead');
    expect(report.conflicts).toEqual([]);
    const payroll = EngagementStore.inspect(output).applications.find((a) => a.name === 'Payroll')!;
    expect(payroll.answers['app.owner']?.state).toEqual({ status: 'answered', value: 'Priya' });
    expect(payroll.components.map((c) => c.name)).toEqual(['Database']);
    expect(Object.keys(payroll.components[0]!.answers)).toEqual(['component.statefulness']);
    const merged = EngagementStore.inspect(output);
    expect(merged.details.consultants).toBe('');
    expect(merged.vms.map((vm) => vm.name)).toEqual(['pay-db01']);
  });

  it('takes a removal made in one copy when the other did not touch what was removed', () => {
    const { mine, theirs, output, ids } = twoCopies();
    edit(theirs, 'ben', (store) => store.removeComponent(ids.payroll, ids.database));
    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.conflicts).toEqual([]);
    expect(EngagementStore.inspect(output).applications.find((a) => a.name === 'Payroll')!.components).toEqual([]);
  });

  it('treats two applications added under the same name as a conflict, and keeps the one chosen', () => {
    const { mine, theirs, output } = twoCopies();
    edit(mine, 'ana', (store) => {
      const app = store.addApplication('Intranet');
      store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: 'Ana' });
    });
    edit(theirs, 'ben', (store) => {
      const app = store.addApplication('intranet');
      store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: 'Ben' });
    });
    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'application', reason: 'added-on-both', mine: expect.objectContaining({ value: 'Intranet' }), theirs: expect.objectContaining({ value: 'intranet' }) })]);
    mergeFiles(mine, theirs, output, 'theirs', 'lead');
    const names = EngagementStore.inspect(output).applications.map((a) => a.name);
    expect(names).toEqual(['Payroll', 'CRM', 'intranet']);
    expect(answerOf(output, 'intranet', 'app.owner')?.state).toEqual({ status: 'answered', value: 'Ben' });
  });

  it('takes an inventory imported in one copy while the other went on with the interview', async () => {
    const { dir, mine, theirs, output, ids } = twoCopies();
    const inventory = join(dir, 'inventory.csv');
    writeFileSync(inventory, ['VM Name,Application,vCPU,Memory (GB)', 'pay-db01,Payroll,8,64', 'pay-app01,Payroll,4,16', 'hr-web01,HR portal,2,8'].join('\n'));
    expect((await cwb('import', theirs, inventory)).code).toBe(0);
    edit(mine, 'ana', (store) => store.setAnswer(ids.payroll, null, 'app.criticality', { status: 'answered', value: 'business-critical' }));
    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.conflicts).toEqual([]);
    const merged = EngagementStore.inspect(output);
    expect(merged.vms.map((vm) => vm.name).sort()).toEqual(['hr-web01', 'pay-app01', 'pay-db01']);
    expect(merged.applications.map((a) => a.name)).toEqual(['Payroll', 'CRM', 'HR portal']);
    expect(merged.vms.find((vm) => vm.name === 'pay-db01')!.applicationId).toBe(ids.payroll);
    expect(answerOf(output, 'Payroll', 'app.criticality')?.state).toEqual({ status: 'answered', value: 'business-critical' });
  });

  it('carries attachments across, bytes and hash intact', () => {
    const { mine, theirs, output, ids } = twoCopies();
    const meta = edit(theirs, 'ben', (store) => store.addAttachment({ applicationId: ids.payroll, componentId: null, questionId: 'app.owner' }, { name: 'org-chart.png', bytes: TINY_PNG }));
    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.taken).toEqual([expect.objectContaining({ kind: 'attachment', from: 'theirs', change: 'added' })]);
    EngagementStore.read(output, (store) => {
      const { meta: stored, bytes } = store.attachmentContent(meta.id);
      expect(stored).toEqual(meta);
      expect(bytes.equals(TINY_PNG)).toBe(true);
    });
  });

  it('takes a hardware profile added in one copy with the system assigned to it, beside an edit made in the other', async () => {
    const { mine, theirs, output, ids } = twoCopies();
    edit(theirs, 'ben', (store) => {
      const profile = store.saveHardwareProfile({ name: 'Dell AX-760', memoryGbPerNode: 1024, physicalCoresPerNode: 64, usableStorageGbPerNode: 20_000 });
      const system = store.systems().find((s) => s.id === ids.system)!;
      store.save(SYSTEMS, { ...system, hardwareProfileId: profile.id, siteRecoveryTarget: true });
    });
    edit(mine, 'ana', (store) => store.setAnswer(ids.crm, null, 'app.owner', { status: 'answered', value: 'Marta' }));

    const result = await cwb('merge', mine, theirs, '-o', output, '--json');
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.conflicts).toEqual([]);
    expect(report.taken.filter((c: { from: string }) => c.from === 'theirs')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'hardwareProfile', change: 'added', what: 'Hardware profile Dell AX-760', after: 'Dell AX-760' }),
        expect.objectContaining({ kind: 'system', change: 'changed', what: 'Azure Stack Hub system ASH-1 — hardware profile', before: 'no hardware profile', after: 'Dell AX-760' }),
        expect.objectContaining({ kind: 'system', what: 'Azure Stack Hub system ASH-1 — Site Recovery target', before: '—', after: 'yes' }),
      ]),
    );
    const merged = EngagementStore.inspect(output);
    expect(merged.hardwareProfiles).toEqual([expect.objectContaining({ name: 'Dell AX-760', memoryGbPerNode: 1024, physicalCoresPerNode: 64, usableStorageGbPerNode: 20_000 })]);
    expect(merged.systems[0]).toMatchObject({ hardwareProfileId: merged.hardwareProfiles[0]!.id, siteRecoveryTarget: true });
    expect(answerOf(output, 'CRM', 'app.owner')?.state).toEqual({ status: 'answered', value: 'Marta' });
    // The merged file (a copy of MINE) records the profile's creation once, as an edit in the app would.
    const created = EngagementStore.read(output, (store) => store.auditRows().filter((row) => row.entity === 'hardwareProfile' && row.action === 'create'));
    expect(created).toEqual([expect.objectContaining({ entity_id: merged.hardwareProfiles[0]!.id })]);
  });

  it('reports a hardware profile whose memory was changed differently in each copy as a conflict, settled by --resolve', async () => {
    const { mine, theirs, output, ids } = twoCopies();
    const profile = edit(mine, 'lead', (store) => {
      const saved = store.saveHardwareProfile({ name: 'HPE DL380', memoryGbPerNode: 768, physicalCoresPerNode: 48, usableStorageGbPerNode: 15_000 });
      store.save(SYSTEMS, { ...store.systems()[0]!, hardwareProfileId: saved.id });
      return saved;
    });
    copyFileSync(mine, theirs);
    edit(mine, 'ana', (store) => store.save(HARDWARE_PROFILES, { ...profile, memoryGbPerNode: 1024 }));
    edit(theirs, 'ben', (store) => store.save(HARDWARE_PROFILES, { ...profile, memoryGbPerNode: 1536 }));

    const refused = await cwb('merge', mine, theirs, '-o', output, '--json');
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.out).conflicts).toEqual([
      expect.objectContaining({
        id: `hardwareProfile:${profile.id}#memoryGbPerNode`,
        kind: 'hardwareProfile',
        reason: 'changed-on-both',
        what: 'Hardware profile HPE DL380 — memory per node (GB)',
        base: '768',
        mine: expect.objectContaining({ value: '1024', by: 'ana' }),
        theirs: expect.objectContaining({ value: '1536', by: 'ben' }),
      }),
    ]);
    expect(existsSync(output)).toBe(false);

    const settled = await cwb('merge', mine, theirs, '-o', output, '--resolve', 'theirs', '--json');
    expect(settled.code, settled.err).toBe(0);
    const merged = EngagementStore.inspect(output);
    expect(merged.hardwareProfiles).toEqual([expect.objectContaining({ name: 'HPE DL380', memoryGbPerNode: 1536 })]);
    expect(merged.systems.find((s) => s.id === ids.system)!.hardwareProfileId).toBe(profile.id);
  });

  it('does not let a hardware profile removed in one copy vanish from under a system the other copy built from it', () => {
    const { mine, theirs, output, ids } = twoCopies();
    const profile = edit(mine, 'lead', (store) => store.saveHardwareProfile({ name: 'Lenovo MX', memoryGbPerNode: 512, physicalCoresPerNode: 32, usableStorageGbPerNode: 10_000 }));
    copyFileSync(mine, theirs);
    edit(mine, 'ana', (store) => store.removeHardwareProfile(profile.id));
    edit(theirs, 'ben', (store) => store.save(SYSTEMS, { ...store.systems().find((s) => s.id === ids.system)!, hardwareProfileId: profile.id }));

    const report = mergeFiles(mine, theirs, output, null, 'lead');
    expect(report.conflicts).toEqual([
      expect.objectContaining({ kind: 'hardwareProfile', reason: 'removed-and-changed', what: 'Hardware profile Lenovo MX', mine: expect.objectContaining({ value: null }) }),
    ]);
    mergeFiles(mine, theirs, output, 'theirs', 'lead');
    const kept = EngagementStore.inspect(output);
    expect(kept.systems[0]!.hardwareProfileId).toBe(profile.id);
    expect(kept.hardwareProfiles.map((p) => p.name)).toEqual(['Lenovo MX']);

    const removed = join(tempDir(), 'removed.cwb');
    mergeFiles(mine, theirs, removed, 'mine', 'lead');
    const without = EngagementStore.inspect(removed);
    expect(without.hardwareProfiles).toEqual([]);
    expect(without.systems[0]!.hardwareProfileId).toBeUndefined();
  });

  it('says nothing about hardware profiles when neither copy has any', async () => {
    const { mine, theirs, output, ids } = twoCopies();
    edit(theirs, 'ben', (store) => {
      store.save(SYSTEMS, { ...store.systems().find((s) => s.id === ids.system)!, nodeCount: 12 });
      store.save(SYSTEMS, { name: 'ASH-2', siteId: ids.site, region: 'north', nodeCount: 4, identityModel: 'connected', state: 'planned', role: 'secondary', publicAzureAllowed: false });
    });
    const result = await cwb('merge', mine, theirs, '-o', output);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/nodes/);
    expect(result.out).toMatch(/ASH-2/);
    expect(result.out).not.toMatch(/hardware profile|Site Recovery/i);
    const merged = EngagementStore.inspect(output);
    expect(merged.hardwareProfiles).toEqual([]);
    expect(merged.systems.map((s) => s.nodeCount)).toEqual([12, 4]);
    // Left unset in both systems, not turned into "no" or an empty reference on the way through.
    for (const system of merged.systems) {
      expect(system.hardwareProfileId).toBeUndefined();
      expect(system.siteRecoveryTarget).toBeUndefined();
    }
  });

  it('refuses copies of different engagements, a signed-off copy, and an output that exists', async () => {
    const { dir, mine, theirs, output } = twoCopies();
    const stranger = join(dir, 'stranger.cwb');
    EngagementStore.create(stranger, { customer: 'Contoso', title: 'Other' }, 'x').close();
    const unrelated = await cwb('merge', mine, stranger, '-o', output, '--json');
    expect(unrelated.code).toBe(1);
    expect(JSON.parse(unrelated.err).error.message).toMatch(/stranger\.cwb is not a copy of this engagement: it is "Contoso — Other"/);
    expect(existsSync(output)).toBe(false);

    edit(theirs, 'ben', (store) => store.signOff({ name: 'Dana', role: 'CIO', organisation: 'Northwind' }));
    const signed = await cwb('merge', mine, theirs, '-o', output);
    expect(signed.code).toBe(1);
    expect(signed.err).toMatch(/theirs\.cwb is signed off/);

    writeFileSync(output, 'x');
    expect((await cwb('merge', mine, mine, '-o', join(dir, 'x.cwb'))).err).toMatch(/same file/);
    expect((await cwb('merge', mine, theirs, '-o', output)).err).toMatch(/already exists/);
    expect((await cwb('merge', mine, theirs)).code).toBe(2);
  });

  it('merges another copy into the open engagement with the consultant’s decisions, after a snapshot', () => {
    const { mine, theirs, ids } = twoCopies();
    edit(theirs, 'ben', (store) => {
      store.setAnswer(ids.payroll, null, 'app.owner', { status: 'answered', value: 'Tom Reed' });
      store.setAnswer(ids.crm, null, 'app.owner', { status: 'answered', value: 'Marta' });
    });
    const store = EngagementStore.open(mine, 'ana');
    try {
      store.setAnswer(ids.payroll, null, 'app.owner', { status: 'answered', value: 'Priya Shah' });
      const preview = previewMergeInto(store, theirs);
      expect(preview.conflicts).toHaveLength(1);
      expect(() => mergeInto(store, theirs, {})).toThrow(/1 conflict is still to be decided/);
      const done = mergeInto(store, theirs, { [preview.conflicts[0]!.id]: 'mine' });
      expect(done).toMatchObject({ written: true, unresolved: 0 });
      expect(store.view().applications.find((a) => a.name === 'CRM')!.answers['app.owner']?.state).toEqual({ status: 'answered', value: 'Marta' });
      expect(store.view().applications.find((a) => a.name === 'Payroll')!.answers['app.owner']?.state).toEqual({ status: 'answered', value: 'Priya Shah' });
      expect(store.snapshots().map((s) => s.reason)).toContain('Before another copy was merged in');
      // Merging the same copy again finds nothing new: its changes are now shared.
      expect(previewMergeInto(store, theirs)).toMatchObject({ conflicts: [] });
      expect(previewMergeInto(store, theirs).taken.filter((change) => change.from === 'theirs')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
