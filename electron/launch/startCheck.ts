import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSqliteDriver, describeDriverFailure, driverFailure, type DriverCheck } from '../core/store/sqliteDriver';
import { cachedDriverPath, currentRuntime, driverCacheRoot, driverPackage, runtimeName, type RuntimeTarget } from './driverCache';
import { electronHost } from './distPlan';
import { electronInstall, electronTarget, type ElectronInstall } from './electronRuntime';

/** How long `npm start` waits for Electron's download before it settles for browser mode. */
export const ELECTRON_FETCH_TIMEOUT_MS = 120_000;

/** Why browser mode was asked for, or null when the desktop app may start. */
export function forcedBrowserReason(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  if (argv.includes('--browser')) return '--browser was given';
  if (env.CWB_BROWSER_MODE === '1') return 'CWB_BROWSER_MODE=1 is set';
  return null;
}

export interface RuntimeDriver<Check = DriverCheck> {
  target: RuntimeTarget;
  /** Where the driver is (or, for a build still to be made, where it would go). */
  path: string;
  check: Check;
}

/** Everything `npm start -- --check` looks at; gathered without starting, downloading or building anything. */
export interface StartFacts {
  forcedBrowser: string | null;
  electron: ElectronInstall;
  /** Whether the host Electron downloads from resolves here; null when not asked (the binary is here). */
  electronHostResolves: { host: string; resolves: boolean } | null;
  /** Not tried (null) while it does not exist yet, or while Electron is not here to load it. */
  electronDriver: RuntimeDriver<DriverCheck | null> | null;
  nodeDriver: RuntimeDriver;
}

export interface StartPlan {
  host: 'desktop' | 'browser' | 'none';
  why: string;
}

/** Which host `npm start` would start, and why: the decision start() makes, without making it. */
export function planStart(facts: StartFacts): StartPlan {
  const nodeLoads = facts.nodeDriver.check.ok;
  const browser = (because: string): StartPlan =>
    nodeLoads
      ? { host: 'browser', why: `browser mode, because ${because}` }
      : { host: 'none', why: `nothing: browser mode would be next, because ${because}, but its SQLite driver does not load either (npm ci installs it again)` };
  if (facts.forcedBrowser !== null) return browser(facts.forcedBrowser);
  const { electron, electronDriver } = facts;
  if (electron.state === 'no-package') return browser(`there is no Electron: ${electron.reason}`);
  if (electron.state === 'no-binary') {
    const resolves = facts.electronHostResolves;
    const outlook = resolves === null || resolves.resolves ? '' : `, which cannot succeed here: ${resolves.host} does not resolve`;
    return browser(`there is no Electron binary; npm start first tries Electron's download once more (up to ${ELECTRON_FETCH_TIMEOUT_MS / 1000} s)${outlook}`);
  }
  if (electronDriver === null) return browser(`Electron ${electron.version}'s module version is unknown (its package has no abi_version file), so no SQLite driver can be chosen for it`);
  const name = runtimeName(electronDriver.target);
  if (electronDriver.check === null) {
    return {
      host: 'desktop',
      why: `the desktop app, after npm start fetches or builds a SQLite driver for ${name} into ${electronDriver.path} (browser mode if that fails)`,
    };
  }
  if (electronDriver.check.ok) return { host: 'desktop', why: `the desktop app: ${name} is installed and its SQLite driver loads` };
  return {
    host: 'desktop',
    why: `the desktop app, but its self-check will stop it. ${describeDriverFailure(electronDriver.check.failure, name)} Delete that file and run npm start to make it again`,
  };
}

/** A driver's line: whether it loads, or (a string) why it was not tried. */
function driverLine(label: string, driver: RuntimeDriver<unknown>, outcome: DriverCheck | string): string {
  const name = runtimeName(driver.target);
  const head = `SQLite driver for ${name} (${label})`;
  if (typeof outcome === 'string') return `${head}: ${outcome}.`;
  if (outcome.ok) return `${head}: loads; built for module version ${outcome.moduleVersion} (${driver.path}).`;
  return `${head}: does not load. ${describeDriverFailure(outcome.failure, name)}`;
}

function electronLine(electron: ElectronInstall): string {
  if (electron.state === 'no-package') return `Electron: none, because ${electron.reason}.`;
  const moduleVersion = electron.moduleVersion === null ? 'module version unknown' : `module version ${electron.moduleVersion}`;
  if (electron.state === 'installed') return `Electron: ${electron.version} (${moduleVersion}) at ${electron.binary}`;
  return `Electron: package ${electron.version} (${moduleVersion}), no binary: ${electron.reason}.`;
}

