import { z } from 'zod';

/** A signature on the engagement, as stored and shown; the inputs live in shared/api/signoffContract.ts. */
export const Signer = z.object({
  name: z.string(),
  role: z.string(),
  organisation: z.string(),
  comment: z.string(),
  signedAt: z.string(),
});
export type Signer = z.infer<typeof Signer>;

export const Signoff = z.object({
  id: z.number().int(),
  /** When the first signer signed: the moment the engagement was frozen. */
  signedAt: z.string(),
  /** The date (YYYY-MM-DD) the rules output in the signed content was computed for. */
  asOf: z.string(),
  /** SHA-256, lower-case hex, of the canonical content (README: "Sign-off and the fingerprint"). */
  fingerprint: z.string(),
  signers: z.array(Signer),
  /** Set once the engagement was reopened: the signature stays on record, marked void. */
  voided: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
});
export type Signoff = z.infer<typeof Signoff>;

