import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { extname, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { HTTP_STATUS } from '../core/errors';
import type { Workbench } from '../core/workbench';
import { AttachmentRoutes, FILE_PATH, LINK_PATH } from './attachmentRoutes';
import { SECURITY_HEADERS, send, sendError } from './responses';
import { fileError } from '../core/errors';
import { UPLOAD_LIMITS, UPLOAD_PURPOSES, UPLOAD_TOO_LARGE, type UploadPurpose } from '../core/uploads';
import type { UploadResult } from '../../shared/api/contract';

export const TOKEN_HEADER = 'x-cwb-token';
/** Names the page (tab) making a call, so it can tell its own changes from another tab's. */
export const WINDOW_HEADER = 'x-cwb-window';
const WINDOW_ID = /^[A-Za-z0-9-]{1,64}$/;
/** Where the page sends a file the user picked or dropped (the body is the file itself). */
export const UPLOAD_PATH = '/upload';
/** Large enough for any API call we make (answers, notes); anything bigger is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // PDF.js's worker, loaded only when a PDF attachment is previewed.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};


export interface BrowserModeServer {
  server: Server;
  port: number;
  token: string;
  /** The one URL to open; carries the token for the first load only. */
  url: string;
  close(): Promise<void>;
}

export interface BrowserModeOptions {
  workbench: Workbench;
  rendererDir: string;
  port?: number;
  token?: string;
}

function tokensMatch(given: string | undefined, expected: Buffer): boolean {
  if (!given) return false;
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** The request's body as text; 'too large' past the limit (unread), 'not UTF-8' for bytes that are no UTF-8 text. */
async function readBody(request: IncomingMessage): Promise<string | 'too large' | 'not UTF-8'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too large';
    chunks.push(chunk);
  }
  try {
    // Fatal: a byte that is not UTF-8 refuses the request, rather than becoming U+FFFD in the engagement.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    return 'not UTF-8';
  }
}

