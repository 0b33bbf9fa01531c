import type { AttachmentMeta } from '../../../../shared/domain/attachment';
import { attachmentLink, call, desktop, uploadFile } from '../api';
import { engagement } from '../engagement/engagement.svelte';
import { saveStatus } from '../engagement/saveStatus.svelte';

/** What an attachment backs: the application (no question), or one answer of it or of a component. */
export interface EvidenceSubject {
  applicationId: string;
  componentId?: string | undefined;
  questionId?: string | undefined;
}

export function evidenceOf(attachments: readonly AttachmentMeta[], subject: EvidenceSubject): AttachmentMeta[] {
  return attachments.filter(
    (a) => a.applicationId === subject.applicationId && a.componentId === (subject.componentId ?? null) && a.questionId === (subject.questionId ?? null),
  );
}

/** The engagement is held as plain objects: a change replaces the list, so whatever shows it updates. */
function remember(meta: AttachmentMeta): void {
  const view = engagement.view;
  if (view) engagement.view = { ...view, attachments: [...view.attachments, meta] };
}

/** The system's file dialog in the desktop app; null when the consultant cancelled. */
export async function attachChosenOnDisk(subject: EvidenceSubject): Promise<AttachmentMeta | null> {
  const path = await desktop?.chooseEvidence();
  if (!path) return null;
  const meta = await saveStatus.track(call('attachment.add', { ...target(subject), path }), false);
  remember(meta);
  return meta;
}

/** A file chosen in the browser, sent to the app like every file from the browser, then attached (and the sent copy let go). */
export async function attachUploaded(subject: EvidenceSubject, file: File): Promise<AttachmentMeta> {
  const { path } = await uploadFile(file, 'evidence');
  const meta = await saveStatus.track(call('attachment.add', { ...target(subject), path }), false);
  remember(meta);
  return meta;
}

export async function removeEvidence(id: string): Promise<void> {
  await saveStatus.track(call('attachment.remove', { id }), false);
  const view = engagement.view;
  if (view) engagement.view = { ...view, attachments: view.attachments.filter((a) => a.id !== id) };
}

/**
 * Where a preview frame loads the file from: in browser mode a short-lived link the server
 * answers with the file's checked type and headers that keep it inert; in the desktop app a blob
 * of its bytes with the same type. `release` frees the blob.
 */
export async function previewSource(meta: AttachmentMeta): Promise<{ url: string; release: () => void }> {
  if (!desktop) return { url: await attachmentLink(meta.id, 'inline'), release: () => undefined };
  const url = URL.createObjectURL(new Blob([await previewBytes(meta)], { type: meta.mediaType }));
  return { url, release: () => URL.revokeObjectURL(url) };
}

/** The file's bytes, for a preview drawn in the page (a PDF). */
export async function previewBytes(meta: AttachmentMeta): Promise<Uint8Array<ArrayBuffer>> {
  if (desktop) {
    const { base64 } = await call('attachment.content', { id: meta.id });
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }
  const response = await fetch(await attachmentLink(meta.id, 'inline'));
  if (!response.ok) throw new Error(`${meta.name} could not be read for the preview (the server answered ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Saves the file out: the system's save dialog in the desktop app, the browser's download elsewhere. Returns where, when known. */
export async function saveEvidence(meta: AttachmentMeta): Promise<string | null> {
  if (desktop) {
    const path = await desktop.chooseExportPath(meta.name);
    if (!path) return null;
    return (await call('attachment.save', { id: meta.id, path })).path;
  }
  const link = document.createElement('a');
  link.href = await attachmentLink(meta.id, 'attachment');
  link.download = meta.name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  return null;
}

function target(subject: EvidenceSubject): { applicationId: string; componentId?: string; questionId?: string } {
  return {
    applicationId: subject.applicationId,
    ...(subject.componentId ? { componentId: subject.componentId } : {}),
    ...(subject.questionId ? { questionId: subject.questionId } : {}),
  };
}
