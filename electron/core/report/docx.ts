import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { EngagementView } from '../../../shared/domain/engagement';
import type { Assessment, FindingCode } from '../../../shared/rules/assessment';
import { findingTitle } from '../../../shared/rules/engine';
import { formatTarget, scopeLoss } from '../../../shared/rules/format';
import { backWords, disasterTitle, recoversOnWords } from '../../../shared/rules/planWords';
import { SCHEME_LABELS, SEVERITY_LABELS, STATE_LABELS, scopeTitle } from '../../../shared/rules/labels';
import { capacityBarsSvg, complianceBarsSvg, complianceMatrixSvg, recoveryTimelineSvg, sitesDiagramSvg, STATE_STYLES, targetVsAchievableSvg } from '../../../shared/report/charts';
import { APP_VERSION } from '../../../shared/version';
import { EVIDENCE_INTRO, EVIDENCE_TITLE, SECTION_TITLES } from './html';
import { groupedFingerprint } from '../signoff/fingerprint';
import type { Logo } from '../../../shared/api/profileContract';
import {
  BARS_CAPTION,
  buildReportModel,
  EFFORT_LABELS,
  engagementFacts,
  executiveLead,
  MATRIX_INTRO,
  methodParagraphs,
  NOT_ASSESSED_PARAGRAPH,
  PLATFORM_FACTS,
  RECOVERY_PLAN_INTRO,
  SUMMARY_HEADERS,
  summaryCounts,
  type ReportModel,
  type ReportOptions,
} from './model';

/**
 * The report as a Word document, for consultants who edit the wording before handing it
 * over: the same sections as the HTML, with real heading styles (so Word's navigation pane and
 * table of contents work), real tables, and the charts as PNG pictures.
 */

const BRAND = '16324F';
const FONT = 'Calibri';
/** Printable width of A4 with 2 cm margins, in twentieths of a point. */
const CONTENT_TWIPS = 9638;
const CONTENT_PX = 640;

/**
 * resvg rasterises offline from prebuilt binaries, with no browser to start: the same SVG the
 * HTML shows becomes a picture at twice the screen resolution, sharp enough for print.
 */
export function svgToPng(svg: string): { data: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }, background: '#ffffff' });
  const image = resvg.render();
  return { data: image.asPng(), width: image.width / 2, height: image.height / 2 };
}

function chart(svg: string, caption: string): Paragraph[] {
  const png = svgToPng(svg);
  const scale = Math.min(1, CONTENT_PX / png.width);
  return [
    new Paragraph({
      keepNext: true,
      children: [new ImageRun({ type: 'png', data: png.data, transformation: { width: Math.round(png.width * scale), height: Math.round(png.height * scale) }, altText: { name: caption, description: caption, title: caption } })],
    }),
    new Paragraph({ style: 'Caption', children: [new TextRun(caption)] }),
  ];
}

function p(text: string, options: { bold?: boolean; muted?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text, bold: options.bold, color: options.muted ? '5B6672' : undefined, size: options.size })] });
}

function h1(text: string, pageBreak = true): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: pageBreak, children: [new TextRun(text)] });
}

function h2(text: string, pageBreak = false): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, pageBreakBefore: pageBreak, keepNext: true, children: [new TextRun(text)] });
}

function h3(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, children: [new TextRun(text)] });
}

function bullet(text: string): Paragraph {
  return new Paragraph({ bullet: { level: 0 }, spacing: { after: 60 }, children: [new TextRun(text)] });
}

/** `sub` is a second, smaller grey line: a finding's code under its title. */
type Cell = string | { text: string; fill?: string; color?: string; bold?: boolean; sub?: string; mono?: boolean };

/**
 * Widths are relative weights; the header row repeats on every page and no row breaks across
 * pages. Without headers the table is a list of label and value pairs.
 */
