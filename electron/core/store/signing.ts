// Signing an engagement off (its content frozen and fingerprinted), reopening it, and checking the
// sign-off in force against the file.
import type { EngagementDetails } from '../../../shared/domain/engagement';
import type { Signoff } from '../../../shared/domain/signoff';
import type { SignerInput, Verification } from '../../../shared/api/signoffContract';
import { assessEngagement } from '../../../shared/rules/engine';
import { todayUtc } from '../../../shared/rules/format';
import { canonicalJson, KNOWN_FORM_VERSIONS, SignedContent, signedContentOf } from '../../../shared/signoff/canonical';
import { attachmentsAsStored } from './attachments';
import { cleanDeep, cleanText } from '../../../shared/text/safeText';
import { CwbError } from '../errors';
import { assumptionsKnownTo, fingerprintOf, jsonDifferences } from '../signoff/fingerprint';
import { details } from './setup';
import { activeSignoff, signedContentText, signoffs } from './signoffs';
import { snapshotOpenFile } from './snapshots';
import { now, type StoreContext } from './storeContext';
import { engagementView } from './view';

/**
 * Signs the engagement off: snapshot, then in one transaction the fingerprinted content, the
 * first signer and the frozen status. Signing an engagement that is already signed off adds a
 * co-signer to the same fingerprint (the content cannot have changed since).
 */
export function signOff(store: StoreContext, given: SignerInput, asOf = todayUtc()): Signoff {
  const signer = cleanDeep(given);
  if (store.access.readOnly) throw new CwbError('READ_ONLY', `The engagement cannot be signed here: ${store.access.reason}`);
  const at = now();
  const signerValues = (signoffId: number, position: number) =>
    [signoffId, position, signer.name, signer.role, signer.organisation, signer.comment ?? '', at] as const;
  const insertSigner = 'INSERT INTO signoff_signer (signoff_id, position, name, role, organisation, comment, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
  const active = activeSignoff(store);
  if (active) {
    store.transact('adding a signer in', () => {
      store.db.prepare(insertSigner).run(...signerValues(active.id, active.signers.length));
      store.audit('sign', 'signoff', String(active.id), null, null, { ...signer, fingerprint: active.fingerprint });
    });
    return signoffs(store).find((signoff) => signoff.id === active.id)!;
  }
  snapshotOpenFile(store, 'before-sign-off');
  const view = engagementView(store);
  const canonical = canonicalJson(signedContentOf(view, assessEngagement(view, { asOf }), attachmentsAsStored(store)));
  const fingerprint = fingerprintOf(canonical);
  const id = store.transact('signing off', () => {
    if (details(store).status === 'signed-off') throw new CwbError('SIGNED_OFF', 'The engagement was signed off meanwhile.');
    const signoffId = Number(
      store.db.prepare('INSERT INTO signoff (signed_at, as_of, fingerprint, content) VALUES (?, ?, ?, ?)').run(at, asOf, fingerprint, canonical).lastInsertRowid,
    );
    store.db.prepare(insertSigner).run(...signerValues(signoffId, 0));
    const before = view.details.status;
    store.db.prepare("UPDATE engagement SET status = 'signed-off', updated_at = ?").run(at);
    store.audit('update', 'engagement', view.details.id, 'status', before, 'signed-off');
    store.audit('sign', 'signoff', String(signoffId), null, null, { ...signer, fingerprint });
    return signoffId;
  });
  store.signedOffChanged();
  return signoffs(store).find((signoff) => signoff.id === id)!;
}

/** Voids the sign-off in force, keeping it on record with who, when and why, and unlocks editing (back to review). */
export function reopen(store: StoreContext, given: string): EngagementDetails {
  const reason = cleanText(given);
  if (store.access.readOnly) throw new CwbError('READ_ONLY', `The engagement cannot be reopened here: ${store.access.reason}`);
  const active = activeSignoff(store);
  if (!active) throw new CwbError('VALIDATION', 'The engagement is not signed off, so there is nothing to reopen.', { field: 'reason' });
  const reopened = store.transact('reopening', () => {
    const at = now();
    store.db.prepare('UPDATE signoff SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(at, store.actor, reason, active.id);
    store.db.prepare("UPDATE engagement SET status = 'in-review', updated_at = ?").run(at);
    store.audit('void', 'signoff', String(active.id), null, { fingerprint: active.fingerprint }, { reason });
    store.audit('update', 'engagement', details(store).id, 'status', 'signed-off', 'in-review');
    return details(store);
  });
  store.signedOffChanged();
  return reopened;
}

/**
 * Checks the sign-off in force against the file: the stored content still hashes to the
 * fingerprint, and the content recomputed from the data now is the same text. A difference is
 * named by its place in the content.
 */
export function verifySignoff(store: StoreContext): Verification {
  const active = activeSignoff(store);
  if (!active) return { outcome: 'unsigned', fingerprint: null, signers: [], checked: `${store.path} is not signed off.`, problems: [] };
  const stored = signedContentText(store, active.id);
  const problems: Verification['problems'] = [];
  if (fingerprintOf(stored) !== active.fingerprint) {
    problems.push({ place: 'signed content', message: 'The stored signed content no longer hashes to the fingerprint recorded at sign-off.' });
  }
  const signed = JSON.parse(stored) as Record<string, unknown>;
  const content = SignedContent.parse(signed);
  if (!KNOWN_FORM_VERSIONS.includes(content.formVersion)) {
    return {
      outcome: 'altered',
      fingerprint: active.fingerprint,
      signers: active.signers,
      checked: `the signed content, which uses form version ${content.formVersion}; this app knows versions ${KNOWN_FORM_VERSIONS.join(' and ')}`,
      problems: [{ place: 'formVersion', message: `signed under form version ${content.formVersion}, which this version of the app cannot recompute: verify it with the version that signed it` }],
    };
  }
  const view = engagementView(store);
  // Recomputed in the form the sign-off was made in: a version-1 sign-off lists no attachments.
  const now = signedContentOf(view, assessEngagement(view, { asOf: active.asOf }), attachmentsAsStored(store), content.formVersion);
  const sameRules = content.rulesVersion === now.rulesVersion && content.catalogueVersion === now.catalogueVersion;
  // Under other rules, only the data is recomputed: the results stay the stored text (the fingerprint covers them),
  // and assumptions the older version did not know, still at their defaults, were not part of what was signed.
  const compareNow = sameRules
    ? now
    : {
        ...now,
        results: signed.results,
        rulesVersion: content.rulesVersion,
        catalogueVersion: content.catalogueVersion,
        assumptions: assumptionsKnownTo(signed.assumptions, now.assumptions),
      };
  if (canonicalJson(compareNow) !== stored) {
    for (const place of jsonDifferences(signed, JSON.parse(canonicalJson(compareNow)))) {
      problems.push({ place: place.replace(/^\$\.?/, '') || 'content', message: 'differs from what was signed' });
    }
  }
  return {
    outcome: problems.length === 0 ? 'verified' : 'altered',
    fingerprint: active.fingerprint,
    signers: active.signers,
    checked: sameRules
      ? 'the signed content, its fingerprint, and the data and rules output recomputed from the file'
      : `the signed content and its fingerprint, and the data recomputed from the file; the results were signed under rules ${content.rulesVersion} (catalogue ${content.catalogueVersion}) and this app has rules ${now.rulesVersion} (catalogue ${now.catalogueVersion}), so the stored results were checked against the fingerprint and not recomputed`,
    problems,
  };
}
