/**
 * `npm run screenshots`: pictures of the main screens at projector, laptop and desktop sizes,
 * for a person to look at after a UI change (not a test; nothing is compared).
 */
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt } from '../electron/server/rendererBuild';
import { startServer } from './support/browserMode';
import { CHROMIUM, CHROMIUM_ARGS, PROJECT_ROOT } from './support/paths';

const SIZES = [
  { name: '1280x720', width: 1280, height: 720 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 },
];

const outDir = process.argv[2] ?? join(PROJECT_ROOT, 'e2e', '.output', 'screenshots');
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-shots-'));
await ensureRendererBuilt(console.log);
const server = await startServer({ CWB_DATA_DIR: join(dir, 'data'), CWB_ENGAGEMENT_DIR: join(dir, 'engagements'), CWB_ACTOR: 'screenshots' });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
    await page.goto(server.url);
    await page.getByTestId('start-screen').waitFor();
    await page.screenshot({ path: join(outDir, `start-${size.name}.png`) });
    await page.getByRole('button', { name: 'Open the demo engagement' }).click();
    await page.getByTestId('engagement-screen').waitFor();
    await page.getByRole('button', { name: /Lab Results Portal/ }).click();
    await page.screenshot({ path: join(outDir, `engagement-${size.name}.png`) });
    await page.getByRole('button', { name: 'Close engagement' }).click();
    await page.close();
  }
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
