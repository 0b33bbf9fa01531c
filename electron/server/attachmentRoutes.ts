import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { ATTACHMENT_KINDS, kindOfMediaType } from '../../shared/domain/attachment';
import { toErrorBody } from '../core/errors';
import type { Workbench } from '../core/workbench';
import { SECURITY_HEADERS, send, sendError } from './responses';

/**
 * Browser mode's routes for showing and saving evidence: a frame or a download link cannot carry
 * the token header, so the page asks (with the token) for a short-lived link to one attachment.
 * Files to attach arrive like every other file from the browser, through POST /upload.
 */

/** A link works for this long, for one attachment, and only as the page asked (shown in a frame or saved). */
const LINK_LIFETIME_MS = 2 * 60 * 1000;

export const LINK_PATH = '/attachment-link';
export const FILE_PATH = '/attachment/';

const LinkRequest = z.object({ id: z.string().min(1).max(200), disposition: z.enum(['inline', 'attachment']) }).strict();

interface Link {
  id: string;
  disposition: 'inline' | 'attachment';
  expires: number;
}

/** `filename` for old readers (ASCII only), `filename*` with the real name for everyone else. */
function contentDisposition(disposition: string, name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export class AttachmentRoutes {
  private readonly links = new Map<string, Link>();

  constructor(private readonly workbench: Workbench) {}

  /** POST /attachment-link {id, disposition}: a link to one attachment, for a frame or a download. */
  link(response: ServerResponse, body: string): void {
    let parsed: z.infer<typeof LinkRequest>;
    try {
      parsed = LinkRequest.parse(JSON.parse(body));
    } catch {
      sendError(response, 400, 'VALIDATION', 'Ask for a link with {"id": "…", "disposition": "inline" | "attachment"}.');
      return;
    }
    try {
      this.workbench.current?.attachment(parsed.id);
      if (!this.workbench.current) throw new Error('No engagement is open.');
    } catch (error) {
      send(response, 200, JSON.stringify({ error: toErrorBody(error) }));
      return;
    }
    const now = Date.now();
    for (const [key, old] of this.links) if (old.expires < now) this.links.delete(key);
    const ticket = randomBytes(24).toString('base64url');
    this.links.set(ticket, { ...parsed, expires: now + LINK_LIFETIME_MS });
    send(response, 200, JSON.stringify({ result: { url: `${FILE_PATH.slice(1)}${ticket}` } }));
  }

  /**
   * GET /attachment/TICKET: the bytes with their checked type, and headers that keep them inert:
   * no sniffing, a sandboxed document that may run nothing, and only images and PDFs ever shown
   * in place; every other kind is only ever saved.
   */
  serve(response: ServerResponse, ticket: string): void {
    const link = this.links.get(ticket);
    if (!link || link.expires < Date.now()) {
      send(response, 404, 'This link has expired; open the attachment again.', 'text/plain; charset=utf-8');
      return;
    }
    let file: { meta: { name: string; mediaType: string }; bytes: Buffer };
    try {
      const store = this.workbench.current;
      if (!store) throw new Error('no engagement');
      file = store.attachmentContent(link.id);
    } catch {
      send(response, 404, 'The attachment is no longer there.', 'text/plain; charset=utf-8');
      return;
    }
    const kind = kindOfMediaType(file.meta.mediaType);
    const inline = link.disposition === 'inline' && kind !== null && ATTACHMENT_KINDS[kind].preview !== null;
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'x-frame-options': 'SAMEORIGIN',
      'content-type': inline ? file.meta.mediaType : 'application/octet-stream',
      'content-length': String(file.bytes.length),
      'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.meta.name),
      'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
      'cache-control': 'no-store',
    });
    response.end(file.bytes);
  }
}
