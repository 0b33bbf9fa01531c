import type { MergeConflict, MergeReport, MergeSide } from '../../shared/api/mergeContract';
import { CONFLICT_REASONS } from '../../shared/api/mergeContract';
import { mergeFiles } from '../core/merge/mergeFiles';
import { resolveActor } from '../core/settings';
import { ACTOR_OPTION, parse, UsageError, type Io } from './args';

export const MERGE_USAGE = `  cwb merge MINE.cwb THEIRS.cwb -o MERGED.cwb [--json] [--resolve mine|theirs]
                                                           merge two copies of one engagement into a new file (exit 3: conflicts to decide)`;

/** Exit code when conflicts are left undecided: the report is printed and nothing is written. */
export const EXIT_CONFLICTS = 3;

const LISTED = 20;

function side(label: string, value: MergeConflict['mine']): string {
  const who = [value.by, value.at?.slice(0, 16).replace('T', ' ')].filter(Boolean).join(', ');
  return `    ${label}: ${value.value ?? '(removed)'}${who ? ` — ${who}` : ''}${value.note ? ` — note: ${value.note}` : ''}`;
}

function mergeText(report: MergeReport): string {
  const count = (from: string) => report.taken.filter((change) => change.from === from).length;
  const lines = [
    report.written ? `Merged into ${report.output}.` : report.unresolved > 0 ? `Not merged: ${report.unresolved} conflict${report.unresolved === 1 ? '' : 's'} to decide (nothing was written).` : 'Nothing written.',
    `  common history: ${report.commonHistory} change${report.commonHistory === 1 ? '' : 's'}${report.divergedAt ? `, the copies parted after ${report.divergedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`,
    `  taken: ${count('theirs')} from THEIRS, ${count('mine')} already in MINE, ${count('both')} made in both (taken once)`,
  ];
  const theirs = report.taken.filter((change) => change.from === 'theirs');
  for (const change of theirs.slice(0, LISTED)) lines.push(`    ${change.change} ${change.what}: ${change.before ?? '—'} → ${change.after ?? '—'}`);
  if (theirs.length > LISTED) lines.push(`    and ${theirs.length - LISTED} more`);
  if (report.conflicts.length > 0) lines.push(`  conflicts: ${report.conflicts.length}`);
  report.conflicts.forEach((conflict, index) => {
    lines.push(`  ${index + 1}. ${conflict.what} — ${CONFLICT_REASONS[conflict.reason]}${conflict.resolution ? ` (kept ${conflict.resolution === 'mine' ? 'MINE' : 'THEIRS'})` : ''}`);
    lines.push(side('MINE  ', conflict.mine), side('THEIRS', conflict.theirs));
  });
  if (report.unresolved > 0) lines.push('Decide them in the app (Merge another copy…), or run again with --resolve mine or --resolve theirs.');
  return lines.join('\n');
}

/** `cwb merge`: exit 0 merged, 3 conflicts left (report printed, nothing written), 1 refused or failed, 2 wrong usage. */
export function mergeCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    resolve: { type: 'string' },
    ...ACTOR_OPTION,
  });
  const [mine, theirs, extra] = positionals;
  if (!mine || !theirs) throw new UsageError('cwb merge needs MINE.cwb and THEIRS.cwb, the two copies to merge.');
  if (extra) throw new UsageError(`cwb merge takes two copies, got also "${extra}".`);
  if (values.output === undefined) throw new UsageError('cwb merge needs -o MERGED.cwb, the new file to write.');
  if (values.resolve !== undefined && values.resolve !== 'mine' && values.resolve !== 'theirs') {
    throw new UsageError(`--resolve takes mine or theirs, not "${values.resolve}".`);
  }
  const report = mergeFiles(mine, theirs, values.output, (values.resolve as MergeSide | undefined) ?? null, resolveActor(values.actor));
  io.out(values.json ? JSON.stringify(report, null, 2) : mergeText(report));
  return report.written ? 0 : EXIT_CONFLICTS;
}
