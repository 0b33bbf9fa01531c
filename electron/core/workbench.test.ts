import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './testSupport';
import { defaultAssumptions } from '../../shared/rules/assumptions';
import { nearestExistingFolder, Workbench } from './workbench';

const tempDir = useTempDir();

function workbench() {
  const dir = tempDir();
  return new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: join(dir, 'engagements'), actor: 'tester' });
}

describe('workbench API', () => {
  it('creates, answers, closes and reopens an engagement through the contract', async () => {
    const wb = workbench();
    const path = join(wb.options.engagementFolder, '..', 'acme');
    const created = await wb.dispatch('engagement.create', { path, customer: 'Acme', title: 'DR' });
    expect(created).toHaveProperty('result.path', `${join(wb.options.engagementFolder, '..', 'acme')}.cwb`);
    const app = await wb.dispatch('application.add', { name: 'Billing' });
    if (!('result' in app)) throw new Error(JSON.stringify(app));
    const { id } = app.result as { id: string };
    const answer = await wb.dispatch('answer.set', { applicationId: id, questionId: 'app.statefulness', state: { status: 'answered', value: 'stateless' } });
    expect(answer).toHaveProperty('result.answeredBy', 'tester');
    await wb.dispatch('engagement.close', {});
    expect(await wb.dispatch('engagement.current', {})).toEqual({ result: null });

    const recent = await wb.dispatch('engagement.recent', {});
    expect(recent).toHaveProperty('result.0.customer', 'Acme');
    const reopened = await wb.dispatch('engagement.open', { path: `${path}.cwb` });
    expect(reopened).toHaveProperty('result.applications.0.answers.app\\.statefulness.state.value', 'stateless');
    wb.close();
  });

  it('saves a complete copy to a new file and keeps editing the original', async () => {
    const wb = workbench();
    const dir = tempDir();
    await wb.dispatch('engagement.create', { path: join(dir, 'acme'), customer: 'Acme', title: 'DR' });
    await wb.dispatch('application.add', { name: 'Billing' });
    const original = readFileSync(join(dir, 'acme.cwb'));
    expect(await wb.dispatch('engagement.saveCopy', { path: join(dir, 'acme copy') })).toEqual({ result: { path: join(dir, 'acme copy.cwb') } });
    expect(readFileSync(join(dir, 'acme.cwb')).equals(original)).toBe(true);
    expect(await wb.dispatch('engagement.saveCopy', { path: join(dir, 'acme copy.cwb') })).toEqual({ error: expect.objectContaining({ code: 'ALREADY_EXISTS' }) });
    expect(await wb.dispatch('engagement.saveCopy', { path: join(dir, 'acme.cwb') })).toEqual({ error: expect.objectContaining({ code: 'VALIDATION' }) });
    // A folder that does not exist yet is made; a "folder" that is really a file is named in words.
    expect(await wb.dispatch('engagement.saveCopy', { path: join(dir, 'new folder', 'copy') })).toEqual({ result: { path: join(dir, 'new folder', 'copy.cwb') } });
    const refused = await wb.dispatch('engagement.saveCopy', { path: join(dir, 'acme.cwb', 'copy') });
    expect(refused).toEqual({ error: expect.objectContaining({ code: 'IO', message: expect.stringMatching(/engagement itself is unchanged/) }) });
    expect(JSON.stringify(refused)).not.toMatch(/E[A-Z]{3,}|writing-|\bat /);
    // Still editing the original; the copy has what was there when it was taken.
    await wb.dispatch('application.add', { name: 'Payroll' });
    const copy = await wb.dispatch('engagement.open', { path: join(dir, 'acme copy.cwb') });
    expect(copy).toHaveProperty('result.applications.length', 1);
    expect(copy).toHaveProperty('result.applications.0.name', 'Billing');
    wb.close();
  });

  it('answers an invalid input with a validation error naming the field, and an unknown method by name', async () => {
    const wb = workbench();
    const bad = await wb.dispatch('engagement.create', { path: 'x', customer: 'Acme' });
    expect(bad).toEqual({ error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/title/) }) });
    expect(await wb.dispatch('engagement.drop', {})).toEqual({ error: expect.objectContaining({ code: 'UNKNOWN_METHOD' }) });
    expect(await wb.dispatch('application.add', { name: 'X' })).toEqual({ error: expect.objectContaining({ code: 'NO_ENGAGEMENT_OPEN' }) });
  });

  it('keeps the open engagement when opening another file fails, and leaves that file untouched', async () => {
    const wb = workbench();
    const dir = tempDir();
    await wb.dispatch('engagement.create', { path: join(dir, 'good.cwb'), customer: 'Acme', title: 'DR' });
    const bogus = join(dir, 'notes.cwb');
    writeFileSync(bogus, 'plain text');
    const failed = await wb.dispatch('engagement.open', { path: bogus });
    expect(failed).toEqual({ error: expect.objectContaining({ code: 'NOT_SQLITE' }) });
    expect(readFileSync(bogus, 'utf8')).toBe('plain text');
    expect(await wb.dispatch('engagement.current', {})).toHaveProperty('result.details.customer', 'Acme');
    wb.close();
  });

  it('builds the demo once and reopens the same file afterwards', async () => {
    const wb = workbench();
    const first = await wb.dispatch('engagement.openDemo', {});
    expect(first).toHaveProperty('result.applications.length', 13);
    expect(first).toHaveProperty('result.systems.length', 3);
    const view = (first as { result: { applications: { id: string }[] } }).result;
    await wb.dispatch('answer.set', { applicationId: view.applications[11]!.id, questionId: 'app.statefulness', state: { status: 'answered', value: 'stateless' } });
    await wb.dispatch('engagement.close', {});
    const again = await wb.dispatch('engagement.openDemo', {});
    expect(again).toHaveProperty('result.applications.11.answers.app\\.statefulness.state.value', 'stateless');
    wb.close();
  });

  it('adds a VM to an application, moves it to another, and refuses a negative memory size', async () => {
    const wb = workbench();
    await wb.dispatch('engagement.create', { path: join(tempDir(), 'vms'), customer: 'Acme', title: 'DR' });
    const a = (await wb.dispatch('application.add', { name: 'A' })) as { result: { id: string } };
    const b = (await wb.dispatch('application.add', { name: 'B' })) as { result: { id: string } };
    const vm = { applicationId: a.result.id, name: 'vm-01', os: 'Windows Server 2022', vcpu: 4, memoryGb: 16, provisionedGb: 200, powerState: 'poweredOn', host: '' };
    const saved = (await wb.dispatch('vm.save', vm)) as { result: { id: string } };
    expect(await wb.dispatch('vm.save', { ...vm, id: saved.result.id, applicationId: b.result.id })).toHaveProperty('result.applicationId', b.result.id);
    expect(await wb.dispatch('vm.save', { ...vm, id: saved.result.id, memoryGb: -1 })).toEqual({
      error: expect.objectContaining({ code: 'VALIDATION', message: 'Memory cannot be negative.', details: { issues: [{ field: 'memoryGb', message: 'Memory cannot be negative' }] } }),
    });
    const unnamed = await wb.dispatch('vm.save', { ...vm, name: '' });
    expect(unnamed).toEqual({ error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/^VM name is required/) }) });
    expect(JSON.stringify(unnamed)).not.toMatch(/vm\.save|input to/);
    expect(await wb.dispatch('engagement.current', {})).toHaveProperty('result.vms.0.applicationId', b.result.id);
    wb.close();
  });

  it('lists sub-folders, engagement files and spreadsheets only', async () => {
    const wb = workbench();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.cwb'), '');
    writeFileSync(join(dir, 'b.xlsx'), '');
    writeFileSync(join(dir, 'c.png'), '');
    const listing = await wb.dispatch('files.list', { folder: dir });
    expect(listing).toHaveProperty('result.entries', [
      { name: 'a.cwb', path: join(dir, 'a.cwb'), kind: 'engagement' },
      { name: 'b.xlsx', path: join(dir, 'b.xlsx'), kind: 'spreadsheet' },
    ]);
  });
});

