import { EngagementDetails, EngagementView, Vm, type Application } from '../domain/engagement';
import type { Signoff } from '../domain/signoff';
import { AttachmentMeta } from '../domain/attachment';
import { Assessment } from '../rules/assessment';
import { CATALOGUE_VERSION } from '../questions/catalogue';
import { RULES_VERSION } from '../rules/assessment';
import { upgradeAssessment, withAllAssumptions } from '../rules/upgrade';
import { z } from 'zod';

/**
 * What a sign-off fingerprints, and the one way it is written down. Anyone can recompute the
 * fingerprint from this description (also in the README, "Sign-off and the fingerprint"):
 *
 * - The content is one JSON object: `form`, `formVersion`, `catalogueVersion`, `rulesVersion`,
 *   `asOf`, `engagement` (id, customer, title, consultants, workshopDates, scopeNotes,
 *   createdAt), `sites`, `siteDistances`, `systems`, `hardwareProfiles` (only when there are
 *   any), `policies`, `applications` (with their components and every answer), `vms`,
 *   `assumptions`, `results` (the rules output as of `asOf`, the shape of `cwb assess --json`)
 *   and, from form version 2, `attachments` (each attached file's metadata with its size and the
 *   SHA-256 of its bytes). Status and last-changed time are left out: signing changes them. A
 *   VM's `cluster` is written only when it has one: content signed before VMs had a cluster
 *   reads, and verifies, as it did.
 * - Object keys are sorted by UTF-16 code units, at every depth; members whose value is
 *   undefined are dropped; arrays keep their stored order (the order the app shows).
 * - Strings and keys are in Unicode Normalization Form C; escaping is JSON's minimal one
 *   (`"`, `\`, control characters; everything else is written as is).
 * - Numbers are finite and written in their shortest round-trip decimal form (ECMAScript's
 *   Number-to-String, as in JSON.stringify); -0 is written 0. Durations are whole minutes.
 * - Times are ISO 8601 UTC strings with milliseconds (`2026-12-02T13:05:22.123Z`), dates are
 *   `YYYY-MM-DD`, both exactly as stored.
 * - No whitespace between tokens; encoded as UTF-8 without a byte order mark.
 *
 * The fingerprint is the SHA-256 of those bytes, written as 64 lower-case hex digits.
 */
export const SIGNED_CONTENT_FORM = 'continuity-workbook/signed-content';
/**
 * 2 added `attachments`. A sign-off is checked under the form version it was made with, so one
 * made under version 1 (no attachments in it) verifies as it always did.
 */
export const SIGNED_CONTENT_FORM_VERSION = 2;
export const KNOWN_FORM_VERSIONS: readonly number[] = [1, 2];

const SignedEngagement = EngagementDetails.pick({
  id: true,
  customer: true,
  title: true,
  consultants: true,
  workshopDates: true,
  scopeNotes: true,
  createdAt: true,
});

const SignedContentShape = z.object({
  form: z.literal(SIGNED_CONTENT_FORM),
  formVersion: z.number().int(),
  catalogueVersion: z.number().int(),
  rulesVersion: z.number().int(),
  asOf: z.string(),
  engagement: SignedEngagement,
  sites: EngagementView.shape.sites,
  siteDistances: EngagementView.shape.siteDistances,
  systems: EngagementView.shape.systems,
  /** Only when the engagement has any: content signed before hardware profiles existed has none, and must read the same. */
  hardwareProfiles: EngagementView.shape.hardwareProfiles.optional(),
  policies: EngagementView.shape.policies,
  applications: EngagementView.shape.applications,
  vms: z.array(Vm.extend({ cluster: Vm.shape.cluster.unwrap().optional() })),
  assumptions: EngagementView.shape.assumptions,
  results: Assessment,
  attachments: z.array(AttachmentMeta).optional(),
});

/** Signed content as stored, read in today's shape: content signed under older rules still reads (see upgrade.ts). */
export const SignedContent = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { ...value, assumptions: withAllAssumptions((value as Record<string, unknown>).assumptions), results: upgradeAssessment((value as Record<string, unknown>).results) }
      : value,
  SignedContentShape,
);
export type SignedContent = z.infer<typeof SignedContentShape>;

/**
 * The content a sign-off covers, taken from the view and the assessment of that same view, in the
 * given form version. `attachments` should carry hashes computed from the stored bytes.
 */
export function signedContentOf(
  view: EngagementView,
  assessment: Assessment,
  attachments: readonly AttachmentMeta[] = view.attachments,
  formVersion = SIGNED_CONTENT_FORM_VERSION,
): SignedContent {
  const { id, customer, title, consultants, workshopDates, scopeNotes, createdAt } = view.details;
  return {
    form: SIGNED_CONTENT_FORM,
    formVersion,
    catalogueVersion: CATALOGUE_VERSION,
    rulesVersion: RULES_VERSION,
    asOf: assessment.asOf,
    engagement: { id, customer, title, consultants, workshopDates, scopeNotes, createdAt },
    sites: view.sites,
    siteDistances: view.siteDistances,
    systems: view.systems,
    hardwareProfiles: view.hardwareProfiles.length > 0 ? view.hardwareProfiles : undefined,
    policies: view.policies,
    applications: view.applications,
    vms: view.vms.map(({ cluster, ...vm }) => (cluster === '' ? vm : { ...vm, cluster })),
    assumptions: view.assumptions,
    results: assessment,
    ...(formVersion >= 2 ? { attachments: [...attachments] } : {}),
  };
}

/** Serialises any JSON value in the canonical form described above. */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, place: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${place} is not a finite number and has no canonical form`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, index) => write(item ?? null, `${place}[${index}]`)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key.normalize('NFC'), member] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${write(member, `${place}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new Error(`${place} is a ${typeof value}, which JSON cannot hold`);
  }
}

/**
 * The engagement as it was signed, rebuilt from its content: what the workbook and report of a
 * signed engagement are made from, and what `cwb verify` regenerates the workbook from.
 */
export function viewFromSignedContent(content: SignedContent, signoff: Signoff | null, path = ''): { view: EngagementView; assessment: Assessment } {
  const view: EngagementView = {
    path,
    schemaVersion: 0,
    details: { ...content.engagement, status: 'signed-off', updatedAt: content.engagement.createdAt },
    sites: content.sites,
    systems: content.systems,
    hardwareProfiles: content.hardwareProfiles ?? [],
    siteDistances: content.siteDistances,
    policies: content.policies,
    applications: content.applications as Application[],
    vms: content.vms.map((vm) => ({ ...vm, cluster: vm.cluster ?? '' })),
    assumptions: content.assumptions,
    access: { readOnly: true, reason: null },
    signoff,
    attachments: content.attachments ?? [],
  };
  return { view, assessment: content.results };
}
