// The sign-off records as kept in the file: every sign-off with its signers, the one in force, and
// the exact content each fingerprinted. Signing and reopening are in signing.ts.
import type { Signoff } from '../../../shared/domain/signoff';
import { SignedContent } from '../../../shared/signoff/canonical';
import { CwbError } from '../errors';
import { details } from './setup';
import { readStored, type StoreContext } from './storeContext';

function signerRows(store: StoreContext, signoffId: number): Signoff['signers'] {
  return store.db
    .prepare('SELECT name, role, organisation, comment, signed_at AS signedAt FROM signoff_signer WHERE signoff_id = ? ORDER BY position')
    .all(signoffId) as Signoff['signers'];
}

/** Every sign-off, oldest first, void ones included. Empty for a file from before sign-offs existed. */
export function signoffs(store: StoreContext): Signoff[] {
  if (store.schemaVersion < 4) return [];
  const rows = store.db
    .prepare('SELECT id, signed_at, as_of, fingerprint, voided_at, voided_by, void_reason FROM signoff ORDER BY id')
    .all() as { id: number; signed_at: string; as_of: string; fingerprint: string; voided_at: string | null; voided_by: string | null; void_reason: string | null }[];
  return rows.map((row) => ({
    id: row.id,
    signedAt: row.signed_at,
    asOf: row.as_of,
    fingerprint: row.fingerprint,
    signers: signerRows(store, row.id),
    voided: row.voided_at === null ? null : { at: row.voided_at, by: row.voided_by ?? '', reason: row.void_reason ?? '' },
  }));
}

/** The sign-off in force, if the engagement is signed off. */
export function activeSignoff(store: StoreContext): Signoff | null {
  if (details(store).status !== 'signed-off') return null;
  return signoffs(store).findLast((signoff) => signoff.voided === null) ?? null;
}

/** The exact canonical text a sign-off fingerprinted. */
export function signedContentText(store: StoreContext, signoffId: number): string {
  const row = store.db.prepare('SELECT content FROM signoff WHERE id = ?').get(signoffId) as { content: string } | undefined;
  if (!row) throw new CwbError('NOT_FOUND', `No sign-off ${signoffId} in ${store.path}.`);
  return row.content;
}

export function signedContent(store: StoreContext, signoffId: number): SignedContent {
  const text = signedContentText(store, signoffId);
  return readStored(store.path, 'signoff', `id ${signoffId}`, () => SignedContent.parse(JSON.parse(text)));
}