function table(headers: string[] | null, rows: Cell[][], weights?: number[]): Table {
  const columns = headers ?? rows[0]?.map(() => '') ?? [''];
  const w = weights ?? columns.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const widths = w.map((x) => Math.round((x / total) * CONTENT_TWIPS));
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'CFD6DE' };
  const cell = (content: Cell, width: number, header: boolean) => {
    const c = typeof content === 'string' ? { text: content } : content;
    const lines = c.text.split('\n');
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      shading: header ? { type: ShadingType.CLEAR, fill: BRAND, color: 'auto' } : c.fill ? { type: ShadingType.CLEAR, fill: c.fill, color: 'auto' } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        ...lines.map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header || c.bold, color: header ? 'FFFFFF' : c.color, size: c.mono ? 14 : 17, font: c.mono ? 'Consolas' : undefined })] })),
        ...(c.sub ? [new Paragraph({ children: [new TextRun({ text: c.sub, size: 13, color: '5B6672', font: 'Consolas' })] })] : []),
      ],
    });
  };
  return new Table({
    width: { size: CONTENT_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      ...(headers ? [new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i]!, true)) })] : []),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i]!, false)) })),
    ],
  });
}

function kv(rows: [string, string][]): Table {
  return table(null, rows.map(([k, v]) => [{ text: k, color: '5B6672' }, v]), [1, 3]);
}

function stateCell(state: keyof typeof STATE_LABELS): Cell {
  const s = STATE_STYLES[state];
  return { text: `${STATE_LABELS[state].symbol} ${STATE_LABELS[state].text}`, fill: s.fill.slice(1).toUpperCase(), color: s.ink.slice(1).toUpperCase(), bold: true };
}

/** The findings a recommendation resolves, by title, with the codes underneath for reference. */
function resolvesCell(codes: readonly FindingCode[]): Cell {
  return { text: codes.map(findingTitle).join('\n'), sub: codes.join(' ') };
}

function severityCell(severity: keyof typeof SEVERITY_LABELS): Cell {
  const fill = severity === 'critical' ? '1D2733' : severity === 'high' ? 'F6D5D2' : severity === 'medium' ? 'FBECC6' : undefined;
  return { text: SEVERITY_LABELS[severity].toUpperCase(), fill, color: severity === 'critical' ? 'FFFFFF' : undefined, bold: true };
}

