import { z } from 'zod';
import { safeText } from '../text/safeText';

/**
 * Who uses the app (the consultant) and under which brand: asked once on first start, kept in
 * the app's data folder, never in an engagement file. Its name is what the audit trail, the
 * History, the sign-off and the report record as the one who did it.
 */

/** A logo as large as a report's cover needs and no larger; the file is read whole, so it stays small. */
export const MAX_LOGO_BYTES = 512 * 1024;
export const MAX_LOGO_PIXELS = 4096;

/** A PNG or JPEG chosen by the user, sent as base64; the core checks its bytes, never its name. */
export const LogoInput = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    base64: z
      .string()
      .max(Math.ceil(MAX_LOGO_BYTES / 3) * 4 + 4, `A logo may be at most ${MAX_LOGO_BYTES / 1024} KB; save a smaller PNG or JPEG.`)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The image did not arrive whole; choose it again.'),
  })
  .strict();
export type LogoInput = z.infer<typeof LogoInput>;

export const Logo = z.object({
  mediaType: z.enum(['image/png', 'image/jpeg']),
  width: z.number().int(),
  height: z.number().int(),
  /** `data:image/png;base64,…`, ready for an <img> on screen or in the report. */
  dataUrl: z.string(),
});
export type Logo = z.infer<typeof Logo>;

const Text = (label: string, max: number) => safeText().trim().max(max, `${label} is longer than ${max} characters`);

export const ProfileInput = z
  .object({
    name: Text('Your name', 120).min(1, 'Your name is required: it is recorded with every answer and change you make'),
    organisation: Text('Your organisation', 120).min(1, 'Your organisation is required: the report names it beside you'),
    initials: Text('Initials', 4).default(''),
    /** The consultancy whose brand the report carries; the organisation when left empty. */
    consultancy: Text('The consultancy name', 120).default(''),
    /** A new logo, null to remove the current one, absent to keep it. */
    consultancyLogo: LogoInput.nullable().optional(),
  })
  .strict();
export type ProfileInput = z.input<typeof ProfileInput>;

export const Profile = z.object({
  name: z.string(),
  organisation: z.string(),
  initials: z.string(),
  consultancy: z.string(),
  consultancyLogo: Logo.nullable(),
});
export type Profile = z.infer<typeof Profile>;
