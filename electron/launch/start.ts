import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from '../server/rendererBuild';
import { provideElectronDriver } from './driverBuild';
import { BROWSER_FALLBACK_ENV, EXIT_BROWSER_INSTEAD } from './desktopSelfCheck';
import { fetchElectron } from './electronRuntime';
import { ELECTRON_FETCH_TIMEOUT_MS, forcedBrowserReason, gatherStartFacts, planStart, startReport } from './startCheck';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

async function startDesktop(binary: string, args: string[], log: (line: string) => void): Promise<number> {
  await ensureRendererBuilt(log);
  const { buildDesktopBundles } = await import('./buildDesktop');
  await buildDesktopBundles();
  const env: NodeJS.ProcessEnv = { ...process.env, [BROWSER_FALLBACK_ENV]: '1' };
  // Set in the shell, it would make Electron a plain Node.js instead of the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [projectRoot, ...args], { stdio: 'inherit', env });
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code ?? 1)));
}

/** `npm start -- --check`: what would start and why, and whether each runtime's SQLite driver loads. */
async function check(argv: string[]): Promise<number> {
  const facts = await gatherStartFacts(projectRoot, argv, process.env);
  for (const line of startReport(facts)) process.stdout.write(`${line}\n`);
  return planStart(facts).host === 'none' ? 1 : 0;
}

/**
 * The README's start command: the desktop app where Electron can run, and browser mode
 * (the same interface served on 127.0.0.1) everywhere else, so it works on every machine.
 */
export async function start(argv: string[]): Promise<number> {
  if (argv.includes('--check')) return check(argv);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const args = argv.filter((arg) => arg !== '--browser');
  if (forcedBrowserReason(argv, process.env) === null) {
    const electron = fetchElectron(projectRoot, {
      timeoutMs: ELECTRON_FETCH_TIMEOUT_MS,
      stdio: 'ignore',
      announce: () => log('Trying to fetch the Electron desktop runtime…'),
    });
    if (electron.state !== 'installed') {
      log('The Electron desktop runtime is not available on this machine; starting browser mode instead.');
    } else {
      const driver = provideElectronDriver(projectRoot, electron, log);
      if (driver.ok) {
        if (driver.how !== 'cached') log(`The SQLite driver for Electron ${electron.version} is ready (${driver.how === 'prebuilt' ? 'prebuilt' : 'built from source'}): ${driver.path}`);
        const code = await startDesktop(electron.binary, args, log);
        if (code !== EXIT_BROWSER_INSTEAD) return code;
        log('Starting browser mode, as asked.');
      } else {
        log(`The SQLite driver for Electron ${electron.version} could not be fetched or built (${driver.reason}); starting browser mode instead.`);
      }
    }
  }
  const { main: cli } = await import('../cli/main');
  return cli(['serve', ...args]);
}
