import { z } from 'zod';

/**
 * Evidence kept with the answers: a backup job report, a screenshot of the replication status,
 * the minutes of the last DR test. The bytes live in the engagement file's own table; everything
 * the screens, the workbook and the sign-off read is this metadata.
 */

/** The kinds of file accepted, each recognised by its content; the extension must agree. */
export const ATTACHMENT_KINDS = {
  pdf: { label: 'PDF document', mediaType: 'application/pdf', extensions: ['.pdf'], preview: 'pdf' },
  png: { label: 'PNG image', mediaType: 'image/png', extensions: ['.png'], preview: 'image' },
  jpeg: { label: 'JPEG image', mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], preview: 'image' },
  xlsx: {
    label: 'Excel workbook',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
    preview: null,
  },
  csv: { label: 'CSV file', mediaType: 'text/csv', extensions: ['.csv'], preview: null },
  txt: { label: 'text file', mediaType: 'text/plain', extensions: ['.txt'], preview: null },
} as const satisfies Record<string, { label: string; mediaType: string; extensions: readonly string[]; preview: 'image' | 'pdf' | null }>;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;
export const ATTACHMENT_MEDIA_TYPES = Object.values(ATTACHMENT_KINDS).map((kind) => kind.mediaType);

export function kindOfMediaType(mediaType: string): AttachmentKind | null {
  const found = Object.entries(ATTACHMENT_KINDS).find(([, kind]) => kind.mediaType === mediaType);
  return found ? (found[0] as AttachmentKind) : null;
}

/** 20 MiB per file: a scanned DR-test report or a full-screen screenshot fits many times over. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** 200 MiB per engagement: the file stays small enough to e-mail compressed, copy and back up. */
export const MAX_ENGAGEMENT_ATTACHMENT_BYTES = 200 * 1024 * 1024;
export const MAX_ATTACHMENT_NAME = 200;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}

/** 64 lower-case hex digits, wherever a hash is shown or stored. */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 is 64 lower-case hex digits');

export const AttachmentMeta = z.object({
  id: z.string(),
  applicationId: z.string(),
  /** The component whose answer it backs, or null for the application itself and its own answers. */
  componentId: z.string().nullable(),
  /** The question whose answer it backs, or null when it is evidence for the application as a whole. */
  questionId: z.string().nullable(),
  name: z.string(),
  mediaType: z.enum(ATTACHMENT_MEDIA_TYPES as [string, ...string[]]),
  size: z.number().int().min(0),
  sha256: Sha256,
  attachedBy: z.string(),
  attachedAt: z.string(),
});
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

/** Where an attachment belongs, in words: "Payroll", "Payroll — Database — How is it backed up?". */
export function attachmentSubjectKey(meta: Pick<AttachmentMeta, 'applicationId' | 'componentId' | 'questionId'>): string {
  return `${meta.applicationId}/${meta.componentId ?? ''}/${meta.questionId ?? ''}`;
}
