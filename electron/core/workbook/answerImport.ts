import ExcelJS from 'exceljs';
import { basename } from 'node:path';
import type { AnswerChange, AnswerImportPreview, AnswerImportResult } from '../../../shared/api/answerImportContract';
import { AnswerState, AnswerStateInput, type Answer, type EngagementView } from '../../../shared/domain/engagement';
import { answerFromText, answerStateText, type NamedRecords } from '../../../shared/questions/answerText';
import { findQuestion, type Question } from '../../../shared/questions/catalogue';
import { CwbError } from '../errors';
import { loadExportedWorkbook } from './loadWorkbook';
import type { EngagementStore } from '../store/engagementStore';
import { META_SHEET, WORKBOOK_FORMAT, WORKBOOK_FORMAT_VERSION } from './exportWorkbook';
import { cellText, exportedCells, INTERVIEW_HEADERS, INTERVIEW_SHEET, recordsOf, STATUS_TEXT, type ExportedRow } from './interviewSheet';

/**
 * Reading an assessment workbook back. A row counts as edited only when its cells differ from
 * what was exported (kept in a hidden column), so an untouched row never undoes a change made
 * in the app since the export, and a row or sheet someone deleted changes nothing.
 */

/** Far above any real assessment workbook, far below what would strain memory when read whole. */

type CellValue = string | number | boolean | Date;

interface WorkbookRow {
  row: number;
  applicationId: string;
  componentId: string;
  questionId: string;
  cells: ExportedRow;
  /** The answer cell as typed: a number or date stays one, for the parser. */
  answerValue: CellValue | null;
  exported: ExportedRow | null;
  /** Why the row cannot be read at all (a formula or an error value in an edited cell). */
  unreadable: string | null;
}

export interface AnswerWorkbook {
  fileName: string;
  meta: Record<string, string> | null;
  rows: WorkbookRow[];
}

/** A value as the owner left it; formulas and error values are reported rather than evaluated. */
function readCell(cell: ExcelJS.Cell): { value: CellValue | null; problem: string | null } {
  const value = cell.value;
  if (value === null || value === undefined) return { value: null, problem: null };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return { value, problem: null };
  }
  if ('richText' in value) return { value: value.richText.map((run) => run.text).join(''), problem: null };
  if ('hyperlink' in value) return { value: String(value.text ?? ''), problem: null };
  if ('error' in value) return { value: null, problem: `cell ${cell.address} holds the error value ${value.error}` };
  if ('formula' in value || 'sharedFormula' in value) {
    return { value: null, problem: `cell ${cell.address} holds a formula; type the answer itself` };
  }
  return { value: null, problem: `cell ${cell.address} holds a value that cannot be read` };
}

/**
 * A date typed where Excel kept no date format arrives as its serial number (days since
 * 1899-12-30); within the years anyone would type, it is read back as that date.
 */
function serialAsDate(value: CellValue | null): CellValue | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 32874 || value > 73051) return value;
  return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000);
}

/** A cell as plain text, whatever form the writer chose (rich text, a hyperlink...). */
function plainText(cell: ExcelJS.Cell): string {
  return cellText(readCell(cell).value);
}

function parseExported(text: string): ExportedRow | null {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const fields = ['answer', 'status', 'followUpWith', 'followUpBy', 'reason', 'note'] as const;
    if (typeof value !== 'object' || value === null || !fields.every((f) => typeof value[f] === 'string')) return null;
    return Object.fromEntries(fields.map((f) => [f, value[f]])) as unknown as ExportedRow;
  } catch {
    return null;
  }
}

function refuse(message: string, details: Record<string, unknown> = {}): CwbError {
  return new CwbError('VALIDATION', message, { reason: 'not-an-answer-workbook', ...details });
}

