import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { cachedDriverPath, driverCacheRoot, driverPackage, runtimeName, type RuntimeTarget } from './driverCache';
import { electronTarget, type ElectronInstall } from './electronRuntime';

/** Where Electron publishes the headers a native module is compiled against. */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** Where node-gyp finds the runtime's C++ headers: downloaded for an Electron version, or a folder already here. */
export type RuntimeHeaders = { from: 'electron-headers' } | { from: 'folder'; nodedir: string };

export interface DriverRequest {
  projectRoot: string;
  target: RuntimeTarget;
  headers: RuntimeHeaders;
  /** Ask better-sqlite3's published prebuilt binaries first; the build from source follows when there is none. */
  tryPrebuilt: boolean;
  cacheRoot?: string;
  log: (line: string) => void;
}

export type DriverOutcome =
  | { ok: true; path: string; how: 'cached' | 'prebuilt' | 'built' }
  /** `reason` is one line; `output` is the tail of what the tools printed, for whoever digs deeper. */
  | { ok: false; reason: string; output: string };

const PREBUILT_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 30 * 60_000;

/**
 * A better-sqlite3 binary for `target`, kept in the driver cache and never in node_modules'
 * own copy, which the CLI and the tests load under the Node.js npm built it for. Fetching and
 * building both happen in a scratch copy of the package; only a finished binary is moved into
 * place, so an interrupted attempt leaves nothing a later start would trust.
 */
export function provideDriver(request: DriverRequest): DriverOutcome {
  const cacheRoot = request.cacheRoot ?? driverCacheRoot(request.projectRoot);
  const driver = driverPackage(request.projectRoot);
  const destination = cachedDriverPath(cacheRoot, driver.version, request.target);
  if (existsSync(destination)) return { ok: true, path: destination, how: 'cached' };
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, 'work-'));
  try {
    const source = join(work, 'better-sqlite3');
    // The package ships its sources (binding.gyp, src/, deps/); its build/ is the Node.js one.
    cpSync(driver.dir, source, { recursive: true, filter: (path) => relative(driver.dir, path).split(sep)[0] !== 'build' });
    const built = join(source, 'build', 'Release', 'better_sqlite3.node');
    const name = runtimeName(request.target);
    const attempts: { reason: string; output: string }[] = [];
    let how: 'prebuilt' | 'built' | null = null;
    if (request.tryPrebuilt) {
      request.log(`Fetching a prebuilt SQLite driver for ${name}…`);
      const prebuilt = fetchPrebuilt(driver.dir, source, request.target);
      if (prebuilt === null && existsSync(built)) how = 'prebuilt';
      else attempts.push(prebuilt ?? { reason: 'no prebuilt driver arrived', output: '' });
    }
    if (how === null) {
      request.log(`Building the SQLite driver for ${name} from source (a few minutes, once)…`);
      const compiled = buildFromSource(source, request.target, request.headers);
      if (compiled === null && existsSync(built)) how = 'built';
      else attempts.push(compiled ?? { reason: 'the build finished without a driver', output: '' });
    }
    if (how === null) {
      return { ok: false, reason: attempts.map((attempt) => attempt.reason).join('; '), output: attempts.map((attempt) => attempt.output).join('\n') };
    }
    mkdirSync(dirname(destination), { recursive: true });
    renameSync(built, destination);
    return { ok: true, path: destination, how };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The driver for an installed Electron, from the cache or made now: better-sqlite3's prebuilt
 * binary for that Electron when its release host answers, else a build against Electron's headers.
 */
export function provideElectronDriver(projectRoot: string, electron: Extract<ElectronInstall, { state: 'installed' }>, log: (line: string) => void): DriverOutcome {
  const target = electronTarget(electron);
  if (target === null) {
    return { ok: false, reason: `Electron ${electron.version}'s module version is unknown (its package has no abi_version file)`, output: '' };
  }
  return provideDriver({ projectRoot, target, headers: { from: 'electron-headers' }, tryPrebuilt: true, log });
}

/** npm settings node-gyp and prebuild-install would read from the environment, overriding the target given here. */
const TARGET_SETTINGS = ['nodedir', 'target', 'runtime', 'disturl', 'dist_url', 'arch', 'platform', 'build_from_source'];

function toolEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const setting of TARGET_SETTINGS) delete env[`npm_config_${setting}`];
  return env;
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** better-sqlite3's own installer, asked for the other runtime; it unpacks into the copy's build/Release. */
function fetchPrebuilt(packageDir: string, copy: string, target: RuntimeTarget): { reason: string; output: string } | null {
  const installer = createRequire(join(packageDir, 'package.json')).resolve('prebuild-install/bin.js');
  const args = ['--runtime', target.runtime, '--target', target.version, '--arch', target.arch, '--platform', target.platform];
  const run = spawnSync(process.execPath, [installer, ...args], { cwd: copy, env: toolEnvironment(), encoding: 'utf8', timeout: PREBUILT_TIMEOUT_MS });
  if (run.status === 0) return null;
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const said = lastLines(output, 1).replace(/^prebuild-install (warn|error|info) \w+ /, '');
  const why = run.error ? `it did not finish within ${PREBUILT_TIMEOUT_MS / 1000} s` : said || `it exited with code ${String(run.status)}`;
  return { reason: `no prebuilt driver could be fetched (${why})`, output };
}

