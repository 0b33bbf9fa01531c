import { cleanDeep } from '../../../shared/text/safeText';
import { renameSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { EngagementView } from '../../../shared/domain/engagement';
import type { Signoff } from '../../../shared/domain/signoff';
import type { Assessment } from '../../../shared/rules/assessment';
import { assessEngagement } from '../../../shared/rules/engine';
import { recoveryPlans } from '../../../shared/rules/plan';
import { byNameThenId } from '../../../shared/rules/facts';
import { APP_VERSION } from '../../../shared/version';
import { CwbError, fileError } from '../errors';
import { NO_BRANDING, type Branding } from '../report/branding';
import { prepareOutputFolder, removeTemporary, temporaryBeside } from '../interchange';
import { writeEvidenceSheet } from './evidenceSheet';
import { planLists, writeInterviewSheet, writeListsSheet } from './interviewSheet';
import { writeCapacitySheet, writeRecoveryPlanSheet } from './planSheets';
import { writeCoverSheet, writeSummarySheet } from './overviewSheets';
import {
  writeApplicationsSheet,
  writeAssumptionsSheet,
  writeDataProtectionSheet,
  writeFindingsSheet,
  writeFollowUpsSheet,
  writeRecommendationsSheet,
  writeSitesSheet,
  writeVmsSheet,
  type SheetContext,
} from './resultSheets';
import { todayUtc } from '../../../shared/rules/format';
import { WorkbookPlan } from './workbookPlan';
import { writeWorkbookFile } from './xlsx/writeWorkbook';

/** The hidden sheet that ties a workbook to its engagement, so answers can come back in. */
export const META_SHEET = 'meta';
export const WORKBOOK_FORMAT = 'continuity-workbook';
export const WORKBOOK_FORMAT_VERSION = 1;

export interface WorkbookMeta {
  format: string;
  formatVersion: number;
  engagementId: string;
  customer: string;
  exportedAt: string;
  appVersion: string;
  rulesVersion: number;
  catalogueVersion: number;
}

/** The very hidden, protected sheet that carries a signed workbook's fingerprint and canonical content. */
export const SIGNATURE_SHEET = 'signature';
/** Excel keeps at most 32,767 characters in a cell; the content is split into parts below that. */
const CONTENT_PART = 30_000;
/** The row where the content's parts start, one per row in column A. */
export const SIGNATURE_CONTENT_ROW = 10;

export interface WorkbookSignature {
  signoff: Signoff;
  /** The canonical text the fingerprint was computed over, exactly as stored at sign-off. */
  content: string;
}

function contentParts(content: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < content.length) {
    let end = Math.min(start + CONTENT_PART, content.length);
    // Never split a surrogate pair: each part must be valid text on its own.
    if (end < content.length && /[\uD800-\uDBFF]/.test(content[end - 1]!)) end -= 1;
    parts.push(content.slice(start, end));
    start = end;
  }
  return parts;
}

async function writeSignatureSheet(workbook: WorkbookPlan, signature: WorkbookSignature, exportedAt: string): Promise<void> {
  const sheet = workbook.addWorksheet(SIGNATURE_SHEET, { state: 'veryHidden' });
  const parts = contentParts(signature.content);
  const facts: [string, string | number][] = [
    ['fingerprint', signature.signoff.fingerprint],
    ['signedAt', signature.signoff.signedAt],
    ['asOf', signature.signoff.asOf],
    ['signers', JSON.stringify(signature.signoff.signers)],
    ['exportedAt', exportedAt],
    ['contentParts', parts.length],
    ['contentForm', 'canonical JSON, see the README section "Sign-off and the fingerprint"'],
  ];
  facts.forEach(([key, value], index) => {
    sheet.getCell(index + 1, 1).value = key;
    sheet.getCell(index + 1, 2).value = value;
  });
  parts.forEach((part, index) => (sheet.getCell(SIGNATURE_CONTENT_ROW + index, 1).value = part));
  // Protection is a speed bump, not the proof: the proof is the fingerprint, which cwb verify recomputes.
  await sheet.protect('', { selectLockedCells: false, selectUnlockedCells: false });
}

function writeMeta(workbook: WorkbookPlan, meta: WorkbookMeta): void {
  const sheet = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  Object.entries(meta).forEach(([key, value], index) => {
    sheet.getCell(index + 1, 1).value = key;
    sheet.getCell(index + 1, 2).value = value;
  });
}

