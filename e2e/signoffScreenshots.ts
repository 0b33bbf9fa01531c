/**
 * `npx tsx e2e/signoffScreenshots.ts [OUT_DIR]`: the sign-off dialog (readiness and signer), the
 * banner over the frozen interview, the reopen dialog, and History with a comparison, on a projector.
 */
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name === '1280x720');

const outDir = process.argv[2] ?? '/tmp/signoff-shots';
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-signoff-shots-'));

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

await screenshotRun({ dir, outDir, sizes: SIZES }, async (page, size) => {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByTestId('engagement-screen').waitFor();

  await page.keyboard.press('Alt+O');
  const dialog = page.getByRole('dialog', { name: 'Sign off the engagement' });
  await dialog.getByTestId('readiness-summary').waitFor();
  await shoot(page, `signoff-readiness-${size.name}`);
  await dialog.getByRole('button', { name: /^Sign/ }).click();
  await dialog.getByLabel(/^Name/).fill('Ana Ruiz');
  await dialog.getByLabel(/^Role/).fill('Head of IT operations');
  await shoot(page, `signoff-signer-invalid-${size.name}`);
  await dialog.getByLabel(/^Organisation/).fill('Northwind Health');
  await dialog.getByLabel(/^Comment/).fill('Signed subject to the open follow-ups on the lab systems.');
  await dialog.getByRole('button', { name: /^Sign/ }).click();
  const signed = page.getByRole('dialog', { name: 'Signed off' });
  await signed.getByTestId('signoff-fingerprint').waitFor();
  await shoot(page, `signoff-signed-${size.name}`);
  await signed.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: /Lab Results Portal/ }).click();
  await shoot(page, `signoff-banner-${size.name}`);

  await page.getByRole('button', { name: 'Reopen…' }).click();
  const reopen = page.getByRole('dialog', { name: 'Reopen the signed-off engagement' });
  await reopen.getByRole('button', { name: 'Reopen' }).click();
  await shoot(page, `signoff-reopen-${size.name}`);
  await reopen.getByLabel(/Why is it reopened/).fill('The owner corrected the criticality of the portal.');
  await reopen.getByRole('button', { name: 'Reopen' }).click();
  await reopen.waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: /Intranet/ }).click();
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await page.getByRole('radiogroup', { name: /How critical is the application/ }).getByRole('radio', { name: 'Standard', exact: true }).check();
  await page.getByText('All changes saved').waitFor();
  await page.keyboard.press('Alt+H');
  const history = page.getByTestId('history-view');
  const snapshot = history.getByTestId('snapshot').filter({ hasText: 'Before the sign-off' });
  await snapshot.getByRole('button', { name: /^Compare/ }).click();
  await history.getByTestId('comparison').waitFor();
  await shoot(page, `signoff-history-${size.name}`);
  await snapshot.getByRole('button', { name: /^Restore/ }).click();
  await shoot(page, `signoff-restore-confirm-${size.name}`);
});
