import type ExcelJS from 'exceljs';
import type { Answer, Application, EngagementView } from '../../../shared/domain/engagement';
import { answerToText, type NamedRecords } from '../../../shared/questions/answerText';
import { alternativeOf, findQuestion, questionsFor, type Question } from '../../../shared/questions/catalogue';
import { setPlain, type Column, type PageContext } from './table';
import type { WorkbookPlan } from './workbookPlan';

/**
 * The Interview sheet: one row per application (and component) and question, with the
 * answer in words that owners can edit offline. Hidden columns carry the ids and what was
 * exported, so that reading the workbook back can tell an owner's edit from an untouched row.
 */

export const INTERVIEW_SHEET = 'Interview';
export const LISTS_SHEET = 'lists';

export const STATUS_TEXT = { answered: 'Answered', unknown: 'Unknown', 'not-applicable': 'Not applicable' } as const;

export interface InterviewRow {
  application: Application;
  componentId: string | null;
  componentName: string;
  question: Question;
  answer: Answer | undefined;
  answerCell: string | number | Date | null;
}

/** What a row said when it was exported: compared on the way back in to find the rows someone edited. */
export interface ExportedRow {
  answer: string;
  status: string;
  followUpWith: string;
  followUpBy: string;
  reason: string;
  note: string;
}

export const INTERVIEW_COLUMNS = {
  answer: 6,
  status: 7,
  followUpWith: 8,
  followUpBy: 9,
  reason: 10,
  note: 11,
  applicationId: 14,
  componentId: 15,
  questionId: 16,
  exported: 17,
} as const;

export function recordsOf(view: EngagementView): NamedRecords {
  return { systems: view.systems, policies: view.policies, applications: view.applications };
}

function answerCell(question: Question, answer: Answer | undefined, records: NamedRecords): InterviewRow['answerCell'] {
  if (answer?.state.status !== 'answered') return null;
  if (question.type === 'date' && !alternativeOf(question, answer.state.value)) return new Date(`${String(answer.state.value)}T00:00:00Z`);
  return answerToText(question, answer.state.value, records);
}

function conditionText(question: Question, records: NamedRecords): string {
  const condition = question.appliesWhen;
  if (!condition) return '';
  const source = findQuestion(condition.questionId);
  if (!source) return '';
  const words = (values: readonly (string | boolean)[]) => values.map((value) => String(answerToText(source, source.type === 'multi-choice' ? [value] : value, records)));
  if (condition.noneOf) return `${source.prompt} → anything but ${words(condition.noneOf).join(' or ')}`;
  return `${source.prompt} → ${words(condition.anyOf).join(' or ')}`;
}

export function interviewRows(view: EngagementView, applications: readonly Application[]): InterviewRow[] {
  const records = recordsOf(view);
  const rows: InterviewRow[] = [];
  const appQuestions = questionsFor('application');
  const componentQuestions = questionsFor('component');
  for (const application of applications) {
    for (const question of appQuestions) {
      const answer = application.answers[question.id];
      rows.push({ application, componentId: null, componentName: '', question, answer, answerCell: answerCell(question, answer, records) });
    }
    for (const component of application.components) {
      for (const question of componentQuestions) {
        const answer = component.answers[question.id];
        rows.push({ application, componentId: component.id, componentName: component.name, question, answer, answerCell: answerCell(question, answer, records) });
      }
    }
  }
  return rows;
}

/** The header names reading the workbook back looks for (in any column order). */
export const INTERVIEW_HEADERS = {
  answer: 'answer',
  status: 'status',
  followUpWith: 'follow up with',
  followUpBy: 'follow up by',
  reason: 'why not applicable',
  note: 'note',
  applicationId: 'application id',
  componentId: 'component id',
  questionId: 'question id',
  exported: 'as exported',
} as const;

export function exportedText(row: InterviewRow): ExportedRow {
  return exportedRowOf(row.answer, row.answerCell);
}