/** A path segment decoded, or null when its %-escapes are malformed. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * Browser mode: the renderer and the API over HTTP on 127.0.0.1 only. Defences, in order:
 * a Host check against DNS rebinding, an Origin check against other pages in the browser,
 * then the per-launch token on every API request before any routing happens.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expectedToken = Buffer.from(token);
  const rendererRoot = resolve(options.rendererDir);
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** The token first, before anything else is looked at, then the method; answers the refusal itself. */
  function admitted(request: IncomingMessage, response: ServerResponse, what: string): boolean {
    if (!tokensMatch(request.headers[TOKEN_HEADER] as string | undefined, expectedToken)) {
      sendError(response, 401, 'UNAUTHORISED', 'Missing or wrong token.');
      return false;
    }
    if (request.method !== 'POST') {
      sendError(response, 405, 'METHOD_NOT_ALLOWED', `${what} are POST requests.`);
      return false;
    }
    return true;
  }

  const attachments = new AttachmentRoutes(options.workbench);

  /** POST /attachment-link: the token, then a link to one attachment for a frame or a download. */
  async function serveAttachmentLink(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!admitted(request, response, 'Attachment links')) return;
    const body = await readBody(request);
    if (body === null) sendError(response, 413, 'TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
    else attachments.link(response, body);
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (!admitted(request, response, 'API calls')) return;
    const method = decodePath(path.slice('/api/'.length));
    if (method === null) {
      sendError(response, 400, 'VALIDATION', 'The request address has a malformed %-escape.');
      return;
    }
    const body = await readBody(request);
    if (body === 'too large') {
      sendError(response, 413, 'TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
      return;
    }
    if (body === 'not UTF-8') {
      sendError(response, 400, 'VALIDATION', 'Request body is not valid UTF-8 text.');
      return;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      sendError(response, 400, 'VALIDATION', 'Request body is not valid JSON.');
      return;
    }
    const window = request.headers[WINDOW_HEADER];
    const caller = typeof window === 'string' && WINDOW_ID.test(window) ? `page:${window}` : null;
    const envelope = await options.workbench.dispatch(method, input, caller);
    send(response, 'error' in envelope ? HTTP_STATUS[envelope.error.code] : 200, JSON.stringify(envelope));
  }

  /**
   * A file from the browser's own picker or a drop, streamed to the app's data folder under the
   * import's file limit (not the JSON limit), so the import reads it as it reads a chosen path.
   * The same token as the API; `name` and `purpose` in the query.
   */
  async function serveUpload(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (!admitted(request, response, 'Uploads')) return;
    const purpose = url.searchParams.get('purpose') as UploadPurpose | null;
    const fileName = url.searchParams.get('name')?.trim() ?? '';
    if (!purpose || !UPLOAD_PURPOSES.includes(purpose) || fileName === '' || fileName.length > 255) {
      sendError(response, 400, 'VALIDATION', `An upload names its file (name) and what it is for (purpose=${UPLOAD_PURPOSES.join(', ')}).`);
      return;
    }
    const limit = UPLOAD_LIMITS[purpose];
    const tooLarge = `${fileName} is larger than ${Math.round(limit / 1024 ** 2)} MB, ${UPLOAD_TOO_LARGE[purpose]}`;
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (declared > limit) {
      // Refused unread: the connection closes after the answer rather than swallowing gigabytes.
      response.once('finish', () => request.destroy());
      sendError(response, 413, 'TOO_LARGE', tooLarge);
      return;
    }
    const uploads = options.workbench.uploads;
    let target: string;
    try {
      target = uploads.place(fileName);
    } catch (error) {
      send(response, 200, JSON.stringify({ error: { code: 'IO', message: fileError(error, uploads.root, 'make room for the file in').message } }));
      return;
    }
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > limit ? new RangeError(tooLarge) : null, chunk);
      },
    });
    try {
      await pipeline(request, counter, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      uploads.discard(target);
      if (error instanceof RangeError) {
        response.once('finish', () => request.destroy());
        sendError(response, 413, 'TOO_LARGE', tooLarge);
      } else if (!response.headersSent) {
        send(response, 200, JSON.stringify({ error: { code: 'IO', message: `${fileName} did not arrive whole (the upload was interrupted); choose it again.` } }));
      }
      return;
    }
    const result: UploadResult = { path: target, fileName, size };
    send(response, 200, JSON.stringify({ result }));
  }

  async function serveStatic(response: ServerResponse, path: string): Promise<void> {
    const decoded = decodePath(path);
    if (decoded === null) {
      send(response, 400, 'Malformed %-escape in the address', 'text/plain; charset=utf-8');
      return;
    }
    const relative = path === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = resolve(rendererRoot, relative);
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) {
      send(response, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    try {
      const content = await readFile(file);
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      response.end(content);
    } catch {
      send(response, 404, 'Not found', 'text/plain; charset=utf-8');
    }
  }

  const server = createServer((request, response) => {
    if (!allowedHosts().has(request.headers.host ?? '')) {
      sendError(response, 403, 'FORBIDDEN_HOST', 'Requests must be addressed to 127.0.0.1 or localhost on this port.');
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      sendError(response, 403, 'FORBIDDEN_ORIGIN', 'Cross-origin requests are not accepted.');
      return;
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://127.0.0.1');
    } catch {
      sendError(response, 400, 'BAD_URL', 'Malformed request URL.');
      return;
    }
    const path = url.pathname;
    const work =
      path === UPLOAD_PATH
        ? serveUpload(request, response, url)
        : path === '/api' || path.startsWith('/api/')
          ? serveApi(request, response, path)
          : path === LINK_PATH
            ? serveAttachmentLink(request, response)
            : path.startsWith(FILE_PATH) && request.method === 'GET'
              ? Promise.resolve(attachments.serve(response, path.slice(FILE_PATH.length)))
              : serveStatic(response, path);
    work.catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'INTERNAL', error instanceof Error ? error.message : String(error));
      else response.destroy();
    });
  });

  options.workbench.uploads.sweep();
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
