import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { distPlan, electronHost } from './distPlan';
import { fetchElectron } from './electronRuntime';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

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
  // One more download attempt, as `npm start` makes, so a network that came back is used; bounded,
  // so a network that hangs ends in the explanation rather than in silence.
  const electron = fetchElectron(projectRoot, {
    timeoutMs: 180_000,
    stdio: 'inherit',
    announce: () => process.stderr.write(`Fetching the Electron runtime from ${electronHost(process.env.ELECTRON_MIRROR)}…\n`),
  });
  const installed = electron.state === 'installed' ? electron : null;
  const plan = distPlan({
    platform: process.platform,
    electronBinary: installed?.binary ?? null,
    electronDist: installed?.dist ?? null,
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
