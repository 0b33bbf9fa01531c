// The three-way merge of two copies of one engagement against the point their histories part.
import { createHash } from 'node:crypto';
import type { AttachmentMeta } from '../../../shared/domain/attachment';
import type { EngagementView } from '../../../shared/domain/engagement';
import type { ConflictReason, ConflictSide, MergeConflict, MergeReport, MergeResolutions, MergeSide, TakenChange } from '../../../shared/api/mergeContract';
import { CwbError } from '../errors';
import { Namer } from './describe';
import {
  dependencies,
  dependents,
  entryKey,
  isChildOf,
  keyOf,
  rewind,
  same,
  sameEntry,
  sameRecord,
  stateOf,
  type AuditRow,
  type MergeRecord,
  type RecordMeta,
  type RecordState,
} from './records';

/** One copy as the merge reads it: its records, who gave what, and its whole audit trail. */
export interface MergeInput {
  /** The file's name as the report and the audit trail name it. */
  label: string;
  path: string;
  view: EngagementView;
  attachments: readonly AttachmentMeta[];
  audit: readonly AuditRow[];
}

interface Conflict {
  report: Omit<MergeConflict, 'resolution'>;
  /** Keys whose `taken` entries this conflict replaces. */
  covers: readonly string[];
  choose(state: RecordState, side: MergeSide): void;
}

export interface MergePlan {
  mine: MergeInput;
  theirs: MergeInput;
  report: Omit<MergeReport, 'output' | 'written' | 'applied'>;
  /** The merged records with the given choices (unresolved conflicts keep MINE's side). */
  resolve(resolutions: MergeResolutions): RecordState;
  meta: { mine: Map<string, RecordMeta>; theirs: Map<string, RecordMeta> };
  states: { mine: RecordState; theirs: RecordState };
}

const recordKeyOf = (changeKey: string) => changeKey.split('#')[0]!;
const other = (side: MergeSide): MergeSide => (side === 'mine' ? 'theirs' : 'mine');

/** Checks that two files can be merged at all: one engagement, neither signed off. */
function refuseUnmergeable(mine: MergeInput, theirs: MergeInput): void {
  if (mine.view.details.id !== theirs.view.details.id) {
    throw new CwbError(
      'VALIDATION',
      `${theirs.label} is not a copy of this engagement: it is "${theirs.view.details.customer} — ${theirs.view.details.title}", a different engagement from "${mine.view.details.customer} — ${mine.view.details.title}". Only copies of one engagement file can be merged.`,
      { reason: 'different-engagements' },
    );
  }
  for (const side of [mine, theirs]) {
    if (side.view.details.status === 'signed-off') {
      throw new CwbError('SIGNED_OFF', `${side.label} is signed off, so nothing can be merged into or out of it. Reopen it first (this voids its sign-off).`, { reason: 'signed-off' });
    }
  }
}

/** A fingerprint of the first `count` audit entries: how a merge remembers which history it took in. */
export function historyDigest(rows: readonly AuditRow[], count: number): string {
  const hash = createHash('sha256');
  for (const row of rows.slice(0, count)) {
    hash.update(JSON.stringify([row.id, row.at, row.actor, row.action, row.entity, row.entity_id, row.field, row.old_value, row.new_value])).update('\n');
  }
  return hash.digest('hex');
}

/**
 * How many of `other`'s audit entries the newest merge recorded in `holder` took in, when that
 * history is still the start of `other`'s: everything the other copy held then is already
 * decided in `holder`, so that point is the base of the next merge rather than the older
 * point the two files first parted at.
 */
function lastMergePoint(holder: readonly AuditRow[], other: readonly AuditRow[]): number | null {
  for (const row of [...holder].reverse()) {
    if (row.action !== 'merge' || row.entity !== 'engagement' || row.new_value === null) continue;
    const recorded = (JSON.parse(row.new_value) as { theirsHistory?: { entries: number; sha256: string } }).theirsHistory;
    if (recorded && recorded.entries <= other.length && historyDigest(other, recorded.entries) === recorded.sha256) return recorded.entries;
  }
  return null;
}

