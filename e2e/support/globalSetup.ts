import { existsSync } from 'node:fs';
import { ensureRendererBuilt } from '../../electron/server/rendererBuild';
import { CHROMIUM, electronBinary } from './paths';

/** Builds what the hosts serve once, before any test starts a server or a window. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  await ensureRendererBuilt((line) => console.log(line));
  if (electronBinary()) {
    const { buildDesktopBundles } = await import('../../electron/launch/buildDesktop');
    await buildDesktopBundles();
  } else {
    console.log('No Electron binary on this machine: the "electron" project skips its runs; the same specs run in browser mode.');
  }
}