/** The cells of an answer as exported, and as kept in the hidden "as exported" column. */
export function exportedCells(question: Question, answer: Answer | undefined, records: NamedRecords): ExportedRow {
  return exportedRowOf(answer, answerCell(question, answer, records));
}

function exportedRowOf(answer: Answer | undefined, cell: InterviewRow['answerCell']): ExportedRow {
  const state = answer?.state;
  return {
    answer: cellText(cell),
    status: state ? STATUS_TEXT[state.status] : '',
    followUpWith: state?.status === 'unknown' ? state.followUpWith : '',
    followUpBy: state?.status === 'unknown' ? state.followUpBy : '',
    reason: state?.status === 'not-applicable' ? state.reason : '',
    note: answer?.note ?? '',
  };
}

/** The text of a cell as read back: dates as YYYY-MM-DD, everything else as its string. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

interface ListPlan {
  entries: [key: string, values: string[]][];
  /** The defined name of each list by key; empty when the list has no values. */
  names: Map<string, string>;
}

/** Choice lists, one column per question on the hidden lists sheet, each under a defined name. */
export function planLists(view: EngagementView): ListPlan {
  const entries: ListPlan['entries'] = [
    ['status', Object.values(STATUS_TEXT)],
    ['yes-no', ['Yes', 'No']],
    ['systems', view.systems.map((s) => s.name)],
    ['policies', view.policies.map((p) => p.name)],
    ...[...questionsFor('application'), ...questionsFor('component')]
      .filter((q): q is Extract<Question, { type: 'choice' }> => q.type === 'choice')
      .map((q): [string, string[]] => [q.id, q.choices.filter((c) => !c.retired).map((c) => c.label)]),
    // Where it recovers: the systems, or public Azure, or new hardware.
    ...[...questionsFor('application'), ...questionsFor('component')]
      .filter((q): q is Extract<Question, { type: 'system-reference' }> => q.type === 'system-reference' && q.alternatives !== undefined)
      .map((q): [string, string[]] => [q.id, [...view.systems.map((s) => s.name), ...(q.alternatives ?? []).map((c) => c.label)]]),
  ];
  return { entries, names: new Map(entries.map(([key, values], index) => [key, values.length > 0 ? `list_${index + 1}` : ''])) };
}

export function writeListsSheet(workbook: WorkbookPlan, plan: ListPlan): void {
  const sheet = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  plan.entries.forEach(([key, values], index) => {
    const column = sheet.getColumn(index + 1);
    sheet.getCell(1, index + 1).value = key;
    values.forEach((value, row) => setPlain(sheet.getCell(row + 2, index + 1), value));
    const name = plan.names.get(key);
    if (name) workbook.addDefinedName(name, LISTS_SHEET, `$${column.letter}$2:$${column.letter}$${values.length + 1}`);
  });
}

function validationFor(question: Question, lists: Map<string, string>): ExcelJS.DataValidation | null {
  // The help is in the cell's note already; an input message as well would double the sheet's size for nothing.
  const stop = { showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Not a valid answer' };
  const list = (key: string): ExcelJS.DataValidation | null => {
    const name = lists.get(key);
    return name ? { type: 'list', allowBlank: true, formulae: [name], ...stop, error: 'Choose one of the values in the list.' } : null;
  };
  switch (question.type) {
    case 'choice':
      return list(question.id);
    case 'yes-no':
      return list('yes-no');
    case 'system-reference':
      return list(question.alternatives ? question.id : 'systems');
    case 'policy-reference':
      return list('policies');
    case 'number':
      return { type: 'decimal', operator: 'between', allowBlank: true, formulae: [question.min, question.max], ...stop, error: `Enter a number from ${question.min} to ${question.max} ${question.unit}.` };
    case 'date':
      if (question.never !== undefined) return { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [40] };
      return { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date('1990-01-01T00:00:00Z')], ...stop, error: 'Enter a date.' };
    case 'text':
      return { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [question.maxLength], ...stop, error: `At most ${question.maxLength} characters.` };
    case 'duration':
    case 'multi-choice':
    case 'application-references':
      return { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [2000] };
  }
}

