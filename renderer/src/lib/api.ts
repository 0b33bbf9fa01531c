import type {
  UploadResult,
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
const WINDOW_KEY = 'cwb-window';

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

/**
 * This tab's name for the core, so it can tell the tab's own changes (and undo steps) from
 * another tab's. Kept for the tab's life, a reload included, as its undo history is.
 */
function windowId(): string {
  const known = sessionStorage.getItem(WINDOW_KEY);
  if (known) return known;
  const made = crypto.randomUUID();
  sessionStorage.setItem(WINDOW_KEY, made);
  return made;
}

function httpTransport(token: string): ApiTransport {
  const tab = windowId();
  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cwb-token': token, 'x-cwb-window': tab },
          body: JSON.stringify(input),
          // Lets the last save leave even while the page is being closed or reloaded; not the
          // wait for other tabs' changes, which may stay open for half a minute.
          keepalive: method !== 'engagement.changes',
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
const token = desktop ? '' : browserToken();
const transport: ApiTransport = desktop ?? httpTransport(token);

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

/**
 * Browser mode: sends a file the user picked or dropped to the app (which cannot be told where
 * the browser keeps it), with the API's token, reporting the share sent so far. The answer is
 * the path the import then reads; a refusal comes back as an ApiError like any call's.
 */
export function uploadFile(file: File, purpose: 'inventory' | 'answers' | 'evidence', onProgress: (sent: number) => void = () => undefined): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `upload?purpose=${purpose}&name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('x-cwb-token', token);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let envelope: Envelope<UploadResult> | null;
      try {
        envelope = JSON.parse(request.responseText) as Envelope<UploadResult>;
      } catch {
        envelope = null;
      }
      if (envelope && 'result' in envelope) resolve(envelope.result);
      else if (envelope && 'error' in envelope) reject(new ApiError(envelope.error));
      else reject(new ApiError({ code: 'IO', message: `${file.name} could not be sent to the app (answer ${request.status}); try again.` }));
    };
    request.onerror = () =>
      reject(new ApiError({ code: 'IO', message: `${file.name} could not be sent: the Continuity Workbook server stopped answering, or refused a file that large.` }));
    request.send(file);
  });
}

/** Browser mode: a short-lived address of one attachment, to show in a sandboxed frame or to save (a frame cannot send the token). */
export async function attachmentLink(id: string, disposition: 'inline' | 'attachment'): Promise<string> {
  let response: Response;
  try {
    response = await fetch('attachment-link', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cwb-token': token }, body: JSON.stringify({ id, disposition }) });
  } catch {
    throw new ApiError({ code: 'IO', message: 'The Continuity Workbook server is not answering. Is it still running?' });
  }
  const envelope = (await response.json().catch(() => ({ error: { code: 'IO', message: `The server answered ${response.status}.` } }))) as Envelope<{ url: string }>;
  if ('error' in envelope) throw new ApiError(envelope.error);
  return envelope.result.url;
}
