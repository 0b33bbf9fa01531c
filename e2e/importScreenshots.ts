/**
 * `npx tsx e2e/importScreenshots.ts [OUT_DIR]`: every step of the inventory import wizard, its
 * error and waiting states, at projector, laptop and desktop sizes, for a person to look at.
 */
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRvtoolsWorkbook } from '../electron/core/import/sample';
import { dropFile } from './support/importWizard';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const outDir = process.argv[2] ?? '/tmp/wizard-shots';
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-import-shots-'));
const engagementDir = join(dir, 'engagements');
mkdirSync(engagementDir, { recursive: true });
writeFileSync(join(engagementDir, 'old-export.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]));
writeFileSync(join(engagementDir, 'servers;semicolon.csv'), 'Inventory export 2026-03\n\nServer;Cores;Memory (MB);OS\nweb01;2;4096;Windows Server 2022\ndb01;x;16384;RHEL 8\n;4;8192;Ubuntu\n');
await writeRvtoolsWorkbook(join(engagementDir, 'large-rvtools.xlsx'), { rows: 60_000 });

async function shoot(page: Page, size: string, name: string): Promise<void> {
  await page.screenshot({ path: join(outDir, `${name}-${size}.png`) });
}

async function wizardSteps(page: Page, size: string): Promise<void> {
  const wizard = page.getByRole('dialog', { name: 'Import inventory' });
  const next = wizard.getByRole('button', { name: 'Next', exact: true });
  await page.keyboard.press('Alt+I');
  await wizard.waitFor();
  await shoot(page, size, '1-source-empty');

  await wizard.getByRole('button', { name: "Browse this computer's folders…" }).click();
  const chooser = page.getByRole('dialog', { name: 'Choose the inventory file' });
  await chooser.getByRole('list', { name: 'Spreadsheets' }).waitFor();
  await shoot(page, size, '1-source-chooser');
  await chooser.getByRole('button', { name: 'old-export.xls' }).click();
  await wizard.getByRole('alert').waitFor();
  await shoot(page, size, '1-source-error-xls');

  await dropFile(page, wizard.getByRole('group', { name: 'Inventory file' }), 'RVTools_export.xlsx');
  await wizard.getByRole('status').waitFor();
  await shoot(page, size, '1-source-dropped-in-browser');

  await wizard.getByRole('button', { name: /^Choose (another )?file/ }).click();
  await chooser.getByRole('button', { name: 'servers;semicolon.csv' }).click();
  await wizard.getByTestId('import-file-name').waitFor();
  await shoot(page, size, '1-source-csv');
  await next.click();
  await wizard.getByTestId('import-preview-summary').waitFor();
  await shoot(page, size, '2-mapping-csv-problems');
  await wizard.getByRole('button', { name: 'Back' }).click();

  await wizard.getByRole('button', { name: 'Use the sample inventory' }).click();
  await wizard.getByTestId('import-file-name').filter({ hasText: 'fabrikam' }).waitFor();
  await shoot(page, size, '1-source-sample');
  await next.click();
  await wizard.getByTestId('import-preview-summary').waitFor();
  await shoot(page, size, '2-mapping');
  await wizard.getByRole('region', { name: 'Preview' }).scrollIntoViewIfNeeded();
  await shoot(page, size, '2-mapping-preview');
  await next.click();
  await wizard.getByRole('region', { name: /Applications this gives/ }).getByRole('table').waitFor();
  await shoot(page, size, '3-grouping-column');
  await wizard.getByRole('radio', { name: /regular expression/ }).check();
  await wizard.getByRole('textbox', { name: 'Regular expression' }).fill('^FAB-([A-Z]+)-');
  await page.waitForTimeout(1200);
  await shoot(page, size, '3-grouping-pattern');
  await wizard.getByRole('radio', { name: 'By the value of a column' }).check();
  await page.waitForTimeout(1200);
  await next.click();
  await wizard.getByTestId('import-plan').waitFor();
  await shoot(page, size, '4-merge-plan');
  await wizard.getByRole('button', { name: /^Import \d+ VMs/ }).click();
  await wizard.getByTestId('import-result').waitFor();
  await shoot(page, size, '4-merge-result');
  await wizard.getByRole('button', { name: 'Undo this import' }).click();
  await wizard.getByRole('status').filter({ hasText: 'Import undone' }).waitFor();
  await page.waitForTimeout(800);
  await shoot(page, size, '4-merge-undone');
  await wizard.getByRole('button', { name: 'Back' }).click();
  await wizard.getByRole('button', { name: 'Back' }).click();
  await wizard.getByRole('button', { name: 'Back' }).click();

  // A large file, to see the progress bar while it is read.
  await wizard.getByRole('button', { name: /^Choose (another )?file/ }).click();
  await chooser.getByRole('button', { name: 'large-rvtools.xlsx' }).click();
  await wizard.getByTestId('import-file-name').filter({ hasText: 'large' }).waitFor();
  await next.click();
  await wizard.getByTestId('import-rows-read').filter({ hasNotText: /^0 rows/ }).waitFor();
  await shoot(page, size, '2-mapping-progress');
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await wizard.getByRole('button', { name: 'Read the file again' }).waitFor();
  await shoot(page, size, '2-mapping-cancelled');

  if (size === SCREEN_SIZES[0]!.name) {
    // Applying the large file, to see the bar fill against the rows the preview counted.
    await wizard.getByRole('button', { name: 'Read the file again' }).click();
    await wizard.getByTestId('import-preview-summary').waitFor({ timeout: 120_000 });
    await next.click();
    await next.click();
    await wizard.getByRole('button', { name: /^Import [\d,]+ VMs/ }).click();
    await wizard.getByTestId('import-rows-read').filter({ hasNotText: /^0 rows/ }).waitFor();
    await shoot(page, size, '4-merge-applying');
    await wizard.getByRole('button', { name: 'Cancel' }).click();
    await wizard.getByRole('status').filter({ hasText: 'cancelled' }).waitFor();
    await shoot(page, size, '4-merge-apply-cancelled');
  }

  await page.keyboard.press('Escape');
  await wizard.waitFor({ state: 'detached' });
}

await screenshotRun({ dir, engagementDir, outDir }, async (page, size) => {
  await shoot(page, size.name, '0-start');
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByTestId('engagement-screen').waitFor();
  await wizardSteps(page, size.name);
  await page.getByRole('button', { name: 'Close engagement' }).click();
});