describe('dates through the API', () => {
  it('refuses an impossible date, a year out of range and a US-typed date, and stores a real one', async () => {
    const wb = workbench();
    await wb.dispatch('engagement.create', { path: join(tempDir(), 'dates'), customer: 'Acme', title: 'DR' });
    const app = (await wb.dispatch('application.add', { name: 'Billing' })) as { result: { id: string } };
    const target = { applicationId: app.result.id, questionId: 'app.failover.lastTest' };
    for (const [value, problem] of [['2026-02-31', /does not exist/], ['70126-02-02', /year-month-day/], ['1850-01-01', /outside 1900–2200/]] as const) {
      expect(await wb.dispatch('answer.set', { ...target, state: { status: 'answered', value } })).toEqual({
        error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(problem) }),
      });
    }
    const followUp = await wb.dispatch('answer.set', { ...target, state: { status: 'unknown', followUpWith: 'DBA', followUpBy: '2026-04-31' } });
    expect(followUp).toEqual({ error: expect.objectContaining({ code: 'VALIDATION', message: '2026-04-31 does not exist: that month has 30 days.' }) });
    expect(await wb.dispatch('answer.set', { ...target, state: { status: 'answered', value: '2026-02-02' } })).toHaveProperty('result.state.value', '2026-02-02');
    wb.close();
  });
});

