import type { EngagementView } from '../../../shared/domain/engagement';
import type { Assessment, FindingCode } from '../../../shared/rules/assessment';
import { formatTarget, scopeLoss } from '../../../shared/rules/format';
import { backWords, disasterTitle, recoversOnWords } from '../../../shared/rules/planWords';
import { SCHEME_LABELS, SEVERITY_LABELS, STATE_LABELS, scopeTitle } from '../../../shared/rules/labels';
import { capacityBarsSvg, complianceBarsSvg, complianceMatrixSvg, FONT_STACK, recoveryTimelineSvg, sitesDiagramSvg, STATE_STYLES, targetVsAchievableSvg } from '../../../shared/report/charts';
import { esc } from '../../../shared/report/svg';
import { APP_VERSION } from '../../../shared/version';
import {
  BARS_CAPTION,
  buildReportModel,
  MATRIX_INTRO,
  NOT_ASSESSED_PARAGRAPH,
  EFFORT_LABELS,
  engagementFacts,
  executiveLead,
  methodParagraphs,
  RECOVERY_PLAN_INTRO,
  PLATFORM_FACTS,
  SUMMARY_HEADERS,
  summaryCounts,
  type ReportModel,
  type ReportOptions,
  type SignOffRecord,
} from './model';
import { findingTitle } from '../../../shared/rules/engine';
import { groupedFingerprint } from '../signoff/fingerprint';

/**
 * The recommendation report as one self-contained HTML document: styles and charts inline,
 * the system font stack, no request to anywhere, so it opens the same on an offline laptop as
 * in the PDF printer.
 */

export const SECTION_TITLES = {
  executiveSummary: 'Executive summary',
  scopeAndMethod: 'Scope and method',
  sitesAndSystems: 'Sites and systems',
  complianceOverview: 'Compliance overview',
  recoveryPlans: 'Recovery plans',
  applications: 'Applications',
  roadmap: 'Roadmap',
  followUps: 'Follow-ups',
  appendix: 'Appendix: the answers',
  vmAppendix: 'Appendix: the VMs',
  signOff: 'Sign-off',
} as const;

export const EVIDENCE_TITLE = 'Evidence';
export const EVIDENCE_INTRO = 'The files attached as evidence, kept inside the engagement file. Each SHA-256 identifies the file exactly: a copy whose SHA-256 differs is not the file that was attached.';