/** What the workbook holds, sheet by sheet, from the view and the assessment of that same view. */
export async function planWorkbook(
  engagement: EngagementView,
  assessed: Assessment,
  exportedAt = new Date().toISOString(),
  signed: WorkbookSignature | null = null,
  brand: Branding = NO_BRANDING,
): Promise<WorkbookPlan> {
  // XML has no way to write some characters an older file may hold: every text is made safe once, here.
  const { view, assessment, signature, branding } = cleanDeep({ view: engagement, assessment: assessed, signature: signed, branding: brand });
  const workbook = new WorkbookPlan({ creator: 'Continuity Workbook', title: `${view.details.customer} — ${view.details.title}`, created: new Date(exportedAt) });

  const applications = [...view.applications].sort(byNameThenId);
  const ctx: SheetContext = {
    view,
    assessment,
    page: { customer: view.details.customer, title: view.details.title, exportedOn: exportedAt.slice(0, 10) },
    applicationsById: new Map(applications.map((a) => [a.id, a])),
  };
  writeCoverSheet(workbook, ctx, { appVersion: APP_VERSION, rulesVersion: assessment.rulesVersion, catalogueVersion: assessment.catalogueVersion, exportedAt, signoff: signature?.signoff ?? null }, branding);
  writeSummarySheet(workbook, ctx);
  writeApplicationsSheet(workbook, ctx);
  const lists = planLists(view);
  writeInterviewSheet(workbook, view, applications, ctx.page, lists);
  writeFindingsSheet(workbook, ctx);
  writeRecommendationsSheet(workbook, ctx);
  const plans = recoveryPlans(view, assessment);
  writeRecoveryPlanSheet(workbook, plans, ctx.page);
  writeCapacitySheet(workbook, plans, ctx.page);
  writeDataProtectionSheet(workbook, ctx);
  writeSitesSheet(workbook, ctx);
  writeVmsSheet(workbook, ctx);
  writeAssumptionsSheet(workbook, ctx);
  writeFollowUpsSheet(workbook, ctx);
  writeEvidenceSheet(workbook, ctx);
  writeListsSheet(workbook, lists);
  writeMeta(workbook, {
    format: WORKBOOK_FORMAT,
    formatVersion: WORKBOOK_FORMAT_VERSION,
    engagementId: view.details.id,
    customer: view.details.customer,
    exportedAt,
    appVersion: APP_VERSION,
    rulesVersion: assessment.rulesVersion,
    catalogueVersion: assessment.catalogueVersion,
  });
  if (signature) await writeSignatureSheet(workbook, signature, exportedAt);
  return workbook;
}

/**
 * Writes the workbook sheet by sheet, under a temporary name that is then renamed, so a failed
 * export never leaves half a workbook where the user looks.
 */
export async function exportWorkbook(
  path: string,
  view: EngagementView,
  assessment: Assessment,
  exportedAt?: string,
  signature: WorkbookSignature | null = null,
  branding: Branding = NO_BRANDING,
): Promise<void> {
  const plan = await planWorkbook(view, assessment, exportedAt, signature, branding);
  prepareOutputFolder(path);
  const temporary = temporaryBeside(path);
  try {
    await writeWorkbookFile(plan, temporary);
    renameSync(temporary, path);
  } catch (error) {
    removeTemporary(temporary);
    throw fileError(error, path, 'write the workbook');
  }
}

/** The workbook the app and the CLI export: the view, assessed as of today (UTC) unless told otherwise. */
export async function exportAssessmentWorkbook(path: string, view: EngagementView, asOf = todayUtc()): Promise<{ path: string }> {
  return exportSourceWorkbook(path, { view, assessment: assessEngagement(view, { asOf }), signature: null });
}

/** The workbook of what `exportSource` chose: a signed engagement as signed, with its fingerprint and content. */
export async function exportSourceWorkbook(
  path: string,
  source: { view: EngagementView; assessment: Assessment; signature: WorkbookSignature | null },
  exportedAt?: string,
  branding: Branding = NO_BRANDING,
): Promise<{ path: string }> {
  if (extname(path).toLowerCase() !== '.xlsx') throw new CwbError('VALIDATION', `${basename(path)} does not end in .xlsx: the workbook is an Excel .xlsx file, so name it that way.`, { field: 'path' });
  if (resolve(path) === resolve(source.view.path)) throw new CwbError('VALIDATION', 'The workbook cannot be written over the engagement file itself.', { field: 'path' });
  await exportWorkbook(path, source.view, source.assessment, exportedAt, source.signature, branding);
  return { path };
}
