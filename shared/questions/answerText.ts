import type { AnswerState, Application, AzureStackSystem, ProtectionPolicy } from '../domain/engagement';
import { alternativeOf, answerValueSchema, currentValue, NEVER, type Question } from './catalogue';

/**
 * Answers as text a person types into a spreadsheet cell, and back. The workbook writes
 * answers with `answerToText` and reads what application owners typed with `answerFromText`,
 * so a value that goes out unchanged comes back identical.
 */

export interface NamedRecords {
  systems: readonly Pick<AzureStackSystem, 'id' | 'name'>[];
  policies: readonly Pick<ProtectionPolicy, 'id' | 'name'>[];
  applications: readonly Pick<Application, 'id' | 'name'>[];
}

export type ParsedAnswer = { ok: true; value: unknown } | { ok: false; message: string };

const MINUTES = { min: 1, h: 60, day: 24 * 60, week: 7 * 24 * 60 } as const;

export const LIST_SEPARATOR = '; ';

/** Whole units only, so the text converts back to exactly the same number of minutes. */
export function durationToText(minutes: number): string {
  if (minutes === 0) return '0 min';
  if (minutes % MINUTES.week === 0) return plural(minutes / MINUTES.week, 'week');
  if (minutes % MINUTES.day === 0) return plural(minutes / MINUTES.day, 'day');
  if (minutes % MINUTES.h === 0) return `${minutes / MINUTES.h} h`;
  return `${minutes} min`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const DURATION_UNITS: Record<string, number> = {
  m: MINUTES.min, min: MINUTES.min, mins: MINUTES.min, minute: MINUTES.min, minutes: MINUTES.min,
  h: MINUTES.h, hr: MINUTES.h, hrs: MINUTES.h, hour: MINUTES.h, hours: MINUTES.h,
  d: MINUTES.day, day: MINUTES.day, days: MINUTES.day,
  w: MINUTES.week, wk: MINUTES.week, week: MINUTES.week, weeks: MINUTES.week,
};

export function durationFromText(text: string): number | null {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*([a-z]+)?\s*$/i.exec(text);
  if (!match) return null;
  const amount = Number(match[1]!.replace(',', '.'));
  if (!match[2]) return amount === 0 ? 0 : null;
  const factor = DURATION_UNITS[match[2].toLowerCase()];
  return factor === undefined ? null : Math.round(amount * factor);
}

function nameOf(records: readonly { id: string; name: string }[], id: unknown): string {
  return records.find((record) => record.id === id)?.name ?? String(id);
}

function byName(records: readonly { id: string; name: string }[], name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  return records.find((record) => record.name.trim().toLowerCase() === wanted)?.id;
}

/** The text (or number) a cell shows for an answered value. */
export function answerToText(question: Question, stored: unknown, records: NamedRecords): string | number {
  const value = currentValue(question, stored);
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  const alternative = alternativeOf(question, value);
  if (alternative) return alternative.label;
  switch (question.type) {
    case 'choice':
      return question.choices.find((choice) => choice.value === value)?.label ?? String(value);
    case 'multi-choice':
      return list.length === 0 ? (question.noneLabel ?? 'none') : list.map((item) => question.choices.find((c) => c.value === item)?.label ?? String(item)).join(LIST_SEPARATOR);
    case 'yes-no':
      return value === true ? 'Yes' : 'No';
    case 'system-reference':
      return nameOf(records.systems, value);
    case 'policy-reference':
      return nameOf(records.policies, value);
    case 'application-references':
      return list.length === 0 ? 'none' : list.map((id) => nameOf(records.applications, id)).join(LIST_SEPARATOR);
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'duration':
      return typeof value === 'number' ? durationToText(value) : String(value);
    case 'text':
    case 'date':
      return String(value);
  }
}

function splitList(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const isNone = (text: string) => /^\(?none\)?$/i.test(text.trim());

function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** The value of an alternative answer typed as its words ("Public Azure", "Never tested"), if it is one. */
function alternativeFromText(question: Question, text: string): string | undefined {
  const wanted = text.toLowerCase();
  if (question.type === 'system-reference') return question.alternatives?.find((c) => c.label.toLowerCase() === wanted || c.value === text)?.value;
  if (question.type === 'date' && question.never !== undefined && (question.never.toLowerCase() === wanted || text === NEVER)) return NEVER;
  return undefined;
}

function parse(question: Question, raw: string | number | boolean | Date, records: NamedRecords): ParsedAnswer {
  const text = raw instanceof Date ? isoDate(raw) : String(raw).trim();
  const fail = (message: string): ParsedAnswer => ({ ok: false, message });
  const alternative = alternativeFromText(question, text);
  if (alternative !== undefined) return { ok: true, value: alternative };
  switch (question.type) {
    case 'choice': {
      const found = question.choices.find((c) => c.label.toLowerCase() === text.toLowerCase() || c.value === text);
      return found ? { ok: true, value: found.value } : fail(`"${text}" is not one of: ${question.choices.map((c) => c.label).join(', ')}`);
    }
    case 'multi-choice': {
      if (isNone(text) || text.toLowerCase() === question.noneLabel?.toLowerCase()) return { ok: true, value: [] };
      const values: string[] = [];
      for (const part of splitList(text)) {
        const found = question.choices.find((c) => c.label.toLowerCase() === part.toLowerCase() || c.value === part);
        if (!found) return fail(`"${part}" is not one of: ${question.choices.map((c) => c.label).join(', ')}`);
        values.push(found.value);
      }
      return { ok: true, value: values };
    }
    case 'yes-no': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (/^(yes|y|true)$/i.test(text)) return { ok: true, value: true };
      if (/^(no|n|false)$/i.test(text)) return { ok: true, value: false };
      return fail(`"${text}" is not Yes or No`);
    }
    case 'system-reference':
    case 'policy-reference': {
      const pool = question.type === 'system-reference' ? records.systems : records.policies;
      const id = byName(pool, text);
      const others = question.type === 'system-reference' && question.alternatives ? `, nor ${question.alternatives.map((c) => c.label).join(' or ')}` : '';
      return id ? { ok: true, value: id } : fail(`No ${question.type === 'system-reference' ? 'system' : 'policy'} called "${text}" in this engagement${others}`);
    }
    case 'application-references': {
      if (isNone(text)) return { ok: true, value: [] };
      const ids: string[] = [];
      for (const part of splitList(text)) {
        const id = byName(records.applications, part);
        if (!id) return fail(`No application called "${part}" in this engagement`);
        ids.push(id);
      }
      return { ok: true, value: ids };
    }
    case 'number': {
      const value = typeof raw === 'number' ? raw : Number(text.replace(',', '.'));
      return text === '' || Number.isNaN(value) ? fail(`"${text}" is not a number`) : { ok: true, value };
    }
    case 'duration': {
      const minutes = durationFromText(text);
      return minutes === null ? fail(`"${text}" is not a duration; write it like 30 min, 4 h, 2 days or 1 week`) : { ok: true, value: minutes };
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? { ok: true, value: text }
        : fail(`"${text}" is not a date; write it as YYYY-MM-DD${question.never ? `, or ${question.never}` : ''}`);
    case 'text':
      return { ok: true, value: text };
  }
}

/** Reads a cell back into an answer value, checked against the question like any other answer. */
export function answerFromText(question: Question, raw: string | number | boolean | Date, records: NamedRecords): ParsedAnswer {
  const parsed = parse(question, raw, records);
  if (!parsed.ok) return parsed;
  const checked = answerValueSchema(question).safeParse(parsed.value);
  return checked.success ? { ok: true, value: checked.data } : { ok: false, message: checked.error.issues[0]?.message ?? 'not a valid answer' };
}

/** A whole answer in words, note included: the answer import's diff and the History comparison say it alike. */
export function answerStateText(question: Question, answer: { state: AnswerState; note: string } | undefined, records: NamedRecords): string {
  if (!answer) return 'not answered';
  const { state } = answer;
  let text: string;
  if (state.status === 'answered') text = String(answerToText(question, state.value, records));
  else if (state.status === 'unknown') {
    text = ['Unknown', state.followUpWith && `follow up with ${state.followUpWith}`, state.followUpBy && `by ${state.followUpBy}`].filter(Boolean).join(' — ');
  } else text = state.reason ? `Not applicable — ${state.reason}` : 'Not applicable';
  return answer.note ? `${text} (note: ${answer.note})` : text;
}
