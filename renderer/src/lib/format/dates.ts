/**
 * The one way the app shows a date or a time: in the user's own locale (the browser's or the
 * system's language settings), with the month as a word so that 02/03 can never be misread.
 * Files and exports keep ISO 8601; only the screen uses these.
 */

const DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function instant(value: string): number {
  // A calendar day is that day where the user is, not midnight UTC (which is the day before in the Americas).
  const day = CALENDAR_DAY.exec(value.trim());
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime() : Date.parse(value);
}

/** "5 Dec 2026" (or "Dec 5, 2026" in a US locale); the text as-is when it is not a date. */
export function formatDate(value: string): string {
  const at = instant(value);
  return Number.isNaN(at) ? value : DATE.format(at);
}

/** "5 Dec 2026, 14:05" in local time; the text as-is when it is not a date. */
export function formatDateTime(value: string): string {
  const at = Date.parse(value);
  return Number.isNaN(at) ? value : DATE_TIME.format(at);
}