describe('a first run in a clean home folder', () => {
  it('creates the first engagement when the default engagement folder does not exist yet', async () => {
    const dir = tempDir();
    const folder = join(dir, 'Documents', 'Continuity Workbook');
    const wb = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: folder, actor: 'tester' });
    expect(existsSync(folder)).toBe(false);
    const created = await wb.dispatch('engagement.create', { path: join(folder, 'Acme - DR'), customer: 'Acme', title: 'DR' });
    expect(created).toHaveProperty('result.path', join(folder, 'Acme - DR.cwb'));
    expect(readdirSync(folder)).toEqual(['Acme - DR.cwb', 'Acme - DR.cwb.lock']);
    wb.close();
  });

  it('starts the chooser in the closest folder that exists, with a way home', async () => {
    const dir = tempDir();
    const wb = new Workbench({ host: 'browser', dataDir: join(dir, 'data'), engagementFolder: join(dir, 'Documents', 'Continuity Workbook'), actor: 'tester' });
    const listing = await wb.dispatch('files.list', {});
    expect(listing).toHaveProperty('result.folder', dir);
    expect(listing).toHaveProperty('result.home', homedir());
    expect(nearestExistingFolder(join(dir, 'a', 'b', 'c'))).toBe(dir);
    const missing = await wb.dispatch('files.list', { folder: join(dir, 'gone') });
    expect(missing).toEqual({ error: expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining(join(dir, 'gone')) }) });
  });
});

describe('estimate assumptions through the API', () => {
  it('saves the whole set, reports it in the view, and resets to the defaults', async () => {
    const wb = workbench();
    await wb.dispatch('engagement.create', { path: join(tempDir(), 'assume'), customer: 'Acme', title: 'DR' });
    const next = { ...defaultAssumptions(), hardwareLeadTime: { best: 8, worst: 20 } };
    expect(await wb.dispatch('assumptions.set', { assumptions: next })).toEqual({ result: next });
    expect(await wb.dispatch('engagement.current', {})).toHaveProperty('result.assumptions.hardwareLeadTime', { best: 8, worst: 20 });
    expect(await wb.dispatch('assumptions.reset', {})).toEqual({ result: defaultAssumptions() });
    wb.close();
  });

  it('refuses an out-of-range value with a message naming the assumption, and changes nothing', async () => {
    const wb = workbench();
    const path = join(tempDir(), 'bad-assume.cwb');
    await wb.dispatch('engagement.create', { path, customer: 'Acme', title: 'DR' });
    const before = readFileSync(path);
    const bad = await wb.dispatch('assumptions.set', { assumptions: { ...defaultAssumptions(), hardwareLeadTime: { best: 8, worst: 500 } } });
    expect(bad).toEqual({
      error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/Lead time for a new Azure Stack Hub system: at most 104 weeks/) }),
    });
    const partial = await wb.dispatch('assumptions.set', { assumptions: { failover: { best: 1, worst: 2 } } });
    expect(partial).toEqual({ error: expect.objectContaining({ code: 'VALIDATION' }) });
    expect(readFileSync(path).equals(before)).toBe(true);
    wb.close();
  });
});