export function planMerge(mine: MergeInput, theirs: MergeInput): MergePlan {
  refuseUnmergeable(mine, theirs);
  let common = 0;
  while (common < mine.audit.length && common < theirs.audit.length && sameEntry(mine.audit[common]!, theirs.audit[common]!)) common += 1;
  const M = stateOf(mine.view, mine.attachments);
  const T = stateOf(theirs.view, theirs.attachments);
  const tookTheirs = lastMergePoint(mine.audit, theirs.audit);
  const tookMine = tookTheirs === null ? lastMergePoint(theirs.audit, mine.audit) : null;
  const since = { mine: mine.audit.slice(tookMine ?? common), theirs: theirs.audit.slice(tookTheirs ?? common) };
  let base: RecordState;
  let unrecorded = new Set<string>();
  if (tookTheirs !== null) base = rewind(T.records, since.theirs);
  else if (tookMine !== null) base = rewind(M.records, since.mine);
  else {
    // Both copies rewound to the point they parted must agree; where they do not, a change went unrecorded.
    base = rewind(M.records, since.mine);
    const seenByTheirs = rewind(T.records, since.theirs);
    unrecorded = new Set([...new Set([...base.keys(), ...seenByTheirs.keys()])].filter((key) => !sameRecord(base.get(key), seenByTheirs.get(key))));
  }
  const states = { mine: M.records, theirs: T.records };
  const namer = new Namer([M.records, T.records, base]);

  // Who last changed each record in each copy since they parted, for the side-by-side view.
  const touched = { mine: new Map<string, { by: string; at: string }>(), theirs: new Map<string, { by: string; at: string }>() };
  for (const side of ['mine', 'theirs'] as const) {
    for (const entry of since[side]) {
      const key = entryKey(entry);
      if (key) touched[side].set(key, { by: entry.actor, at: entry.at });
    }
  }
  const meta = { mine: M.meta, theirs: T.meta };
  const sideOf = (side: MergeSide, key: string, field: string | null): ConflictSide => {
    const record = states[side].get(key);
    const who = meta[side].get(key) ?? touched[side].get(key) ?? null;
    const lastChange = touched[side].get(key);
    return {
      value: record ? namer.value(record, field, states[side]) : null,
      by: record?.kind === 'answer' || record?.kind === 'attachment' ? (who?.by ?? null) : (lastChange?.by ?? null),
      at: record?.kind === 'answer' || record?.kind === 'attachment' ? (who?.at ?? null) : (lastChange?.at ?? null),
      note: record?.kind === 'answer' && field !== 'note' ? String(record.fields.note ?? '') || null : null,
    };
  };

  const merged: RecordState = new Map();
  const taken: TakenChange[] = [];
  const conflicts: Conflict[] = [];
  const take = (from: TakenChange['from'], key: string, before: MergeRecord | undefined, after: MergeRecord | undefined, field: string | null): void => {
    // A record changed in place is listed field by field, as a person reads the change.
    if (field === null && before && after) {
      for (const changed of Object.keys(after.fields).filter((f) => !same(before.fields[f], after.fields[f]))) take(from, key, before, after, changed);
      return;
    }
    const record = (after ?? before)!;
    const source = from === 'mine' ? 'mine' : 'theirs';
    const who = field === null && !after ? touched[source].get(key) : (meta[source].get(key) ?? touched[source].get(key));
    taken.push({
      key: field ? `${key}#${field}` : key,
      kind: record.kind,
      what: namer.what(record, field),
      change: !before ? 'added' : !after ? 'removed' : 'changed',
      from,
      before: namer.value(before, field, base),
      after: namer.value(after, field, states[source]),
      by: who?.by ?? null,
      at: who?.at ?? null,
    });
  };
  const conflict = (key: string, field: string | null, reason: ConflictReason, choose: Conflict['choose'], consequences: MergeConflict['consequences'] = { mine: null, theirs: null }, covers: string[] = []) => {
    const record = (states.mine.get(key) ?? states.theirs.get(key) ?? base.get(key))!;
    conflicts.push({
      report: {
        id: field ? `${key}#${field}` : key,
        kind: record.kind,
        reason,
        what: namer.what(record, field),
        base: unrecorded.has(key) ? null : namer.value(base.get(key), field, base),
        mine: sideOf('mine', key, field),
        theirs: sideOf('theirs', key, field),
        consequences,
      },
      covers: [key, ...covers],
      choose,
    });
  };

  // 1. Record by record, field by field: a change made in one copy only is taken; the same change once.
  for (const key of new Set([...base.keys(), ...M.records.keys(), ...T.records.keys()])) {
    const b = base.get(key);
    const m = M.records.get(key);
    const t = T.records.get(key);
    if (sameRecord(m, t)) {
      if (m) merged.set(key, m);
      if (!unrecorded.has(key) && !sameRecord(m, b)) take('both', key, b, m, null);
      continue;
    }
    if (m) merged.set(key, m);
    if (unrecorded.has(key)) {
      conflict(key, null, 'unrecorded-change', (state, side) => setRecord(state, key, states[side].get(key)));
      continue;
    }
    if (sameRecord(m, b)) {
      setRecord(merged, key, t);
      take('theirs', key, b, t, null);
    } else if (sameRecord(t, b)) {
      take('mine', key, b, m, null);
    } else if (m && t) {
      const record: MergeRecord = { ...m, fields: { ...m.fields } };
      merged.set(key, record);
      for (const field of new Set([...Object.keys(m.fields), ...Object.keys(t.fields)])) {
        const [bf, mf, tf] = [b?.fields[field], m.fields[field], t.fields[field]];
        if (same(mf, tf)) {
          if (b && !same(mf, bf)) take('both', key, b, m, field);
        } else if (b && same(mf, bf)) {
          record.fields[field] = tf;
          take('theirs', key, b, t, field);
        } else if (b && same(tf, bf)) {
          take('mine', key, b, m, field);
        } else {
          conflict(key, field, 'changed-on-both', (state, side) => {
            const current = state.get(key);
            if (current) state.set(key, { ...current, fields: { ...current.fields, [field]: states[side].get(key)!.fields[field] } });
          });
        }
      }
    }
  }

  // 2. A removal meets an edit: the removed record, or something that depends on it, changed in the other copy.
  for (const key of [...base.keys()].filter((k) => !unrecorded.has(k) && M.records.has(k) !== T.records.has(k))) {
    const remover: MergeSide = M.records.has(key) ? 'theirs' : 'mine';
    const keeper = other(remover);
    const kept = states[keeper];
    const changedDependents = dependents(kept, key).filter((d) => !sameRecord(kept.get(d), base.get(d)));
    if (sameRecord(kept.get(key), base.get(key)) && changedDependents.length === 0) continue;
    const affected = [...new Set([...dependents(kept, key), ...dependents(merged, key)])];
    const consequence = (side: MergeSide) =>
      side === remover
        ? changedDependents.length > 0
          ? `removes it, and leaves out ${changedDependents.length} change${changedDependents.length === 1 ? '' : 's'} made in ${side === 'mine' ? 'the other copy' : 'this copy'} that depend on it`
          : 'removes it'
        : 'keeps it, with what depends on it';
    conflict(
      key,
      null,
      'removed-and-changed',
      (state, side) => {
        if (side === remover) {
          state.delete(key);
          for (const d of affected) setRecord(state, d, states[remover].get(d));
        } else {
          setRecord(state, key, kept.get(key));
          for (const d of dependents(kept, key)) if (!state.has(d)) setRecord(state, d, kept.get(d));
        }
      },
      { mine: consequence('mine'), theirs: consequence('theirs') },
      affected,
    );
  }

  // The state with MINE's side of every conflict so far, to look for names taken twice.
  const tentative = new Map(merged);
  for (const c of conflicts) c.choose(tentative, 'mine');

  // 3. The same name added (or renamed to) in both copies: one record, or a decision.
  for (const clash of nameClashes(tentative, M.records, T.records)) {
    const [a, b] = [clash.mine, clash.theirs];
    if (clash.identical) {
      dropAndRemap(merged, b.key, a.key);
      take('both', b.key, undefined, tentative.get(b.key), null);
      continue;
    }
    const count = (state: RecordState, key: string) => dependents(state, key).filter((d) => isChildOf(state.get(d)!, key)).length;
    const describe = (side: MergeSide) => {
      const drop = side === 'mine' ? b : a;
      const dropped = count(side === 'mine' ? T.records : M.records, drop.key);
      return `keeps this copy's record${dropped > 0 ? ` and drops the other's with its ${dropped} answer${dropped === 1 ? '' : 's'}, components or attachments` : ' and drops the other'}; references to the dropped one point here`;
    };
    conflicts.push({
      report: {
        id: `name:${a.key}:${b.key}`,
        kind: tentative.get(a.key)!.kind,
        reason: 'added-on-both',
        what: namer.what(tentative.get(a.key)!),
        base: null,
        mine: sideOf('mine', a.key, null),
        theirs: sideOf('theirs', b.key, null),
        consequences: { mine: describe('mine'), theirs: describe('theirs') },
      },
      covers: [a.key, b.key],
      choose: (state, side) => (side === 'mine' ? dropAndRemap(state, b.key, a.key) : dropAndRemap(state, a.key, b.key)),
    });
  }

  const covered = new Set(conflicts.flatMap((c) => c.covers));
  const report: MergePlan['report'] = {
    mine: mine.path,
    theirs: theirs.path,
    engagementId: mine.view.details.id,
    divergedAt: common > 0 ? mine.audit[common - 1]!.at : null,
    commonHistory: common,
    taken: taken.filter((change) => !covered.has(recordKeyOf(change.key))),
    conflicts: conflicts.map((c) => ({ ...c.report, resolution: null })),
    unresolved: conflicts.length,
  };
  return {
    mine,
    theirs,
    report,
    meta,
    states,
    resolve(resolutions) {
      const state = new Map(merged);
      for (const c of conflicts) c.choose(state, resolutions[c.report.id] ?? 'mine');
      checkMergedState(state, namer);
      return state;
    },
  };
}

