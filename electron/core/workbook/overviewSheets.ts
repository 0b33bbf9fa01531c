import type ExcelJS from 'exceljs';
import type { Signoff } from '../../../shared/domain/signoff';
import { groupedFingerprint } from '../signoff/fingerprint';
import { DISRUPTION_SCOPES } from '../../../shared/domain/engagement';
import { ASSESSMENT_STATES, SEVERITIES } from '../../../shared/rules/assessment';
import { findingTitle } from '../../../shared/rules/engine';
import { ASSESSMENT_LABELS, countOf, scopeTitle, SEVERITY_LABELS, STATE_LABELS, STATE_ORDER } from '../../../shared/rules/labels';
import { recommendationPlan, STATE_TONES, type SheetContext } from './resultSheets';
import type { Logo } from '../../../shared/api/profileContract';
import { NO_BRANDING, type Branding } from '../report/branding';
import { applyTone, BRAND, fitRowHeight, FONT, printSetup, setPlain, TONES, type CellContent, type Tone } from './table';
import type { WorkbookPlan } from './workbookPlan';

/** The Cover and Summary sheets: laid out as pages to read, not as tables to filter. */

/**
 * Who prepared the workbook, from the profile of whoever exported it: not signed content, so
 * `cwb verify` leaves this one cell out of its comparison. It is empty when there is no profile.
 */
export const COVER_PREPARED_BY_CELL = 'A3';

export interface CoverFacts {
  appVersion: string;
  rulesVersion: number;
  catalogueVersion: number;
  /** The sign-off in force, printed with its fingerprint; null prints "Not signed off yet". */
  signoff: Signoff | null;
  exportedAt: string;
}

function heading(sheet: ExcelJS.Worksheet, row: number, text: string, size = 13): void {
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { ...FONT, bold: true, size, color: { argb: BRAND.title } };
}

function labelled(sheet: ExcelJS.Worksheet, row: number, label: string, value: CellContent): void {
  const labelCell = sheet.getCell(row, 1);
  labelCell.value = label;
  labelCell.font = { ...FONT, color: { argb: BRAND.muted } };
  labelCell.alignment = { vertical: 'top' };
  const valueCell = sheet.getCell(row, 2);
  setPlain(valueCell, value);
  valueCell.alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
  fitRowHeight(sheet.getRow(row), [26, 90]);
}

/** The logos, floating in a column of their own to the right, so no cell moves when they are there (or not). */
function placeLogos(workbook: WorkbookPlan, sheet: ExcelJS.Worksheet, logos: (Logo | null)[]): void {
  let top = 0.1;
  for (const logo of logos) {
    if (!logo) continue;
    const scale = Math.min(200 / logo.width, 60 / logo.height, 1);
    const image = workbook.addImage({ base64: logo.dataUrl, extension: logo.mediaType === 'image/png' ? 'png' : 'jpeg' });
    const height = Math.max(1, Math.round(logo.height * scale));
    sheet.addImage(image, { tl: { col: 2.1, row: top }, ext: { width: Math.max(1, Math.round(logo.width * scale)), height } });
    top += height / 20 + 0.5;
  }
}

