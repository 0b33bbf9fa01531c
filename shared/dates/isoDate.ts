import { z } from 'zod';

/**
 * Dates as people type them and as files keep them: ISO 8601 calendar dates (`2026-02-02`). A
 * date that does not exist (`2026-02-31`) or a year no workshop plausibly means (a typing slip
 * such as 70126, or 0026) is refused with a sentence the screen shows beside the field; the same
 * check runs in the API's schemas, so no host can store one either.
 */

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;
export const DATE_EXAMPLE = '2026-02-02';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `text` is not a date this app accepts, or null when it is one. */
export function dateProblem(text: string): string | null {
  const trimmed = text.trim();
  const match = ISO_DATE.exec(trimmed);
  if (!match) return `Type the date as year-month-day, e.g. ${DATE_EXAMPLE}.`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return `The year ${year} is outside ${EARLIEST_YEAR}–${LATEST_YEAR}; check for a typing slip.`;
  if (month < 1 || month > 12) return `There is no month ${month}: the month comes second, 01 to 12.`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `${trimmed} does not exist: that month has ${daysInMonth} days.`;
  return null;
}

export function isIsoDate(text: string): boolean {
  return dateProblem(text) === null;
}

function dateSchema(optional: boolean) {
  return z
    .string()
    .trim()
    .superRefine((value, context) => {
      if (optional && value === '') return;
      const problem = dateProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });
}

/** A calendar date as YYYY-MM-DD, real and within the years the app accepts. */
export const IsoDate = dateSchema(false);

/** The same, or empty (a follow-up without a deadline). */
export const OptionalIsoDate = dateSchema(true);
