import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { ImportWizardPage } from '../support/importWizard';

const DEMO_APPLICATIONS = 13;

test('the sample inventory goes through every step into the engagement, and undo takes it out again', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  const applications = page.locator('[data-application-id]');
  await expect(applications).toHaveCount(DEMO_APPLICATIONS);

  const wizard = new ImportWizardPage(page);
  await wizard.open();
  await wizard.useSample();
  await expect(wizard.dialog.getByLabel('Sheet')).toHaveValue('vInfo');
  await expect(wizard.dialog.getByLabel('Header row')).toHaveValue('1');
  await expect(wizard.dialog.getByRole('region', { name: 'First rows of the file' })).toContainText('FAB-');

  await page.keyboard.press('Enter');
  await expect(wizard.step('Columns')).toBeVisible();
  await expect(wizard.dialog.getByLabel('VM name', { exact: true })).toHaveValue('VM');
  await expect(wizard.dialog.getByLabel('Memory unit')).toHaveValue('MiB');
  await expect(wizard.dialog.getByTestId('import-preview-summary')).toContainText('180 rows read, 1 skipped (1 template)');
  const preview = wizard.dialog.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('row')).toHaveCount(51);

  await wizard.next();
  await expect(wizard.step('Applications')).toBeVisible();
  await expect(wizard.dialog.getByRole('radio', { name: 'By the value of a column' })).toBeChecked();
  const groups = wizard.dialog.getByRole('region', { name: /Applications this gives/ });
  await expect(groups).toContainText('14 applications');
  await expect(groups.getByRole('row', { name: 'ERP 13 New' })).toBeVisible();
  // The demo already has an Intranet application: its VMs join it rather than a copy.
  await expect(groups.getByRole('row', { name: 'Intranet 13 Already there' })).toBeVisible();

  await wizard.next();
  await expect(wizard.step('Merge')).toBeVisible();
  const plan = wizard.dialog.getByTestId('import-plan');
  await expect(plan.getByRole('definition').first()).toHaveText('179');
  await expect(wizard.dialog).toContainText('Answers are never deleted or overwritten');
  await wizard.dialog.getByRole('button', { name: 'Import 179 VMs' }).click();

  const result = wizard.dialog.getByTestId('import-result');
  await expect(result).toContainText('179 VMs created');
  await expect(result).toContainText('13 applications created');
  await expect(wizard.dialog.getByRole('region', { name: 'Past imports' })).toContainText('fabrikam-inventory.xlsx');
  await expect(applications).toHaveCount(DEMO_APPLICATIONS + 13);

  await wizard.dialog.getByRole('button', { name: 'Done' }).click();
  await expect(wizard.dialog).toBeHidden();
  await page.getByRole('button', { name: /^ERP\b/ }).click();
  if ((await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed')) !== 'true') {
    await page.getByRole('button', { name: 'Form', exact: true }).click();
  }
  const vms = page.getByRole('region', { name: 'Virtual machines' });
  await expect(vms.getByRole('cell', { name: /^FAB-ERP-/ })).toHaveCount(13);

  // The same file shape again: the mapping chosen is remembered; the last import can be undone from the first step.
  await wizard.open();
  await wizard.useSample();
  await wizard.next();
  await expect(wizard.dialog.getByTestId('import-mapping-origin')).toContainText('Remembered');
  // Going back and on again restarts the preview: a click on Next just as it starts is ignored (the button turns
  // disabled under the pointer), as it would be for a person, who clicks again. So does this, until the step shows.
  await wizard.dialog.getByRole('button', { name: 'Back' }).click();
  await expect(wizard.step('File')).toBeVisible();
  for (const step of ['Columns', 'Applications', 'Merge']) {
    await expect(async () => {
      if ((await wizard.step(step).count()) === 0) await wizard.next();
      await expect(wizard.step(step)).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
  }
  await expect(wizard.dialog.getByTestId('import-plan').getByRole('definition').nth(2)).toHaveText('179');
  await wizard.dialog.getByRole('button', { name: /^Undo the import of fabrikam-inventory\.xlsx/ }).click();
  await expect(wizard.dialog.getByRole('status').filter({ hasText: 'Import undone' })).toContainText('179 VMs removed');
  await expect(wizard.dialog.getByRole('region', { name: 'Past imports' })).toContainText('Undone');
  await page.keyboard.press('Escape');
  await expect(wizard.dialog).toBeHidden();
  await expect(applications).toHaveCount(DEMO_APPLICATIONS);
  await expect(page.getByRole('button', { name: /^ERP\b/ })).toHaveCount(0);
});

test('a legacy .xls and an empty CSV are refused with a message that says why, and nothing changes', async ({ app, workspace }) => {
  // The start of an OLE2 compound file, as every Excel 97-2003 workbook begins.
  writeFileSync(join(workspace.engagementDir, 'old-export.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]));
  writeFileSync(join(workspace.engagementDir, 'empty.csv'), '');
  const page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.locator('[data-application-id]')).toHaveCount(DEMO_APPLICATIONS);
  const wizard = new ImportWizardPage(page);
  await wizard.open();

  await wizard.chooseFile('old-export.xls');
  await expect(wizard.dialog.getByRole('alert')).toContainText('save it as .xlsx');
  await expect(wizard.dialog.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();

  await wizard.chooseFile('empty.csv');
  await expect(wizard.dialog.getByRole('alert')).toContainText('empty.csv is empty');
  await expect(wizard.dialog.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();

  if (app.target === 'browser') {
    await wizard.dropFile('dropped.xlsx');
    // The browser sends the dropped file to the app, which reads it like any other: this one is no workbook.
    await expect(wizard.dialog.getByRole('alert')).toContainText('dropped.xlsx');
  }

  await page.keyboard.press('Escape');
  await expect(wizard.dialog).toBeHidden();
  await expect(page.locator('[data-application-id]')).toHaveCount(DEMO_APPLICATIONS);
  await wizard.open();
  await expect(wizard.dialog.getByRole('region', { name: 'Past imports' })).toHaveCount(0);
});

test('the start screen opens the demo with the import ready for the sample inventory', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open it and import a sample VM inventory' }).click();
  const wizard = new ImportWizardPage(page);
  await expect(wizard.dialog).toBeVisible();
  await wizard.useSample();
  await expect(wizard.dialog).toContainText('looks like an RVTools export');
});