function setRecord(state: RecordState, key: string, record: MergeRecord | undefined): void {
  if (record) state.set(key, record);
  else state.delete(key);
}

interface ClashSide {
  key: string;
}

const NAME_SCOPES: Partial<Record<MergeRecord['kind'], (record: MergeRecord) => string>> = {
  application: () => '',
  policy: () => '',
  site: () => '',
  hardwareProfile: () => '',
  system: () => '',
  vm: () => '',
  component: (record) => String(record.fields.applicationId),
};

/** The fields by which one record refers to another (as opposed to belonging to it through an answer). */
const REFERENCE_FIELDS = [
  ['applicationId', 'application'],
  ['siteId', 'site'],
  ['hardwareProfileId', 'hardwareProfile'],
] as const;

/** What a record says once the records it refers to are named rather than identified. */
function comparable(record: MergeRecord, state: RecordState): string {
  const fields = { ...record.fields };
  for (const [field, kind] of REFERENCE_FIELDS) {
    if (typeof fields[field] === 'string') fields[field] = String(state.get(keyOf(kind, fields[field]))?.fields.name ?? fields[field]).toLowerCase();
  }
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function nameClashes(state: RecordState, mine: RecordState, theirs: RecordState): { mine: ClashSide; theirs: ClashSide; identical: boolean }[] {
  const groups = new Map<string, string[]>();
  for (const [key, record] of state) {
    const scope = NAME_SCOPES[record.kind];
    if (!scope || typeof record.fields.name !== 'string') continue;
    const group = `${record.kind}|${scope(record)}|${record.fields.name.trim().toLowerCase()}`;
    groups.set(group, [...(groups.get(group) ?? []), key]);
  }
  const clashes: { mine: ClashSide; theirs: ClashSide; identical: boolean }[] = [];
  for (const keys of groups.values()) {
    const ours = keys.filter((key) => mine.has(key));
    const others = keys.filter((key) => !mine.has(key));
    if (keys.length < 2 || ours.length === 0 || others.length === 0) continue;
    for (const key of others) {
      const a = ours[0]!;
      const childless = (s: RecordState, k: string) => dependents(s, k).every((d) => !isChildOf(s.get(d)!, k));
      const identical = comparable(mine.get(a)!, mine) === comparable(theirs.get(key)!, theirs) && childless(mine, a) && childless(theirs, key);
      clashes.push({ mine: { key: a }, theirs: { key }, identical });
    }
  }
  return clashes;
}

/** Removes `drop` with everything that belongs to it, and points every reference to it at `keep`. */
function dropAndRemap(state: RecordState, drop: string, keep: string): void {
  const dropped = state.get(drop);
  const kept = state.get(keep);
  if (!dropped || !kept) return;
  for (const d of dependents(state, drop)) {
    const record = state.get(d);
    if (!record) continue;
    if (isChildOf(record, drop)) {
      state.delete(d);
      continue;
    }
    const fields = { ...record.fields };
    for (const [field] of REFERENCE_FIELDS) if (fields[field] === dropped.id) fields[field] = kept.id;
    const answerState = fields.state as { status: string; value?: unknown } | undefined;
    if (record.kind === 'answer' && answerState?.status === 'answered') {
      const value = answerState.value;
      const swap = (id: unknown) => (id === dropped.id ? kept.id : id);
      fields.state = { ...answerState, value: Array.isArray(value) ? [...new Set(value.map(swap))] : swap(value) };
    }
    state.set(d, { ...record, fields });
  }
  state.delete(drop);
}

/** The merged engagement must hold together: every reference found, names unique where the file requires it. */
function checkMergedState(state: RecordState, namer: Namer): void {
  for (const record of state.values()) {
    for (const dependency of dependencies(record)) {
      if (!state.has(dependency)) {
        throw new CwbError('VALIDATION', `These choices leave "${namer.what(record)}" pointing at something that is no longer there; choose to keep what it depends on.`, { reason: 'dangling' });
      }
    }
  }
  const names = new Set<string>();
  for (const record of state.values()) {
    const scope = NAME_SCOPES[record.kind];
    if (!scope || typeof record.fields.name !== 'string') continue;
    if (record.kind === 'vm') continue;
    const name = `${record.kind}|${scope(record)}|${record.fields.name.trim().toLowerCase()}`;
    if (names.has(name)) throw new CwbError('VALIDATION', `These choices leave two records named "${record.fields.name}" (${record.kind}); choose one of them.`, { reason: 'name-clash' });
    names.add(name);
  }
}
