import ExcelJS from 'exceljs';
import { basename } from 'node:path';
import type { Verification, VerificationProblem } from '../../../shared/api/signoffContract';
import { Signer, type Signoff } from '../../../shared/domain/signoff';
import { SignedContent, viewFromSignedContent } from '../../../shared/signoff/canonical';
import { z } from 'zod';
import { CwbError } from '../errors';
import { planWorkbook, SIGNATURE_CONTENT_ROW, SIGNATURE_SHEET } from '../workbook/exportWorkbook';
import { loadExportedWorkbook } from '../workbook/loadWorkbook';
import { COVER_PREPARED_BY_CELL } from '../workbook/overviewSheets';
import { workbookBytes } from '../workbook/xlsx/writeWorkbook';
import { fingerprintOf } from './fingerprint';

/** More than this many places are summed up: past a few dozen, the point is made. */
const MAX_PROBLEMS = 40;

/** A cell as comparable text, whatever form a writer chose for it. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return `=${'formula' in value ? value.formula : value.sharedFormula}`;
  if ('error' in value) return String(value.error);
  if ('hyperlink' in value) return String(value.text ?? '');
  return JSON.stringify(value);
}

function shown(text: string): string {
  if (text === '') return '(empty)';
  return text.length > 60 ? `"${text.slice(0, 57)}…"` : `"${text}"`;
}

function readSignature(sheet: ExcelJS.Worksheet): { facts: Map<string, string>; content: string } {
  const facts = new Map<string, string>();
  for (let row = 1; row < SIGNATURE_CONTENT_ROW; row += 1) {
    const key = cellText(sheet.getCell(row, 1).value);
    if (key) facts.set(key, cellText(sheet.getCell(row, 2).value));
  }
  const parts = Number(facts.get('contentParts') ?? '0');
  let content = '';
  for (let i = 0; i < parts; i += 1) content += cellText(sheet.getCell(SIGNATURE_CONTENT_ROW + i, 1).value);
  return { facts, content };
}

/** Compares every sheet the workbook should hold with what it holds, cell by cell; differences are named by place. */
function compareSheets(expected: ExcelJS.Workbook, actual: ExcelJS.Workbook, problems: VerificationProblem[]): number {
  let cells = 0;
  const expectedNames = new Set(expected.worksheets.map((sheet) => sheet.name));
  for (const sheet of actual.worksheets) {
    if (!expectedNames.has(sheet.name) && sheet.name !== SIGNATURE_SHEET) problems.push({ place: `sheet ${sheet.name}`, message: 'was added after the sign-off' });
  }
  for (const want of expected.worksheets) {
    if (want.name === SIGNATURE_SHEET) continue;
    const have = actual.getWorksheet(want.name);
    if (!have) {
      problems.push({ place: `sheet ${want.name}`, message: 'is missing (deleted or renamed)' });
      continue;
    }
    if (want.state === 'visible' && have.state !== 'visible') problems.push({ place: `sheet ${want.name}`, message: 'was hidden' });
    const rows = Math.max(want.rowCount, have.rowCount);
    const columns = Math.max(want.columnCount, have.columnCount);
    for (let r = 1; r <= rows; r += 1) {
      const differing: { address: string; expected: string; found: string }[] = [];
      for (let c = 1; c <= columns; c += 1) {
        if (want.name === 'Cover' && want.getCell(r, c).address === COVER_PREPARED_BY_CELL) continue;
        const expectedText = cellText(want.getCell(r, c).value);
        const foundText = cellText(have.getCell(r, c).value);
        if (expectedText !== '' || foundText !== '') cells += 1;
        if (expectedText !== foundText) differing.push({ address: want.getCell(r, c).address, expected: expectedText, found: foundText });
      }
      if (differing.length === 0) continue;
      const first = differing[0]!;
      const detail = `expected ${shown(first.expected)}, found ${shown(first.found)}`;
      problems.push(
        differing.length === 1
          ? { place: `${want.name}!${first.address}`, message: `was edited: ${detail}` }
          : { place: `${want.name} row ${r}`, message: `${differing.length} cells differ (rows added, deleted or edited); first ${first.address}: ${detail}` },
      );
    }
  }
  return cells;
}