/** Opens the workbook (after the same checks as an inventory file) and reads its Interview rows. */
export async function readAnswerWorkbook(path: string): Promise<AnswerWorkbook> {
  const fileName = basename(path);
  const workbook = await loadExportedWorkbook(path, (message) =>
    refuse(message.endsWith('(.xlsx).') ? `${message.slice(0, -1)}; answers come back in the workbook the app exported.` : message),
  );

  const metaSheet = workbook.getWorksheet(META_SHEET);
  let meta: Record<string, string> | null = null;
  if (metaSheet) {
    meta = {};
    metaSheet.eachRow((row) => {
      const key = plainText(row.getCell(1));
      if (key) meta![key] = plainText(row.getCell(2));
    });
  }

  const sheet =
    workbook.getWorksheet(INTERVIEW_SHEET) ??
    workbook.worksheets.find((candidate) => headerColumns(candidate).get(INTERVIEW_HEADERS.questionId) !== undefined);
  if (!sheet) {
    throw refuse(`${fileName} has no ${INTERVIEW_SHEET} sheet, so it holds no answers to import. Answers come back in the ${INTERVIEW_SHEET} sheet of the workbook the app exported.`);
  }
  const columns = headerColumns(sheet);
  const missing = Object.values(INTERVIEW_HEADERS).filter((header) => columns.get(header) === undefined);
  if (missing.length > 0) {
    throw refuse(`${fileName}, sheet "${sheet.name}": the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing from row 1. Keep the sheet's columns as exported (hidden ones included); rows may be deleted or filtered.`);
  }
  const at = (name: string) => columns.get(name)!;

  const rows: WorkbookRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const id = (header: string) => plainText(row.getCell(at(header)));
    const applicationId = id(INTERVIEW_HEADERS.applicationId);
    const questionId = id(INTERVIEW_HEADERS.questionId);
    if (!applicationId && !questionId) return;
    const problems: string[] = [];
    const text = (header: string) => {
      const read = readCell(row.getCell(at(header)));
      if (read.problem) problems.push(read.problem);
      return read.value;
    };
    const question = findQuestion(questionId);
    const typed = text(INTERVIEW_HEADERS.answer);
    const answerValue = question?.type === 'date' ? serialAsDate(typed) : typed;
    const cells: ExportedRow = {
      answer: cellText(answerValue),
      status: cellText(text(INTERVIEW_HEADERS.status)),
      followUpWith: cellText(text(INTERVIEW_HEADERS.followUpWith)),
      followUpBy: cellText(serialAsDate(text(INTERVIEW_HEADERS.followUpBy))),
      reason: cellText(text(INTERVIEW_HEADERS.reason)),
      note: cellText(text(INTERVIEW_HEADERS.note)),
    };
    rows.push({
      row: rowNumber,
      applicationId,
      componentId: id(INTERVIEW_HEADERS.componentId),
      questionId,
      cells,
      answerValue: typeof answerValue === 'string' ? answerValue.trim() : answerValue,
      exported: parseExported(plainText(row.getCell(at(INTERVIEW_HEADERS.exported)))),
      unreadable: problems[0] ?? null,
    });
  });
  return { fileName, meta, rows };
}

function headerColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    const name = plainText(cell).toLowerCase();
    if (name && !columns.has(name)) columns.set(name, column);
  });
  return columns;
}

/** The workbook must be one exported from this engagement: refused otherwise, before any row is read. */
function checkBelongs(workbook: AnswerWorkbook, view: EngagementView): string[] {
  const { meta, fileName } = workbook;
  if (meta) {
    if (meta.format !== WORKBOOK_FORMAT) throw refuse(`${fileName} was not exported by Continuity Workbook.`);
    const version = Number(meta.formatVersion);
    if (!Number.isInteger(version) || version > WORKBOOK_FORMAT_VERSION) {
      throw refuse(`${fileName} was exported by a newer version of Continuity Workbook (workbook format ${meta.formatVersion}); update the app to import it.`);
    }
    if (meta.engagementId !== view.details.id) {
      const exported = meta.exportedAt ? `, exported ${meta.exportedAt.slice(0, 10)}` : '';
      throw refuse(
        `${fileName} belongs to another engagement (customer "${meta.customer ?? '?'}"${exported}), not to "${view.details.customer} — ${view.details.title}". Open that engagement to import its answers.`,
        { reason: 'other-engagement' },
      );
    }
    return [];
  }
  const known = new Set(view.applications.map((a) => a.id));
  if (!workbook.rows.some((row) => known.has(row.applicationId))) {
    throw refuse(`${fileName} does not come from this engagement: none of its rows names one of this engagement's applications.`, { reason: 'other-engagement' });
  }
  return [`${fileName} has lost its hidden metadata sheet (was the Interview sheet copied into another workbook?); its rows were matched to this engagement by their hidden ids.`];
}

/** The Status column's words as exported, read in any case, and the short forms people type for "not applicable". */
const STATUS_BY_TEXT: Record<string, Answer['state']['status']> = {
  ...Object.fromEntries(Object.entries(STATUS_TEXT).map(([status, text]) => [text.toLowerCase(), status as Answer['state']['status']])),
  'not-applicable': 'not-applicable',
  'n/a': 'not-applicable',
  na: 'not-applicable',
};

/** A state in the words the workbook uses, for the diff. */
function sameRow(a: ExportedRow, b: ExportedRow): boolean {
  return a.answer === b.answer && a.status === b.status && a.followUpWith === b.followUpWith && a.followUpBy === b.followUpBy && a.reason === b.reason && a.note === b.note;
}

