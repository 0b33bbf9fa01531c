import type {
  ApiErrorBody,
  ApiInput,
  ApiMethod,
  ApiOutput,
  ApiTransport,
  DesktopBridge,
  Envelope,
} from '../../../shared/api/contract';

declare global {
  interface Window {
    cwb?: DesktopBridge;
  }
}

const TOKEN_KEY = 'cwb-token';

/**
 * Browser mode's token arrives once in the URL; it is kept for this tab only and removed from
 * the address bar so it does not linger in history or get copied into a screenshot.
 */
function browserToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = desktopOrToken();

function desktopOrToken(): string {
  return window.cwb ? '' : browserToken();
}

function httpTransport(): ApiTransport {
  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cwb-token': token },
          body: JSON.stringify(input),
          // Lets the last save leave even while the page is being closed or reloaded.
          keepalive: true,
        });
      } catch {
        return { error: { code: 'IO', message: 'The Continuity Workbook server is not answering. Is it still running?' } };
      }
      if (response.status === 401) {
        return {
          error: {
            code: 'IO',
            message: 'This page is not authorised. Open the link that Continuity Workbook printed when it started.',
          },
        };
      }
      return (await response.json()) as Envelope<never>;
    },
  };
}

export const desktop: DesktopBridge | undefined = window.cwb;
const transport: ApiTransport = desktop ?? httpTransport();

/** An API failure carrying the core's code and message, for the screen to show as it is. */
export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const envelope = await transport.call(method, input);
  if ('error' in envelope) throw new ApiError(envelope.error);
  return envelope.result;
}

/** Where a browser-mode request that is not an API call goes wrong, in words. */
async function envelopeOf<T>(request: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await request;
  } catch {
    throw new ApiError({ code: 'IO', message: 'The Continuity Workbook server is not answering. Is it still running?' });
  }
  const envelope = (await response.json().catch(() => ({ error: { code: 'IO', message: `The server answered ${response.status}.` } }))) as Envelope<T>;
  if ('error' in envelope) throw new ApiError(envelope.error);
  return envelope.result;
}

/**
 * Browser mode: sends a chosen file's bytes to be attached (a browser never tells the page where
 * the file lives, so the core cannot read it from disk). The body streams from the file.
 */
export function uploadAttachment(subject: { applicationId: string; componentId?: string | undefined; questionId?: string | undefined }, file: File): Promise<ApiOutput<'attachment.add'>> {
  const query = new URLSearchParams({ applicationId: subject.applicationId, componentId: subject.componentId ?? '', questionId: subject.questionId ?? '', name: file.name });
  return envelopeOf(fetch(`upload/attachment?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-cwb-token': token }, body: file }));
}

/** Browser mode: a short-lived address of one attachment, to show in a sandboxed frame or to save. */
export async function attachmentLink(id: string, disposition: 'inline' | 'attachment'): Promise<string> {
  const { url } = await envelopeOf<{ url: string }>(
    fetch('attachment-link', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cwb-token': token }, body: JSON.stringify({ id, disposition }) }),
  );
  return url;
}