function refuse(message: string): CwbError {
  return new CwbError('VALIDATION', message, { reason: 'not-a-workbook' });
}

/**
 * `cwb verify WORKBOOK.xlsx`: the signature sheet's content must hash to its fingerprint, and
 * every sheet must be exactly what this app generates from that content. Anything else is
 * reported with its place. The time of export is not signed content; it is taken as written.
 */
export async function verifyWorkbook(path: string): Promise<Verification> {
  const name = basename(path);
  const workbook = await loadExportedWorkbook(path, refuse);
  const signatureSheet = workbook.getWorksheet(SIGNATURE_SHEET);
  if (!signatureSheet) {
    const cover = workbook.getWorksheet('Cover');
    let claimsSignature = false;
    cover?.eachRow((row) => {
      if (cellText(row.getCell(1).value) === 'Fingerprint (SHA-256)') claimsSignature = true;
    });
    if (claimsSignature) {
      return { outcome: 'altered', fingerprint: null, signers: [], checked: name, problems: [{ place: `sheet ${SIGNATURE_SHEET}`, message: 'is missing, yet the Cover shows a fingerprint: the signed content was removed' }] };
    }
    return { outcome: 'unsigned', fingerprint: null, signers: [], checked: `${name} was exported from an engagement that was not signed off, so there is no fingerprint to check.`, problems: [] };
  }

  const problems: VerificationProblem[] = [];
  const { facts, content } = readSignature(signatureSheet);
  const fingerprint = facts.get('fingerprint') ?? '';
  const signers = z.array(Signer).safeParse((() => {
    try {
      return JSON.parse(facts.get('signers') ?? '[]');
    } catch {
      return null;
    }
  })());
  if (fingerprintOf(content) !== fingerprint) {
    problems.push({ place: `sheet ${SIGNATURE_SHEET}`, message: 'the signed content does not hash to the fingerprint recorded with it' });
  }
  const parsed = (() => {
    try {
      return SignedContent.safeParse(JSON.parse(content));
    } catch {
      return null;
    }
  })();
  if (!parsed?.success || !signers.success) {
    problems.push({ place: `sheet ${SIGNATURE_SHEET}`, message: 'the signed content cannot be read, so the visible sheets cannot be checked' });
    return { outcome: 'altered', fingerprint, signers: signers.success ? signers.data : [], checked: name, problems };
  }

  const signoff: Signoff = {
    id: 0,
    signedAt: facts.get('signedAt') ?? '',
    asOf: facts.get('asOf') ?? parsed.data.asOf,
    fingerprint,
    signers: signers.data,
    voided: null,
  };
  const { view, assessment } = viewFromSignedContent(parsed.data, signoff);
  const regenerated = await workbookBytes(await planWorkbook(view, assessment, facts.get('exportedAt') ?? '', { signoff, content }));
  // Through the file format and back, so both sides are read by the same reader in the same way.
  const expected = new ExcelJS.Workbook();
  await expected.xlsx.load(regenerated.buffer.slice(regenerated.byteOffset, regenerated.byteOffset + regenerated.byteLength) as ArrayBuffer);
  const cells = compareSheets(expected, workbook, problems);
  const visible = expected.worksheets.filter((sheet) => sheet.state === 'visible').length;
  const extra = problems.length - MAX_PROBLEMS;
  const listed = extra > 0 ? [...problems.slice(0, MAX_PROBLEMS), { place: 'and more', message: `${extra} further differences not listed` }] : problems;
  return {
    outcome: problems.length === 0 ? 'verified' : 'altered',
    fingerprint,
    signers: signers.data,
    checked: `the signed content of ${name}, its fingerprint, and ${visible} visible sheets (${cells.toLocaleString('en-GB')} cells) regenerated from it`,
    problems: listed,
  };
}