export function writeCoverSheet(workbook: WorkbookPlan, ctx: SheetContext, facts: CoverFacts, branding: Branding = NO_BRANDING): void {
  const sheet = workbook.addWorksheet('Cover', { views: [{ showGridLines: false }] });
  sheet.columns = [{ width: 26 }, { width: 90 }, { width: 32 }];
  const details = ctx.view.details;
  const title = sheet.getCell('A1');
  title.value = 'Business continuity and disaster recovery assessment';
  title.font = { ...FONT, bold: true, size: 18, color: { argb: BRAND.title } };
  const customer = sheet.getCell('A2');
  setPlain(customer, details.customer);
  customer.font = { ...FONT, size: 14, color: { argb: BRAND.muted } };
  if (branding.author) {
    const preparedBy = sheet.getCell(COVER_PREPARED_BY_CELL);
    setPlain(preparedBy, `Prepared by ${[branding.author, branding.consultancy || branding.organisation].filter(Boolean).join(', ')}`);
    preparedBy.font = { ...FONT, italic: true, color: { argb: BRAND.muted } };
  }
  placeLogos(workbook, sheet, [branding.customerLogo, branding.consultancyLogo]);

  let row = 4;
  const line = (label: string, value: CellContent) => labelled(sheet, row++, label, value);
  line('Engagement', details.title);
  line('Consultants', details.consultants);
  line('Workshop dates', details.workshopDates);
  line('Scope', details.scopeNotes);
  line('Status', details.status);
  line('Applications in the engagement', ctx.assessment.applications.length);
  line('Assessment as of', ctx.assessment.asOf);
  line('Exported', facts.exportedAt.slice(0, 16).replace('T', ' ') + ' UTC');
  line('Versions', `Continuity Workbook ${facts.appVersion}, rules ${facts.rulesVersion}, question catalogue ${facts.catalogueVersion}`);

  row += 1;
  heading(sheet, row++, 'Sign-off');
  if (!facts.signoff) line('Signed off', 'Not signed off yet');
  else {
    line('Signed off', `${facts.signoff.signedAt.slice(0, 16).replace('T', ' ')} UTC; results as of ${facts.signoff.asOf}`);
    facts.signoff.signers.forEach((signer, index) =>
      line(
        `Signer ${index + 1}`,
        `${signer.name}, ${signer.role}, ${signer.organisation} — ${signer.signedAt.slice(0, 16).replace('T', ' ')} UTC${signer.comment ? ` — "${signer.comment}"` : ''}`,
      ),
    );
    line('Fingerprint (SHA-256)', groupedFingerprint(facts.signoff.fingerprint));
    line('Check it', 'cwb verify <this workbook>.xlsx recomputes the fingerprint and compares every sheet with the signed content.');
  }

  row += 1;
  heading(sheet, row++, 'How to read this workbook', 11);
  const guide: [string, string][] = [
    ['Summary', 'Where the applications stand for each kind of disruption, and what to do first.'],
    ['Applications', 'Targets, estimated recovery and the result per disruption scope for each application.'],
    ['Interview', 'Every answer. Owners may fill in the yellow Answer cells and send the workbook back.'],
    ['Findings', 'Each gap or misconception, why it matters, and the answers it rests on.'],
    ['Recommendations', 'The plan, most severe first, cheapest first among equals.'],
    ['Recovery plan', 'Per disaster, the applications it takes down in the order they come back, where and when against their targets.'],
    ['Capacity', 'Per disaster, whether each surviving system can carry what it must then run, and the working behind every figure.'],
    ['Assumptions', 'The figures every estimate is built from.'],
  ];
  for (const [sheetName, text] of guide) line(sheetName, text);
  printSetup(sheet, ctx.page);
  sheet.pageSetup.orientation = 'portrait';
}

