import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testSupport';
import { useSqliteDriver } from '../core/store/sqliteDriver';
import { cachedDriverPath, currentRuntime, driverPackage } from './driverCache';
import { prepareDesktopDriver, selfCheckDialog, type DesktopDriver } from './desktopSelfCheck';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDir();

afterEach(() => useSqliteDriver(undefined));

/** A cache whose build for this runtime is a file no loader accepts, as a broken download would leave it. */
function cacheWithBrokenBuild(): { cacheRoot: string; binding: string } {
  const cacheRoot = tempDir();
  const binding = cachedDriverPath(cacheRoot, driverPackage(projectRoot).version, currentRuntime());
  mkdirSync(dirname(binding), { recursive: true });
  writeFileSync(binding, 'half a download');
  return { cacheRoot, binding };
}

function failed(driver: DesktopDriver): Extract<DesktopDriver, { ok: false }> {
  if (driver.ok) throw new Error('the self-check passed');
  return driver;
}

describe('the desktop self-check before the window', () => {
  it('uses the build in node_modules when the cache has none for this runtime, and passes where that build fits', () => {
    const driver = prepareDesktopDriver({ appRoot: projectRoot, packaged: false, tempDir: tempDir(), cacheRoot: tempDir() });
    expect(driver).toEqual({ ok: true, binding: null, moduleVersion: process.versions.modules });
  });

  it("in development takes the cache's build for this runtime and stops when it cannot serve", () => {
    const { cacheRoot, binding } = cacheWithBrokenBuild();
    const driver = failed(prepareDesktopDriver({ appRoot: projectRoot, packaged: false, tempDir: tempDir(), cacheRoot }));
    expect(driver.failure).toMatchObject({ kind: 'unusable', binding });
    expect(driver.cacheFolder).toBe(cacheRoot);
  });

  it('once installed ignores the cache: the driver is the one the installer rebuilt in node_modules', () => {
    const { cacheRoot } = cacheWithBrokenBuild();
    expect(prepareDesktopDriver({ appRoot: projectRoot, packaged: true, tempDir: tempDir(), cacheRoot })).toMatchObject({ ok: true, binding: null });
  });

  it('started by npm start: says what failed and what to do, and offers browser mode first', () => {
    const { cacheRoot, binding } = cacheWithBrokenBuild();
    const dialog = selfCheckDialog(failed(prepareDesktopDriver({ appRoot: projectRoot, packaged: false, tempDir: tempDir(), cacheRoot })), true);
    expect(dialog.title).toBe('Continuity Workbook cannot start');
    expect(dialog.message.startsWith(`Continuity Workbook cannot open engagement files: the SQLite driver ${binding} cannot be used: `)).toBe(true);
    expect(dialog.detail).toContain(`keeps it in ${cacheRoot}. If that folder already holds a build, delete the folder first.`);
    expect(dialog.detail).toContain('npm start -- --check');
    expect(dialog.detail).not.toContain('npm start -- --browser');
    expect(dialog.detail.endsWith('No engagement file was opened or changed.')).toBe(true);
    expect(dialog.buttons).toEqual(['Start browser mode', 'Quit']);
    expect(dialog.browserButton).toBe(0);
  });

  it('started another way in development: no button can start browser mode, so the text says how', () => {
    const { cacheRoot } = cacheWithBrokenBuild();
    const dialog = selfCheckDialog(failed(prepareDesktopDriver({ appRoot: projectRoot, packaged: false, tempDir: tempDir(), cacheRoot })), false);
    expect(dialog.detail).toContain('Browser mode needs no desktop driver: npm start -- --browser.');
    expect(dialog.buttons).toEqual(['Quit']);
    expect(dialog.browserButton).toBeNull();
  });

  it('installed: the wrong module version sends the user to the installer, not to npm', () => {
    const driver: Extract<DesktopDriver, { ok: false }> = {
      ok: false,
      failure: { kind: 'module-version', binding: null, builtFor: '115', required: '150' },
      runtime: { runtime: 'electron', version: '45.4.1', moduleVersion: '150', platform: 'win32', arch: 'x64' },
      packaged: true,
      cacheFolder: 'unused',
    };
    const dialog = selfCheckDialog(driver, false);
    expect(dialog.message).toBe(
      'Continuity Workbook cannot open engagement files: the SQLite driver in node_modules/better-sqlite3 was built for module version 115, but Electron 45.4.1 needs module version 150.',
    );
    expect(dialog.detail).toContain('Install Continuity Workbook again');
    expect(dialog.detail).not.toContain('npm');
    expect(dialog.buttons).toEqual(['Quit']);
  });
});
