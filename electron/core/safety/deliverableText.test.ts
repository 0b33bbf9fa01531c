import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { EngagementView } from '../../../shared/domain/engagement';
import { esc } from '../../../shared/report/svg';
import { cleanText, firstUnsafeCharacter } from '../../../shared/text/safeText';
import { cwb } from '../../cli/testCli';
import { useTempDir } from '../testSupport';
import { Workbench } from '../workbench';
import { hostileStrings } from './hostileText';

/**
 * Text is checked once, at the door, and every deliverable is well-formed for every string the
 * doors accept: generated strings (every Unicode plane, controls, surrogates, bidi, combining
 * marks, XML's own characters, formulas) go into an engagement through the app's API, then out
 * through every writer: the workbook and the Word report (every XML part read back by Python's
 * expat, the workbook again by openpyxl), the HTML and PDF reports, the JSON document (read back
 * by `cwb create --from`) and `cwb info` and `cwb assess` in a terminal. An engagement file from
 * before the door checked text, holding such characters, still opens, and the writers make its
 * text safe themselves.
 */

const tempDir = useTempDir();
const CHECK = join(import.meta.dirname, 'wellFormedCheck.py');
/** What a terminal acts on rather than shows; \n and \t are the only controls `cwb` may print. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const hasChromium = (() => {
  try {
    execFileSync('/usr/bin/chromium', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * What a field holds once the door has cleaned and trimmed it. The workbook keeps a carriage
 * return exactly, as the format's `_x000D_` escape; Word's text has no breaks.
 */
const stored = (text: string) => cleanText(text).trim();
const asWordReads = (text: string) => text.replace(/\s+/g, ' ').trim();

