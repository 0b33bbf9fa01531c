import { createHash } from 'node:crypto';
import { ASSUMPTIONS, type EstimateAssumptions } from '../../../shared/rules/assumptions';

/** SHA-256 of the canonical text's UTF-8 bytes, as 64 lower-case hex digits. */
export function fingerprintOf(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The fingerprint as people read it aloud or compare it on paper: groups of eight. */
export function groupedFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{8})(?=.)/g, '$1 ');
}

/**
 * Where two JSON values differ, as paths like `applications[3].answers.app.owner.state.value`
 * (at most `limit`), so a changed signed content can be reported by its place.
 */
export function jsonDifferences(before: unknown, after: unknown, limit = 20, path = '$'): string[] {
  const found: string[] = [];
  const visit = (a: unknown, b: unknown, at: string) => {
    if (found.length >= limit) return;
    if (a === b) return;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
      found.push(at);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) found.push(`${at} (${a.length} → ${b.length} items)`);
      for (let i = 0; i < Math.min(a.length, b.length); i += 1) visit(a[i], b[i], `${at}[${i}]`);
      return;
    }
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) visit(left[key], right[key], `${at}.${key}`);
  };
  visit(before, after, path);
  return found;
}

/**
 * The engagement's assumptions as a content signed by an older version held them: an assumption
 * added since, still at its default, was not part of what was signed and is left out; one set to
 * anything else is kept, so the difference shows.
 */
export function assumptionsKnownTo(signed: unknown, now: EstimateAssumptions): Partial<EstimateAssumptions> {
  const known = typeof signed === 'object' && signed !== null ? new Set(Object.keys(signed)) : new Set<string>();
  return Object.fromEntries(
    ASSUMPTIONS.filter((a) => known.has(a.key) || now[a.key].best !== a.defaults.best || now[a.key].worst !== a.defaults.worst).map((a) => [a.key, now[a.key]]),
  );
}
