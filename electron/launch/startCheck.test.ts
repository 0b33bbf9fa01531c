import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DriverCheck } from '../core/store/sqliteDriver';
import { currentRuntime, type RuntimeTarget } from './driverCache';
import { electronInstall, type ElectronInstall } from './electronRuntime';
import { forcedBrowserReason, planStart, startReport, type StartFacts } from './startCheck';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const ELECTRON: RuntimeTarget = { runtime: 'electron', version: '45.4.1', moduleVersion: '150', platform: 'linux', arch: 'x64' };
const INSTALLED: ElectronInstall = { state: 'installed', version: '45.4.1', moduleVersion: '150', binary: '/app/electron', dist: '/app' };
const NO_BINARY: ElectronInstall = { state: 'no-binary', version: '45.4.1', moduleVersion: '150', reason: 'it was never downloaded (/app does not exist)' };
const LOADS: DriverCheck = { ok: true, binding: null, moduleVersion: '115', sqliteVersion: '3.53.2' };
const ELECTRON_BUILD = '/cache/electron-v150-linux-x64/better_sqlite3.node';

function facts(change: Partial<StartFacts>): StartFacts {
  return {
    forcedBrowser: null,
    electron: INSTALLED,
    electronHostResolves: null,
    electronDriver: { target: ELECTRON, path: ELECTRON_BUILD, check: { ok: true, binding: ELECTRON_BUILD, moduleVersion: '150', sqliteVersion: '3.53.2' } },
    nodeDriver: { target: { ...ELECTRON, runtime: 'node', version: '20.19.0', moduleVersion: '115' }, path: '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node', check: LOADS },
    ...change,
  };
}

describe('which host npm start would start', () => {
  it('the desktop app where Electron and its driver load', () => {
    expect(planStart(facts({}))).toEqual({ host: 'desktop', why: 'the desktop app: Electron 45.4.1 is installed and its SQLite driver loads' });
  });

  it('the desktop app after its driver is made, where Electron has none yet', () => {
    const plan = planStart(facts({ electronDriver: { target: ELECTRON, path: ELECTRON_BUILD, check: null } }));
    expect(plan.host).toBe('desktop');
    expect(plan.why).toContain(`fetches or builds a SQLite driver for Electron 45.4.1 into ${ELECTRON_BUILD} (browser mode if that fails)`);
  });

  it('the desktop app, warning that its self-check will stop it, where its driver does not load', () => {
    const check: DriverCheck = { ok: false, failure: { kind: 'module-version', binding: ELECTRON_BUILD, builtFor: '143', required: '150' } };
    const plan = planStart(facts({ electronDriver: { target: ELECTRON, path: ELECTRON_BUILD, check } }));
    expect(plan.host).toBe('desktop');
    expect(plan.why).toContain(`its self-check will stop it. The SQLite driver ${ELECTRON_BUILD} was built for module version 143, but Electron 45.4.1 needs module version 150.`);
  });

  it('browser mode when asked, whatever Electron has', () => {
    expect(planStart(facts({ forcedBrowser: '--browser was given' }))).toEqual({ host: 'browser', why: 'browser mode, because --browser was given' });
  });

  it('browser mode without an Electron binary, saying whether the download npm start retries can succeed', () => {
    const plan = planStart(facts({ electron: NO_BINARY, electronDriver: null, electronHostResolves: { host: 'github.com', resolves: false } }));
    expect(plan).toEqual({
      host: 'browser',
      why: "browser mode, because there is no Electron binary; npm start first tries Electron's download once more (up to 120 s), which cannot succeed here: github.com does not resolve",
    });
    const reachable = planStart(facts({ electron: NO_BINARY, electronDriver: null, electronHostResolves: { host: 'github.com', resolves: true } }));
    expect(reachable.why.endsWith('(up to 120 s)')).toBe(true);
  });

  it('nothing (exit 1) where browser mode would be next but its own driver does not load either', () => {
    const broken: DriverCheck = { ok: false, failure: { kind: 'missing', binding: null } };
    const plan = planStart(facts({ electron: NO_BINARY, electronDriver: null, nodeDriver: { ...facts({}).nodeDriver, check: broken } }));
    expect(plan.host).toBe('none');
    expect(plan.why).toMatch(/^nothing: browser mode would be next, because there is no Electron binary.*but its SQLite driver does not load either/);
  });

  it('browser mode is forced by --browser or CWB_BROWSER_MODE=1', () => {
    expect(forcedBrowserReason(['--browser'], {})).toBe('--browser was given');
    expect(forcedBrowserReason([], { CWB_BROWSER_MODE: '1' })).toBe('CWB_BROWSER_MODE=1 is set');
    expect(forcedBrowserReason(['--demo'], { CWB_BROWSER_MODE: '0' })).toBeNull();
  });

  it('the report names each runtime, whether its driver loads and the module version it was built for', () => {
    expect(startReport(facts({}))).toEqual([
      'Would start: the desktop app: Electron 45.4.1 is installed and its SQLite driver loads.',
      'Electron: 45.4.1 (module version 150) at /app/electron',
      'SQLite driver for Node.js 20.19.0 (browser mode, CLI): loads; built for module version 115 (/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node).',
      `SQLite driver for Electron 45.4.1 (desktop): loads; built for module version 150 (${ELECTRON_BUILD}).`,
      'Nothing was started, downloaded or built.',
    ]);
  });
});

describe.runIf(electronInstall(projectRoot).state !== 'installed')('npm start -- --check on a machine without Electron', () => {
  it('says there is no Electron binary and why, that browser mode would start, and that the Node.js driver loads; exit 0', () => {
    const run = spawnSync(process.execPath, ['electron/launch/start.mjs', '--check'], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Would start: browser mode, because there is no Electron binary; /);
    expect(lines[1]).toMatch(/^Electron: (package \S+ \(module version \d+\), no binary: .+|none, because .+)\.$/);
    const node = currentRuntime();
    expect(lines[2]).toMatch(new RegExp(`^SQLite driver for Node\\.js ${node.version.replaceAll('.', '\\.')} \\(browser mode, CLI\\): loads; built for module version ${node.moduleVersion} `));
    expect(lines.at(-1)).toBe('Nothing was started, downloaded or built.');
  });
});