/** The report, one fact a line; the first line says what would start. */
export function startReport(facts: StartFacts): string[] {
  const plan = planStart(facts);
  const lines = [
    `Would start: ${plan.why}.`,
    electronLine(facts.electron),
    driverLine('browser mode, CLI', facts.nodeDriver, facts.nodeDriver.check),
  ];
  if (facts.electronDriver !== null) {
    const untried = existsSync(facts.electronDriver.path)
      ? `built (${facts.electronDriver.path}), not tried without the Electron binary`
      : `not built yet; npm start fetches or builds it into ${facts.electronDriver.path} once Electron is installed`;
    lines.push(driverLine('desktop', facts.electronDriver, facts.electronDriver.check ?? untried));
  }
  lines.push('Nothing was started, downloaded or built.');
  return lines;
}

/**
 * Loads a driver build in another runtime and opens an in-memory database there: the only way
 * to know that a build for that runtime loads. Electron runs as plain Node.js for this, no window.
 */
export function probeDriver(executable: string, env: NodeJS.ProcessEnv, projectRoot: string, binding: string): DriverCheck {
  const script = [
    'const [library, binding] = process.argv.slice(1);',
    'let result;',
    'try {',
    "  const db = new (require(library))(':memory:', { nativeBinding: binding });",
    "  const { version } = db.prepare('SELECT sqlite_version() AS version').get();",
    '  db.close();',
    '  result = { ok: true, moduleVersion: process.versions.modules, sqliteVersion: version };',
    '} catch (error) {',
    '  result = { ok: false, message: String(error && error.message), code: error && error.code };',
    '}',
    'process.stdout.write(JSON.stringify(result));',
  ].join('\n');
  const run = spawnSync(executable, ['-e', script, driverPackage(projectRoot).dir, binding], { env, encoding: 'utf8', timeout: 30_000 });
  try {
    const result = JSON.parse(run.stdout) as { ok: true; moduleVersion: string; sqliteVersion: string } | { ok: false; message: string; code?: string };
    if (result.ok) return { ok: true, binding, moduleVersion: result.moduleVersion, sqliteVersion: result.sqliteVersion };
    return { ok: false, failure: driverFailure(Object.assign(new Error(result.message), { code: result.code }), binding) };
  } catch {
    const said = `${run.stderr ?? ''}`.trim().split('\n')[0] ?? '';
    return { ok: false, failure: { kind: 'unusable', binding, detail: run.error?.message ?? (said || `the runtime exited with code ${String(run.status)}`) } };
  }
}

/** Whether the download host's name resolves here, within `timeoutMs`; null for an address that is not a URL. */
async function hostResolves(url: string, timeoutMs: number): Promise<{ host: string; resolves: boolean } | null> {
  if (!URL.canParse(url)) return null;
  const host = new URL(url).hostname;
  const answer = lookup(host).then(
    () => true,
    () => false,
  );
  const silence = new Promise<boolean>((resolveSilence) => setTimeout(() => resolveSilence(false), timeoutMs).unref());
  return { host, resolves: await Promise.race([answer, silence]) };
}

export async function gatherStartFacts(projectRoot: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<StartFacts> {
  const electron = electronInstall(projectRoot);
  const target = electronTarget(electron);
  let electronDriver: StartFacts['electronDriver'] = null;
  if (target !== null) {
    const path = cachedDriverPath(driverCacheRoot(projectRoot), driverPackage(projectRoot).version, target);
    const check = electron.state === 'installed' && existsSync(path) ? probeDriver(electron.binary, { ...env, ELECTRON_RUN_AS_NODE: '1' }, projectRoot, path) : null;
    electronDriver = { target, path, check };
  }
  const node = currentRuntime();
  return {
    forcedBrowser: forcedBrowserReason(argv, env),
    electron,
    electronHostResolves: electron.state === 'no-binary' ? await hostResolves(electronHost(env.ELECTRON_MIRROR), 3000) : null,
    electronDriver,
    nodeDriver: { target: node, path: join(driverPackage(projectRoot).dir, 'build', 'Release', 'better_sqlite3.node'), check: checkSqliteDriver(tmpdir()) },
  };
}
