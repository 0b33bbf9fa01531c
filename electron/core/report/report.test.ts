import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISRUPTION_SCOPES, type EngagementView } from '../../../shared/domain/engagement';
import type { Assessment } from '../../../shared/rules/assessment';
import { assessEngagement } from '../../../shared/rules/engine';
import { scopeTitle } from '../../../shared/rules/labels';
import { recoveryPlans } from '../../../shared/rules/plan';
import { disasterTitle } from '../../../shared/rules/planWords';
import { buildDemoEngagement } from '../demo';
import { CwbError } from '../errors';
import { EngagementStore } from '../store/engagementStore';
import { useTempDir } from '../testSupport';
import { Workbench } from '../workbench';
import { exportReport, renderReport } from './exportReport';
import { buildReportHtml, SECTION_TITLES } from './html';
import { buildReportModel, roadmapGroup } from './model';
import { createChromiumPrinter, findChromium } from './pdf';

const AS_OF = '2026-11-25';
const GENERATED_AT = '2026-11-25T10:00:00.000Z';
const tempDir = useTempDir();
const PDFTOTEXT = '/usr/bin/pdftotext';
const VM_SENTENCE = '3 of 11 applications that must survive VM loss meet their targets; 1 only in the best case; 6 do not; for 1 it is not known yet; 1 application is not assessed yet.';
const SOFFICE = '/usr/bin/soffice';

function demo(): { dir: string; view: EngagementView; assessment: Assessment } {
  const dir = tempDir();
  const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'tester');
  const view = store.view();
  store.close();
  return { dir, view, assessment: assessEngagement(view, { asOf: AS_OF }) };
}

/** The text a reader sees, without tags and with whitespace collapsed, so checks do not depend on markup. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

/** Reads a zip entry with Python's zipfile: a reader that shares no code with the docx library. */
function unzipEntry(path: string, entry: string): string {
  return execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8"))', path, entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function zipEntries(path: string): string[] {
  return execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', path], { encoding: 'utf8' }).trim().split('\n');
}

