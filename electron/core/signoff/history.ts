import type { PointInTime } from '../../../shared/api/signoffContract';
import type { EngagementView } from '../../../shared/domain/engagement';
import type { Signoff } from '../../../shared/domain/signoff';
import type { Assessment } from '../../../shared/rules/assessment';
import { assessEngagement } from '../../../shared/rules/engine';
import { todayUtc } from '../../../shared/rules/format';
import { viewFromSignedContent } from '../../../shared/signoff/canonical';
import { CwbError } from '../errors';
import { EngagementStore } from '../store/engagementStore';
import { snapshotFile } from '../store/snapshots';
import type { PointState } from './compare';

/**
 * What the workbook and the report are made from. A signed engagement is exported exactly as it
 * was signed (its content and rules output), so every export of it carries the same fingerprint
 * and `cwb verify` can regenerate it; otherwise the engagement now, assessed as of `asOf`.
 */
export interface ExportSource {
  view: EngagementView;
  assessment: Assessment;
  signature: { signoff: Signoff; content: string } | null;
}

export function exportSource(store: EngagementStore, asOf = todayUtc()): ExportSource {
  const view = store.view();
  if (!view.signoff) return { view, assessment: assessEngagement(view, { asOf }), signature: null };
  const signed = viewFromSignedContent(store.signedContent(view.signoff.id), view.signoff, view.path);
  return { ...signed, signature: { signoff: view.signoff, content: store.signedContentText(view.signoff.id) } };
}

/** One side of a comparison, read from the open engagement, one of its snapshots or one of its sign-offs. */
export function readPoint(store: EngagementStore, point: PointInTime): PointState {
  if (point.kind === 'current') {
    const view = store.view();
    return { label: 'Now', view, assessment: assessEngagement(view, { asOf: todayUtc() }) };
  }
  if (point.kind === 'snapshot') {
    const { snapshot, file } = snapshotFile(store.path, point.id);
    const view = EngagementStore.inspectAnyVersion(file);
    return { label: `Snapshot of ${snapshot.at.slice(0, 16).replace('T', ' ')} UTC (${snapshot.reason.toLowerCase()})`, view, assessment: assessEngagement(view, { asOf: todayUtc() }) };
  }
  const signoff = store.signoffs().find((candidate) => candidate.id === point.id);
  if (!signoff) throw new CwbError('NOT_FOUND', `No sign-off ${point.id} in this engagement.`);
  const signed = viewFromSignedContent(store.signedContent(signoff.id), signoff);
  return { label: `Signed ${signoff.signedAt.slice(0, 10)}${signoff.voided ? ' (void)' : ''}`, ...signed };
}