async function call<T>(workbench: Workbench, method: string, input: unknown): Promise<T> {
  const outcome = await workbench.dispatch(method, input);
  if ('error' in outcome) throw new Error(`${method} refused ${JSON.stringify(input)}: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.result as T;
}

/** An engagement whose every text field holds generated strings, entered through the API; returns the names it was given. */
async function engagementOf(strings: string[], path: string): Promise<{ customer: string; applications: string[] }> {
  const text = (index: number) => strings[index % strings.length]!;
  // Names are numbered so that each is unique and never blank, whatever the string cleans down to.
  const name = (index: number) => `${index} ${text(index)}`;
  const workbench = new Workbench({ host: 'cli', dataDir: join(tempDir(), 'data'), engagementFolder: tempDir(), actor: text(3).trim() || 'tester' });
  try {
    const view = await call<EngagementView>(workbench, 'engagement.create', { path, customer: name(0), title: name(1) });
    await call(workbench, 'engagement.updateDetails', { consultants: text(2), workshopDates: text(3), scopeNotes: strings.join(' ') });
    const site = await call<{ id: string }>(workbench, 'site.save', { name: name(4), location: text(5), datacenterTier: 'tier-3', utilityFeeds: 2 });
    const profile = await call<{ id: string }>(workbench, 'hardwareProfile.save', { name: name(5), memoryGbPerNode: 768, physicalCoresPerNode: 48, usableStorageGbPerNode: 8000 });
    const system = await call<{ id: string }>(workbench, 'system.save', {
      hardwareProfileId: profile.id,
      siteRecoveryTarget: true,
      name: name(6),
      siteId: site.id,
      region: text(7),
      nodeCount: 8,
      identityModel: 'connected',
      state: 'operational',
      role: 'primary',
      publicAzureAllowed: false,
    });
    const policy = view.policies[0]!;
    await call(workbench, 'policy.save', { id: policy.id, name: name(8), description: text(9), targets: policy.targets });
    const applications: string[] = [];
    for (let i = 10; i < strings.length; i += 3) {
      const app = await call<{ id: string; name: string }>(workbench, 'application.add', { name: name(i) });
      applications.push(app.name);
      const component = await call<{ id: string }>(workbench, 'component.add', { applicationId: app.id, name: name(i + 1) });
      const answer = (questionId: string, state: unknown, note?: string, componentId?: string) =>
        call(workbench, 'answer.set', { applicationId: app.id, questionId, state, ...(note === undefined ? {} : { note }), ...(componentId ? { componentId } : {}) });
      await answer('app.owner', { status: 'answered', value: name(i + 2) }, text(i + 1));
      await answer('app.hostingSystem', { status: 'answered', value: system.id }, text(i + 2));
      await answer('app.backup.exists', { status: 'answered', value: true });
      await answer('app.backup.product', { status: 'answered', value: name(i) });
      await answer('app.rto.site', { status: 'unknown', followUpWith: text(i + 1), followUpBy: '2027-01-15' }, text(i));
      await answer('app.rpo.site', { status: 'not-applicable', reason: text(i + 2) });
      await answer('component.instances', { status: 'answered', value: 2 }, text(i + 1), component.id);
      await call(workbench, 'vm.save', { applicationId: app.id, name: name(i + 1), os: text(i), host: text(i + 2), vcpu: 2, memoryGb: 8, provisionedGb: 100, powerState: 'poweredOn' });
    }
    return { customer: view.details.customer, applications };
  } finally {
    workbench.close();
  }
}

/** Every XML part of the workbook and the Word report read back by expat, the workbook by openpyxl too. */
function readBack(...files: string[]): Record<string, { problems: string[]; texts: string[] }> {
  return JSON.parse(execFileSync('/usr/bin/python3', [CHECK, ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Record<string, { problems: string[]; texts: string[] }>;
}

/** Writes every deliverable of the engagement and checks each is well-formed and carries the names as the door stored them. */
async function expectWellFormedDeliverables(path: string, names: { customer: string; applications: string[]; stored?: string }, options: { pdf: boolean }): Promise<void> {
  const out = tempDir();
  const file = (name: string) => join(out, name);
  for (const argv of [
    ['export', path, '--format', 'xlsx', '-o', file('workbook.xlsx')],
    ['report', path, '--format', 'docx', '-o', file('report.docx')],
    ['report', path, '--format', 'html', '-o', file('report.html')],
    ['export', path, '--format', 'json', '-o', file('engagement.json')],
    ...(options.pdf ? [['report', path, '--format', 'pdf', '-o', file('report.pdf')]] : []),
  ]) {
    const written = await cwb(...argv);
    expect(written, argv.join(' ')).toMatchObject({ code: 0, err: '' });
  }

  const read = readBack(file('workbook.xlsx'), file('report.docx'));
  expect(read[file('workbook.xlsx')]!.problems).toEqual([]);
  expect(read[file('report.docx')]!.problems).toEqual([]);
  const cells = new Set(read[file('workbook.xlsx')]!.texts);
  for (const application of names.applications) expect(cells, JSON.stringify(application)).toContain(application);
  expect(cells).toContain(names.customer);
  expect(read[file('report.docx')]!.texts.join(' ').replace(/\s+/g, ' ')).toContain(asWordReads(names.customer));

  const html = readFileSync(file('report.html'), 'utf8');
  expect(firstUnsafeCharacter(html)).toBeNull();
  expect(html).toContain(esc(names.customer));

  const document = JSON.parse(readFileSync(file('engagement.json'), 'utf8')) as { applications: { name: string }[] };
  expect(document.applications.map((app) => app.name).sort()).toEqual([...names.applications].sort());
  expect((await cwb('create', join(out, 'round trip.cwb'), '--from', file('engagement.json'))).code).toBe(0);

  if (options.pdf) {
    expect(readFileSync(file('report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(() => execFileSync('pdfinfo', [file('report.pdf')], { stdio: 'ignore' })).not.toThrow();
  }

  for (const argv of [['info', path], ['assess', path], ['plan', path], ['info', path, '--json'], ['assess', path, '--json'], ['plan', path, '--json']]) {
    const printed = await cwb(...argv);
    expect(printed.code, argv.join(' ')).toBe(0);
    expect(printed.out, argv.join(' ')).not.toMatch(TERMINAL_UNSAFE);
    if (argv.includes('--json')) expect(() => JSON.parse(printed.out)).not.toThrow();
  }
  // The plans name every application the disasters take down, with the names as stored.
  const plans = JSON.parse((await cwb('plan', path, '--json')).out) as { disasters: { waves: { applications: { name: string }[] }[] }[] };
  const planned = new Set(plans.disasters.flatMap((d) => d.waves.flatMap((w) => w.applications.map((app) => app.name))));
  expect([...planned].sort()).toEqual([...names.applications].sort());
  // JSON is data: the terminal sees escapes, a JSON reader the name as the file holds it.
  const info = JSON.parse((await cwb('info', path, '--json')).out) as { engagement: { customer: string } };
  expect(info.engagement.customer).toBe(names.stored ?? names.customer);
}

describe('text no deliverable can carry', () => {
  for (const seed of [1, 20261207, 0xc0ffee]) {
    it(`seed ${seed}: what the API accepts, every writer writes well-formed`, async () => {
      const strings = hostileStrings(seed, 40);
      const path = join(tempDir(), 'hostile text.cwb');
      const names = await engagementOf(strings, path);
      // The door cleaned every name: nothing unsafe was stored.
      for (const stored of [names.customer, ...names.applications]) expect(firstUnsafeCharacter(stored), JSON.stringify(stored)).toBeNull();
      expect(names.applications).toEqual(names.applications.map((application) => stored(application)));
      await expectWellFormedDeliverables(path, names, { pdf: seed === 1 && hasChromium });
    }, 120_000);
  }

  it('a file written before the door checked text opens, and every writer makes its text safe', async () => {
    const strings = hostileStrings(7, 40);
    const path = join(tempDir(), 'older file.cwb');
    await engagementOf(strings.map((_, index) => `plain ${index}`), path);
    // What an older version let through, written as it would have stored it.
    const unsafe = ['Acme\u0001 \uFFFE Corp\u001B[31m', 'Pay\uD800roll \u202Eevil', 'Note\u0000with NUL\uFFFF'];
    const db = new Database(path);
    db.prepare('UPDATE engagement SET customer = ?, scope_notes = ?').run(unsafe[0], unsafe[2]);
    db.prepare('UPDATE application SET name = ? WHERE rowid = (SELECT min(rowid) FROM application)').run(unsafe[1]);
    db.prepare("UPDATE answer SET note = ? WHERE question_id = 'app.owner'").run(unsafe[2]);
    db.prepare('UPDATE site SET name = ?').run(unsafe[1]);
    db.close();

    const workbench = new Workbench({ host: 'cli', dataDir: join(tempDir(), 'data'), engagementFolder: tempDir(), actor: 'tester' });
    const view = await call<EngagementView>(workbench, 'engagement.open', { path });
    workbench.close();
    // Opened as it is: reading never changes the text (a sign-off's fingerprint depends on it).
    expect(view.details.customer).toBe(unsafe[0]);
    const applications = view.applications.map((app) => cleanText(app.name));
    await expectWellFormedDeliverables(path, { customer: cleanText(unsafe[0]!), applications, stored: unsafe[0] }, { pdf: false });
  }, 120_000);

  it('ids and paths are refused, naming the field, where cleaning would change what they point at', async () => {
    const workbench = new Workbench({ host: 'cli', dataDir: join(tempDir(), 'data'), engagementFolder: tempDir(), actor: 'tester' });
    const id = await workbench.dispatch('application.rename', { id: 'app\u0001', name: 'Payroll' });
    expect('error' in id && id.error).toMatchObject({ code: 'VALIDATION', message: 'The id contains U+0001, a control or unpaired character that no id holds.', details: { issues: [{ field: 'id', message: expect.any(String) }] } });
    const path = await workbench.dispatch('engagement.open', { path: '/tmp/a\u0000b.cwb' });
    expect('error' in path && path.error).toMatchObject({ code: 'VALIDATION', message: 'A file path cannot contain a NUL character.', details: { issues: [{ field: 'path', message: expect.any(String) }] } });
    workbench.close();
  });
});
