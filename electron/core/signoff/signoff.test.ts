import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiMethod, Envelope } from '../../../shared/api/contract';
import type { Signoff } from '../../../shared/domain/signoff';
import type { Comparison, Readiness, Snapshot, Verification } from '../../../shared/api/signoffContract';
import { assessEngagement } from '../../../shared/rules/engine';
import { canonicalJson } from '../../../shared/signoff/canonical';
import { cwb } from '../../cli/testCli';
import { handleIpcCall } from '../../main/ipcCall';
import { startBrowserMode, TOKEN_HEADER } from '../../server/server';
import { buildDemoEngagement } from '../demo';
import { EngagementStore } from '../store/engagementStore';
import { useTempDir } from '../testSupport';
import { Workbench } from '../workbench';
import { verifyWorkbook } from './verifyWorkbook';

const tempDir = useTempDir();
const SIGNER = { name: 'Dr. Ines Vermeulen', role: 'CMIO', organisation: 'Fabrikam Regional Health', comment: 'Accepted for the board' };

const SIGNED_UNDER_RULES_1 = fileURLToPath(new URL('./fixtures/signed-under-rules-1.cwb', import.meta.url));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The demo engagement in a file of its own, opened in a workbench as the desktop app and browser mode do. */
function demoWorkbench() {
  const dir = tempDir();
  const path = join(dir, 'Fabrikam.cwb');
  buildDemoEngagement(path, 'Alex Consultant').close();
  const workbench = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'Alex Consultant' });
  return { dir, path, workbench };
}

async function call<T>(workbench: Workbench, method: ApiMethod, input: unknown = {}): Promise<T> {
  const outcome = (await workbench.dispatch(method, input)) as Envelope<T>;
  if ('error' in outcome) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.result;
}

async function errorCode(workbench: Workbench, method: ApiMethod, input: unknown): Promise<string | null> {
  const outcome = await workbench.dispatch(method, input);
  return 'error' in outcome ? outcome.error.code : null;
}

async function openSigned() {
  const setup = demoWorkbench();
  const view = await call<{ applications: { id: string; name: string; components: { id: string }[] }[] }>(setup.workbench, 'engagement.open', { path: setup.path });
  const signoff = await call<Signoff>(setup.workbench, 'signoff.sign', SIGNER);
  return { ...setup, view, signoff };
}

/** Edits an exported workbook with openpyxl, an independent writer, as a person editing in Excel would. */
function editWithOpenpyxl(path: string, python: string): void {
  execFileSync('/usr/bin/python3', ['-c', `import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\n${python}\nwb.save(sys.argv[1])`, path]);
}

