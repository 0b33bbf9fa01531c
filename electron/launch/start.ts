import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as cli } from '../cli/main';
import { ensureRendererBuilt } from '../server/rendererBuild';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** Electron's package downloads its binary lazily; a machine that cannot reach its host has none. */
function installedElectronBinary(): string | null {
  let electronDir: string;
  try {
    electronDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

function electronBinary(log: (line: string) => void): string | null {
  const present = installedElectronBinary();
  if (present) return present;
  let installer: string;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return null;
  }
  log('Trying to fetch the Electron desktop runtime…');
  // Bounded: a network that hangs must not keep the consultant from the app.
  const attempt = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 });
  if (attempt.status !== 0) return null;
  return installedElectronBinary();
}

async function startDesktop(binary: string, args: string[], log: (line: string) => void): Promise<number> {
  await ensureRendererBuilt(log);
  const { buildDesktopBundles } = await import('./buildDesktop');
  await buildDesktopBundles();
  const child = spawn(binary, [projectRoot, ...args], { stdio: 'inherit' });
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code ?? 1)));
}

/**
 * The README's start command: the desktop app where Electron can run, and browser mode
 * (the same interface served on 127.0.0.1) everywhere else, so it works on every machine.
 */
export async function start(argv: string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const forceBrowser = argv.includes('--browser') || process.env.CWB_BROWSER_MODE === '1';
  const args = argv.filter((arg) => arg !== '--browser');
  if (!forceBrowser) {
    const binary = electronBinary(log);
    if (binary) return startDesktop(binary, args, log);
    log('The Electron desktop runtime is not available on this machine; starting browser mode instead.');
  }
  return cli(['serve', ...args]);
}
