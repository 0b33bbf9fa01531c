// Evidence attached to an application or to one of its answers: the bytes in their own table,
// read only when a file is previewed, saved out, exported, merged or fingerprinted; everything
// else reads the metadata.
import { createHash, randomUUID } from 'node:crypto';
import {
  ATTACHMENT_KINDS,
  AttachmentMeta,
  formatBytes,
  MAX_ENGAGEMENT_ATTACHMENT_BYTES,
} from '../../../shared/domain/attachment';
import { findQuestion } from '../../../shared/questions/catalogue';
import type { DocumentAttachment } from '../../../shared/interchange/engagementJson';
import { checkAttachment } from '../attachments/attachmentKind';
import { CwbError } from '../errors';
import { requireApplication, requireComponent } from './applications';
import { now, type StoreContext } from './storeContext';

export interface AttachmentSubject {
  applicationId: string;
  componentId: string | null;
  questionId: string | null;
}

export interface AttachmentRow {
  id: string;
  application_id: string;
  component_id: string;
  question_id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  attached_by: string;
  attached_at: string;
}

const META_COLUMNS = 'id, application_id, component_id, question_id, name, media_type, size, sha256, attached_by, attached_at';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An attachment's record from its row (the bytes are not read: audit entries hold their length instead). */
export function metaFromRow(row: AttachmentRow): AttachmentMeta {
  return AttachmentMeta.parse({
    id: row.id,
    applicationId: row.application_id,
    componentId: row.component_id === '' ? null : row.component_id,
    questionId: row.question_id === '' ? null : row.question_id,
    name: row.name,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    attachedBy: row.attached_by,
    attachedAt: row.attached_at,
  });
}

/** A file from before attachments existed has no table: it simply has none. */
function hasAttachments(store: StoreContext): boolean {
  return store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment'").get() !== undefined;
}

/** Every attachment's metadata, in the order they were attached. */
export function attachments(store: StoreContext): AttachmentMeta[] {
  if (!hasAttachments(store)) return [];
  return (store.db.prepare(`SELECT ${META_COLUMNS} FROM attachment ORDER BY position, id`).all() as AttachmentRow[]).map(metaFromRow);
}

export function attachment(store: StoreContext, id: string): AttachmentMeta {
  const row = hasAttachments(store) ? (store.db.prepare(`SELECT ${META_COLUMNS} FROM attachment WHERE id = ?`).get(id) as AttachmentRow | undefined) : undefined;
  if (!row) throw new CwbError('NOT_FOUND', `No attachment with id ${id} in this engagement.`);
  return metaFromRow(row);
}

/** The stored bytes of one attachment. */
export function attachmentContent(store: StoreContext, id: string): { meta: AttachmentMeta; bytes: Buffer } {
  const meta = attachment(store, id);
  const { content } = store.db.prepare('SELECT content FROM attachment WHERE id = ?').get(id) as { content: Buffer };
  return { meta, bytes: content };
}

/**
 * The metadata with each SHA-256 computed again from the bytes as they are in the file now, not
 * as recorded: what a sign-off fingerprints and what verifying it compares, so a changed or
 * swapped byte cannot hide behind the hash stored beside it.
 */
export function attachmentsAsStored(store: StoreContext): AttachmentMeta[] {
  if (!hasAttachments(store)) return [];
  const content = store.db.prepare('SELECT content FROM attachment WHERE id = ?').pluck();
  return attachments(store).map((meta) => {
    const bytes = content.get(meta.id) as Buffer;
    return { ...meta, size: bytes.length, sha256: sha256Of(bytes) };
  });
}

export function attachmentBytesInUse(store: StoreContext): number {
  if (!hasAttachments(store)) return 0;
  return (store.db.prepare('SELECT COALESCE(SUM(size), 0) AS total FROM attachment').get() as { total: number }).total;
}

/** The subject must exist, and a question must be one asked at that level. */
function checkSubject(store: StoreContext, subject: AttachmentSubject): void {
  requireApplication(store, subject.applicationId);
  if (subject.componentId !== null) requireComponent(store, subject.applicationId, subject.componentId);
  if (subject.questionId === null) {
    if (subject.componentId !== null) throw new CwbError('VALIDATION', 'Attach evidence to the application or to one of its answers; name the question for a component.', { field: 'questionId' });
    return;
  }
  const question = findQuestion(subject.questionId);
  if (!question) throw new CwbError('VALIDATION', `Unknown question "${subject.questionId}".`, { field: 'questionId' });
  if ((question.level === 'component') !== (subject.componentId !== null)) {
    throw new CwbError(
      'VALIDATION',
      question.level === 'component' ? `${question.prompt} — this question is answered per component; say which component.` : `${question.prompt} — this question is answered for the whole application, not per component.`,
      { field: 'componentId' },
    );
  }
}

