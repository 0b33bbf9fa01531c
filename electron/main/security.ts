import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { BrowserWindowConstructorOptions, CustomScheme, WebPreferences } from 'electron';

/**
 * The desktop shell's security decisions as pure functions, so that each can be unit-tested
 * without Electron. Only type imports from 'electron' are allowed here.
 */

export const APP_SCHEME = 'app';
const APP_HOST = 'workbook';
/** Written out rather than read from `URL#origin`, which is "null" for custom schemes in Node. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `standard` gives the scheme a real origin (so 'self', storage and relative URLs work) and
 * `secure` makes it a secure context like https. `supportFetchAPI` and `corsEnabled` let
 * Chromium issue the CORS-mode requests that Vite's `<script type="module" crossorigin>` makes;
 * they open nothing to other origins because responses never carry Access-Control-Allow-Origin.
 * `bypassCSP` is deliberately absent.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/**
 * Sent as a response header on every app:// response. `style-src 'unsafe-inline'` stays
 * because Svelte writes style attributes and transition stylesheets; scripts get no such
 * allowance, and nothing may be fetched, framed or posted anywhere but the app itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // Attachments are previewed in a sandboxed frame from a blob of their bytes; nothing else is framed.
  "frame-src blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for the app's own pages: the one origin that may be shown and may call the core. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Decides whether an IPC message may reach the core. A missing frame (navigated away or
 * destroyed before the message was handled) is refused like a foreign one.
 */
export function isTrustedSenderUrl(url: string | undefined): boolean {
  return url !== undefined && isAppUrl(url);
}

/**
 * Links the renderer may hand to the operating system's browser. https only: the app works
 * offline and links nowhere on plain http, and credentials in a URL are a phishing device.
 */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
}

/**
 * Maps the (still percent-encoded) path of an app:// request to a file inside `root`, or null.
 * Decodes exactly once, so `%2e%2e` is caught as `..` while `%252e` stays a literal name.
 * Backslashes, colons and NUL never occur in built asset names and are refused outright
 * because Windows reads them as separators, drive letters or stream names.
 */
export function resolveInsideRoot(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (/[\0\\:]/.test(decoded)) return null;
  const base = resolve(root);
  // A URL path starts with one '/'; anything left that is absolute resolves outside and is refused below.
  const target = resolve(base, decoded.replace(/^\//, ''));
  const fromBase = relative(base, target);
  if (fromBase === '' || fromBase === '..' || fromBase.startsWith(`..${sep}`) || isAbsolute(fromBase)) return null;
  return target;
}

/** What Vite puts in renderer/dist; anything else is served as opaque bytes and, with nosniff, never run. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // PDF.js's worker, loaded only when a PDF attachment is previewed.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Headers for a file served over app://: the exact type (module scripts require it), the CSP, no sniffing. */
export function appResponseHeaders(filePath: string): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  };
}

/** Every flag set explicitly, so a change of Electron's defaults cannot loosen the window. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
  };
}

/** The main window: fits a 1280x720 projector and a 1366x768 laptop; hidden until its first paint. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Continuity Workbook',
    width: 1280,
    height: 720,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f3f4f6',
    webPreferences: secureWebPreferences(preloadPath),
  };
}