function body(m: ReportModel, assessment: Assessment): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  // Cover: the customer's logo on the left, the consultancy's on the right, as in the HTML.
  const logos = [m.branding.customerLogo, m.branding.consultancyLogo].map((logo) => (logo ? logoRun(logo) : null));
  if (logos.some(Boolean)) {
    out.push(
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_TWIPS }],
        children: [...(logos[0] ? [logos[0]] : []), new TextRun('\t'), ...(logos[1] ? [logos[1]] : [])],
      }),
    );
  }
  const preparedBy = m.branding.author ? [m.branding.author, m.branding.consultancy || m.branding.organisation].filter(Boolean).join(', ') : '';
  out.push(new Paragraph({ spacing: { before: logos.some(Boolean) ? 1600 : 2400 }, children: [new TextRun({ text: 'BUSINESS CONTINUITY AND DISASTER RECOVERY ASSESSMENT', size: 18, color: '5B6672' })] }));
  out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(m.title)] }));
  out.push(new Paragraph({ spacing: { after: 600 }, children: [new TextRun({ text: m.customer, size: 32, color: '33475B' })] }));
  out.push(
    kv([
      ...(preparedBy ? [['Prepared by', preparedBy] as [string, string]] : []),
      ['Consultants', m.participants.consultants || '—'],
      ['Workshops', m.participants.workshopDates || '—'],
      ['Assessment as of', m.asOf],
      ['Report generated', m.generatedOn],
      ['Status', m.signedOff ? 'Signed off' : m.status === 'in-review' ? 'In review' : 'Draft for review'],
      ['Versions', m.versions],
    ]),
  );

  // Executive summary
  out.push(h1(SECTION_TITLES.executiveSummary));
  out.push(p(executiveLead(m), { size: 23 }));
  out.push(h2('Where the applications stand'));
  out.push(
    table(
      SUMMARY_HEADERS,
      m.scopeSummary.map((s) => [scopeTitle(s.scope), String(s.required), ...summaryCounts(s).map(String), s.sentence]),
      [1.3, 1.2, 0.8, 1, 1.1, 1.1, 1.2, 4.5],
    ),
  );
  out.push(...chart(complianceBarsSvg(assessment.summary, 'exec'), BARS_CAPTION));
  if (m.notAssessed.length > 0) {
    out.push(h2(`${STATE_LABELS['not-assessed'].symbol} Not assessed yet`));
    out.push(p(NOT_ASSESSED_PARAGRAPH));
    out.push(table(['Application', 'Runs on', 'VMs'], m.notAssessed.map((r) => [r.application, r.runsOn, String(r.vms)]), [6, 4, 1.5]));
  }
  if (m.outOfScope.length > 0) {
    out.push(h2(`${STATE_LABELS['out-of-scope'].symbol} Left out of scope`));
    out.push(table(['Application', 'Why'], m.outOfScope.map((r) => [r.application, r.reason]), [4, 7.5]));
  }
  out.push(h2('Decisions that matter most'));
  if (m.decisions.length === 0) out.push(p('No decision of this kind is needed: the findings can be resolved application by application.'));
  for (const d of m.decisions) {
    out.push(new Paragraph({ keepNext: true, spacing: { after: 40 }, children: [new TextRun({ text: d.title, bold: true })] }));
    out.push(p(d.detail));
    out.push(p(`${d.applications.length} application${d.applications.length === 1 ? '' : 's'}: ${d.applications.join(', ')}`, { muted: true }));
  }
  out.push(h2('Top risks'));
  out.push(
    m.topRisks.length
      ? table(['Severity', 'Application', 'Risk', 'Scope'], m.topRisks.map((r) => [severityCell(r.severity), r.application, `${r.title}\n${r.rationale}`, r.scope]), [1.5, 2, 6, 1.4])
      : p('No critical or high finding.'),
  );

  // Scope and method
  out.push(h1(SECTION_TITLES.scopeAndMethod));
  out.push(h2('The engagement'));
  out.push(kv(engagementFacts(m)));
  out.push(h2('Method'));
  out.push(...methodParagraphs(m).map((text) => p(text)));
  out.push(h2('Assumptions behind the estimates'));
  out.push(table(['Assumption', 'Best case', 'Worst case', 'Unit', 'What it means'], m.assumptions.map((a) => [a.label + (a.changed ? ' (changed)' : ''), String(a.best), String(a.worst), a.unit, a.help]), [3, 1, 1, 1.3, 6]));
  out.push(h2('What Azure Stack Hub can and cannot protect'));
  out.push(p('Azure Stack Hub is an appliance: the vendor seals the hosts, so protection of tenant VMs happens inside the guest operating system or in the application, never underneath it.'));
  out.push(h3('It can'));
  out.push(...PLATFORM_FACTS.can.map(bullet));
  out.push(h3('It cannot'));
  out.push(...PLATFORM_FACTS.cannot.map(bullet));

  // Sites and systems
  out.push(h1(SECTION_TITLES.sitesAndSystems));
  out.push(p('The datacenters, the Azure Stack Hub systems in them and the applications each system runs. An arrow shows where applications recover to when their system or site is lost.'));
  if (m.sites.length) out.push(...chart(sitesDiagramSvg(m.sites, m.flows, m.distanceLabel), 'Sites, systems and recovery paths.'));
  if (m.unplaced.length) out.push(p(`Not shown, because the system they run on is not known yet: ${m.unplaced.join(', ')}.`, { muted: true }));
  out.push(h2('Sites'));
  out.push(table(['Site', 'Location', 'Datacenter', 'Systems'], m.siteRows.map((r) => [r.site, r.location, r.tier, r.systems]), [2, 2, 2, 5]));
  out.push(h2('Where each application recovers'));
  out.push(table(['Application', 'Runs on', 'System loss', 'Site loss', 'Region loss'], m.recoveryRows.map((r) => [r.application, r.runsOn, r.system, r.site, r.region]), [2.4, 1.6, 2, 2, 2]));

  // Compliance overview
  out.push(h1(SECTION_TITLES.complianceOverview));
  out.push(p(MATRIX_INTRO));
  out.push(...chart(complianceMatrixSvg(m.matrix, 'matrix'), 'Result per application and disruption scope.'));
  out.push(h2('Target against achievable, across the portfolio'));
  out.push(p('For each disruption, the applications that must survive it: the black mark is the target, the bar the range we estimate can be achieved, from the best to the worst case.'));
  for (const pf of m.portfolioRanges) {
    out.push(h3(scopeTitle(pf.scope)));
    out.push(...chart(targetVsAchievableSvg(pf.rows, `Target against achievable for ${scopeLoss(pf.scope)}`, `pf-${pf.scope}`), `${scopeTitle(pf.scope)}: target against achievable RTO and RPO per application.`));
  }

  // Recovery plans
  out.push(h1(SECTION_TITLES.recoveryPlans));
  out.push(...RECOVERY_PLAN_INTRO.map((text) => p(text)));
  if (m.recoveryPlans.length === 0) {
    out.push(p('No disaster has to be survived by any application yet: the impact radius of each is not known, or none must survive the loss of a node or more.'));
  }
  m.recoveryPlans.forEach((plan, index) => {
    const title = disasterTitle(plan.disaster);
    out.push(h2(title, index > 0));
    out.push(p(plan.summary));
    out.push(...chart(recoveryTimelineSvg(plan, `When each application is back: ${title}`, `rp${index}`), `${title}: when each application is back, wave by wave, against its target.`));
    out.push(
      table(
        ['Wave', 'Application', 'Scheme', 'Comes back on', 'Back after', 'Target', 'Result', 'Held back by'],
        plan.waves.flatMap((wave) =>
          wave.applications.map((app) => [
            String(wave.number),
            app.inCycle ? `${app.name} (circle)` : app.name,
            SCHEME_LABELS[app.scheme],
            recoversOnWords(app),
            backWords(app),
            app.required ? formatTarget(app.targetMinutes) : 'not required',
            stateCell(app.compliance),
            app.heldBackBy && app.outcome === 'estimated' ? app.heldBackBy.name : '',
          ]),
        ),
        [0.6, 2.2, 1.5, 1.5, 1.6, 0.9, 1.4, 1.6],
      ),
    );
    out.push(h3('Capacity'));
    if (plan.capacity.length > 0) out.push(...chart(capacityBarsSvg(plan.capacity, `Capacity when ${title}`, `rc${index}`), `${title}: what each surviving system must carry against what it has.`));
    else out.push(p(plan.capacityNote ?? ''));
    if (plan.findings.length > 0) {
      out.push(h3('Findings'));
      out.push(table(['Severity', 'Finding', 'Why it matters'], plan.findings.map((f) => [severityCell(f.severity), f.title, f.rationale]), [1.5, 3.3, 6.7]));
    }
  });

  // Applications
  out.push(h1(SECTION_TITLES.applications));
  m.applications.forEach((a, index) => {
    out.push(h2(a.assessment.name, index > 0));
    out.push(kv(a.facts));
    out.push(h3('Protection per disruption scope'));
    out.push(
      table(
        ['Scope', 'Result', 'Scheme', 'Recovers', 'RTO target', 'RTO achievable', 'RPO target', 'RPO achievable'],
        a.scopes.map((s) => [scopeTitle(s.scope), stateCell(s.state), SCHEME_LABELS[s.result.scheme], s.recovery, s.targetRto, s.achievableRto, s.targetRpo, s.achievableRpo]),
        [1.1, 1.5, 1.6, 1.8, 0.9, 1.5, 0.9, 1.5],
      ),
    );
    out.push(...chart(targetVsAchievableSvg(a.chartRows, `Target against achievable for ${a.assessment.name}`, `app${index + 1}`), `${a.assessment.name}: target against achievable RTO and RPO per disruption scope.`));
    out.push(h3('Findings'));
    out.push(
      a.findings.length
        ? table(['Severity', 'Finding', 'Scope', 'Why it matters'], a.findings.map((f) => [severityCell(f.severity), { text: f.title, sub: f.code }, [f.scope ? scopeLoss(f.scope) : 'all scopes', f.component].filter(Boolean).join(' · '), f.rationale]), [1.5, 3.3, 1.3, 5.4])
        : p('No findings: the application meets every target it must meet, on the answers given.'),
    );
    out.push(h3('Recommendations'));
    out.push(
      a.assessment.recommendations.length
        ? table(['What to do', 'Effort', 'Resolves', 'What it achieves'], a.assessment.recommendations.map((r) => [r.action, EFFORT_LABELS[r.effort], resolvesCell(r.resolves), r.outcome]), [4, 1.1, 2.8, 4])
        : p('No recommendation.'),
    );
  });

  // Roadmap
  out.push(h1(SECTION_TITLES.roadmap));
  out.push(p('Every recommendation in one plan. The number is its priority across the portfolio: the most severe findings first and, among equals, the cheapest change first.'));
  for (const g of m.roadmap) {
    out.push(h2(g.title));
    if (g.items.length === 0) {
      out.push(p('Nothing in this group.', { muted: true }));
      continue;
    }
    out.push(p(g.intro));
    out.push(table(['#', 'Application', 'What to do', 'Effort', 'Resolves'], g.items.map((i) => [String(i.priority), i.application, i.action, EFFORT_LABELS[i.effort], resolvesCell(i.resolves)]), [0.6, 1.8, 5, 1.2, 3.4]));
  }

  // Follow-ups
  out.push(h1(SECTION_TITLES.followUps));
  if (m.followUps.length === 0) out.push(p('No open questions.'));
  else {
    out.push(p(`${m.followUps.length} question${m.followUps.length === 1 ? ' is' : 's are'} still open. Until they are answered the estimates that depend on them use defaults.`));
    out.push(table(['Follow up with', 'By', 'Application', 'Question', 'Note'], m.followUps.map((f) => [f.person, f.due, f.application + (f.component ? ` · ${f.component}` : ''), f.question, f.note]), [2, 1.3, 2.4, 4, 2.4]));
  }

  // Appendix
  out.push(h1(SECTION_TITLES.appendix));
  out.push(p('Every answer given in the workshops, as recorded.'));
  for (const a of m.answers) {
    out.push(h2(a.application));
    out.push(a.lines.length ? table(['Part', 'Question', 'Answer', 'Note'], a.lines.map((l) => [l.subject, l.question, l.answer, l.note]), [1.6, 4.4, 3, 2.4]) : p('No answers yet.', { muted: true }));
  }
  if (m.evidence.length > 0) {
    out.push(h2(EVIDENCE_TITLE));
    out.push(p(EVIDENCE_INTRO));
    out.push(table(['File', 'Belongs to', 'Size', 'SHA-256', 'Attached'], m.evidence.map((e) => [e.file, e.belongsTo, e.size, { text: e.sha256, mono: true }, e.attached]), [2, 3.2, 1, 3.2, 1.6]));
  }

  // The VMs
  out.push(h1(SECTION_TITLES.vmAppendix));
  out.push(p(m.vmCount === 0 ? 'No VMs are recorded in this engagement.' : `The ${m.vmCount} VM${m.vmCount === 1 ? '' : 's'} recorded in this engagement, by application.`));
  for (const group of m.vms) {
    out.push(h2(`${group.application} (${group.lines.length})`));
    out.push(table(['VM', 'Operating system', 'vCPU', 'Memory (GB)', 'Storage (GB)', 'Power', 'Host'], group.lines.map((v) => [v.name, v.os, v.vcpu, v.memoryGb, v.provisionedGb, v.powerState, v.host]), [2, 2.8, 0.9, 1.2, 1.2, 0.9, 2]));
  }

  // Sign-off
  out.push(h1(SECTION_TITLES.signOff));
  out.push(p(`By signing, the customer accepts this assessment of ${m.customer} as of ${m.asOf} as a true record of the applications, their recovery targets and the answers given, and takes note of the findings and the roadmap.`));
  const record = m.signOff;
  const signBlock = (who: string) => {
    out.push(h3(who));
    for (const label of ['Name', 'Role', 'Signature', 'Date']) {
      out.push(new Paragraph({ spacing: { before: 360 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '1D2733', space: 1 } }, children: [] }));
      out.push(p(label, { muted: true, size: 17 }));
    }
  };
  if (record) {
    for (const person of record.signers) {
      out.push(h3(person.organisation));
      out.push(kv([['Name', person.signer], ['Role', person.role], ['Organisation', person.organisation], ['Date', person.date], ...(person.comment ? [['Comment', person.comment] as [string, string]] : [])]));
    }
    out.push(p('Fingerprint of the signed assessment (SHA-256); cwb verify recomputes it from the signed workbook:'));
    out.push(new Paragraph({ children: [new TextRun({ text: groupedFingerprint(record.fingerprint), font: 'Consolas', size: 17 })] }));
  } else {
    signBlock(`For ${m.customer}`);
    signBlock('For the consultants');
  }
  if (!record && m.signedOff) {
    out.push(p('Fingerprint of the signed assessment (SHA-256):'));
    out.push(new Paragraph({ spacing: { before: 360 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '1D2733', space: 1 } }, children: [] }));
  }
  return out;
}