/** What was exported as reading it back gives it: cells are read trimmed, and a note may begin or end with spaces or a line break. */
function asRead(row: ExportedRow): ExportedRow {
  return { answer: cellText(row.answer), status: cellText(row.status), followUpWith: cellText(row.followUpWith), followUpBy: cellText(row.followUpBy), reason: cellText(row.reason), note: cellText(row.note) };
}

function isBlank(row: ExportedRow): boolean {
  return !row.answer && !row.status && !row.followUpWith && !row.followUpBy && !row.reason;
}

function sameAnswer(a: { state: AnswerState; note: string }, b: { state: AnswerState; note: string } | undefined): boolean {
  return b !== undefined && a.note === b.note && JSON.stringify(a.state) === JSON.stringify(b.state);
}

/** What an edited row asks for: a new answer, or the reason it cannot be one. */
function intendedAnswer(
  row: WorkbookRow,
  baseline: ExportedRow,
  question: Question,
  current: Answer | undefined,
  records: NamedRecords,
): { ok: true; answer: { state: AnswerState; note: string } } | { ok: false; kind: 'invalid' | 'ignored'; reason: string } {
  const { cells } = row;
  if (isBlank(cells)) {
    return { ok: false, kind: 'ignored', reason: 'The row was cleared in the workbook; a workbook never deletes answers. Clear the answer in the app if it should go.' };
  }
  let status: Answer['state']['status'];
  if (cells.status !== baseline.status && cells.status) {
    const named = STATUS_BY_TEXT[cells.status.toLowerCase()];
    if (!named) return { ok: false, kind: 'invalid', reason: `Status "${cells.status}" is not one of Answered, Unknown or Not applicable.` };
    status = named;
  } else if (cells.answer && cells.answer !== baseline.answer) status = 'answered';
  else if (cells.status) status = STATUS_BY_TEXT[cells.status.toLowerCase()] ?? 'answered';
  else status = 'answered';

  const note = cells.note !== baseline.note ? cells.note : (current?.note ?? cells.note);
  let state: AnswerState;
  if (status === 'answered') {
    if (row.answerValue === null || cells.answer === '') {
      return { ok: false, kind: 'ignored', reason: 'The answer cell was cleared; a workbook never deletes answers. Clear the answer in the app if it should go.' };
    }
    const parsed = answerFromText(question, row.answerValue, records);
    if (!parsed.ok) return { ok: false, kind: 'invalid', reason: `Not a valid answer: ${parsed.message}.` };
    state = { status: 'answered', value: parsed.value };
  } else if (status === 'unknown') {
    if (!question.unknownAllowed) return { ok: false, kind: 'invalid', reason: 'This question needs a definite answer; Unknown is not allowed.' };
    const checked = AnswerStateInput.safeParse({ status: 'unknown', followUpWith: cells.followUpWith, followUpBy: cells.followUpBy });
    if (!checked.success) return { ok: false, kind: 'invalid', reason: checked.error.issues[0]?.message ?? 'The follow-up cannot be read.' };
    state = checked.data;
  } else {
    const checked = AnswerStateInput.safeParse({ status: 'not-applicable', reason: cells.reason });
    if (!checked.success) return { ok: false, kind: 'invalid', reason: checked.error.issues[0]?.message ?? 'The reason cannot be read.' };
    state = checked.data;
  }
  if (note.length > 4000) return { ok: false, kind: 'invalid', reason: 'The note is longer than 4,000 characters.' };
  return { ok: true, answer: { state, note } };
}

export interface PlannedAnswer {
  key: string;
  applicationId: string;
  componentId: string | null;
  questionId: string;
  state: AnswerState;
  note: string;
}

export interface AnswerImportPlan {
  preview: AnswerImportPreview;
  /** The valid changes by key, ready for the store. */
  answers: Map<string, PlannedAnswer>;
}

