import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testSupport';
import { checkSqliteDriver, useSqliteDriver } from '../core/store/sqliteDriver';
import { driverCacheRoot, driverPackage } from './driverCache';
import { provideDriver } from './driverBuild';
import { secondRuntime, type SecondRuntime } from './secondRuntime';
import { probeDriver } from './startCheck';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./desktopDriverChild.ts', import.meta.url));
const DEFAULT_DRIVER = join(driverPackage(projectRoot).dir, 'build', 'Release', 'better_sqlite3.node');

/** The desktop main process's driver steps and the core's opening of the demo, run in the second runtime. */
function runChild(runtime: SecondRuntime, cacheRoot: string, scratch: string): Record<string, unknown> {
  const child = spawnSync(runtime.executable, ['--import', 'tsx', CHILD, cacheRoot, scratch], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as Record<string, unknown>;
}

/**
 * Electron cannot run here, but what breaks the desktop app is not Electron itself: it is a
 * runtime whose module version differs from the Node.js npm built the driver for. A real Node.js
 * 22 (module version 127, against Node.js 20's 115) is such a runtime, so this proves the
 * mechanism the desktop uses: a driver built for the runtime from better-sqlite3's own sources,
 * kept in the cache, chosen by the main process's own code and passed as `nativeBinding`.
 * The first run fetches the runtime (about 50 MB) and compiles SQLite: minutes on two cores.
 */
describe.runIf(process.platform === 'linux' && process.arch === 'x64')('one SQLite driver per runtime, proven with a real Node.js 22', () => {
  const tempDir = useTempDir();
  let runtime: SecondRuntime;
  let driver: string;

  beforeAll(() => {
    runtime = secondRuntime(projectRoot, 22);
    const built = provideDriver({
      projectRoot,
      target: runtime.target,
      headers: { from: 'folder', nodedir: runtime.nodedir },
      tryPrebuilt: false,
      log: () => {},
    });
    if (!built.ok) throw new Error(`${built.reason}\n${built.output}`);
    driver = built.path;
  }, 30 * 60_000);

  it('is a runtime this Node.js cannot share a driver with, and its build sits in the cache under its own key', () => {
    expect(runtime.target.moduleVersion).not.toBe(process.versions.modules);
    expect(driver.startsWith(driverCacheRoot(projectRoot))).toBe(true);
    expect(driver).toContain(`node-v${runtime.target.moduleVersion}-${process.platform}-${process.arch}`);
  });

  it('with only the build in node_modules, the self-check stops before anything opens and says why and what to do', () => {
    const scratch = tempDir();
    const outcome = runChild(runtime, tempDir(), scratch);
    expect(outcome.ok).toBe(false);
    const dialog = outcome.dialog as { title: string; message: string; detail: string; buttons: string[] };
    expect(dialog.message).toBe(
      `Continuity Workbook cannot open engagement files: the SQLite driver in node_modules/better-sqlite3 was built for module version ${process.versions.modules}, but Node.js ${runtime.target.version} needs module version ${runtime.target.moduleVersion}.`,
    );
    expect(dialog.detail).toContain('npm start');
    expect(dialog.detail).toContain('No engagement file was opened or changed.');
    expect(dialog.buttons).toEqual(['Start browser mode', 'Quit']);
    expect(existsSync(join(scratch, 'engagements'))).toBe(false);
  }, 240_000);

  it('with its own build, the core creates the demo, saves an answer, and a second open reads both back', () => {
    const outcome = runChild(runtime, driverCacheRoot(projectRoot), tempDir());
    expect(outcome).toMatchObject({
      ok: true,
      binding: driver,
      moduleVersion: runtime.target.moduleVersion,
      customer: 'Fabrikam Regional Health',
      criticality: { status: 'answered', value: 'deferrable' },
    });
    expect(outcome.applications).toEqual(expect.arrayContaining(['Patient Records (EPR)', 'Telemetry Dashboards']));
  }, 240_000);

  it('the same build, named to this Node.js, is refused with both module versions', () => {
    useSqliteDriver(driver);
    try {
      expect(checkSqliteDriver(tempDir())).toEqual({
        ok: false,
        failure: { kind: 'module-version', binding: driver, builtFor: runtime.target.moduleVersion, required: process.versions.modules },
      });
    } finally {
      useSqliteDriver(undefined);
    }
  });

  it("npm start -- --check's probe loads each build in the other runtime and says which module version it was built for", () => {
    expect(probeDriver(runtime.executable, process.env, projectRoot, driver)).toMatchObject({ ok: true, moduleVersion: runtime.target.moduleVersion });
    expect(probeDriver(runtime.executable, process.env, projectRoot, DEFAULT_DRIVER)).toEqual({
      ok: false,
      failure: { kind: 'module-version', binding: DEFAULT_DRIVER, builtFor: process.versions.modules, required: runtime.target.moduleVersion },
    });
  }, 60_000);

  it('a second request finds the build in the cache instead of compiling again', () => {
    const again = provideDriver({ projectRoot, target: runtime.target, headers: { from: 'folder', nodedir: runtime.nodedir }, tryPrebuilt: false, log: () => {} });
    expect(again).toEqual({ ok: true, path: driver, how: 'cached' });
  });
});
