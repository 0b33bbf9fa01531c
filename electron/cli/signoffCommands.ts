import { extname, resolve } from 'node:path';
import { SignerInput, type Snapshot, type Verification } from '../../shared/api/signoffContract';
import type { Signoff } from '../../shared/domain/signoff';
import { readinessOf } from '../../shared/signoff/readiness';
import { assessEngagement } from '../../shared/rules/engine';
import { todayUtc } from '../../shared/rules/format';
import { validationError } from '../core/errors';
import { resolveActor } from '../core/settings';
import { groupedFingerprint } from '../core/signoff/fingerprint';
import { verifyEngagementFile } from '../core/signoff/verifyEngagementFile';
import { verifyWorkbook } from '../core/signoff/verifyWorkbook';
import { EngagementStore } from '../core/store/engagementStore';
import { parse, requireFile, UsageError, type Io, ACTOR_OPTION } from './args';

export const SIGNOFF_USAGE = `  cwb signoff FILE --signer NAME --role ROLE --org ORG [--comment TEXT] [--json]
                                                           sign the engagement off (freezes it); again to add a co-signer
  cwb reopen FILE --reason TEXT [--json]                   void the sign-off in force and unlock editing
  cwb verify WORKBOOK.xlsx|FILE.cwb [--json]               check a signed workbook or engagement against its fingerprint
  cwb snapshots FILE [--json]                              list the automatic snapshots of an engagement, newest first
  cwb restore FILE SNAPSHOT [--json]                       put a snapshot back (by id or list number; the current state is snapshotted first)`;

function withStore<T>(file: string, actor: string | undefined, work: (store: EngagementStore) => T): T {
  const store = EngagementStore.open(file, resolveActor(actor));
  try {
    return work(store);
  } finally {
    store.close();
  }
}

function signoffText(signoff: Signoff): string {
  return [
    `Signed off ${signoff.signedAt.slice(0, 16).replace('T', ' ')} UTC (results as of ${signoff.asOf}).`,
    `  fingerprint (SHA-256): ${groupedFingerprint(signoff.fingerprint)}`,
    ...signoff.signers.map((s, i) => `  signer ${i + 1}: ${s.name}, ${s.role}, ${s.organisation}${s.comment ? ` — "${s.comment}"` : ''}`),
  ].join('\n');
}

/** `cwb signoff`: prints what was still open, then signs; the `--json` shape is the sign-off record. */
export function signoffCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    signer: { type: 'string' },
    role: { type: 'string' },
    org: { type: 'string' },
    comment: { type: 'string' },
    json: { type: 'boolean' },
    ...ACTOR_OPTION,
  });
  const file = requireFile(positionals, 'signoff');
  const parsed = SignerInput.safeParse({ name: values.signer ?? '', role: values.role ?? '', organisation: values.org ?? '', comment: values.comment });
  if (!parsed.success) throw new UsageError(`cwb signoff: ${validationError(parsed.error, 'signer').message.replace(/^Invalid signer — /, '')} (--signer NAME --role ROLE --org ORG).`);
  return withStore(file, values.actor, (store) => {
    const view = store.view();
    const readiness = view.signoff ? null : readinessOf(view, assessEngagement(view, { asOf: todayUtc() }));
    const signoff = store.signOff(parsed.data);
    if (values.json) {
      io.out(JSON.stringify(signoff, null, 2));
      return 0;
    }
    if (readiness && !readiness.ready) {
      const { unanswered, unknownWithoutOwner, noTargets, notAssessed } = readiness.counts;
      const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      io.err(
        `note: signed with open items — ${count(notAssessed, 'application not assessed', 'applications not assessed')}, ${count(unanswered, 'unanswered question', 'unanswered questions')}, ` +
          `${count(unknownWithoutOwner, 'unknown without an owner', 'unknowns without an owner')}, ${count(noTargets, 'application without targets', 'applications without targets')}.`,
      );
    }
    io.out(signoffText(signoff));
    return 0;
  });
}

export function reopenCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { reason: { type: 'string' }, json: { type: 'boolean' }, ...ACTOR_OPTION });
  const file = requireFile(positionals, 'reopen');
  const reason = values.reason?.trim() ?? '';
  if (!reason) throw new UsageError('cwb reopen needs --reason TEXT: the reason is kept with the voided sign-off.');
  return withStore(file, values.actor, (store) => {
    const details = store.reopen(reason);
    io.out(values.json ? JSON.stringify(details, null, 2) : `Reopened: the sign-off is void (kept in the history) and the engagement is ${details.status} again.`);
    return 0;
  });
}

function verificationText(verification: Verification): string {
  const head =
    verification.outcome === 'verified'
      ? `Verified: ${verification.checked} agree.`
      : verification.outcome === 'unsigned'
        ? `Not signed: ${verification.checked}`
        : `ALTERED: ${verification.problems.length} difference${verification.problems.length === 1 ? '' : 's'} from what was signed.`;
  return [
    head,
    ...(verification.fingerprint ? [`  fingerprint (SHA-256): ${groupedFingerprint(verification.fingerprint)}`] : []),
    ...verification.signers.map((s, i) => `  signer ${i + 1}: ${s.name}, ${s.role}, ${s.organisation}`),
    ...verification.problems.map((problem) => `  ${problem.place}: ${problem.message}`),
  ].join('\n');
}

/** Exit 0 only when verified: an altered or unsigned file cannot be relied on as a signed record. */
export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const file = requireFile(positionals, 'verify');
  const verification =
    extname(file).toLowerCase() === '.cwb' ? verifyEngagementFile(file) : await verifyWorkbook(file);
  io.out(values.json ? JSON.stringify(verification, null, 2) : verificationText(verification));
  return verification.outcome === 'verified' ? 0 : 1;
}

function snapshotLine(snapshot: Snapshot, index: number): string {
  return `  ${String(index + 1).padStart(2)}  ${snapshot.id}  ${snapshot.reason} (${Math.ceil(snapshot.sizeBytes / 1024)} KiB)`;
}

export function snapshotsCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const file = requireFile(positionals, 'snapshots');
  const snapshots = EngagementStore.read(file, (store) => store.snapshots());
  if (values.json) io.out(JSON.stringify(snapshots, null, 2));
  else io.out(snapshots.length === 0 ? 'No snapshots yet: one is kept before each import, re-import, upgrade, sign-off and restore.' : ['Snapshots, newest first:', ...snapshots.map(snapshotLine)].join('\n'));
  return 0;
}

export function restoreCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, ...ACTOR_OPTION });
  const [file, snapshot, extra] = positionals;
  if (!file || !snapshot) throw new UsageError('cwb restore needs the engagement FILE and the SNAPSHOT (its id, or its number in cwb snapshots).');
  if (extra) throw new UsageError(`cwb restore takes FILE and SNAPSHOT, got also "${extra}".`);
  const store = EngagementStore.restore(resolve(file), snapshot, resolveActor(values.actor));
  try {
    const details = store.details();
    io.out(values.json ? JSON.stringify({ restored: snapshot, engagement: details }, null, 2) : `Restored ${snapshot}; the state before the restore was kept as a snapshot too.`);
  } finally {
    store.close();
  }
  return 0;
}