/** node-gyp as npm ships it: npm names it to the scripts it runs, and it sits beside npm otherwise. */
export function nodeGypScript(): string | null {
  const candidates = [process.env.npm_config_node_gyp];
  const npmCli = process.env.npm_execpath;
  if (npmCli) candidates.push(join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const nodeDir = dirname(process.execPath);
  const npmDir = process.platform === 'win32' ? join(nodeDir, 'node_modules', 'npm') : join(nodeDir, '..', 'lib', 'node_modules', 'npm');
  candidates.push(join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path)) ?? null;
}

/**
 * The line of node-gyp's output that says what went wrong: gyp's own complaint, a compiler
 * error, or the error node-gyp stopped on (a header download, a missing Python), in that order.
 */
function tellingLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  const gyp = lines.find((line) => line.startsWith('gyp: '));
  const compiler = lines.find((line) => !line.startsWith('gyp') && /\berror\b:/i.test(line));
  const named = gyp ?? compiler;
  if (named !== undefined) return named;
  // node-gyp spreads the error it stopped on over several lines, then its stack trace.
  const first = lines.findIndex((line) => line.startsWith('gyp ERR! stack '));
  const stopped: string[] = [];
  for (const line of first < 0 ? [] : lines.slice(first)) {
    if (!line.startsWith('gyp ERR! stack ') || line.startsWith('gyp ERR! stack at ')) break;
    stopped.push(line.slice('gyp ERR! stack '.length));
  }
  if (stopped.length === 0) return lines.find((line) => line.startsWith('gyp ERR! ')) ?? lastLines(output, 1);
  const said = stopped.join(' ').replace(/^Error: /, '');
  const fetched = lines.findLast((line) => line.startsWith('gyp http GET '));
  return fetched === undefined ? said : `fetching ${fetched.slice('gyp http GET '.length)} failed: ${said}`;
}

/** node-gyp on the copy against the target runtime's headers: needs Python and a C++ compiler. */
function buildFromSource(copy: string, target: RuntimeTarget, headers: RuntimeHeaders): { reason: string; output: string } | null {
  const nodeGyp = nodeGypScript();
  if (nodeGyp === null) return { reason: 'node-gyp, which comes with npm, was not found', output: '' };
  const args = ['rebuild', '--release', `--target=${target.version}`, `--arch=${target.arch}`, '--jobs=max'];
  if (headers.from === 'folder') args.push(`--nodedir=${headers.nodedir}`);
  // Electron's headers go to their own folder, as @electron/rebuild keeps them, apart from Node's.
  else args.push(`--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${join(homedir(), '.electron-gyp')}`);
  const run = spawnSync(process.execPath, [nodeGyp, ...args], {
    cwd: copy,
    env: toolEnvironment(),
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status === 0) return null;
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.error) return { reason: `building it from source did not finish (${run.error.message})`, output: lastLines(output, 40) };
  return { reason: `building it from source failed (${tellingLine(output)})`, output: lastLines(output, 40) };
}
