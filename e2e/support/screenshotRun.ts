import { chromium, type Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRendererBuilt } from '../../electron/server/rendererBuild';
import { startServer } from './browserMode';
import { CHROMIUM, CHROMIUM_ARGS } from './paths';
import { seedProfile } from './profile';

export interface ScreenSize {
  name: string;
  width: number;
  height: number;
}

/** The screens consultants present on: a projector, a laptop and a desktop monitor. */
export const SCREEN_SIZES: readonly ScreenSize[] = [
  { name: '1280x720', width: 1280, height: 720 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 },
];

/**
 * For the screenshot scripts: browser mode started as a user would, on a scratch folder `dir`
 * (removed afterwards), and a fresh page at the start screen for each size, handed to `work`.
 */
export async function screenshotRun(
  options: { dir: string; engagementDir?: string; sizes?: readonly ScreenSize[]; outDir: string },
  work: (page: Page, size: ScreenSize) => Promise<void>,
): Promise<void> {
  await ensureRendererBuilt(console.log);
  seedProfile(join(options.dir, 'data'), 'screenshots');
  const server = await startServer({
    CWB_DATA_DIR: join(options.dir, 'data'),
    CWB_ENGAGEMENT_DIR: options.engagementDir ?? join(options.dir, 'engagements'),
    CWB_ACTOR: 'screenshots',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const size of options.sizes ?? SCREEN_SIZES) {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(server.url);
      await page.getByTestId('start-screen').waitFor();
      await work(page, size);
      await page.close();
    }
    console.log(`Screenshots written to ${options.outDir}`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(options.dir, { recursive: true, force: true });
  }
}