describe('signing off', () => {
  it('freezes the engagement: every write is refused through the core, IPC, HTTP, the CLI and SQLite itself, and the file stays byte-identical', async () => {
    const { dir, path, workbench, view, signoff } = await openSigned();
    expect(signoff.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const app = view.applications[0]!;
    const exported = join(dir, 'answers.xlsx');
    await call(workbench, 'workbook.export', { path: exported });
    const before = sha256(path);

    const writes: [ApiMethod, unknown][] = [
      ['answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'Someone else' } }],
      ['answer.clear', { applicationId: app.id, questionId: 'app.owner' }],
      ['application.add', { name: 'Late addition' }],
      ['application.rename', { id: app.id, name: 'Renamed' }],
      ['component.add', { applicationId: app.id, name: 'Cache' }],
      ['site.save', { name: 'Third site', location: '', datacenterTier: 'unknown', utilityFeeds: null }],
      ['assumptions.reset', {}],
      ['engagement.updateDetails', { title: 'Changed after signing' }],
      ['engagement.updateDetails', { status: 'draft' }],
      ['answers.importApply', { path: exported }],
    ];
    for (const [method, input] of writes) expect(`${method} → ${await errorCode(workbench, method, input)}`).toBe(`${method} → SIGNED_OFF`);

    const ipc = await handleIpcCall(workbench, 'answer.set', writes[0]![1]);
    expect('error' in ipc && ipc.error.code).toBe('SIGNED_OFF');

    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const server = await startBrowserMode({ workbench, rendererDir });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/answer.set`, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: server.token, 'content-type': 'application/json' },
        body: JSON.stringify(writes[0]![1]),
      });
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('SIGNED_OFF');
      expect(body.error.message).toMatch(/signed off/i);
    } finally {
      await server.close();
    }
    workbench.close();

    const cli = await cwb('import-answers', path, exported, '--apply');
    expect(cli.code).toBe(1);
    expect(cli.err).toMatch(/signed off/i);
    const inventory = join(dir, 'inventory.csv');
    writeFileSync(inventory, 'VM,Application\nnew-vm-01,Payroll\n');
    expect((await cwb('import', path, inventory)).code).toBe(1);

    // The triggers refuse a change that bypasses the app altogether.
    const raw = new Database(path);
    try {
      expect(() => raw.prepare("UPDATE answer SET note = 'tampered'").run()).toThrow(/signed off/);
      expect(() => raw.prepare("UPDATE engagement SET title = 'tampered'").run()).toThrow(/signed off/);
    } finally {
      raw.close();
    }
    expect(sha256(path)).toBe(before);
  });

  it('fingerprints the documented canonical form: sorted keys, NFC text, SHA-256 of the UTF-8 bytes', async () => {
    const { path, workbench, signoff } = await openSigned();
    workbench.close();
    const content = EngagementStore.read(path, (store) => store.signedContentText(signoff.id));
    expect(createHash('sha256').update(Buffer.from(content, 'utf8')).digest('hex')).toBe(signoff.fingerprint);
    expect(canonicalJson(JSON.parse(content))).toBe(content);
    expect(content.startsWith('{"applications":[')).toBe(true);
    expect(content).not.toMatch(/\n|": /);
    // Decomposed and composed accents are one text in the canonical form.
    expect(canonicalJson({ b: 'Caf\u0065\u0301', a: [1.5, -0, 2e21] })).toBe('{"a":[1.5,0,2e+21],"b":"Caf\u00e9"}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/finite/);
  });

  it('verifies the file, and names the place when signed data was changed behind its back', async () => {
    const { path, workbench } = await openSigned();
    expect((await call<Verification>(workbench, 'signoff.verify')).outcome).toBe('verified');
    workbench.close();
    expect((await cwb('verify', path)).code).toBe(0);

    // Someone who knows SQLite lifts the trigger that guards signed answers, edits one, and puts
    // the trigger back as it was, so the file's schema looks untouched: only its data tells.
    const raw = new Database(path);
    const { sql } = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'signed_off_answer_update'").get() as { sql: string };
    raw.exec('DROP TRIGGER signed_off_answer_update');
    raw.prepare("UPDATE answer SET note = 'changed behind the app' WHERE rowid = (SELECT MIN(rowid) FROM answer)").run();
    raw.exec(sql);
    raw.close();
    const result = await cwb('verify', path, '--json');
    expect(result.code).toBe(1);
    const verification = JSON.parse(result.out) as Verification;
    expect(verification.outcome).toBe('altered');
    expect(verification.problems[0]!.place).toMatch(/^applications\[\d+\]\.(components\[\d+\]\.)?answers\.[\w.]+\.note$/);
  });

  it('still verifies an engagement signed off under the previous rules, whose results today would differ, and says what it checked', async () => {
    // A real file: the demo signed with `cwb signoff` under rules 1 and catalogue 2, before at-risk, not-assessed and lists of protection methods.
    const dir = tempDir();
    const path = join(dir, 'signed-under-rules-1.cwb');
    copyFileSync(SIGNED_UNDER_RULES_1, path);
    const before = sha256(path);

    // Verified as it came, in the older file format: through an upgraded private copy, leaving the file as it is.
    const asItCame = await cwb('verify', path, '--json');
    expect(asItCame.code).toBe(0);
    expect((JSON.parse(asItCame.out) as Verification).checked).toMatch(/older format, so an upgraded copy of it was checked and the file itself was left as it is$/);
    expect(sha256(path)).toBe(before);

    // Then opened once in the app, which upgrades it, as a consultant would.
    EngagementStore.open(path, 'consultant').close();
    const upgraded = sha256(path);
    const signed = JSON.parse(EngagementStore.read(path, (store) => store.signedContentText(1))) as { rulesVersion: number; catalogueVersion: number; results: unknown };
    expect(signed).toMatchObject({ rulesVersion: 1, catalogueVersion: 2 });
    const today = EngagementStore.read(path, (store) => assessEngagement(store.view(), { asOf: store.activeSignoff()!.asOf }));
    expect(canonicalJson(today)).not.toBe(canonicalJson(signed.results));

    const result = await cwb('verify', path, '--json');
    expect(result.code).toBe(0);
    const verification = JSON.parse(result.out) as Verification;
    expect(verification).toMatchObject({ outcome: 'verified', fingerprint: '63e2950a9f97ff78805a1da7e600bd69bb50998a010e61907444a74fc3a22661', problems: [] });
    expect(verification.checked).toMatch(/signed under rules 1 \(catalogue 2\) and this app has rules \d+ \(catalogue \d+\), so the stored results were checked against the fingerprint and not recomputed/);
    // The answers stored as single values are read as they were signed: not rewritten, so the file is untouched.
    expect(sha256(path)).toBe(upgraded);

    // Exports are made from the signed content, read in today's shape, and verify.
    const workbook = join(dir, 'signed.xlsx');
    expect((await cwb('export', path, '--format', 'xlsx', '-o', workbook)).code).toBe(0);
    expect((await cwb('verify', workbook)).code).toBe(0);
    expect((await cwb('report', path, '--format', 'html', '-o', join(dir, 'signed.html'))).code).toBe(0);

    // The data part is still checked: a change behind the app's back (the guarding trigger lifted,
    // an answer edited, the trigger put back as it was, so the schema looks untouched) is found and named.
    const raw = new Database(path);
    const { sql } = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'signed_off_answer_update'").get() as { sql: string };
    raw.exec('DROP TRIGGER signed_off_answer_update');
    raw.prepare("UPDATE answer SET note = 'changed behind the app' WHERE rowid = (SELECT MIN(rowid) FROM answer)").run();
    raw.exec(sql);
    raw.close();
    const altered = await cwb('verify', path, '--json');
    expect(altered.code).toBe(1);
    expect((JSON.parse(altered.out) as Verification).problems[0]!.place).toMatch(/^applications\[\d+\]\.(components\[\d+\]\.)?answers\.[\w.]+\.note$/);
  });

  it('adds co-signers to the same fingerprint; reopening voids it, keeps it on record and unlocks editing', async () => {
    const { workbench, view, signoff } = await openSigned();
    const cosigned = await call<Signoff>(workbench, 'signoff.sign', { name: 'Alex Consultant', role: 'Lead consultant', organisation: 'Contoso Consulting' });
    expect(cosigned.fingerprint).toBe(signoff.fingerprint);
    expect(cosigned.signers.map((s) => s.name)).toEqual([SIGNER.name, 'Alex Consultant']);

    expect(await errorCode(workbench, 'signoff.reopen', { reason: '' })).toBe('VALIDATION');
    const details = await call<{ status: string }>(workbench, 'signoff.reopen', { reason: 'Payroll owner corrected the RPO' });
    expect(details.status).toBe('in-review');
    const [record] = await call<Signoff[]>(workbench, 'signoff.history');
    expect(record!.voided).toMatchObject({ by: 'Alex Consultant', reason: 'Payroll owner corrected the RPO' });
    expect(record!.signers).toHaveLength(2);

    const app = view.applications[0]!;
    expect(await errorCode(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'New owner' } })).toBeNull();
    const comparison = await call<Comparison>(workbench, 'history.compare', { from: { kind: 'signoff', id: signoff.id }, to: { kind: 'current' } });
    const changed = comparison.applications.find((a) => a.applicationId === app.id)!;
    expect(changed.answers.some((change) => change.after?.startsWith('New owner'))).toBe(true);

    const again = await call<Signoff>(workbench, 'signoff.sign', SIGNER);
    expect(again.fingerprint).not.toBe(signoff.fingerprint);
    workbench.close();
  });

  it('lists what is missing before a sign-off, each item naming its application and question', async () => {
    const { path, workbench } = demoWorkbench();
    await call(workbench, 'engagement.open', { path });
    const app = (await call<{ id: string }>(workbench, 'application.add', { name: 'Brand new app' })) as { id: string };
    const readiness = await call<Readiness>(workbench, 'signoff.readiness');
    expect(readiness.ready).toBe(false);
    // Nobody has answered for it: one item says so, rather than one per question.
    expect(readiness.items.filter((item) => item.applicationId === app.id)).toEqual([expect.objectContaining({ kind: 'not-assessed', questionId: null })]);
    expect(readiness.counts.notAssessed).toBe(2);
    await call(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.statefulness', state: { status: 'unknown', followUpWith: '', followUpBy: '' } });
    const after = await call<Readiness>(workbench, 'signoff.readiness');
    const mine = after.items.filter((item) => item.applicationId === app.id);
    expect(mine.some((item) => item.kind === 'unknown-without-owner' && item.questionId === 'app.statefulness')).toBe(true);
    expect(mine.some((item) => item.kind === 'unanswered' && item.questionId === 'app.impactRadius')).toBe(true);
    expect(mine.some((item) => item.kind === 'no-targets')).toBe(true);
    // An application left out of scope has nothing open.
    const fax = (await call<{ applications: { id: string; name: string }[] }>(workbench, 'engagement.current')).applications.find((a) => a.name === 'Legacy Fax Gateway')!;
    expect(after.items.some((item) => item.applicationId === fax.id)).toBe(false);
    workbench.close();
  });
});

describe('a signed workbook', () => {
  async function signedWorkbook() {
    const { dir, workbench } = await openSigned();
    const path = join(dir, 'signed.xlsx');
    await call(workbench, 'workbook.export', { path });
    workbench.close();
    return path;
  }

  it('passes cwb verify untouched, and prints the fingerprint on its cover', async () => {
    const path = await signedWorkbook();
    const result = await cwb('verify', path, '--json');
    const verification = JSON.parse(result.out) as Verification;
    expect(verification.outcome).toBe('verified');
    expect(result.code).toBe(0);
    expect(verification.signers[0]!.name).toBe(SIGNER.name);
    const cover = execFileSync('/usr/bin/python3', ['-c', "import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])['Cover']\nprint('\\n'.join(str(c.value) for r in ws.iter_rows() for c in r if c.value))", path], { encoding: 'utf8' });
    expect(cover.replace(/ /g, '')).toContain(verification.fingerprint);
  });

  it.each([
    ['an answer cell in the Interview sheet', "ws = wb['Interview']\nws['F3'] = 'edited in Excel'", /^Interview!F3$/],
    ['a deleted row of findings', "wb['Findings'].delete_rows(3)", /^Findings row 3$/],
    ['a deleted sheet', "del wb['Assumptions']", /^sheet Assumptions$/],
    ['the fingerprint on the cover', "ws = wb['Cover']\nfor row in ws.iter_rows():\n    for c in row:\n        if c.value == 'Fingerprint (SHA-256)': ws.cell(row=c.row, column=2).value = '0' * 64", /^Cover!B\d+$/],
    ['the hidden signed content', "ws = wb['signature']\nws['A10'] = ws['A10'].value.replace('\"name\":\"', '\"name\":\"X', 1)", /^sheet signature$/],
  ])('fails cwb verify after openpyxl changes %s, naming the place', async (_what, python, place) => {
    const path = await signedWorkbook();
    editWithOpenpyxl(path, python);
    const result = await cwb('verify', path, '--json');
    expect(result.code).toBe(1);
    const verification = JSON.parse(result.out) as Verification;
    expect(verification.outcome).toBe('altered');
    expect(verification.problems.map((p) => p.place)).toContainEqual(expect.stringMatching(place));
  });

  it('says so for a workbook of an engagement that was not signed off', async () => {
    const { dir, path, workbench } = demoWorkbench();
    await call(workbench, 'engagement.open', { path });
    const exported = join(dir, 'draft.xlsx');
    await call(workbench, 'workbook.export', { path: exported });
    workbench.close();
    expect((await verifyWorkbook(exported)).outcome).toBe('unsigned');
    const result = await cwb('verify', exported);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^Not signed/);
  });
});

describe('snapshots', () => {
  it('are kept before a sign-off and restore exactly, the state before the restore kept too', async () => {
    const { path, workbench, view } = await openSigned();
    const snapshots = await call<Snapshot[]>(workbench, 'snapshots.list');
    const beforeSignOff = snapshots.find((s) => s.reason === 'Before the sign-off')!;
    expect(beforeSignOff).toBeDefined();
    const atSnapshot = EngagementStore.read(join(`${path}.history`, `${beforeSignOff.id}.cwb`), (store) => store.view());

    await call(workbench, 'signoff.reopen', { reason: 'More answers came in' });
    const app = view.applications[1]!;
    await call(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'Changed after reopening' } });
    await call(workbench, 'application.add', { name: 'Added after reopening' });

    const restored = await call<typeof atSnapshot>(workbench, 'snapshots.restore', { id: beforeSignOff.id });
    const comparable = (v: typeof atSnapshot) => ({ ...v, path: '', access: null });
    expect(comparable(restored)).toEqual(comparable(atSnapshot));
    const after = await call<Snapshot[]>(workbench, 'snapshots.list');
    expect(after[0]!.reason).toBe('Before a snapshot was restored');
    const kept = EngagementStore.read(join(`${path}.history`, `${after[0]!.id}.cwb`), (store) => store.view());
    expect(kept.applications.some((a) => a.name === 'Added after reopening')).toBe(true);
    workbench.close();

    const listed = await cwb('snapshots', path, '--json');
    expect((JSON.parse(listed.out) as Snapshot[]).length).toBe(after.length);
    const cli = await cwb('restore', path, '1');
    expect(cli.code).toBe(0);
    expect(EngagementStore.inspect(path).applications.some((a) => a.name === 'Added after reopening')).toBe(true);
  });

  it('are taken before an inventory import', async () => {
    const { dir, path, workbench } = demoWorkbench();
    workbench.close();
    const inventory = join(dir, 'inventory.csv');
    writeFileSync(inventory, 'VM,Application\nnew-vm-01,Payroll\n');
    expect((await cwb('import', path, inventory)).code).toBe(0);
    expect(JSON.parse((await cwb('snapshots', path, '--json')).out)[0].reason).toBe('Before an inventory import');
  });
});

describe('a file open elsewhere', () => {
  it('opens read-only in a second window of the same process, and for writing once the first closes', () => {
    const { path } = demoWorkbench();
    const first = EngagementStore.open(path, 'first');
    const second = EngagementStore.open(path, 'second');
    expect(second.access.readOnly).toBe(true);
    expect(second.access.reason).toMatch(/already open/);
    const app = second.applications()[0]!;
    expect(() => second.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: 'x' })).toThrow(/read-only|already open/);
    second.close();
    first.close();
    const third = EngagementStore.open(path, 'third');
    expect(third.access.readOnly).toBe(false);
    third.close();
  });

  it('opens read-only while another process has it, and takes over the lock of a process that died', async () => {
    const { path } = demoWorkbench();
    const holder = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'holdOpen.fixture.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
        holder.on('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      const second = EngagementStore.open(path, 'second');
      expect(second.access.readOnly).toBe(true);
      expect(second.access.reason).toContain(`process ${holder.pid}`);
      second.close();
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const after = EngagementStore.open(path, 'after');
    expect(after.access.readOnly).toBe(false);
    after.close();
  });

  it('opens read-only from a read-only medium, with the reason', () => {
    const { dir, path } = demoWorkbench();
    const mount = join(dir, 'usb-stick');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      console.warn('skipped: mounting a read-only file system needs root here');
      return;
    }
    try {
      const onStick = join(mount, 'Fabrikam.cwb');
      writeFileSync(onStick, readFileSync(path));
      execFileSync('mount', ['-o', 'remount,ro', mount]);
      const before = sha256(onStick);
      const store = EngagementStore.open(onStick, 'reader');
      expect(store.access).toEqual({ readOnly: true, reason: expect.stringMatching(/read-only medium/) });
      expect(store.view().applications.length).toBeGreaterThan(0);
      expect(() => store.addApplication('Nope')).toThrow(/read-only medium/);
      store.close();
      expect(sha256(onStick)).toBe(before);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});

describe('a file that vanished while open', () => {
  it('refuses the next change with a clear error and still saves a complete copy elsewhere', async () => {
    const { dir, path, workbench } = demoWorkbench();
    const view = await call<{ applications: { id: string }[] }>(workbench, 'engagement.open', { path });
    const app = view.applications[0]!;
    await call(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'Saved before the stick was pulled' } });
    rmSync(path);
    const refused = await workbench.dispatch('answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'Too late' } });
    expect('error' in refused && refused.error).toMatchObject({ code: 'IO', message: expect.stringMatching(/no longer there.*Save a copy/) });
    const copy = join(dir, 'rescued.cwb');
    await call(workbench, 'engagement.saveCopy', { path: copy });
    workbench.close();
    const rescued = EngagementStore.inspect(copy);
    expect(rescued.applications.find((a) => a.id === app.id)!.answers['app.owner']!.state).toEqual({ status: 'answered', value: 'Saved before the stick was pulled' });
  });
});

describe('opening the engagement that is already open', () => {
  it('keeps it writable rather than finding its own lock', async () => {
    const { path, workbench } = demoWorkbench();
    await call(workbench, 'engagement.open', { path });
    const again = await call<{ access: { readOnly: boolean } }>(workbench, 'engagement.open', { path });
    expect(again.access.readOnly).toBe(false);
    expect(await errorCode(workbench, 'application.add', { name: 'Still writable' })).toBeNull();
    workbench.close();
  });
});