function tableHeader(sheet: ExcelJS.Worksheet, row: number, headers: string[]): void {
  headers.forEach((text, i) => {
    const cell = sheet.getCell(row, i + 1);
    cell.value = text;
    cell.font = { ...FONT, bold: true, color: { argb: BRAND.headerFont } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BRAND.header } };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
}

function dataBar(sheet: ExcelJS.Worksheet, ref: string, color: string): void {
  sheet.addConditionalFormatting({
    ref,
    rules: [{ type: 'dataBar', priority: 1, gradient: false, cfvo: [{ type: 'num', value: 0 }, { type: 'max' }], color: { argb: color } } as ExcelJS.DataBarRuleType],
  });
}

function toned(cell: ExcelJS.Cell, value: CellContent, tone: Tone | null): void {
  setPlain(cell, value);
  if (tone) applyTone(cell, tone);
}

/**
 * Column A holds labels and names; B–F the five scopes (or a merged text block); G and H
 * effort and codes. Every small table of the page shares that grid.
 */
export function writeSummarySheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const sheet = workbook.addWorksheet('Summary', { views: [{ showGridLines: false }] });
  const widths = [26, 12, 12, 12, 12, 12, 10, 34];
  sheet.columns = widths.map((width) => ({ width }));
  const summary = ctx.assessment.summary;
  heading(sheet, 1, 'Summary', 16);
  const states = summary.assessment;
  const stateWords = ASSESSMENT_STATES.filter((state) => states[state] > 0).map((state) => `${states[state]} ${ASSESSMENT_LABELS[state].toLowerCase()}`);
  setPlain(sheet.getCell('A2'), `${summary.applications} applications as of ${ctx.assessment.asOf}${stateWords.length ? `: ${stateWords.join(', ')}` : ''}.`);

  let row = 4;
  heading(sheet, row++, 'Applications by result and disruption scope');
  tableHeader(sheet, row++, ['Result', ...DISRUPTION_SCOPES.map(scopeTitle)]);
  for (const state of STATE_ORDER) {
    const label = STATE_LABELS[state];
    const tone = STATE_TONES[state];
    toned(sheet.getCell(row, 1), `${label.symbol} ${label.text}`, tone);
    DISRUPTION_SCOPES.forEach((scope, i) => setPlain(sheet.getCell(row, i + 2), countOf(summary, scope, state)));
    if (state !== 'not-required' && state !== 'out-of-scope') dataBar(sheet, `B${row}:F${row}`, tone.fill === 'FFFFFFFF' ? 'FFBFC5CC' : tone.fill);
    row++;
  }

  row++;
  heading(sheet, row++, 'Findings by severity');
  tableHeader(sheet, row++, ['Severity', 'Findings']);
  const severityFirst = row;
  for (const severity of SEVERITIES) {
    toned(sheet.getCell(row, 1), SEVERITY_LABELS[severity], TONES[severity]);
    setPlain(sheet.getCell(row, 2), summary.findingsBySeverity[severity]);
    row++;
  }
  dataBar(sheet, `B${severityFirst}:B${row - 1}`, TONES.breached.fill);

  row++;
  heading(sheet, row++, 'A second system or site');
  const needing = summary.secondSystem.applications;
  const intro = sheet.getCell(row, 1);
  setPlain(
    intro,
    needing.length === 0
      ? 'Every application that must survive a system, site or region loss has somewhere to recover.'
      : `${needing.length} application${needing.length === 1 ? '' : 's'} cannot recover from the loss of a system, site or region without another Azure Stack Hub system (or public Azure):`,
  );
  sheet.mergeCells(row, 1, row, 8);
  intro.alignment = { wrapText: true, vertical: 'top' };
  fitRowHeight(sheet.getRow(row), [widths.reduce((a, b) => a + b, 0)]);
  row++;
  for (const app of needing) {
    setPlain(sheet.getCell(row, 1), app.name);
    setPlain(sheet.getCell(row, 2), app.scopes.map(scopeTitle).join(', '));
    sheet.mergeCells(row, 2, row, 6);
    row++;
  }

  row++;
  heading(sheet, row++, 'Top recommendations');
  tableHeader(sheet, row, ['Application', 'What to do', '', '', '', '', 'Effort', 'Resolves']);
  sheet.mergeCells(row, 2, row, 6);
  row++;
  for (const item of recommendationPlan(ctx.assessment).slice(0, 10)) {
    const values: [number, CellContent][] = [
      [1, `${item.priority}. ${item.app.name}`],
      [2, item.recommendation.action],
      [7, item.recommendation.effort],
      [8, item.recommendation.resolves.map(findingTitle).join('\n')],
    ];
    for (const [column, value] of values) {
      const cell = sheet.getCell(row, column);
      setPlain(cell, value);
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    sheet.mergeCells(row, 2, row, 6);
    fitRowHeight(sheet.getRow(row), [widths[0]!, 60, 0, 0, 0, 0, widths[6]!, widths[7]!]);
    row++;
  }
  printSetup(sheet, ctx.page);
}
