import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { ImportWizardPage } from '../support/importWizard';

/** A new engagement whose applications come from an imported inventory, and nobody has been interviewed yet. */
async function importedEngagement(page: Page): Promise<void> {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByLabel('Customer').fill('Northwind Health');
  await page.getByLabel('Title').fill('First look');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  const wizard = new ImportWizardPage(page);
  await wizard.open();
  await wizard.useSample();
  await page.keyboard.press('Enter');
  await expect(wizard.step('Columns')).toBeVisible();
  await wizard.next();
  await expect(wizard.step('Applications')).toBeVisible();
  await wizard.next();
  await expect(wizard.step('Merge')).toBeVisible();
  await wizard.dialog.getByRole('button', { name: /^Import \d+ VMs$/ }).click();
  await expect(wizard.dialog.getByTestId('import-result')).toContainText('14 applications created');
  await wizard.dialog.getByRole('button', { name: 'Done' }).click();
  await expect(wizard.dialog).toBeHidden();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}-1280x720.png`) });
}

test('an imported application nobody has interviewed says "not assessed" in the dashboard, the results and the report, never "not required"', async ({ app }) => {
  const page = app.page;
  await importedEngagement(page);
  // The application list counts by the state the dashboard counts, in the same words.
  await expect(page.getByRole('group', { name: 'Show applications' }).getByRole('button', { name: 'Not assessed 14', exact: true })).toBeVisible();

  await page.keyboard.press('Alt+D');
  await expect(page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
  const progress = page.getByRole('region', { name: 'How far the assessment has come' });
  await expect(progress).toContainText('14 Not assessed');
  const heatmap = page.getByRole('table');
  const erp = heatmap.getByRole('row', { name: /^ERP\b/ });
  await expect(erp).toContainText('Not assessed');
  await expect(heatmap.getByText('Not required', { exact: true })).toHaveCount(0);
  await shot(page, 'dashboard-not-assessed');

  await erp.getByRole('button', { name: 'ERP' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'ERP' })).toBeVisible();
  const resultsButton = page.getByRole('button', { name: 'Results', exact: true });
  if ((await resultsButton.getAttribute('aria-pressed')) !== 'true') await resultsButton.click();
  const results = page.getByRole('complementary', { name: 'Results' });
  await expect(results.getByRole('status')).toContainText('Not assessed');
  await expect(results).toContainText('That is not the same as “not required”: it is not known.');
  await expect(results.getByText('Not required', { exact: true })).toHaveCount(0);
  await shot(page, 'results-not-assessed');

  // One answer the rules read starts the assessment: the panel then shows results per scope.
  await page.getByRole('radiogroup', { name: 'What is the largest disruption the application must survive?' }).getByRole('radio', { name: /^Node loss/ }).check();
  await expect(results.getByRole('status')).toHaveCount(0);
  await expect(results.getByRole('region', { name: 'Site loss', exact: true })).toContainText('Not required');
  await page.keyboard.press('Control+z');
  await expect(results.getByRole('status')).toContainText('Not assessed');

  await page.keyboard.press('Alt+E');
  await page.getByRole('dialog', { name: 'Export', exact: true }).getByRole('button', { name: 'Preview the report' }).click();
  const preview = page.getByRole('dialog', { name: 'Report preview' });
  const report = preview.frameLocator('iframe');
  const summary = report.locator('#executive-summary');
  await expect(summary).toContainText('None of the 14 applications of Northwind Health is assessed yet');
  await expect(summary).toContainText('nothing the assessment needs has been answered for them, so this report says nothing about their recovery.');
  await expect(summary.getByRole('heading', { name: '○ Not assessed yet' })).toBeVisible();
  await expect(summary).not.toContainText('No application has to survive');
  await expect(summary).toContainText('None of the applications reviewed so far has to survive region loss; 14 applications are not assessed yet.');
  await expect(report.locator('article.app')).toHaveCount(0);
  await summary.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await shot(page, 'report-not-assessed');
  await summary.getByRole('heading', { name: '○ Not assessed yet' }).scrollIntoViewIfNeeded();
  await shot(page, 'report-not-assessed-table');
});
