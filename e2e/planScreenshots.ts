/**
 * `npx tsx e2e/planScreenshots.ts [OUT_DIR]`: the Recovery plan view of the demo (a site loss that
 * leaves Eindhoven short of memory, a node loss with applications held back) and Setup's hardware
 * and capacity section, at a projector's 1280x720 and at 1920x1080, normal and projector mode.
 */
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name !== '1366x768');

const outDir = process.argv[2] ?? '/tmp/plan-shots';
mkdirSync(outDir, { recursive: true });

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage });
}

// One run per size: the demo stays open in browser mode, and a second page would go straight back to it.
for (const size of SIZES) await screenshotRun({ dir: mkdtempSync(join(tmpdir(), 'cwb-plan-shots-')), outDir, sizes: [size] }, async (page) => {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByTestId('engagement-screen').waitFor();
  for (const projector of [false, true]) {
    const mode = projector ? '-projector' : '';
    if (projector) await page.keyboard.press('Alt+P');
    await page.keyboard.press('Alt+L');
    const view = page.getByTestId('recovery-plan');
    await view.waitFor();
    await page.getByLabel('Disaster', { exact: true }).selectOption({ label: 'Rotterdam DC1' });
    await shoot(page, `plan-site-${size.name}${mode}`);
    await view.getByRole('heading', { name: 'Capacity' }).scrollIntoViewIfNeeded();
    await shoot(page, `plan-site-capacity-${size.name}${mode}`);
    await page.getByLabel('Disaster', { exact: true }).selectOption({ label: 'A node of ash-rtm-01' });
    await view.getByRole('heading', { name: 'Waves' }).scrollIntoViewIfNeeded();
    await view.locator('[data-application="Patient Records (EPR)"] summary').click();
    await shoot(page, `plan-node-waves-${size.name}${mode}`);
    await page.keyboard.press('Alt+S');
    await page.getByRole('button', { name: 'Capacity', exact: true }).click();
    await shoot(page, `setup-capacity-${size.name}${mode}`);
    await page.keyboard.press('Alt+S');
    if (projector) await page.keyboard.press('Alt+P');
  }
});
