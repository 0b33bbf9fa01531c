import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  appResponseHeaders,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSenderUrl,
  resolveInsideRoot,
  secureWebPreferences,
  windowOptions,
} from './security';

describe('isTrustedSenderUrl', () => {
  it.each([APP_ENTRY_URL, `${APP_ORIGIN}/`, `${APP_ORIGIN}/index.html#/engagement`, `${APP_ORIGIN}/assets/index.js?v=1`])(
    'accepts the app itself: %s',
    (url) => {
      expect(isTrustedSenderUrl(url)).toBe(true);
    },
  );

  it.each([
    ['a web page', 'https://example.com/'],
    ['a plain http page', 'http://127.0.0.1:5173/index.html'],
    ['a local file', 'file:///index.html'],
    ['a blank frame', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['another host on the app scheme', 'app://evil/index.html'],
    ['a host that only starts like the app', 'app://workbook.evil.com/index.html'],
    ['the app host with a port', 'app://workbook:8080/index.html'],
    ['credentials hiding another host', 'app://workbook@evil/index.html'],
    ['credentials in front of the app host', 'app://evil@workbook/index.html'],
    ['the app host under another scheme', 'https://workbook/index.html'],
    ['an empty string', ''],
    ['a string that is no URL', 'workbook/index.html'],
  ])('refuses %s', (_name, url) => {
    expect(isTrustedSenderUrl(url)).toBe(false);
  });

  it('refuses a message whose frame is gone', () => {
    expect(isTrustedSenderUrl(undefined)).toBe(false);
  });

  it('agrees with the navigation check, so what may be shown is what may call', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('lets https links go to the browser', () => {
    expect(isSafeExternalUrl('https://learn.microsoft.com/azure-stack/')).toBe(true);
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id',
    'app://workbook/index.html',
    'https://user:secret@example.com/',
    'https://microsoft.com@evil.example/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('resolveInsideRoot', () => {
  const root = resolve('/srv/cwb/renderer/dist');

  it('maps asset paths into the root', () => {
    expect(resolveInsideRoot(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveInsideRoot(root, '/assets/index-CFVH_gGV.js')).toBe(join(root, 'assets', 'index-CFVH_gGV.js'));
    expect(resolveInsideRoot(root, '/assets/my%20file.css')).toBe(join(root, 'assets', 'my file.css'));
  });

  it('accepts a root given with a trailing separator or unnormalised', () => {
    expect(resolveInsideRoot(`${root}/`, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveInsideRoot(`${root}/assets/..`, '/index.html')).toBe(join(root, 'index.html'));
  });

  it('keeps a harmless dot segment that stays inside', () => {
    expect(resolveInsideRoot(root, '/assets/../index.html')).toBe(join(root, 'index.html'));
  });

  it.each([
    ['parent segments', '/../../etc/passwd'],
    ['a parent segment after a folder', '/assets/../../secret.txt'],
    ['encoded dots', '/%2e%2e/%2e%2e/etc/passwd'],
    ['upper-case encoded dots', '/%2E%2E/secret.txt'],
    ['an encoded slash between dots', '/..%2f..%2fetc/passwd'],
    ['backslashes', '/..\\..\\windows\\win.ini'],
    ['encoded backslashes', '/..%5c..%5cwindows%5cwin.ini'],
    ['an absolute path', '//etc/passwd'],
    ['an encoded absolute path', '/%2fetc/passwd'],
    ['a Windows drive', '/C:/Windows/win.ini'],
    ['a Windows stream name', '/index.html::$DATA'],
    ['a null byte', '/index.html\0.png'],
    ['an encoded null byte', '/index.html%00.png'],
    ['malformed percent-encoding', '/%E0%A4%A'],
    ['the root folder itself', '/'],
    ['an empty path', ''],
    ['a sibling folder sharing the prefix', '/../dist-old/index.html'],
  ])('refuses %s', (_name, requestPath) => {
    expect(resolveInsideRoot(root, requestPath)).toBeNull();
  });

  it('decodes once only, so a double-encoded name stays a literal file name inside the root', () => {
    expect(resolveInsideRoot(root, '/%252e%252e/secret.txt')).toBe(join(root, '%2e%2e', 'secret.txt'));
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

  it('runs only the app’s own scripts', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
  });

  it('denies by default and never names a remote source', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('is sent with every file, with its exact type and no sniffing', () => {
    expect(appResponseHeaders('/dist/index.html')).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    expect(appResponseHeaders('/dist/assets/index.JS')['content-type']).toBe('text/javascript; charset=utf-8');
    expect(appResponseHeaders('/dist/assets/unknown.bin')['content-type']).toBe('application/octet-stream');
  });
});

describe('window security', () => {
  const preload = '/app/out/preload/preload.cjs';

  it('sets the four checklist flags explicitly', () => {
    const preferences = windowOptions(preload).webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('uses the given preload and leaves no door open', () => {
    expect(secureWebPreferences(preload)).toMatchObject({
      preload,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('gives the app scheme an origin without letting it bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeUndefined();
  });
});