/**
 * Stores a file as evidence, checked by its content against its name, within the limits per file
 * and per engagement; audited like every change (the audit keeps the metadata, not the bytes).
 * `attached` keeps who attached it and when, for a file that arrives from a document or a merge.
 */
export function addAttachment(
  store: StoreContext,
  subject: AttachmentSubject,
  file: { name: string; bytes: Buffer },
  attached: { id: string; by: string; at: string } | null = null,
  source: string | null = null,
): AttachmentMeta {
  const { name, kind } = checkAttachment(file.name, file.bytes);
  return store.write('attaching a file to', () => {
    checkSubject(store, subject);
    const inUse = attachmentBytesInUse(store);
    if (inUse + file.bytes.length > MAX_ENGAGEMENT_ATTACHMENT_BYTES) {
      throw new CwbError(
        'VALIDATION',
        `${name} (${formatBytes(file.bytes.length)}) does not fit: this engagement already holds ${formatBytes(inUse)} of attachments, and at most ${formatBytes(MAX_ENGAGEMENT_ATTACHMENT_BYTES)} are kept per engagement. Remove evidence that is no longer needed, or keep large files beside the engagement.`,
        { field: 'file' },
      );
    }
    const meta: AttachmentMeta = {
      id: attached?.id ?? randomUUID(),
      applicationId: subject.applicationId,
      componentId: subject.componentId,
      questionId: subject.questionId,
      name,
      mediaType: ATTACHMENT_KINDS[kind].mediaType,
      size: file.bytes.length,
      sha256: sha256Of(file.bytes),
      attachedBy: attached?.by ?? store.actor,
      attachedAt: attached?.at ?? now(),
    };
    store.db
      .prepare(
        `INSERT INTO attachment (${META_COLUMNS}, content, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position) + 1, 0) FROM attachment))`,
      )
      .run(meta.id, meta.applicationId, meta.componentId ?? '', meta.questionId ?? '', meta.name, meta.mediaType, meta.size, meta.sha256, meta.attachedBy, meta.attachedAt, file.bytes);
    store.audit('create', 'attachment', meta.id, null, null, meta, source);
    return meta;
  });
}

/** Removes an attachment; the audit entry keeps its metadata (name, size, SHA-256), not its bytes. */
export function removeAttachment(store: StoreContext, id: string, source: string | null = null): null {
  return store.write('removing an attachment from', () => {
    const meta = attachment(store, id);
    store.db.prepare('DELETE FROM attachment WHERE id = ?').run(id);
    store.audit('delete', 'attachment', id, null, meta, null, source);
    return null;
  });
}

/** Every attachment with its bytes in base64, for the interchange document. */
export function attachmentsForDocument(store: StoreContext): DocumentAttachment[] {
  if (!hasAttachments(store)) return [];
  const content = store.db.prepare('SELECT content FROM attachment WHERE id = ?').pluck();
  return attachments(store).map((meta) => ({ ...meta, contentBase64: (content.get(meta.id) as Buffer).toString('base64') }));
}

/** Stores the attachments of a checked document, each checked again by its content and its hash. */
export function addDocumentAttachments(store: StoreContext, documentAttachments: readonly DocumentAttachment[]): void {
  documentAttachments.forEach((attachment, index) => {
    const where = `attachments[${index}] ("${attachment.name}")`;
    const bytes = Buffer.from(attachment.contentBase64, 'base64');
    if (sha256Of(bytes) !== attachment.sha256) throw new CwbError('VALIDATION', `${where}: the content does not match its SHA-256; the attachment was changed or damaged.`, { field: where });
    try {
      const stored = addAttachment(store, attachment, { name: attachment.name, bytes }, { id: attachment.id, by: attachment.attachedBy, at: attachment.attachedAt });
      if (stored.mediaType !== attachment.mediaType) throw new CwbError('VALIDATION', `the content is ${stored.mediaType}, not ${attachment.mediaType} as the document says.`);
    } catch (error) {
      if (error instanceof CwbError) throw new CwbError(error.code, `${where}: ${error.message}`, { field: where });
      throw error;
    }
  });
}

/** Removes, with an audit entry each, the attachments of a component about to be removed. */
export function removeComponentAttachments(store: StoreContext, componentId: string): void {
  if (!hasAttachments(store)) return;
  const ids = store.db.prepare("SELECT id FROM attachment WHERE component_id = ? AND component_id != ''").pluck().all(componentId) as string[];
  for (const id of ids) removeAttachment(store, id);
}
