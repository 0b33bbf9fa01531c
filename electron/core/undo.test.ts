import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UndoResult, UndoState } from '../../shared/api/editContract';
import type { Answer, Application, Vm } from '../../shared/domain/engagement';
import { tinyPng } from './testImages';
import { useTempDir } from './testSupport';
import { CHANGES_ENGAGEMENT, Workbench } from './workbench';
import { UNDOABLE_CALLS } from './undoableCalls';

const tempDir = useTempDir();
const TAB_A = 'page:a';
const TAB_B = 'page:b';

async function open() {
  const dir = tempDir();
  const wb = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
  await wb.dispatch('engagement.create', { path: join(dir, 'acme'), customer: 'Acme', title: 'DR' });
  /** Calls as one window; a refusal is thrown with its code in front of the message. */
  const call = async <T>(method: string, input: unknown, caller: string | null = TAB_A): Promise<T> => {
    const envelope = await wb.dispatch(method, input, caller);
    if ('error' in envelope) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.result as T;
  };
  const state = (caller = TAB_A) => call<{ state: UndoState }>('engagement.changes', { since: null }, caller).then((changes) => changes.state);
  const undo = async (caller = TAB_A) => call<UndoResult>('edit.undo', { expectedId: (await state(caller)).undo?.id ?? null }, caller);
  const redo = async (caller = TAB_A) => call<UndoResult>('edit.redo', { expectedId: (await state(caller)).redo?.id ?? null }, caller);
  const vms = async () => (await call<{ vms: Vm[] }>('engagement.current', {})).vms;
  const vm = (name: string, applicationId: string | null = null) =>
    call<Vm>('vm.save', { name, applicationId, os: '', vcpu: null, memoryGb: null, provisionedGb: null, powerState: 'unknown', host: '' });
  return { wb, call, state, undo, redo, vms, vm };
}

const answered = (value: unknown) => ({ status: 'answered' as const, value });

