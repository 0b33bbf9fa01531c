import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_ENGAGEMENT_ATTACHMENT_BYTES } from '../../../shared/domain/attachment';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { cwb } from '../../cli/testCli';
import { sha256Of } from '../store/attachments';
import { buildReportHtml } from '../report/html';
import { exportSource } from '../signoff/history';
import { TINY_PDF, TINY_PNG } from './testFiles';

const tempDir = useTempDir();
const FORM_V1_FIXTURE = fileURLToPath(new URL('../signoff/fixtures/signed-form-v1.cwb', import.meta.url));

function engagement() {
  const dir = tempDir();
  const path = join(dir, 'evidence.cwb');
  const store = EngagementStore.create(path, { customer: 'Northwind', title: 'Evidence' }, 'ana');
  const app = store.addApplication('Payroll');
  const database = store.addComponent(app.id, 'Database');
  return { dir, path, store, app, database };
}

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Backups').addRow(['job', 'result']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same package with one part renamed xl/vbaProject.bin (same length), as a macro workbook lists its VBA project. */
function withVbaEntry(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const target = Buffer.from('docProps/core.xml');
  const replacement = Buffer.from('xl/vbaProject.bin');
  let at = copy.indexOf(target);
  while (at >= 0) {
    replacement.copy(copy, at);
    at = copy.indexOf(target, at + 1);
  }
  return copy;
}