/** A logo at most 60 mm wide and 18 mm high on the cover, its proportions kept. */
function logoRun(logo: Logo): ImageRun {
  const scale = Math.min(227 / logo.width, 68 / logo.height, 1);
  const data = Buffer.from(logo.dataUrl.slice(logo.dataUrl.indexOf(',') + 1), 'base64');
  return new ImageRun({
    type: logo.mediaType === 'image/png' ? 'png' : 'jpg',
    data,
    transformation: { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) },
    altText: { name: 'Logo', description: 'Logo', title: 'Logo' },
  });
}

export function buildReportDocument(view: EngagementView, assessment: Assessment, options: ReportOptions = {}): Document {
  const m = buildReportModel(view, assessment, { appVersion: APP_VERSION, ...options });
  const section: ISectionOptions = {
    properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 } } },
    headers: {
      default: new Header({ children: [new Paragraph({ children: [new TextRun({ text: `${m.customer} — ${m.title}`, size: 15, color: '5B6672' })] })] }),
    },
    footers: {
      default: new Footer({
        children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 15, color: '5B6672' })] })],
      }),
    },
    children: body(m, assessment),
  };
  return new Document({
    creator: m.branding.author ?? 'Continuity Workbook',
    lastModifiedBy: 'Continuity Workbook',
    title: `${m.customer} — ${m.title}`,
    description: 'Business continuity and disaster recovery assessment',
    features: { updateFields: false },
    styles: {
      default: {
        document: { run: { font: FONT, size: 20 } },
        title: { run: { font: FONT, size: 52, bold: true, color: BRAND } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: BRAND }, paragraph: { spacing: { before: 0, after: 200 } } },
        heading2: { run: { font: FONT, size: 27, bold: true, color: BRAND }, paragraph: { spacing: { before: 280, after: 120 } } },
        heading3: { run: { font: FONT, size: 22, bold: true, color: BRAND }, paragraph: { spacing: { before: 200, after: 80 } } },
      },
      paragraphStyles: [{ id: 'Caption', name: 'Caption', basedOn: 'Normal', run: { size: 16, color: '5B6672', italics: true }, paragraph: { spacing: { after: 200 } } }],
    },
    sections: [section],
  });
}

export async function buildReportDocx(view: EngagementView, assessment: Assessment, options: ReportOptions = {}): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocument(view, assessment, options));
}