const CSS = `
@page { size: A4; margin: 20mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${FONT_STACK}; font-size: 10pt; line-height: 1.45; color: #1d2733; margin: 0; background: #fff; }
main { max-width: 190mm; margin: 0 auto; padding: 12mm 0; }
@media print { main { max-width: none; padding: 0; } }
h1 { font-size: 20pt; font-weight: 700; color: #16324f; margin: 0 0 4mm; padding-bottom: 2mm; border-bottom: 2px solid #16324f; }
h2 { font-size: 13.5pt; color: #16324f; margin: 7mm 0 2.5mm; break-after: avoid; }
h3 { font-size: 11pt; color: #16324f; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.lead { font-size: 11.5pt; }
.muted { color: #5b6672; }
section.major { break-before: page; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: space-between; }
.cover .brands { display: flex; justify-content: space-between; align-items: center; gap: 10mm; min-height: 18mm; }
.cover .brands img { max-height: 18mm; max-width: 60mm; object-fit: contain; }
.cover .brands .ours { margin-left: auto; }
.cover .kicker { text-transform: uppercase; letter-spacing: 0.12em; font-size: 9pt; color: #5b6672; margin-top: 30mm; }
.cover .title { font-size: 26pt; font-weight: 700; color: #16324f; line-height: 1.15; margin: 4mm 0; }
.cover .customer { font-size: 16pt; color: #33475b; }
.cover dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1.5mm 4mm; margin: 0; }
.cover dt { color: #5b6672; }
.cover dd { margin: 0; }
.toc ol { padding-left: 7mm; margin: 0; }
.toc li { margin: 0.8mm 0; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9pt; }
th { text-align: left; background: #16324f; color: #fff; font-weight: 600; padding: 1.6mm 2mm; vertical-align: bottom; }
td { padding: 1.4mm 2mm; border-bottom: 0.6pt solid #cfd6de; vertical-align: top; }
td.nw { white-space: nowrap; }
table.fixed { table-layout: fixed; }
table.fixed td { overflow-wrap: anywhere; }
h2.page { break-before: page; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
tbody tr:nth-child(even) td { background: #f5f7f9; }
.kv th { background: none; color: #5b6672; font-weight: 400; width: 38mm; padding-left: 0; vertical-align: top; }
.kv td { border-bottom: 0.6pt solid #e3e7ec; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 8.5pt; color: #5b6672; margin-top: 1mm; }
.state { display: inline-block; padding: 0 1.6mm; border: 0.8pt solid; border-radius: 2pt; font-weight: 600; white-space: nowrap; }
${Object.entries(STATE_STYLES)
  .map(([state, s]) => `.state-${state} { background: ${s.fill}; border-color: ${s.stroke}; color: ${s.ink}; }`)
  .join('\n')}
.sev { display: inline-block; min-width: 15mm; text-align: center; padding: 0 1.4mm; border: 0.8pt solid #1d2733; border-radius: 2pt; font-size: 8pt; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; }
.sev-critical { background: #1d2733; color: #fff; }
.sev-high { background: #f6d5d2; border-color: #9f2a20; color: #7a1d15; }
.sev-medium { background: #fbecc6; border-color: #8a6100; color: #6b4b00; }
.sev-low, .sev-info { background: #fff; color: #33475b; }
.decision { border-left: 3pt solid #16324f; padding: 1mm 0 1mm 4mm; margin: 0 0 3.5mm; break-inside: avoid; }
.decision strong { display: block; font-size: 10.5pt; }
.finding { border: 0.6pt solid #cfd6de; border-radius: 3pt; padding: 2mm 3mm; margin: 0 0 2.5mm; break-inside: avoid; }
.finding .head { display: flex; gap: 3mm; align-items: baseline; flex-wrap: wrap; }
.finding code, td code { font-size: 7.5pt; color: #5b6672; }
.finding .answers { font-size: 8.5pt; color: #5b6672; margin: 1mm 0 0; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
.columns ul { padding-left: 5mm; margin: 0; }
.columns li { margin-bottom: 1.5mm; }
.app { break-before: page; }
.app:first-of-type { break-before: auto; }
.sign { break-inside: avoid; margin: 8mm 0 0; }
.sign .line { border-bottom: 0.8pt solid #1d2733; height: 10mm; }
.sign .label { font-size: 8.5pt; color: #5b6672; margin-bottom: 3mm; }
.sign-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm 10mm; }
.fingerprint { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 8.5pt; word-break: break-all; }
/* On screen the report reads as pages on a desk; print keeps the page rules above. */
@media screen {
  body { background: #e9edf1; }
  main { background: #fff; padding: 14mm 16mm; margin: 8mm auto; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.15); }
  .cover { min-height: 0; gap: 12mm; }
  .cover .kicker { margin-top: 0; }
  section.major, article.app { margin-top: 16mm; }
}
`;

interface TableOptions {
  /** Columns of short values (durations, names) that must not break. */
  nowrap?: number[];
  /** Column widths in percent: the same table looks the same for every application. */
  widths?: number[];
}