function howToAnswer(question: Question): string {
  switch (question.type) {
    case 'multi-choice':
      return `Choose any of: ${question.choices.filter((c) => !c.retired).map((c) => c.label).join('; ')} — separate them with semicolons, or write ${question.noneLabel ?? 'none'}.`;
    case 'application-references':
      return 'Application names from this workbook, separated by semicolons, or none.';
    case 'duration':
      return 'A duration such as 30 min, 4 h, 2 days or 1 week.';
    case 'date':
      return question.never !== undefined ? `A date (YYYY-MM-DD), or ${question.never}.` : 'A date (YYYY-MM-DD).';
    case 'number':
      return `A number in ${question.unit}.`;
    default:
      return '';
  }
}

export function writeInterviewSheet(workbook: WorkbookPlan, view: EngagementView, applications: readonly Application[], page: PageContext, lists: ListPlan): void {
  const records = recordsOf(view);
  const rows = interviewRows(view, applications);
  // One validation object per question, shared by every row that asks it: a large engagement has
  // tens of thousands of answer cells but only as many distinct validations as questions.
  const validations = new Map<string, ExcelJS.DataValidation | null>();
  const answerValidation = (question: Question) => {
    let validation = validations.get(question.id);
    if (validation === undefined) {
      validation = validationFor(question, lists.names);
      validations.set(question.id, validation);
    }
    return validation;
  };
  const statusList = lists.names.get('status');
  const statusValidation: ExcelJS.DataValidation | null = statusList
    ? { type: 'list', allowBlank: true, formulae: [statusList], showErrorMessage: true, errorStyle: 'stop', error: 'Answered, Unknown or Not applicable.' }
    : null;
  const columns: Column<InterviewRow>[] = [
    { header: 'Application', width: 26, value: (r) => r.application.name, wrap: true },
    { header: 'Component', width: 18, value: (r) => r.componentName, wrap: true },
    { header: 'Section', width: 20, value: (r) => r.question.section, wrap: true },
    { header: 'Question', width: 48, value: (r) => r.question.prompt, wrap: true },
    { header: 'Only asked if', width: 28, value: (r) => conditionText(r.question, records), wrap: true },
    {
      header: 'Answer',
      width: 30,
      value: (r) => r.answerCell,
      wrap: true,
      align: 'left',
      numFmt: (r) => (r.answerCell instanceof Date ? 'yyyy-mm-dd' : undefined),
      fill: 'FFFFFDE7',
      note: (r) => noteText(r.question),
      validation: (r) => answerValidation(r.question),
    },
    { header: 'Status', width: 15, value: (r) => exportedText(r).status, validation: () => statusValidation },
    { header: 'Follow up with', width: 18, value: (r) => exportedText(r).followUpWith, wrap: true },
    { header: 'Follow up by', width: 13, value: (r) => exportedText(r).followUpBy },
    { header: 'Why not applicable', width: 22, value: (r) => exportedText(r).reason, wrap: true },
    { header: 'Note', width: 30, value: (r) => exportedText(r).note, wrap: true },
    { header: 'Answered by', width: 16, value: (r) => r.answer?.answeredBy ?? '' },
    { header: 'Answered at', width: 18, value: (r) => (r.answer ? r.answer.answeredAt.slice(0, 16).replace('T', ' ') : '') },
    { header: 'application id', width: 10, value: (r) => r.application.id, hidden: true },
    { header: 'component id', width: 10, value: (r) => r.componentId ?? '', hidden: true },
    { header: 'question id', width: 10, value: (r) => r.question.id, hidden: true },
    { header: 'as exported', width: 10, value: (r) => JSON.stringify(exportedText(r)), hidden: true },
  ];
  workbook.addTable(INTERVIEW_SHEET, columns, rows, { definedName: 'InterviewTable', page, wide: true });
}

/** The answer cell's note: the question's help, and how to write the answer. */
function noteText(question: Question): string {
  const how = howToAnswer(question);
  return how ? `${question.help}\n\n${how}` : question.help;
}