/** Compares the workbook with the engagement; pure, writes nothing. */
export function planAnswerImport(workbook: AnswerWorkbook, view: EngagementView): AnswerImportPlan {
  const warnings = checkBelongs(workbook, view);
  const records = recordsOf(view);
  const applications = new Map(view.applications.map((a) => [a.id, a]));
  const changes: AnswerChange[] = [];
  const answers = new Map<string, PlannedAnswer>();
  const seen = new Map<string, number>();
  let editedRows = 0;
  let unchanged = 0;

  for (const row of workbook.rows) {
    const application = applications.get(row.applicationId);
    const component = row.componentId ? application?.components.find((c) => c.id === row.componentId) : undefined;
    const question = findQuestion(row.questionId);
    const current = row.componentId ? component?.answers[row.questionId] : application?.answers[row.questionId];
    const currentText = question ? answerStateText(question, current, records) : '';
    // A row whose hidden copy was damaged is compared with the engagement instead.
    const baseline = row.exported ?? (question ? exportedCells(question, current, records) : null);
    if (baseline && sameRow(row.cells, asRead(baseline))) continue;
    editedRows += 1;

    const key = `${row.applicationId}/${row.componentId}/${row.questionId}`;
    const base = {
      key,
      row: row.row,
      applicationId: row.applicationId,
      application: application?.name ?? '',
      componentId: row.componentId || null,
      component: component?.name ?? '',
      questionId: row.questionId,
      question: question?.prompt ?? row.questionId,
      before: currentText,
      after: describeCells(row.cells),
      changedSinceExport: row.exported !== null && question !== undefined && !sameRow(row.exported, exportedCells(question, current, records)),
    };
    const fail = (kind: 'invalid' | 'ignored', reason: string) => changes.push({ ...base, kind, reason });

    if (!application) {
      fail('invalid', 'The application of this row is no longer in the engagement.');
      continue;
    }
    if (row.componentId && !component) {
      fail('invalid', 'The component of this row is no longer in the engagement.');
      continue;
    }
    if (!question || (question.level === 'component') !== Boolean(row.componentId)) {
      fail('invalid', `The hidden question id "${row.questionId}" is not a question this version of the app asks here.`);
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail('ignored', `The same question appears again in row ${earlier}; only that row is used.`);
      continue;
    }
    seen.set(key, row.row);
    if (row.unreadable) {
      fail('invalid', `The row cannot be read: ${row.unreadable}.`);
      continue;
    }
    const intended = intendedAnswer(row, baseline ?? row.cells, question, current, records);
    if (!intended.ok) {
      fail(intended.kind, intended.reason);
      continue;
    }
    if (sameAnswer(intended.answer, current)) {
      unchanged += 1;
      continue;
    }
    changes.push({ ...base, kind: 'change', reason: null, after: answerStateText(question, intended.answer, records) });
    answers.set(key, { key, applicationId: row.applicationId, componentId: row.componentId || null, questionId: row.questionId, ...intended.answer });
  }

  changes.sort((a, b) => a.row - b.row);
  return {
    preview: {
      fileName: workbook.fileName,
      exportedAt: workbook.meta?.exportedAt ?? null,
      rowsRead: workbook.rows.length,
      editedRows,
      unchanged,
      changes,
      warnings,
    },
    answers,
  };
}

function describeCells(cells: ExportedRow): string {
  const parts = [cells.answer, cells.status, cells.followUpWith && `follow up with ${cells.followUpWith}`, cells.followUpBy && `by ${cells.followUpBy}`, cells.reason];
  const text = parts.filter(Boolean).join(' — ') || '(empty)';
  return cells.note ? `${text} (note: ${cells.note})` : text;
}

/** Reads the workbook and shows what importing it would change; writes nothing. */
export async function previewAnswerImport(path: string, view: EngagementView): Promise<AnswerImportPreview> {
  return planAnswerImport(await readAnswerWorkbook(path), view).preview;
}

/**
 * Reads the workbook again (it may have been saved since the preview) and applies the valid
 * changes chosen, all in one transaction; an unknown or invalid key applies nothing.
 */
export async function applyAnswerImport(path: string, store: EngagementStore, keys?: readonly string[]): Promise<AnswerImportResult> {
  return (await applyAnswerImportWithPreview(path, store, keys)).result;
}

/** The same, also returning the diff it applied from, so a caller that prints both reads the workbook once. */
export async function applyAnswerImportWithPreview(
  path: string,
  store: EngagementStore,
  keys?: readonly string[],
): Promise<{ preview: AnswerImportPreview; result: AnswerImportResult }> {
  store.refuseChanges();
  const workbook = await readAnswerWorkbook(path);
  const { preview, answers } = planAnswerImport(workbook, store.view());
  const wanted = keys ? new Set(keys) : new Set(answers.keys());
  for (const key of wanted) {
    if (!answers.has(key)) {
      const found = preview.changes.find((change) => change.key === key);
      throw new CwbError(
        'VALIDATION',
        found
          ? `Row ${found.row} (${found.application}: ${found.question}) cannot be applied: ${found.reason ?? 'it is not a change'}`
          : 'A chosen change is no longer in the workbook; preview it again.',
        { key },
      );
    }
  }
  const chosen = [...answers.values()].filter((answer) => wanted.has(answer.key));
  const { importId, applied } = chosen.length === 0 ? { importId: null, applied: 0 } : store.importAnswers(chosen, { fileName: workbook.fileName, exportedAt: preview.exportedAt });
  const count = (kind: AnswerChange['kind']) => preview.changes.filter((change) => change.kind === kind).length;
  return { preview, result: { fileName: workbook.fileName, importId, applied, notSelected: answers.size - applied, invalid: count('invalid'), ignored: count('ignored') } };
}