/** Cells are HTML already escaped by the caller. */
function table(headers: string[], rows: string[][], options: TableOptions = {}): string {
  const nowrap = options.nowrap ?? [];
  const td = (c: string, i: number) => (nowrap.includes(i) ? `<td class="nw">${c}</td>` : `<td>${c}</td>`);
  const cols = options.widths ? `<colgroup>${options.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>` : '';
  return `<table${options.widths ? ' class="fixed"' : ''}>${cols}<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(td).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Leaves out a column nobody filled in (notes, mostly), so the others get its room. */
function withoutEmptyColumn(headers: string[], rows: string[][], column: number, widths: number[]): [string[], string[][], TableOptions] {
  if (rows.some((r) => r[column] !== '')) return [headers, rows, { widths }];
  const drop = <T,>(list: T[]) => list.filter((_, i) => i !== column);
  const kept = drop(widths);
  const total = kept.reduce((a, b) => a + b, 0);
  return [drop(headers), rows.map(drop), { widths: kept.map((w) => Math.round((w / total) * 1000) / 10) }];
}

function kv(rows: [string, string][]): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

function stateBadge(state: keyof typeof STATE_LABELS): string {
  const label = STATE_LABELS[state];
  return `<span class="state state-${state}">${esc(`${label.symbol} ${label.text}`)}</span>`;
}

/** The findings a recommendation resolves, by title, each with its code underneath for reference. */
function resolvesCell(codes: readonly FindingCode[]): string {
  return codes.map((code) => `${esc(findingTitle(code))}<br><code>${esc(code)}</code>`).join('<br>');
}

function severityBadge(severity: keyof typeof SEVERITY_LABELS): string {
  return `<span class="sev sev-${severity}">${esc(SEVERITY_LABELS[severity])}</span>`;
}

/** Inline SVG in HTML needs no namespace declaration; leaving it out keeps every URL out of the document. */
function figure(svg: string, caption: string): string {
  return `<figure>${svg.replace(' xmlns="http://www.w3.org/2000/svg"', '')}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function cover(m: ReportModel): string {
  const contents = [
    SECTION_TITLES.executiveSummary,
    SECTION_TITLES.scopeAndMethod,
    SECTION_TITLES.sitesAndSystems,
    SECTION_TITLES.complianceOverview,
    SECTION_TITLES.recoveryPlans,
    SECTION_TITLES.applications,
    SECTION_TITLES.roadmap,
    SECTION_TITLES.followUps,
    SECTION_TITLES.appendix,
    SECTION_TITLES.vmAppendix,
    SECTION_TITLES.signOff,
  ];
  const { branding } = m;
  const logo = (image: ReportModel['branding']['customerLogo'], alt: string, cls: string) => (image ? `<img class="${cls}" src="${image.dataUrl}" alt="${esc(alt)}">` : '');
  const preparedBy = branding.author ? [branding.author, branding.consultancy || branding.organisation].filter(Boolean).join(', ') : '';
  return `<section class="cover" id="cover">
<div>
<div class="brands">${logo(branding.customerLogo, `${m.customer} logo`, 'theirs')}${logo(branding.consultancyLogo, `${branding.consultancy} logo`, 'ours')}</div>
<div class="kicker">Business continuity and disaster recovery assessment</div>
<div class="title">${esc(m.title)}</div>
<div class="customer">${esc(m.customer)}</div>
</div>
<div class="toc"><h3>Contents</h3><ol>${contents.map((c) => `<li>${esc(c)}</li>`).join('')}</ol></div>
<dl>
${preparedBy ? `<dt>Prepared by</dt><dd>${esc(preparedBy)}</dd>` : ''}
<dt>Consultants</dt><dd>${esc(m.participants.consultants || '—')}</dd>
<dt>Workshops</dt><dd>${esc(m.participants.workshopDates || '—')}</dd>
<dt>Assessment as of</dt><dd>${esc(m.asOf)}</dd>
<dt>Report generated</dt><dd>${esc(m.generatedOn)}</dd>
<dt>Status</dt><dd>${esc(m.signedOff ? 'Signed off' : m.status === 'in-review' ? 'In review' : 'Draft for review')}</dd>
<dt>Versions</dt><dd>${esc(m.versions)}</dd>
</dl>
</section>`;
}

function executiveSummary(m: ReportModel, assessment: Assessment): string {
  const decisions = m.decisions.length
    ? m.decisions
        .map(
          (d) =>
            `<div class="decision"><strong>${esc(d.title)}</strong>${esc(d.detail)}<br><span class="muted">${esc(
              `${d.applications.length} application${d.applications.length === 1 ? '' : 's'}: ${d.applications.join(', ')}`,
            )}</span></div>`,
        )
        .join('')
    : '<p>No decision of this kind is needed: the findings below can be resolved application by application.</p>';
  const risks = m.topRisks.length
    ? table(
        ['Severity', 'Application', 'Risk', 'Scope'],
        m.topRisks.map((r) => [severityBadge(r.severity), esc(r.application), `<strong>${esc(r.title)}</strong><br>${esc(r.rationale)}`, esc(r.scope)]),
      )
    : '<p>No critical or high finding.</p>';
  const notAssessed = m.notAssessed.length
    ? `<h2>${esc(STATE_LABELS['not-assessed'].symbol)} Not assessed yet</h2>
<p>${esc(NOT_ASSESSED_PARAGRAPH)}</p>
${table(['Application', 'Runs on', 'VMs'], m.notAssessed.map((r) => [esc(r.application), esc(r.runsOn), String(r.vms)]), { nowrap: [2], widths: [55, 30, 15] })}`
    : '';
  const outOfScope = m.outOfScope.length
    ? `<h2>${esc(STATE_LABELS['out-of-scope'].symbol)} Left out of scope</h2>
${table(['Application', 'Why'], m.outOfScope.map((r) => [esc(r.application), esc(r.reason)]), { widths: [35, 65] })}`
    : '';
  return `<section class="major" id="executive-summary">
<h1>${esc(SECTION_TITLES.executiveSummary)}</h1>
<p class="lead">${esc(executiveLead(m))}</p>
<h2>Where the applications stand</h2>
${table(
  SUMMARY_HEADERS,
  m.scopeSummary.map((s) => [esc(scopeTitle(s.scope)), String(s.required), ...summaryCounts(s).map(String), esc(s.sentence)]),
)}
${figure(complianceBarsSvg(assessment.summary, 'exec'), BARS_CAPTION)}
${notAssessed}
${outOfScope}
<h2>Decisions that matter most</h2>
${decisions}
<h2>Top risks</h2>
${risks}
</section>`;
}

function scopeAndMethod(m: ReportModel): string {
  return `<section class="major" id="scope-and-method">
<h1>${esc(SECTION_TITLES.scopeAndMethod)}</h1>
<h2>The engagement</h2>
${kv(engagementFacts(m))}
<h2>Method</h2>
${methodParagraphs(m)
  .map((text) => `<p>${esc(text)}</p>`)
  .join('\n')}
<h2>Assumptions behind the estimates</h2>
${table(
  ['Assumption', 'Best case', 'Worst case', 'Unit', 'What it means'],
  m.assumptions.map((a) => [esc(a.label) + (a.changed ? ' <span class="muted">(changed from default)</span>' : ''), String(a.best), String(a.worst), esc(a.unit), esc(a.help)]),
)}
<h2>What Azure Stack Hub can and cannot protect</h2>
<p>Azure Stack Hub is an appliance: the vendor seals the hosts, so protection of tenant VMs happens inside the guest operating system or in the application, never underneath it.</p>
<div class="columns">
<div><h3>It can</h3><ul>${PLATFORM_FACTS.can.map((f) => `<li>${esc(f)}</li>`).join('')}</ul></div>
<div><h3>It cannot</h3><ul>${PLATFORM_FACTS.cannot.map((f) => `<li>${esc(f)}</li>`).join('')}</ul></div>
</div>
</section>`;
}

function sitesAndSystems(m: ReportModel): string {
  return `<section class="major" id="sites-and-systems">
<h1>${esc(SECTION_TITLES.sitesAndSystems)}</h1>
<p>The datacenters, the Azure Stack Hub systems in them and the applications each system runs. An arrow shows where applications recover to when their system or site is lost (“App → place” says where an application recovers when it loses its site, or its system if it need not survive a site loss).</p>
${m.sites.length ? figure(sitesDiagramSvg(m.sites, m.flows, m.distanceLabel), 'Sites, systems and recovery paths.') : '<p>No sites are recorded yet.</p>'}
${m.unplaced.length ? `<p class="muted">Not shown, because the system they run on is not known yet: ${esc(m.unplaced.join(', '))}.</p>` : ''}
<h2>Sites</h2>
${table(['Site', 'Location', 'Datacenter', 'Systems'], m.siteRows.map((r) => [esc(r.site), esc(r.location), esc(r.tier), esc(r.systems)]))}
<h2>Where each application recovers</h2>
${table(['Application', 'Runs on', 'System loss', 'Site loss', 'Region loss'], m.recoveryRows.map((r) => [esc(r.application), esc(r.runsOn), esc(r.system), esc(r.site), esc(r.region)]), { nowrap: [1] })}
</section>`;
}

function complianceOverview(m: ReportModel): string {
  return `<section class="major" id="compliance-overview">
<h1>${esc(SECTION_TITLES.complianceOverview)}</h1>
<p>${esc(MATRIX_INTRO)}</p>
${figure(complianceMatrixSvg(m.matrix, 'matrix'), 'Result per application and disruption scope.')}
<h2 class="page">Target against achievable, across the portfolio</h2>
<p>For each disruption, the applications that must survive it: the black mark is the target, the bar the range we estimate can be achieved, from the best to the worst case. A bar to the right of its mark misses the target.</p>
${m.portfolioRanges
  .map((p) => `<h3>${esc(scopeTitle(p.scope))}</h3>${figure(targetVsAchievableSvg(p.rows, `Target against achievable for ${scopeLoss(p.scope)}`, `pf-${p.scope}`), `${scopeTitle(p.scope)}: target against achievable RTO and RPO per application.`)}`)
  .join('')}
</section>`;
}

function recoveryPlansSection(m: ReportModel): string {
  const plans = m.recoveryPlans
    .map((plan, index) => {
      const rows = plan.waves.flatMap((wave) =>
        wave.applications.map((app) => [
          String(wave.number),
          esc(app.name) + (app.inCycle ? ' <span class="muted">(circle)</span>' : ''),
          esc(SCHEME_LABELS[app.scheme]),
          esc(recoversOnWords(app)),
          esc(backWords(app)),
          esc(app.required ? formatTarget(app.targetMinutes) : 'not required'),
          stateBadge(app.compliance),
          esc(app.heldBackBy && app.outcome === 'estimated' ? app.heldBackBy.name : ''),
        ]),
      );
      const findings = plan.findings
        .map((f) => `<div class="finding in-plan"><div class="head">${severityBadge(f.severity)}<strong>${esc(f.title)}</strong></div><p>${esc(f.rationale)}</p></div>`)
        .join('');
      const title = disasterTitle(plan.disaster);
      return `<h2${index > 0 ? ' class="page"' : ''}>${esc(title)}</h2>
<p>${esc(plan.summary)}</p>
${figure(recoveryTimelineSvg(plan, `When each application is back: ${title}`, `rp${index}`), `${title}: when each application is back, wave by wave, against its target.`)}
${table(['Wave', 'Application', 'Scheme', 'Comes back on', 'Back after', 'Target', 'Result', 'Held back by'], rows, { nowrap: [0, 5, 6] })}
<h3>Capacity</h3>
${plan.capacity.length ? figure(capacityBarsSvg(plan.capacity, `Capacity when ${title}`, `rc${index}`), `${title}: what each surviving system must carry against what it has.`) : `<p>${esc(plan.capacityNote ?? '')}</p>`}
${findings ? `<h3>Findings</h3>${findings}` : ''}`;
    })
    .join('');
  return `<section class="major" id="recovery-plans">
<h1>${esc(SECTION_TITLES.recoveryPlans)}</h1>
${RECOVERY_PLAN_INTRO.map((text) => `<p>${esc(text)}</p>`).join('\n')}
${plans || '<p>No disaster has to be survived by any application yet: the impact radius of each is not known, or none must survive the loss of a node or more.</p>'}
</section>`;
}

function applicationsSection(m: ReportModel): string {
  const apps = m.applications
    .map((a, index) => {
      const scopes = table(
        ['Scope', 'Result', 'Scheme', 'Recovers', 'RTO target', 'RTO achievable', 'RPO target', 'RPO achievable'],
        a.scopes.map((s) => [
          esc(scopeTitle(s.scope)),
          stateBadge(s.state),
          esc(SCHEME_LABELS[s.result.scheme]),
          esc(s.recovery),
          esc(s.targetRto),
          esc(s.achievableRto),
          esc(s.targetRpo),
          esc(s.achievableRpo),
        ]),
        { nowrap: [0, 1, 4, 5, 6, 7] },
      );
      const findings = a.findings.length
        ? a.findings
            .map(
              (f) => `<div class="finding"><div class="head">${severityBadge(f.severity)}<strong>${esc(f.title)}</strong><span class="muted">${esc(
                [f.scope ? scopeLoss(f.scope) : 'all scopes', f.component].filter(Boolean).join(' · '),
              )}</span><code>${esc(f.code)}</code></div><p>${esc(f.rationale)}</p></div>`,
            )
            .join('')
        : '<p>No findings: the application meets every target it must meet, on the answers given.</p>';
      const recommendations = a.assessment.recommendations.length
        ? table(
            ['What to do', 'Effort', 'Resolves', 'What it achieves'],
            a.assessment.recommendations.map((r) => [esc(r.action), esc(EFFORT_LABELS[r.effort]), resolvesCell(r.resolves), esc(r.outcome)]),
          )
        : '<p>No recommendation.</p>';
      return `<article class="app" id="app-${index + 1}">
<h2>${esc(a.assessment.name)}</h2>
${kv(a.facts)}
<h3>Protection per disruption scope</h3>
${scopes}
${figure(targetVsAchievableSvg(a.chartRows, `Target against achievable for ${a.assessment.name}`, `app${index + 1}`), `${a.assessment.name}: target against achievable RTO and RPO per disruption scope.`)}
<h3>Findings</h3>
${findings}
<h3>Recommendations</h3>
${recommendations}
</article>`;
    })
    .join('');
  return `<section class="major" id="applications">
<h1>${esc(SECTION_TITLES.applications)}</h1>
${apps || '<p>No applications are recorded yet.</p>'}
</section>`;
}

function roadmap(m: ReportModel): string {
  const groups = m.roadmap
    .map((g) =>
      g.items.length === 0
        ? `<h2>${esc(g.title)}</h2><p class="muted">Nothing in this group.</p>`
        : `<h2>${esc(g.title)}</h2><p>${esc(g.intro)}</p>${table(
            ['#', 'Application', 'What to do', 'Effort', 'Resolves'],
            g.items.map((i) => [String(i.priority), esc(i.application), esc(i.action), esc(EFFORT_LABELS[i.effort]), resolvesCell(i.resolves)]),
          )}`,
    )
    .join('');
  return `<section class="major" id="roadmap">
<h1>${esc(SECTION_TITLES.roadmap)}</h1>
<p>Every recommendation in one plan. The number is its priority across the portfolio: the most severe findings first and, among equals, the cheapest change first.</p>
${groups}
</section>`;
}

function followUps(m: ReportModel): string {
  return `<section class="major" id="follow-ups">
<h1>${esc(SECTION_TITLES.followUps)}</h1>
${
  m.followUps.length
    ? `<p>${m.followUps.length} question${m.followUps.length === 1 ? ' is' : 's are'} still open. Until they are answered the estimates that depend on them use defaults, and the confidence of those applications is lower.</p>${table(
        ...withoutEmptyColumn(
          ['Follow up with', 'By', 'Application', 'Question', 'Note'],
          m.followUps.map((f) => [esc(f.person), esc(f.due), esc(f.application + (f.component ? ` · ${f.component}` : '')), esc(f.question), esc(f.note)]),
          4,
          [18, 12, 24, 30, 16],
        ),
      )}`
    : '<p>No open questions.</p>'
}
</section>`;
}

function appendix(m: ReportModel): string {
  return `<section class="major" id="appendix">
<h1>${esc(SECTION_TITLES.appendix)}</h1>
<p>Every answer given in the workshops, as recorded.</p>
${m.answers
  .map(
    (a) =>
      `<h2>${esc(a.application)}</h2>${
        a.lines.length
          ? table(...withoutEmptyColumn(['Part', 'Question', 'Answer', 'Note'], a.lines.map((l) => [esc(l.subject), esc(l.question), esc(l.answer), esc(l.note)]), 3, [15, 40, 27, 18]))
          : '<p class="muted">No answers yet.</p>'
      }`,
  )
  .join('')}
${
  m.evidence.length
    ? `<h2>${esc(EVIDENCE_TITLE)}</h2><p>${esc(EVIDENCE_INTRO)}</p>${table(
        ['File', 'Belongs to', 'Size', 'SHA-256', 'Attached'],
        m.evidence.map((e) => [esc(e.file), esc(e.belongsTo), esc(e.size), `<span class="fingerprint">${esc(e.sha256)}</span>`, esc(e.attached)]),
        { widths: [18, 30, 9, 28, 15], nowrap: [2] },
      )}`
    : ''
}
</section>`;
}

function vmAppendix(m: ReportModel): string {
  const intro = m.vmCount === 0 ? '<p>No VMs are recorded in this engagement.</p>' : `<p>The ${m.vmCount} VM${m.vmCount === 1 ? '' : 's'} recorded in this engagement, by application.</p>`;
  return `<section class="major" id="vm-appendix">
<h1>${esc(SECTION_TITLES.vmAppendix)}</h1>
${intro}
${m.vms
  .map(
    (group) =>
      `<h2>${esc(group.application)} <span class="muted">(${group.lines.length})</span></h2>${table(
        ['VM', 'Operating system', 'vCPU', 'Memory (GB)', 'Storage (GB)', 'Power', 'Host'],
        group.lines.map((v) => [esc(v.name), esc(v.os), v.vcpu, v.memoryGb, v.provisionedGb, esc(v.powerState), esc(v.host)]),
        { widths: [18, 26, 8, 11, 11, 8, 18] },
      )}`,
  )
  .join('')}
</section>`;
}

function signOff(m: ReportModel): string {
  const blank = (label: string) => `<div><div class="line"></div><div class="label">${esc(label)}</div></div>`;
  const filled = (label: string, value: string) => `<div><div class="line" style="height:auto;padding-top:4mm">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
  const record = m.signOff;
  const signer = (name: string) => `<div class="sign-grid">${blank('Name')}${blank('Role')}${blank('Signature')}${blank('Date')}</div><p class="muted">${esc(name)}</p>`;
  const signed = (person: SignOffRecord['signers'][number]) =>
    `<div class="sign"><h3>${esc(person.organisation)}</h3><div class="sign-grid">${filled('Name', person.signer)}${filled('Role', person.role)}${filled('Organisation', person.organisation)}${filled('Date', person.date)}</div>${person.comment ? `<p class="muted">${esc(person.comment)}</p>` : ''}</div>`;
  const fingerprint = record
    ? `<p>Fingerprint of the signed assessment (SHA-256); <code>cwb verify</code> recomputes it from the signed workbook:</p><p class="fingerprint">${esc(groupedFingerprint(record.fingerprint))}</p>`
    : m.signedOff
      ? `<p>Fingerprint of the signed assessment (SHA-256):</p><div class="sign"><div class="line"></div><div class="label">Fingerprint</div></div>`
      : '';
  return `<section class="major" id="sign-off">
<h1>${esc(SECTION_TITLES.signOff)}</h1>
<p>By signing, the customer accepts this assessment of ${esc(m.customer)} as of ${esc(m.asOf)} as a true record of the applications, their recovery targets and the answers given, and takes note of the findings and the roadmap.</p>
${record ? record.signers.map(signed).join('\n') : `<div class="sign"><h3>For ${esc(m.customer)}</h3>${signer('The person accountable for business continuity')}</div>
<div class="sign"><h3>For the consultants</h3>${signer(m.participants.consultants || 'Lead consultant')}</div>`}
${fingerprint}
</section>`;
}

export function buildReportHtml(view: EngagementView, assessment: Assessment, options: ReportOptions = {}): string {
  const model = buildReportModel(view, assessment, { appVersion: APP_VERSION, ...options });
  return renderModelHtml(model, assessment);
}

export function renderModelHtml(model: ReportModel, assessment: Assessment): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Continuity Workbook">${model.branding.author ? `\n<meta name="author" content="${esc(model.branding.author)}">` : ''}
<title>${esc(`${model.customer} — ${model.title}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${cover(model)}
${executiveSummary(model, assessment)}
${scopeAndMethod(model)}
${sitesAndSystems(model)}
${complianceOverview(model)}
${recoveryPlansSection(model)}
${applicationsSection(model)}
${roadmap(model)}
${followUps(model)}
${appendix(model)}
${vmAppendix(model)}
${signOff(model)}
</main>
</body>
</html>
`;
}
