/** Units a duration is typed in; the core stores every duration in minutes. */
export const DURATION_UNITS = [
  { value: 'minutes', label: 'minutes', minutes: 1 },
  { value: 'hours', label: 'hours', minutes: 60 },
  { value: 'days', label: 'days', minutes: 24 * 60 },
] as const;

export type DurationUnit = (typeof DURATION_UNITS)[number]['value'];

export const DEFAULT_DURATION_UNIT: DurationUnit = 'hours';

function factor(unit: DurationUnit): number {
  return DURATION_UNITS.find((candidate) => candidate.value === unit)?.minutes ?? 1;
}

/**
 * Shows minutes in the largest unit that keeps a whole number: 1440 as 1 day, 90 as 90
 * minutes. No value (no target) keeps an empty amount.
 */
export function splitMinutes(minutes: number | null): { amount: string; unit: DurationUnit } {
  if (minutes === null) return { amount: '', unit: DEFAULT_DURATION_UNIT };
  for (const unit of [...DURATION_UNITS].reverse()) {
    if (minutes >= unit.minutes && minutes % unit.minutes === 0) {
      return { amount: String(minutes / unit.minutes), unit: unit.value };
    }
  }
  return { amount: String(minutes), unit: 'minutes' };
}

/** The typed amount in whole minutes; an empty amount is no target (null). */
export function toMinutes(amount: string, unit: DurationUnit): number | null {
  const trimmed = amount.trim();
  if (trimmed === '') return null;
  return Math.round(Number(trimmed) * factor(unit));
}