describe('evidence attachments', () => {
  it('stores each accepted kind, recognised by its content, with its SHA-256, who and when; the view holds metadata only', async () => {
    const { store, app, database } = engagement();
    try {
      const files = [
        ['backup-report.pdf', TINY_PDF, 'application/pdf'],
        ['replication.png', TINY_PNG, 'image/png'],
        ['jobs.xlsx', await xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        ['restore-log.csv', Buffer.from('job,result\nnightly,ok\n'), 'text/csv'],
        ['minutes.txt', Buffer.from('DR test on 3 March: failover in 42 minutes.\n'), 'text/plain'],
      ] as const;
      for (const [name, bytes, mediaType] of files) {
        const meta = store.addAttachment({ applicationId: app.id, componentId: database.id, questionId: 'component.statefulness' }, { name, bytes });
        expect(meta).toMatchObject({ name, mediaType, size: bytes.length, sha256: sha256Of(bytes), attachedBy: 'ana' });
        expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      const view = store.view();
      expect(view.attachments.map((a) => a.name)).toEqual(files.map(([name]) => name));
      expect(JSON.stringify(view)).not.toContain(TINY_PNG.toString('base64'));
      expect(store.attachmentContent(view.attachments[1]!.id).bytes.equals(TINY_PNG)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a file whose content is not what its name says, a macro workbook, an empty or too large file, and an unknown subject', async () => {
    const { store, app, database } = engagement();
    const subject = { applicationId: app.id, componentId: null, questionId: null };
    try {
      expect(() => store.addAttachment(subject, { name: 'report.pdf', bytes: TINY_PNG })).toThrow('report.pdf: the name says PDF document but the content is a PNG image');
      expect(() => store.addAttachment(subject, { name: 'shot.png', bytes: Buffer.from('<script>alert(1)</script>') })).toThrow('shot.png: the name says PNG image but the content is text');
      expect(() => store.addAttachment(subject, { name: 'tool.exe', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0]) })).toThrow('only PDF, PNG, JPEG, XLSX, CSV or TXT files can be attached, not .exe');
      expect(() => store.addAttachment(subject, { name: 'page.html', bytes: Buffer.from('<html></html>') })).toThrow(/not \.html/);
      expect(() => store.addAttachment(subject, { name: 'empty.txt', bytes: Buffer.alloc(0) })).toThrow('empty.txt: the file is empty (0 bytes).');
      expect(() => store.addAttachment(subject, { name: 'huge.txt', bytes: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61) })).toThrow('huge.txt: the file is 20 MiB; an attachment may be at most 20 MiB.');
      expect(() => store.addAttachment({ ...subject, componentId: database.id }, { name: 'a.txt', bytes: Buffer.from('x') })).toThrow(/name the question for a component/);
      expect(() => store.addAttachment({ ...subject, questionId: 'component.statefulness' }, { name: 'a.txt', bytes: Buffer.from('x') })).toThrow(/answered per component/);
      expect(() => store.addAttachment({ ...subject, applicationId: 'nope' }, { name: 'a.txt', bytes: Buffer.from('x') })).toThrow(/No application with id nope/);
      expect(store.attachments()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('refuses a workbook that carries macros', async () => {
    const { store, app } = engagement();
    try {
      const bytes = withVbaEntry(await xlsx());
      expect(() => store.addAttachment({ applicationId: app.id, componentId: null, questionId: null }, { name: 'jobs.xlsx', bytes })).toThrow('jobs.xlsx: the workbook contains macros');
    } finally {
      store.close();
    }
  });

  it('keeps to the limit per engagement', () => {
    const { store, app } = engagement();
    try {
      const subject = { applicationId: app.id, componentId: null, questionId: null };
      const chunk = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x61);
      const fit = Math.floor(MAX_ENGAGEMENT_ATTACHMENT_BYTES / MAX_ATTACHMENT_BYTES);
      for (let i = 0; i < fit; i += 1) store.addAttachment(subject, { name: `log-${i}.txt`, bytes: chunk });
      expect(() => store.addAttachment(subject, { name: 'one-more.txt', bytes: Buffer.from('x') })).toThrow(
        'one-more.txt (1 bytes) does not fit: this engagement already holds 200 MiB of attachments, and at most 200 MiB are kept per engagement.',
      );
    } finally {
      store.close();
    }
  }, 60_000);

  it('removes a component’s attachments with it, each audited', () => {
    const { store, app, database } = engagement();
    try {
      store.addAttachment({ applicationId: app.id, componentId: database.id, questionId: 'component.statefulness' }, { name: 'a.txt', bytes: Buffer.from('x') });
      store.removeComponent(app.id, database.id);
      expect(store.attachments()).toEqual([]);
      expect(store.auditTrail().filter((e) => e.entity === 'attachment').map((e) => e.action)).toEqual(['create', 'delete']);
    } finally {
      store.close();
    }
  });

  it('are covered by the sign-off: one changed byte, or a removed attachment, fails cwb verify', async () => {
    const { dir, path, store, app } = engagement();
    store.addAttachment({ applicationId: app.id, componentId: null, questionId: 'app.owner' }, { name: 'org-chart.png', bytes: TINY_PNG });
    const signoff = store.signOff({ name: 'Dana', role: 'CIO', organisation: 'Northwind' });
    const content = JSON.parse(store.signedContentText(signoff.id));
    store.close();
    expect(content.formVersion).toBe(2);
    expect(content.attachments).toEqual([expect.objectContaining({ name: 'org-chart.png', size: TINY_PNG.length, sha256: sha256Of(TINY_PNG) })]);
    expect((await cwb('verify', path)).code).toBe(0);

    const changed = join(dir, 'changed.cwb');
    const bytes = readFileSync(path);
    const at = bytes.indexOf(TINY_PNG);
    expect(at).toBeGreaterThan(0);
    bytes[at + 40] = bytes[at + 40]! ^ 0x01;
    writeFileSync(changed, bytes);
    const altered = await cwb('verify', changed, '--json');
    expect(altered.code).toBe(1);
    expect(JSON.parse(altered.out)).toMatchObject({ outcome: 'altered', problems: [{ place: 'attachments[0].sha256' }] });

    const removed = join(dir, 'removed.cwb');
    copyFileSync(path, removed);
    // Behind the app's back: the trigger that guards signed evidence is lifted, the rows deleted, and
    // the trigger put back, since a file missing one is refused before it is even read.
    const db = new Database(removed);
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'signed_off_attachment_delete'").get() as { sql: string };
    db.exec('DROP TRIGGER signed_off_attachment_delete; DELETE FROM attachment;');
    db.exec(sql);
    db.close();
    const gone = await cwb('verify', removed, '--json');
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.out).problems[0].place).toMatch(/^attachments/);
  });

  it('leaves a sign-off made under form version 1 verifying after the upgrade to this version', async () => {
    const path = join(tempDir(), 'signed-form-v1.cwb');
    copyFileSync(FORM_V1_FIXTURE, path);
    EngagementStore.open(path, 'ana').close();
    const result = await cwb('verify', path, '--json');
    expect(result.code, result.out).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ outcome: 'verified', fingerprint: '36acd86b87cc1b6519ba39048e2b158f20231ca665bc8cfe599b2c8ac6654c7e' });
    const stored = EngagementStore.read(path, (store) => JSON.parse(store.signedContentText(store.activeSignoff()!.id)));
    expect(stored.formVersion).toBe(1);
    expect(stored.attachments).toBeUndefined();
  });

  it('survive a JSON round trip, and a document whose content does not match its hash is refused', async () => {
    const { dir, path, store, app } = engagement();
    const meta = store.addAttachment({ applicationId: app.id, componentId: null, questionId: null }, { name: 'minutes.pdf', bytes: TINY_PDF });
    store.close();
    const json = join(dir, 'out.json');
    expect((await cwb('export', path, '--format', 'json', '-o', json)).code).toBe(0);
    const document = JSON.parse(readFileSync(json, 'utf8'));
    expect(document.formatVersion).toBe(2);
    expect(document.attachments).toEqual([{ ...meta, contentBase64: TINY_PDF.toString('base64') }]);
    const copy = join(dir, 'copy.cwb');
    expect((await cwb('create', copy, '--from', json)).code).toBe(0);
    EngagementStore.read(copy, (copied) => {
      expect(copied.attachments()).toEqual([meta]);
      expect(copied.attachmentContent(meta.id).bytes.equals(TINY_PDF)).toBe(true);
    });

    document.attachments[0].contentBase64 = Buffer.from(TINY_PDF.toString('latin1').replace('passed', 'FAILED'), 'latin1').toString('base64');
    writeFileSync(json, JSON.stringify(document));
    const refused = await cwb('create', join(dir, 'bad.cwb'), '--from', json);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/attachments\[0\] \("minutes\.pdf"\): the content does not match its SHA-256/);
  });

  it('are listed with their SHA-256 in the workbook and the report; a signed workbook with evidence verifies', async () => {
    const { dir, path, store, app } = engagement();
    const meta = store.addAttachment({ applicationId: app.id, componentId: null, questionId: 'app.owner' }, { name: 'org-chart.png', bytes: TINY_PNG });
    store.signOff({ name: 'Dana', role: 'CIO', organisation: 'Northwind' });
    const html = buildReportHtml(store.view(), exportSource(store).assessment);
    store.close();
    expect(html).toContain('<h2>Evidence</h2>');
    expect(html).toContain(meta.sha256);
    const workbookPath = join(dir, 'signed.xlsx');
    expect((await cwb('export', path, '--format', 'xlsx', '-o', workbookPath)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(workbookPath);
    const sheet = workbook.getWorksheet('Evidence')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Application', 'Component', 'Question', 'File', 'Type', 'Size (bytes)', 'SHA-256', 'Attached by', 'Attached (UTC)']);
    expect(sheet.getRow(2).getCell(4).value).toBe('org-chart.png');
    expect(sheet.getRow(2).getCell(7).value).toBe(meta.sha256);
    expect((await cwb('verify', workbookPath)).code).toBe(0);
  });

  it('cwb attach and cwb attachments print the documented shapes', async () => {
    const { dir, path, store, database } = engagement();
    store.close();
    const png = join(dir, 'replication status.png');
    writeFileSync(png, TINY_PNG);
    const attached = await cwb('attach', path, '--app', 'payroll', '--component', 'Database', '--question', 'component.statefulness', png, '--json');
    expect(attached.code, attached.err).toBe(0);
    const meta = JSON.parse(attached.out);
    expect(meta).toMatchObject({ name: 'replication status.png', application: 'Payroll', component: 'Database', componentId: database.id, questionId: 'component.statefulness', sha256: sha256Of(TINY_PNG) });
    const listed = await cwb('attachments', path, '--json');
    expect(JSON.parse(listed.out)).toEqual({ file: path, totalBytes: TINY_PNG.length, limits: { perFileBytes: MAX_ATTACHMENT_BYTES, perEngagementBytes: MAX_ENGAGEMENT_ATTACHMENT_BYTES }, attachments: [meta] });
    expect((await cwb('attachments', path)).out).toMatch(new RegExp(`^1 attachment, ${TINY_PNG.length} bytes of 200 MiB:\n  replication status\\.png \\(${TINY_PNG.length} bytes\\) — Payroll — Database — `));
    const refused = await cwb('attach', path, '--app', 'Payroll', join(dir, 'missing.pdf'));
    expect(refused.code).toBe(1);
    expect((await cwb('attach', path, png)).code).toBe(2);
  });
});
