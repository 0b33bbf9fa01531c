/**
 * `npm run screenshots`: pictures of the main screens at projector, laptop and desktop sizes,
 * for a person to look at after a UI change (not a test; nothing is compared).
 */
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './support/paths';
import { screenshotRun } from './support/screenshotRun';

/** The interview screens, in the sizes the workshop rooms use, in normal and projector mode. */
const INTERVIEW_SIZES = new Set(['1280x720', '1920x1080']);

async function shoot(page: Page, name: string): Promise<void> {
  // Let focus rings and the save status settle before the picture.
  await page.getByTestId('save-status').filter({ hasText: /all changes saved/i }).waitFor();
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

async function interviewScreens(page: Page, size: string): Promise<void> {
  for (const projector of [false, true]) {
    const suffix = `${projector ? 'projector' : 'normal'}-${size}`;
    const projectorButton = page.getByRole('button', { name: 'Projector' });
    if ((await projectorButton.getAttribute('aria-pressed')) !== String(projector)) await projectorButton.click();

    await page.getByRole('button', { name: /Lab Results Portal/ }).click();
    await page.getByRole('button', { name: 'Form', exact: true }).click();
    await shoot(page, `interview-form-${suffix}`);
    await page.getByRole('heading', { name: 'Components', level: 3 }).scrollIntoViewIfNeeded().then(() => shoot(page, `interview-form-components-${suffix}`));

    await page.getByRole('button', { name: 'One at a time' }).click();
    await page.getByRole('button', { name: /^Question 5,/ }).click();
    await shoot(page, `interview-single-unknown-${suffix}`);
    await page.getByRole('button', { name: /^Question 1,/ }).click();
    await shoot(page, `interview-single-${suffix}`);

    await page.getByRole('button', { name: /^Follow-ups/ }).click();
    await page.getByRole('heading', { name: 'Follow-ups', level: 2 }).waitFor();
    await shoot(page, `follow-ups-${suffix}`);

    await page.getByRole('button', { name: /^Help/ }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shoot(page, `help-${suffix}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Application name' }).fill('pa');
    await shoot(page, `switcher-${suffix}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Bulk changes…' }).click();
    await page.getByRole('dialog').waitFor();
    await shoot(page, `bulk-${suffix}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Setup', exact: true }).click();
    await page.getByRole('heading', { name: 'Engagement setup' }).waitFor();
    await shoot(page, `setup-${suffix}`);
    await page.getByRole('heading', { name: 'Protection policies' }).scrollIntoViewIfNeeded();
    await shoot(page, `setup-policies-${suffix}`);
    await page.getByRole('button', { name: 'Interview', exact: true }).click();
  }
  // Leave the next run as it found things.
  await page.getByRole('button', { name: 'Projector' }).click();
  await page.getByRole('button', { name: 'Form', exact: true }).click();
}

const outDir = process.argv[2] ?? join(PROJECT_ROOT, 'e2e', '.output', 'screenshots');
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-shots-'));
await screenshotRun({ dir, outDir }, async (page, size) => {
  await page.screenshot({ path: join(outDir, `start-${size.name}.png`) });
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByTestId('engagement-screen').waitFor();
  await page.getByRole('button', { name: /Lab Results Portal/ }).click();
  await page.screenshot({ path: join(outDir, `engagement-${size.name}.png`) });
  if (INTERVIEW_SIZES.has(size.name)) await interviewScreens(page, size.name);
  await page.getByRole('button', { name: 'Close engagement' }).click();
});
