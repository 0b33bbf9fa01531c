import type { DisruptionScope } from '../domain/engagement';
import { SCOPE_LABELS } from '../questions/catalogue';
import type { MinutesRange, ScopeTarget } from './assessment';

const HOUR = 60;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

function plural(value: string, one: string, many: string): string {
  return `${value} ${value === '1' ? one : many}`;
}

/** A duration the way a consultant says it: "45 min", "4 h", "3 days", "6 weeks". */
export function formatMinutes(minutes: number): string {
  if (minutes === 0) return '0 min';
  if (minutes < HOUR) return `${trim(minutes)} min`;
  if (minutes < 2 * DAY) return `${trim(minutes / HOUR)} h`;
  if (minutes < 3 * WEEK) return plural(trim(minutes / DAY), 'day', 'days');
  return plural(trim(minutes / WEEK), 'week', 'weeks');
}

export function formatRange(range: MinutesRange | null): string {
  if (!range) return '—';
  const best = formatMinutes(range.bestMinutes);
  const worst = formatMinutes(range.worstMinutes);
  return best === worst ? best : `${best} – ${worst}`;
}

/** A target as shown beside its estimate; `source` tells a target the owner does not know from one nobody set. */
export function formatTarget(minutes: number | null, source?: ScopeTarget['rtoSource']): string {
  if (minutes !== null) return formatMinutes(minutes);
  return source === 'unknown' ? 'not known' : 'no target';
}

/** "a", "a and b", "a, b and c"; past `limit` items, "a, b, c and 4 more". */
export function wordList(items: readonly string[], limit = Infinity): string {
  const shown = items.length > limit ? [...items.slice(0, limit), `${items.length - limit} more`] : items;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** "VM loss", "node loss", "site loss"... */
export function scopeLoss(scope: DisruptionScope): string {
  const short = SCOPE_LABELS[scope].short;
  return `${scope === 'vm' ? short : short.toLowerCase()} loss`;
}

/** The day the CLI and the exports assess as of by default: today in UTC, so every host agrees on it. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
