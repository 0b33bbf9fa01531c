// The estimate assumptions: defaults declared with the rules, with only the consultant's changes stored.
import {
  ASSUMPTIONS,
  assumptionRangeSchema,
  defaultAssumptions,
  EstimateAssumptionsSchema,
  type EstimateAssumptions,
} from '../../../shared/rules/assumptions';
import { validationError } from '../errors';
import { details } from './setup';
import type { StoreContext } from './storeContext';

/**
 * The estimate assumptions: the defaults, overridden by what the consultant changed. A stored
 * row for a key this version does not know is ignored; one that no longer passes its own
 * checks (e.g. a maximum lowered since) gives way to the default rather than poison estimates.
 */
export function assumptions(store: StoreContext): EstimateAssumptions {
  const result = defaultAssumptions();
  const rows = store.db.prepare('SELECT key, best, worst FROM estimate_assumption').all() as { key: string; best: number; worst: number }[];
  const stored = new Map(rows.map((row) => [row.key, { best: row.best, worst: row.worst }]));
  for (const definition of ASSUMPTIONS) {
    const range = stored.get(definition.key);
    if (range && assumptionRangeSchema(definition).safeParse(range).success) result[definition.key] = range;
  }
  return result;
}

/** Saves the whole set at once; only values that differ from the default are stored, each change audited. */
export function setAssumptions(store: StoreContext, next: EstimateAssumptions): EstimateAssumptions {
  const parsed = EstimateAssumptionsSchema.safeParse(next);
  if (!parsed.success) throw validationError(parsed.error, 'assumptions');
  const wanted = parsed.data;
  return store.write('saving the estimate assumptions in', () => {
    const before = assumptions(store);
    const engagementId = details(store).id;
    for (const definition of ASSUMPTIONS) {
      const key = definition.key;
      const range = { best: wanted[key].best, worst: wanted[key].worst };
      if (range.best === before[key].best && range.worst === before[key].worst) continue;
      if (range.best === definition.defaults.best && range.worst === definition.defaults.worst) {
        store.db.prepare('DELETE FROM estimate_assumption WHERE key = ?').run(key);
      } else {
        store.db
          .prepare('INSERT INTO estimate_assumption (key, best, worst) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET best = excluded.best, worst = excluded.worst')
          .run(key, range.best, range.worst);
      }
      store.audit('update', 'assumption', engagementId, key, before[key], range);
    }
    return assumptions(store);
  });
}

/** Back to the defaults for every assumption; the audit trail keeps each value that was changed. */
export function resetAssumptions(store: StoreContext): EstimateAssumptions {
  return store.write('resetting the estimate assumptions in', () => {
    const before = assumptions(store);
    const defaults = defaultAssumptions();
    const engagementId = details(store).id;
    const keys = (store.db.prepare('SELECT key FROM estimate_assumption ORDER BY key').all() as { key: string }[]).map((row) => row.key);
    store.db.prepare('DELETE FROM estimate_assumption').run();
    for (const definition of ASSUMPTIONS) {
      if (keys.includes(definition.key)) store.audit('delete', 'assumption', engagementId, definition.key, before[definition.key], defaults[definition.key]);
    }
    return assumptions(store);
  });
}
