import { fileURLToPath } from 'node:url';
import { cachedDriverFor } from '../../electron/launch/driverCache';
import { electronInstall, electronTarget } from '../../electron/launch/electronRuntime';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.CWB_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Debian's Chromium quiet and self-contained on a machine without a network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The Electron binary the desktop runs use, or why there is none to use: it is downloaded lazily
 * and often cannot be, and the app needs a SQLite driver built for it (global setup provides it).
 */
export function electronForTests(): { binary: string } | { skip: string } {
  const electron = electronInstall(PROJECT_ROOT);
  if (electron.state !== 'installed') {
    return { skip: 'No Electron binary on this machine (it cannot be downloaded here); the same spec ran against browser mode.' };
  }
  const target = electronTarget(electron);
  if (target === null || cachedDriverFor(PROJECT_ROOT, target) === null) {
    return { skip: `Electron ${electron.version} is here, but no SQLite driver could be fetched or built for it (the global setup's output says why).` };
  }
  return { binary: electron.binary };
}
