import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ProfileInput } from '../../../shared/api/profileContract';
import { assessEngagement } from '../../../shared/rules/engine';
import { buildDemoEngagement } from '../demo';
import { logoView } from '../images';
import { ProfileStore } from '../profile';
import { verifyWorkbook } from '../signoff/verifyWorkbook';
import { tinyPng } from '../testImages';
import { useTempDir } from '../testSupport';
import { Workbench } from '../workbench';
import { COVER_PREPARED_BY_CELL } from '../workbook/overviewSheets';
import { brandingOf } from './branding';
import { exportReport } from './exportReport';
import { buildReportHtml, SECTION_TITLES } from './html';
import { buildReportModel } from './model';
import { findChromium } from './pdf';
import { withPdfInfo } from './pdfInfo';

const tempDir = useTempDir();
const PDFINFO = '/usr/bin/pdfinfo';
const AS_OF = '2026-11-25';

const logo = (width: number, height: number) => logoView({ mediaType: 'image/png', width, height }, tinyPng(width, height));
const profile = { name: 'Ana Ruiz', organisation: 'Contoso Advisory', initials: 'AR', consultancy: 'Contoso', consultancyLogo: logo(300, 90) };

function demo() {
  const dir = tempDir();
  const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'tester');
  const view = store.view();
  store.close();
  return { dir, view, assessment: assessEngagement(view, { asOf: AS_OF }) };
}

describe('VMs in the report', () => {
  it('counts the VMs of each application and lists them all in an appendix, those without an application last', () => {
    const { view, assessment } = demo();
    const model = buildReportModel(view, assessment);
    for (const section of model.applications) {
      const count = view.vms.filter((vm) => vm.applicationId === section.application.id).length;
      expect(section.facts).toContainEqual(['VMs', count === 0 ? 'none recorded' : `${count} VM${count === 1 ? '' : 's'}`]);
    }
    expect(model.vmCount).toBe(view.vms.length);
    expect(model.vms.reduce((sum, group) => sum + group.lines.length, 0)).toBe(view.vms.length);
    const html = buildReportHtml(view, assessment);
    expect(html).toContain(SECTION_TITLES.vmAppendix);
    expect(html).toContain(view.vms[0]!.name);
  });
});

describe('branding', () => {
  it('puts both logos and the consultant on the cover, as data the page carries, nothing fetched', () => {
    const { view, assessment } = demo();
    const html = buildReportHtml(view, assessment, { branding: brandingOf(profile, logo(200, 80)) });
    expect(html).toContain('<dt>Prepared by</dt><dd>Ana Ruiz, Contoso</dd>');
    expect(html).toContain('<meta name="author" content="Ana Ruiz">');
    const sources = [...html.matchAll(/src="([^"]*)"/g)].map((match) => match[1]!);
    expect(sources).toHaveLength(2);
    for (const source of sources) expect(source).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('sets the PDF document properties: title, the consultant as author, Continuity Workbook as creator', () => {
    const fake = Buffer.from('%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2\n/Root 1 0 R>>\nstartxref\n41\n%%EOF\n', 'latin1');
    const out = withPdfInfo(fake, { title: 'Acme — DR', author: 'Ana Ruíz', subject: 'BC/DR', creator: 'Continuity Workbook', producer: 'Continuity Workbook 0.1.0', date: new Date('2026-12-02T10:00:00Z') }).toString('latin1');
    expect(out.startsWith(fake.toString('latin1'))).toBe(true);
    expect(out).toContain('/Creator (Continuity Workbook)');
    expect(out).toContain('/Author <FEFF0041006E006100200052007500ED007A>');
    expect(out).toMatch(/\/Info 2 0 R\n\/Prev 41>>\nstartxref\n\d+\n%%EOF\n$/);
    // Anything that is not a classic trailer is left alone rather than broken.
    expect(withPdfInfo(Buffer.from('%PDF-1.7 fake'), { title: '', author: null, subject: '', creator: '', producer: '', date: new Date() }).toString()).toBe('%PDF-1.7 fake');
  });

  it.skipIf(!findChromium() || !existsSync(PDFINFO))(
    'prints a PDF that says who made it, not HeadlessChrome',
    async () => {
      const { dir, view, assessment } = demo();
      const path = join(dir, 'report.pdf');
      await exportReport(path, 'pdf', view, assessment, { branding: brandingOf(profile, null) });
      const info = execFileSync(PDFINFO, [path], { encoding: 'utf8' });
      expect(info).toMatch(/^Title:\s+Fabrikam Regional Health — /m);
      expect(info).toMatch(/^Author:\s+Ana Ruiz$/m);
      expect(info).toMatch(/^Creator:\s+Continuity Workbook$/m);
      expect(info).not.toContain('HeadlessChrome');
    },
    120_000,
  );

  it('brands the workbook Cover (logos and who prepared it), and a signed workbook still verifies', async () => {
    const dir = tempDir();
    new ProfileStore(join(dir, 'data')).save(ProfileInput.parse({ name: 'Ana Ruiz', organisation: 'Contoso Advisory', consultancyLogo: { fileName: 'c.png', base64: tinyPng(300, 90).toString('base64') } }));
    const wb = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
    await wb.dispatch('engagement.create', { path: join(dir, 'acme'), customer: 'Acme', title: 'DR' });
    await wb.dispatch('engagement.setLogo', { logo: { fileName: 'acme.png', base64: tinyPng(200, 80).toString('base64') } });
    await wb.dispatch('application.add', { name: 'Billing' });
    await wb.dispatch('signoff.sign', { name: 'Dana', role: 'COO', organisation: 'Acme' });
    const path = join(dir, 'out', 'acme.xlsx');
    expect(await wb.dispatch('workbook.export', { path })).toEqual({ result: { path } });
    wb.close();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const cover = workbook.getWorksheet('Cover')!;
    expect(cover.getCell(COVER_PREPARED_BY_CELL).value).toBe('Prepared by Ana Ruiz, Contoso Advisory');
    expect(cover.getImages()).toHaveLength(2);
    expect((await verifyWorkbook(path)).outcome).toBe('verified');
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
