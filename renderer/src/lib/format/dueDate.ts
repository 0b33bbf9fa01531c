import { formatDate } from './dates';

const DAY_MS = 24 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Due {
  /** The date as the consultant reads it, e.g. "5 Dec 2026"; the text as typed if it is not a date. */
  label: string;
  /** "in 3 days", "today", "2 days overdue"; empty when there is no date. */
  relative: string;
  overdue: boolean;
  today: boolean;
  /** For sorting: days from today, or Infinity when there is no date. */
  days: number;
}

function startOfDay(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Reads a follow-up date (YYYY-MM-DD, in local time) against today. */
export function dueDate(text: string, now: number = Date.now()): Due {
  const trimmed = text.trim();
  const match = ISO_DATE.exec(trimmed);
  if (!match) return { label: trimmed, relative: '', overdue: false, today: false, days: Number.POSITIVE_INFINITY };
  const due = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  const days = Math.round((due - startOfDay(now)) / DAY_MS);
  const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const relative = days === 0 ? 'today' : days === 1 ? 'tomorrow' : days > 0 ? `in ${plural(days)}` : `${plural(-days)} overdue`;
  return { label: formatDate(trimmed), relative, overdue: days < 0, today: days === 0, days };
}
