import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distPlan, electronHost } from './distPlan';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The unpacked runtime folder and its binary, as the electron package's own installer leaves them. */
function installedElectron(): { binary: string; dist: string } | null {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const dist = join(dir, 'dist');
    const binary = join(dist, readFileSync(join(dir, 'path.txt'), 'utf8'));
    return existsSync(binary) ? { binary, dist } : null;
  } catch {
    return null;
  }
}

/** One more download attempt, as `npm start` makes, so a network that came back is used. */
function fetchElectron(): { binary: string; dist: string } | null {
  const present = installedElectron();
  if (present) return present;
  let installer: string;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return null;
  }
  process.stderr.write(`Fetching the Electron runtime from ${electronHost(process.env.ELECTRON_MIRROR)}…\n`);
  // Bounded, so a network that hangs ends in the explanation rather than in silence.
  spawnSync(process.execPath, [installer], { stdio: 'inherit', timeout: 180_000 });
  return installedElectron();
}

/**
 * Node scripts are started with this Node rather than through a shell: on Windows npm is a .cmd
 * that needs one, and a shell would split the Electron folder's path at its spaces.
 */
function runNodeScript(script: string, args: string[]): number {
  const outcome = spawnSync(process.execPath, [script, ...args], { cwd: projectRoot, stdio: 'inherit' });
  return outcome.status ?? 1;
}

function buildApp(): number {
  // Set by npm for `npm run dist`; without it (tsx run by hand) npm is found on the PATH.
  const npmCli = process.env.npm_execpath;
  if (npmCli) return runNodeScript(npmCli, ['run', 'build']);
  const outcome = spawnSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  return outcome.status ?? 1;
}

function dist(): number {
  const electron = fetchElectron();
  const plan = distPlan({
    platform: process.platform,
    electronBinary: electron?.binary ?? null,
    electronDist: electron?.dist ?? null,
    mirror: process.env.ELECTRON_MIRROR,
  });
  if (!plan.ok) {
    process.stderr.write(`${plan.message}\n`);
    return 1;
  }
  const built = buildApp();
  if (built !== 0) return built;
  return runNodeScript(require.resolve('electron-builder/cli.js'), plan.builderArgs);
}

process.exitCode = dist();