describe('undo and redo in the core', () => {
  it('undoes a VM deletion, not an older answer, and says what it undid; redo deletes it again', async () => {
    const { wb, call, undo, redo, vms, vm } = await open();
    const billing = await call<Application>('application.add', { name: 'Billing' });
    await call('answer.set', { applicationId: billing.id, questionId: 'app.statefulness', state: answered('stateful') });
    const web01 = await vm('web01', billing.id);
    await call('vm.delete', { id: web01.id });

    const undone = await undo();
    expect(undone.step.label).toBe('delete VM web01');
    // Shown where it comes back: the application's list of VMs, not one of its questions.
    expect(undone.step.place).toEqual({ view: 'interview', applicationId: billing.id, section: 'vms' });
    expect((await vms()).map((v) => v.name)).toEqual(['web01']);
    const current = await call<{ applications: Application[] }>('engagement.current', {});
    expect(current.applications[0]!.answers['app.statefulness']!.state).toEqual(answered('stateful'));
    expect(undone.state.redo?.label).toBe('delete VM web01');
    expect(undone.state.undo?.label).toBe('add VM web01');

    expect((await redo()).step.label).toBe('delete VM web01');
    expect(await vms()).toEqual([]);
    wb.close();
  });

  it('covers components, applications, setup and bulk changes, in order, as one history', async () => {
    const { wb, call, undo } = await open();
    const site = await call<{ id: string }>('site.save', { name: 'DC1', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
    await call('engagement.updateDetails', { consultants: 'Alex' });
    const billing = await call<Application>('application.add', { name: 'Billing', archetypeId: 'sql-server-availability-group' });
    const payroll = await call<Application>('application.add', { name: 'Payroll' });
    const component = await call<{ id: string }>('component.add', { applicationId: payroll.id, name: 'Database' });
    await call('component.rename', { applicationId: payroll.id, componentId: component.id, name: 'SQL' });
    await call('application.assignPolicy', { policyId: 'policy-standard', applicationIds: [billing.id, payroll.id] });
    await call('application.copyAnswers', { fromApplicationId: payroll.id, toApplicationIds: [billing.id] });
    await call('assumptions.reset', {});

    const labels: string[] = [];
    for (let i = 0; i < 8; i += 1) labels.push((await undo()).step.label);
    expect(labels).toEqual([
      'copy the answers of Payroll to Billing',
      'give 2 applications the policy Standard',
      'rename component Database to SQL',
      'add component Database to Payroll',
      'add application Payroll',
      'add application Billing (SQL Server with availability group)',
      'edit the engagement details',
      'add site DC1',
    ]);
    const view = await call<{ applications: Application[]; sites: unknown[]; details: { consultants: string } }>('engagement.current', {});
    expect(view.applications).toEqual([]);
    expect(view.sites).toEqual([]);
    expect(view.details.consultants).toBe('');
    expect(site.id).toBeTruthy();
    wb.close();
  });

  it('puts a replaced customer logo back byte for byte (a blob goes through the history untouched)', async () => {
    const { wb, call, undo, redo } = await open();
    const first = tinyPng(40, 20);
    await call('engagement.setLogo', { logo: { fileName: 'first.png', base64: first.toString('base64') } });
    const second = await call<{ dataUrl: string }>('engagement.setLogo', { logo: { fileName: 'second.png', base64: tinyPng(80, 40, [200, 10, 10]).toString('base64') } });
    expect((await undo()).step.label).toBe("set the customer's logo");
    const logo = await call<{ dataUrl: string; width: number }>('engagement.logo', {});
    expect(logo.width).toBe(40);
    expect(Buffer.from(logo.dataUrl.split(',')[1]!, 'base64').equals(first)).toBe(true);
    await redo();
    expect((await call<{ dataUrl: string }>('engagement.logo', {})).dataUrl).toBe(second.dataUrl);
    wb.close();
  });

  it('puts back a deleted site together with the distances that went with it', async () => {
    const { wb, call, undo } = await open();
    const a = await call<{ id: string }>('site.save', { name: 'DC1', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
    const b = await call<{ id: string }>('site.save', { name: 'DC2', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
    await call('siteDistance.set', { siteAId: a.id, siteBId: b.id, km: 110 });
    await call('site.delete', { id: b.id });
    expect((await undo()).step.label).toBe('delete site DC2');
    const view = await call<{ sites: { name: string }[]; siteDistances: { km: number }[] }>('engagement.current', {});
    expect(view.sites.map((s) => s.name)).toEqual(['DC1', 'DC2']);
    expect(view.siteDistances).toEqual([expect.objectContaining({ km: 110 })]);
    wb.close();
  });

  it('puts back a hardware profile deleted from Setup, and takes it off the system it was given to again', async () => {
    const { wb, call, undo } = await open();
    const site = await call<{ id: string }>('site.save', { name: 'DC1', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
    const profile = await call<{ id: string }>('hardwareProfile.save', { name: 'Gen 2', memoryGbPerNode: 768, physicalCoresPerNode: 48, usableStorageGbPerNode: 20_000 });
    const system = { name: 'ash-01', siteId: site.id, region: 'west', nodeCount: 4, identityModel: 'connected', state: 'operational', role: 'primary', publicAzureAllowed: false };
    const saved = await call<{ id: string }>('system.save', system);
    await call('system.save', { ...system, id: saved.id, hardwareProfileId: profile.id });
    await call('system.save', { ...system, id: saved.id });
    await call('hardwareProfile.delete', { id: profile.id });

    expect((await undo()).step.label).toBe('delete hardware profile Gen 2');
    expect((await undo()).step.label).toBe('edit system ash-01');
    const view = await call<{ hardwareProfiles: { name: string; memoryGbPerNode: number }[]; systems: { hardwareProfileId?: string }[] }>('engagement.current', {});
    expect(view.hardwareProfiles).toEqual([expect.objectContaining({ name: 'Gen 2', memoryGbPerNode: 768 })]);
    expect(view.systems[0]!.hardwareProfileId).toBe(profile.id);
    expect((await undo()).step.label).toBe('edit system ash-01');
    expect((await undo()).step.label).toBe('add system ash-01');
    expect((await undo()).step.label).toBe('add hardware profile Gen 2');
    expect((await call<{ hardwareProfiles: unknown[] }>('engagement.current', {})).hardwareProfiles).toEqual([]);
    wb.close();
  });

  it('typing in one field a few seconds apart undoes as one step; a deliberate answer is its own step', async () => {
    const { wb, call, undo } = await open();
    const app = await call<Application>('application.add', { name: 'Billing' });
    const owner = { applicationId: app.id, questionId: 'app.owner', typing: true };
    await call('answer.set', { ...owner, state: answered('Pri') });
    await call('answer.set', { ...owner, state: answered('Priya') });
    await call('answer.set', { ...owner, state: answered('Priya Shah') });
    const step = (await undo()).step;
    expect(step).toMatchObject({ label: expect.stringMatching(/in Billing$/), from: 'not answered', to: '“Priya Shah”' });
    expect((await call<{ applications: Application[] }>('engagement.current', {})).applications[0]!.answers).toEqual({});
    expect((await undo()).step.label).toBe('add application Billing');
    wb.close();
  });

  it('refuses, with a message, to undo unseen a change another window made, and undoes it once seen', async () => {
    const { wb, call, state, vm } = await open();
    await vm('web01');
    const seenByA = (await state(TAB_A)).undo!;
    await vm('web02', null).then(() => undefined);
    // Tab B's own change, after what tab A saw:
    const web03 = await call<Vm>('vm.save', { name: 'web03', applicationId: null, os: '', vcpu: null, memoryGb: null, provisionedGb: null, powerState: 'unknown', host: '' }, TAB_B);
    await expect(call('edit.undo', { expectedId: seenByA.id }, TAB_A)).rejects.toThrow(/^STALE: The last change was made in another window: add VM web03\. Nothing was undone/);
    const now = (await state(TAB_A)).undo!;
    expect(now).toMatchObject({ label: 'add VM web03', mine: false });
    expect((await call<UndoResult>('edit.undo', { expectedId: now.id }, TAB_A)).step.label).toBe('add VM web03');
    expect(web03.id).toBeTruthy();
    wb.close();
  });

  it('refuses an undo whose rows changed since and takes it off the list, leaving older steps reachable', async () => {
    const { wb, call, undo, vms, vm } = await open();
    await call('application.add', { name: 'Billing' });
    const web01 = await vm('web01');
    await call('vm.delete', { id: web01.id });
    // A change made outside the history (here straight into the file) brings the VM back otherwise.
    const db = (wb.current as unknown as { context: { db: import('better-sqlite3').Database } }).context.db;
    db.prepare("INSERT INTO vm (id, name, position) VALUES (?, 'web01', 9)").run(web01.id);
    await expect(undo()).rejects.toThrow(/^STALE: “delete VM web01” cannot be undone: the VM web01 has changed since\. Nothing was undone/);
    await expect(undo()).rejects.toThrow(/^STALE: “add VM web01” cannot be undone/);
    expect((await vms()).length).toBe(1);
    expect((await undo()).step.label).toBe('add application Billing');
    wb.close();
  });

  it('refuses to undo adding an application that has gained a VM since, naming the VM', async () => {
    const { wb, call, undo, vms } = await open();
    const app = await call<Application>('application.add', { name: 'Billing' });
    const db = (wb.current as unknown as { context: { db: import('better-sqlite3').Database } }).context.db;
    db.prepare("INSERT INTO vm (id, name, application_id, position) VALUES ('v1', 'web07', ?, 0)").run(app.id);
    await expect(undo()).rejects.toThrow(/cannot be undone: the VM web07 has changed since/);
    expect((await vms())[0]!.applicationId).toBe(app.id);
    wb.close();
  });

  it('keeps the history over a reload of the page and ends it at a sign-off', async () => {
    const { wb, call, state } = await open();
    await call('application.add', { name: 'Billing' });
    expect((await state()).undo).toMatchObject({ label: 'add application Billing', mine: true });
    await call('signoff.sign', { name: 'Dana', role: 'CIO', organisation: 'Acme' });
    expect(await state()).toEqual({ undo: null, redo: null });
    wb.close();
  });

  it('undoes an inventory import as a whole through the import’s own undo', async () => {
    const { wb, call, undo, vms } = await open();
    const sample = await call<{ path: string }>('import.samplePath', {});
    await call('import.apply', { path: sample.path });
    expect((await vms()).length).toBeGreaterThan(100);
    expect((await undo()).step.label).toBe('import the inventory fabrikam-inventory.xlsx');
    expect(await vms()).toEqual([]);
    expect(await call('import.list', {})).toEqual([expect.objectContaining({ undone: true })]);
    wb.close();
  });

  it('records every call that changes the engagement, except imports, restores, merges and undo itself', () => {
    // Imports have their own undo; a restore or a merge is taken back by a snapshot, and a merge ends the history.
    const ownUndo = new Set(['answers.importApply', 'answers.importUndo', 'import.apply', 'import.undo', 'snapshots.restore', 'merge.apply', 'edit.undo', 'edit.redo']);
    const unrecorded = [...CHANGES_ENGAGEMENT].filter((method) => !ownUndo.has(method) && !Object.hasOwn(UNDOABLE_CALLS, method));
    expect(unrecorded).toEqual([]);
  });
});

describe('one engagement, two windows', () => {
  it('refuses a save based on an answer that changed since, and accepts one based on the newest', async () => {
    const { wb, call } = await open();
    const app = await call<Application>('application.add', { name: 'Billing' });
    const target = { applicationId: app.id, questionId: 'app.statefulness' };
    const first = await call<Answer>('answer.set', { ...target, state: answered('stateful'), basedOn: null }, TAB_A);
    const second = await call<Answer>('answer.set', { ...target, state: answered('stateless'), basedOn: first.answeredAt }, TAB_B);
    expect(second.answeredAt > first.answeredAt).toBe(true);
    await expect(call('answer.set', { ...target, state: answered('stateful'), basedOn: first.answeredAt }, TAB_A)).rejects.toThrow(
      /^STALE: “Does the application keep state of its own\?” in Billing was changed by tester in another window/,
    );
    const stored = (await call<{ applications: Application[] }>('engagement.current', {})).applications[0]!.answers['app.statefulness']!;
    expect(stored.state).toEqual(answered('stateless'));
    await call('answer.set', { ...target, state: answered('stateful'), basedOn: second.answeredAt }, TAB_A);
    wb.close();
  });

  it('wakes a waiting window at the next change, naming it and whose it was', async () => {
    const { wb, call } = await open();
    const start = await call<{ marker: { epoch: string; revision: number } }>('engagement.changes', { since: null }, TAB_B);
    const waiting = call<{ changes: { label: string; mine: boolean }[] }>('engagement.changes', { since: start.marker, waitMs: 20_000 }, TAB_B);
    await call('application.add', { name: 'Billing' }, TAB_A);
    const woken = await waiting;
    expect(woken.changes).toEqual([expect.objectContaining({ label: 'add application Billing', mine: false })]);
    const own = await call<{ changes: { mine: boolean }[] }>('engagement.changes', { since: start.marker }, TAB_A);
    expect(own.changes).toEqual([expect.objectContaining({ mine: true })]);
    wb.close();
  });
});

describe('VM names and moves', () => {
  it('refuses a VM name another VM has, in any case, naming the application that has it', async () => {
    const { wb, call, vm } = await open();
    const billing = await call<Application>('application.add', { name: 'Billing' });
    await vm('web01', billing.id);
    await expect(vm('WEB01')).rejects.toThrow(/^ALREADY_EXISTS: A VM named "web01" already exists in the application Billing\./);
    const other = await vm('web02');
    await expect(call('vm.save', { ...other, name: 'Web01' })).rejects.toThrow(/already exists in the application Billing/);
    await call('vm.save', { ...other, name: 'web02', os: 'Linux' });
    wb.close();
  });

  it('moves many VMs in one transaction that undoes as one step, and refuses the whole move when one VM is gone', async () => {
    const { wb, call, undo, vms, vm } = await open();
    const billing = await call<Application>('application.add', { name: 'Billing' });
    const ids = [(await vm('a1')).id, (await vm('a2')).id, (await vm('a3', billing.id)).id];
    expect(await call('vm.move', { vmIds: ids, applicationId: billing.id })).toEqual({ moved: 2 });
    expect((await vms()).every((v) => v.applicationId === billing.id)).toBe(true);
    expect((await undo()).step.label).toBe('move 3 VMs to Billing');
    expect((await vms()).map((v) => v.applicationId)).toEqual([null, null, billing.id]);
    await expect(call('vm.move', { vmIds: [ids[0], 'gone'], applicationId: billing.id })).rejects.toThrow(/^NOT_FOUND: One of the chosen VMs was deleted/);
    expect((await vms())[0]!.applicationId).toBeNull();
    wb.close();
  });
});
