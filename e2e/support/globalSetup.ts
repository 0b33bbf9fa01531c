import { existsSync } from 'node:fs';
import { ensureRendererBuilt } from '../../electron/server/rendererBuild';
import { provideElectronDriver } from '../../electron/launch/driverBuild';
import { electronInstall } from '../../electron/launch/electronRuntime';
import { CHROMIUM, PROJECT_ROOT } from './paths';

/** Builds what the hosts serve once, before any test starts a server or a window. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  await ensureRendererBuilt((line) => console.log(line));
  const electron = electronInstall(PROJECT_ROOT);
  if (electron.state === 'installed') {
    // The desktop app opens engagements with a driver built for its Electron, as npm start provides it.
    const driver = provideElectronDriver(PROJECT_ROOT, electron, (line) => console.log(line));
    if (!driver.ok) console.log(`The "electron" project skips its runs: no SQLite driver for Electron ${electron.version} (${driver.reason}).`);
    const { buildDesktopBundles } = await import('../../electron/launch/buildDesktop');
    await buildDesktopBundles();
  } else {
    console.log('No Electron binary on this machine: the "electron" project skips its runs; the same specs run in browser mode.');
  }
}