function pdfText(path: string): string {
  return execFileSync(PDFTOTEXT, [path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\s+/g, ' ');
}

describe('the HTML report', () => {
  it('has every section, in order, and each application', () => {
    const { view, assessment } = demo();
    const html = buildReportHtml(view, assessment, { generatedAt: GENERATED_AT });
    const headings = [...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]);
    expect(headings).toEqual(Object.values(SECTION_TITLES));
    const appHeadings = [...html.matchAll(/<article class="app"[^>]*>\s*<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    // Applications nobody has answered for, and those left out, get no section of their own: the summary lists them.
    const judged = assessment.applications.filter((a) => a.assessment === 'assessed' || a.assessment === 'in-progress');
    expect(judged.length).toBe(assessment.applications.length - 2);
    expect(appHeadings).toEqual(judged.map((a) => a.name.replace(/&/g, '&amp;')));
    expect(html).toContain('<title>Fabrikam Regional Health — BC/DR assessment — Azure Stack Hub workloads</title>');
  });

  it('shows the numbers of the assessment: compliance per scope, every finding, every recommendation', () => {
    const { view, assessment } = demo();
    const html = buildReportHtml(view, assessment, { generatedAt: GENERATED_AT });
    const text = visibleText(html);
    for (const scope of DISRUPTION_SCOPES) {
      const c = assessment.summary.complianceByScope[scope];
      // Executive summary row: scope, must survive, met, at risk, breached, unknown, not assessed.
      const required = c.met + c.atRisk + c.breached + c.unknown;
      expect(html).toContain(`<tr><td>${scopeTitle(scope)}</td><td>${required}</td><td>${c.met}</td><td>${c.atRisk}</td><td>${c.breached}</td><td>${c.unknown}</td><td>${c.notAssessed}</td>`);
    }
    expect(assessment.summary.complianceByScope.vm).toMatchObject({ met: 3, atRisk: 1, breached: 6, unknown: 1, notAssessed: 1, outOfScope: 1 });
    expect(text).toContain(VM_SENTENCE);
    expect(text).toContain('1 application is not assessed yet: nothing the assessment needs has been answered for it, so this report says nothing about its recovery.');
    expect(text).toContain('Application Runs on VMs Telemetry Dashboards not known 1');
    expect(text).toContain('Left out of scope Application Why Legacy Fax Gateway Switched off in January 2027');
    expect(text).not.toMatch(/No application has to survive/);
    const codes = new Set(assessment.applications.flatMap((a) => a.findings.map((f) => f.code)));
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) expect(html).toContain(`<code>${code}</code>`);
    const findingCount = assessment.applications.reduce((n, a) => n + a.findings.length, 0);
    expect(html.match(/<div class="finding">/g)).toHaveLength(findingCount);
    expect(text).toContain(`the assessment raised ${findingCount} findings`);
    // Recommendations say which findings they resolve by title; the code stands beside it for reference.
    expect(text).toMatch(/Resolves What it achieves .*Recovery takes longer than the target allows RTO_NOT_MET/);
    for (const app of assessment.applications) for (const f of app.findings) expect(text).toContain(f.rationale);
    // The roadmap holds every recommendation once, numbered by the workbook's plan.
    const recommendations = assessment.applications.reduce((n, a) => n + a.recommendations.length, 0);
    const roadmap = html.slice(html.indexOf('id="roadmap"'), html.indexOf('id="follow-ups"'));
    expect(roadmap.match(/<tr><td>\d+<\/td>/g)).toHaveLength(recommendations);
    // The decision about a second system names the applications the rules named.
    for (const app of assessment.summary.secondSystem.applications) expect(text).toMatch(new RegExp(`Provide a second Azure Stack Hub system[^]*${app.name}`));
    // Assumptions are printed with their values.
    expect(text).toContain(`Detect the failure and decide to recover ${assessment.assumptions.detectAndDecide.best} ${assessment.assumptions.detectAndDecide.worst}`);
  });

  it('has a recovery plan per disaster the applications must survive, with its timeline, capacity and findings', () => {
    const { view, assessment } = demo();
    const html = buildReportHtml(view, assessment, { generatedAt: GENERATED_AT });
    const chapter = html.slice(html.indexOf('<section class="major" id="recovery-plans">'), html.indexOf('<section class="major" id="applications">'));
    const plans = recoveryPlans(view, assessment).disasters;
    const titles = [...chapter.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual(plans.filter((d) => d.mustSurvive).map((d) => disasterTitle(d.disaster)));
    expect(titles).toContain('Site loss: Rotterdam DC1');
    expect((chapter.match(/aria-label="When each application is back: /g) ?? []).length).toBe(titles.length);
    const text = visibleText(chapter);
    expect(text).toContain('ash-ehv-01 must also run Appointment Booking Web, Finance ERP, Patient Records (EPR) and Pharmacy Dispensing');
    expect(text).toContain('“Azure Stack Hub capacity planning for compute”');
    expect(text).not.toMatch(/RECOVERY_CAPACITY_SHORT|DEPENDENCY_CYCLE/);
  });

  it('groups the roadmap: quick wins are low effort, a new system is never one', () => {
    const { view, assessment } = demo();
    const model = buildReportModel(view, assessment);
    const all = model.roadmap.flatMap((g) => g.items.map((i) => ({ group: g.key, ...i })));
    expect(all.map((i) => i.priority).sort((a, b) => a - b)).toEqual(all.map((_, i) => i + 1));
    expect(all.filter((i) => i.effort === 'low' && i.group !== 'second-system').every((i) => i.group === 'quick-wins')).toBe(true);
    expect(model.roadmap.map((g) => g.items.length).every((n) => n > 0)).toBe(true);
    expect(roadmapGroup({ code: 'DEPLOY_SECOND_SYSTEM', effort: 'low', action: '', resolves: [], outcome: '', reaches: [] })).toBe('second-system');
  });

  it('loads nothing from anywhere: no scripts, no links to resources, no URLs', () => {
    const { view, assessment } = demo();
    const html = buildReportHtml(view, assessment);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|src=/i);
    expect(html).not.toMatch(/url\((?!#)/);
  });

  it('escapes what people typed', () => {
    const dir = tempDir();
    const store = EngagementStore.create(join(dir, 'hostile.cwb'), { customer: '<script>alert(1)</script>', title: 'A & B "quoted"' }, 'tester');
    const app = store.addApplication('<img src=x onerror=alert(2)>');
    store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: '</table><h1>Owner</h1>' }, 'note <b>bold</b>');
    store.setAnswer(app.id, null, 'app.statefulness', { status: 'unknown', followUpWith: '<svg onload=alert(3)>', followUpBy: '' });
    const view = store.view();
    store.close();
    const html = buildReportHtml(view, assessEngagement(view, { asOf: AS_OF }));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toContain('</table><h1>Owner</h1>');
    expect(html).not.toContain('<svg onload');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('A &amp; B &quot;quoted&quot;');
  });

  it('prints blank signature lines before sign-off, and the signer and fingerprint when given', () => {
    const { view, assessment } = demo();
    const blank = buildReportHtml(view, assessment);
    const signOff = blank.slice(blank.indexOf('id="sign-off"'));
    expect(signOff.match(/<div class="line"><\/div>/g)!.length).toBeGreaterThanOrEqual(8);
    const signed = buildReportHtml({ ...view, details: { ...view.details, status: 'signed-off' } }, assessment, {
      signOff: { signers: [{ signer: 'Dr. Ines Vermeulen', role: 'CMIO', organisation: 'Fabrikam', date: '2026-12-03', comment: '' }], fingerprint: 'a'.repeat(64) },
    });
    expect(signed).toContain('Dr. Ines Vermeulen');
    expect(signed).toContain('aaaaaaaa aaaaaaaa');
  });
});

describe('an engagement with nothing in it yet', () => {
  it('still makes every section, in HTML and DOCX', async () => {
    const dir = tempDir();
    const store = EngagementStore.create(join(dir, 'empty.cwb'), { customer: 'Empty Co', title: 'First look' }, 'tester');
    const view = store.view();
    store.close();
    const assessment = assessEngagement(view, { asOf: AS_OF });
    const html = buildReportHtml(view, assessment);
    for (const title of Object.values(SECTION_TITLES)) expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('No applications are recorded yet.');
    const docx = await renderReport('docx', view, assessment);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  }, 30_000);
});

describe('the PDF report', () => {
  it.skipIf(!findChromium())(
    'is a PDF whose text has the customer, every section, the page numbers and the expected figures',
    async () => {
      const { dir, view, assessment } = demo();
      const path = join(dir, 'report.pdf');
      await exportReport(path, 'pdf', view, assessment, { generatedAt: GENERATED_AT });
      expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(readdirSync(dir).sort()).toEqual(['demo.cwb', 'report.pdf']);
      if (!existsSync(PDFTOTEXT)) {
        console.warn('pdftotext (poppler-utils) is not installed: the PDF text is not checked');
        return;
      }
      const text = pdfText(path);
      expect(text).toContain('Fabrikam Regional Health');
      for (const title of Object.values(SECTION_TITLES)) expect(text).toContain(title);
      expect(text).toMatch(/Page 1 of \d+/);
      expect(text).toContain(VM_SENTENCE);
      for (const app of assessment.applications) expect(text).toContain(app.name);
    },
    120_000,
  );

  it('says how to get a PDF anyway when there is no Chromium', async () => {
    const { view, assessment } = demo();
    const failing = renderReport('pdf', view, assessment, { printer: createChromiumPrinter(null) });
    await expect(failing).rejects.toBeInstanceOf(CwbError);
    await expect(failing).rejects.toThrow(/no Chromium was found[^]*--format html[^]*print it to PDF/);
  });

  it('uses the printer it is given, so the desktop app can print with Electron', async () => {
    const { dir, view, assessment } = demo();
    const seen: string[] = [];
    const path = join(dir, 'fake.pdf');
    await exportReport(path, 'pdf', view, assessment, {
      printer: async (html, header) => {
        seen.push(header.left, html.slice(0, 15));
        return Buffer.from('%PDF-1.7 fake');
      },
    });
    expect(seen).toEqual(['Fabrikam Regional Health', '<!doctype html>']);
    expect(readFileSync(path, 'utf8')).toBe('%PDF-1.7 fake');
  });
});

describe('the DOCX report', () => {
  it(
    'opens with an independent reader and has real headings, tables and chart pictures',
    async () => {
      const { dir, view, assessment } = demo();
      const path = join(dir, 'report.docx');
      await exportReport(path, 'docx', view, assessment, { generatedAt: GENERATED_AT });
      const entries = zipEntries(path);
      expect(entries).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml', '[Content_Types].xml']));
      const media = entries.filter((e) => /^word\/media\/.+\.png$/.test(e));
      expect(media.length).toBeGreaterThanOrEqual(3 + assessment.applications.length);
      const xml = unzipEntry(path, 'word/document.xml');
      const paragraphs = [...xml.matchAll(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
      const textOf = (p: string) => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      const headings = (level: number) => paragraphs.filter((p) => p.includes(`<w:pStyle w:val="Heading${level}"/>`)).map(textOf);
      expect(headings(1)).toEqual(Object.values(SECTION_TITLES));
      expect(headings(2)).toEqual(expect.arrayContaining(assessment.applications.filter((a) => a.assessment !== 'not-assessed' && a.assessment !== 'out-of-scope').map((a) => a.name)));
      expect(headings(2)).toEqual(expect.arrayContaining(['○ Not assessed yet', '∅ Left out of scope']));
      expect(headings(2)).toEqual(expect.arrayContaining(['Quick wins', 'Backup changes', 'Replication and availability', 'A second system']));
      expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThan(2 * assessment.applications.length);
      const all = textOf(xml);
      for (const code of new Set(assessment.applications.flatMap((a) => a.findings.map((f) => f.code)))) expect(all).toContain(code);
      expect(all).toContain(VM_SENTENCE);
      const footer = entries.filter((e) => /^word\/footer\d*\.xml$/.test(e)).map((e) => unzipEntry(path, e)).join('');
      expect(footer).toMatch(/PAGE/);
      expect(footer).toMatch(/NUMPAGES/);
    },
    60_000,
  );

  it.skipIf(!existsSync(SOFFICE) || !existsSync(PDFTOTEXT))(
    'converts to PDF with LibreOffice, every section and application present',
    async () => {
      const { dir, view, assessment } = demo();
      const path = join(dir, 'report.docx');
      await exportReport(path, 'docx', view, assessment, { generatedAt: GENERATED_AT });
      // A profile of its own, so a LibreOffice the user has open does not take the conversion over.
      const result = spawnSync(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path], { encoding: 'utf8', timeout: 150_000 });
      expect(result.status, result.stderr).toBe(0);
      const text = pdfText(join(dir, 'report.pdf'));
      for (const title of Object.values(SECTION_TITLES)) expect(text).toContain(title);
      for (const app of assessment.applications) expect(text).toContain(app.name);
      expect(text).toContain('Fabrikam Regional Health');
    },
    180_000,
  );
});

describe('writing a report', () => {
  it('creates a missing folder, and leaves no half-written file when it cannot write', async () => {
    const { dir, view, assessment } = demo();
    await exportReport(join(dir, 'new-folder', 'report.html'), 'html', view, assessment);
    expect(existsSync(join(dir, 'new-folder', 'report.html'))).toBe(true);
    writeFileSync(join(dir, 'a-file'), '');
    const target = join(dir, 'a-file', 'report.html');
    await expect(exportReport(target, 'html', view, assessment)).rejects.toThrow(/^Could not create the folder .*a-file: part of that path is a file/);
    expect(existsSync(target)).toBe(false);
    writeFileSync(join(dir, 'keep.html'), 'old');
    await exportReport(join(dir, 'keep.html'), 'html', view, assessment);
    expect(readFileSync(join(dir, 'keep.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(readdirSync(dir).filter((n) => n.includes('.writing-'))).toEqual([]);
  });
});

describe('the report through the API', () => {
  it('report.export writes the report of the open engagement and answers with its path', async () => {
    const { dir } = demo();
    const workbench = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
    try {
      expect(await workbench.dispatch('engagement.open', { path: join(dir, 'demo.cwb') })).toHaveProperty('result');
      const target = join(dir, 'out.html');
      expect(await workbench.dispatch('report.export', { format: 'html', path: target })).toEqual({ result: { path: target } });
      expect(readFileSync(target, 'utf8')).toContain('<h1>Executive summary</h1>');
      expect(await workbench.dispatch('report.export', { format: 'rtf', path: target })).toMatchObject({ error: { code: 'VALIDATION' } });
    } finally {
      workbench.close();
    }
  });
});
