/**
 * `npx tsx e2e/assessmentScreenshots.ts [OUT_DIR]`: the results panel, the dashboard, the
 * estimate assumptions, and the workbook's export and answer import, for a person to look at.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name !== '1366x768');

const outDir = process.argv[2] ?? '/tmp/assessment-shots';
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-assessment-shots-'));

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

/** An owner's offline edits: one valid, one invalid, one cleared. */
async function fillIn(exported: string, edited: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  const sheet = workbook.getWorksheet('Interview')!;
  const header = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? '').toLowerCase());
  const at = (name: string) => header.indexOf(name);
  sheet.eachRow((row) => {
    const app = row.getCell(at('application')).value;
    const question = row.getCell(at('question id')).value;
    if (app === 'Intranet' && question === 'app.criticality') row.getCell(at('answer')).value = 'Standard';
    if (app === 'Finance ERP' && question === 'app.dataSizeGb') row.getCell(at('answer')).value = 'a lot';
    if (app === 'Pharmacy Dispensing' && question === 'app.owner') row.getCell(at('answer')).value = null;
    if (app === 'Lab Results Portal' && question === 'app.backup.frequency') row.getCell(at('answer')).value = '30 min';
  });
  await workbook.xlsx.writeFile(edited);
}

await screenshotRun({ dir, outDir, sizes: SIZES }, async (page, size) => {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByTestId('engagement-screen').waitFor();

  await page.getByRole('button', { name: /Lab Results Portal/ }).click();
  const resultsButton = page.getByRole('button', { name: 'Results', exact: true });
  if ((await resultsButton.getAttribute('aria-pressed')) !== 'true') await resultsButton.click();
  await page.getByRole('complementary', { name: 'Results' }).waitFor();
  await shoot(page, `results-${size.name}`);
  await page.getByRole('complementary', { name: 'Results' }).getByRole('heading', { name: /Findings/ }).first().scrollIntoViewIfNeeded();
  await shoot(page, `results-findings-${size.name}`);

  await page.keyboard.press('Alt+D');
  await page.getByTestId('dashboard').waitFor();
  await shoot(page, `dashboard-${size.name}`);
  await page.mouse.wheel(0, 700);
  await shoot(page, `dashboard-scrolled-${size.name}`);

  await page.keyboard.press('Alt+S');
  await page.getByRole('heading', { name: /Estimate assumptions/ }).scrollIntoViewIfNeeded();
  await shoot(page, `assumptions-${size.name}`);
  await page.keyboard.press('Alt+S');

  const exported = join(dir, `workbook-${size.name}.xlsx`);
  await page.keyboard.press('Alt+E');
  const exportDialog = page.getByRole('dialog', { name: 'Export', exact: true });
  await shoot(page, `export-workbook-${size.name}`);
  await exportDialog.getByLabel('Save as').fill(exported);
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await exportDialog.getByTestId('export-done').waitFor();
  await shoot(page, `export-workbook-done-${size.name}`);
  await exportDialog.getByRole('button', { name: 'Close' }).click();

  const edited = join(dir, `edited-${size.name}.xlsx`);
  await fillIn(exported, edited);
  await page.getByRole('button', { name: 'Import & export' }).click();
  await page.getByRole('menuitem', { name: /Import answers/ }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import answers from a workbook' });
  await importDialog.getByLabel('Workbook').fill(join(dir, 'missing.xlsx'));
  await importDialog.getByRole('button', { name: 'Read' }).click();
  await importDialog.getByRole('alert').waitFor();
  await shoot(page, `import-answers-error-${size.name}`);
  await importDialog.getByLabel('Workbook').fill(edited);
  await importDialog.getByRole('button', { name: 'Read' }).click();
  await importDialog.getByTestId('import-answers-summary').waitFor();
  await importDialog.getByText(/not applied/).click();
  await shoot(page, `import-answers-diff-${size.name}`);
  // The first size applied these edits already; the second has nothing left to apply.
  if (await importDialog.getByRole('button', { name: /^Apply/ }).isEnabled()) {
    await importDialog.getByRole('button', { name: /^Apply/ }).click();
    await importDialog.getByTestId('import-answers-done').waitFor();
    await shoot(page, `import-answers-done-${size.name}`);
  }
  await importDialog.getByRole('button', { name: /Close|Cancel/ }).click();
  await page.keyboard.press('Alt+E');
  await page.getByRole('dialog', { name: 'Export', exact: true }).getByRole('button', { name: 'Preview the report' }).click();
  await page.getByRole('dialog', { name: 'Report preview' }).locator('iframe').waitFor();
  await shoot(page, `report-preview-${size.name}`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Close engagement' }).click();
});
