import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { criticality, exportWorkbook } from '../support/workbook';

/** What an application owner does offline: two edits on the Interview sheet, one of them nonsense. */
async function fillInOffline(exported: string, edited: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  const sheet = workbook.getWorksheet('Interview')!;
  const header = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? '').toLowerCase());
  const column = (name: string) => header.indexOf(name);
  sheet.eachRow((row) => {
    const question = row.getCell(column('question id')).value;
    const application = row.getCell(column('application')).value;
    if (application === 'Intranet' && question === 'app.criticality') row.getCell(column('answer')).value = 'Standard';
    if (application === 'Finance ERP' && question === 'app.dataSizeGb') row.getCell(column('answer')).value = 'a lot';
  });
  await workbook.xlsx.writeFile(edited);
}

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
}

/** Import & export › Import answers…, then read the workbook at `path`; the dialog stays open. */
async function readAnswers(page: Page, path: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Import & export' }).click();
  await page.getByRole('menuitem', { name: /Import answers/ }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import answers from a workbook' });
  await importDialog.getByLabel('Workbook').fill(path);
  await importDialog.getByRole('button', { name: 'Read' }).click();
  return importDialog;
}

test('export the workbook, get answers back from an owner, apply the valid one', async ({ app, workspace }) => {
  const page = app.page;
  await openDemo(page);
  const exported = join(workspace.dir, 'for the owners.xlsx');
  await exportWorkbook(page, exported);
  const edited = join(workspace.dir, 'filled in.xlsx');
  await fillInOffline(exported, edited);

  const importDialog = await readAnswers(page, edited);
  await expect(importDialog.getByTestId('import-answers-summary')).toContainText('1 to apply, 1 invalid');
  const changes = importDialog.getByRole('table', { name: 'Changes to apply' });
  await expect(changes.getByRole('row')).toHaveCount(2);
  await expect(changes.getByRole('row').nth(1)).toContainText('Deferrable');
  await expect(changes.getByRole('row').nth(1)).toContainText('Standard');
  await importDialog.getByText('1 row not applied').click();
  await expect(importDialog.getByText(/Not a valid answer: "a lot" is not a number/)).toBeVisible();

  await importDialog.getByRole('button', { name: 'Apply 1 change' }).click();
  await expect(importDialog.getByTestId('import-answers-done')).toContainText('Applied 1 change from filled in.xlsx');
  await importDialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: /Intranet/ }).click();
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await expect(criticality(page, 'Standard')).toBeChecked();

  // Read again: nothing left to apply.
  await readAnswers(page, edited);
  await expect(importDialog.getByText('Nothing in this workbook differs from the engagement.')).toBeVisible();
  await importDialog.getByRole('button', { name: 'Cancel' }).click();
});

test('an applied answer import can be undone as a whole', async ({ app, workspace }) => {
  const page = app.page;
  await openDemo(page);
  const exported = join(workspace.dir, 'demo.xlsx');
  await exportWorkbook(page, exported);
  const edited = join(workspace.dir, 'edited.xlsx');
  await fillInOffline(exported, edited);

  const importDialog = await readAnswers(page, edited);
  await importDialog.getByRole('button', { name: 'Apply 1 change' }).click();
  await importDialog.getByRole('button', { name: 'Undo this import' }).click();
  await expect(importDialog.getByTestId('import-answers-undone')).toContainText('1 answer put back');
  await importDialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: /Intranet/ }).click();
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await expect(criticality(page, 'Deferrable')).toBeChecked();
});

test('a file that is not an exported workbook is refused with the reason, and nothing is offered to apply', async ({ app, workspace }) => {
  const page = app.page;
  await openDemo(page);
  const plain = new ExcelJS.Workbook();
  plain.addWorksheet('Sheet1').getCell('A1').value = 'not answers';
  await plain.xlsx.writeFile(join(workspace.dir, 'plain.xlsx'));

  const importDialog = await readAnswers(page, join(workspace.dir, 'plain.xlsx'));
  await expect(importDialog.getByRole('alert')).toContainText('plain.xlsx has no Interview sheet');
  await expect(importDialog.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
});

test('save a copy of the engagement beside it, and keep working in the original', async ({ app }) => {
  const page = app.page;
  await openDemo(page);
  await page.getByRole('button', { name: 'Import & export' }).click();
  await page.getByRole('menuitem', { name: /Save a copy/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Save a copy' });
  await expect(dialog.getByLabel('Copy to')).toHaveValue(/ - copy\.cwb$/);
  await dialog.getByRole('button', { name: 'Save copy' }).click();
  await expect(dialog.getByTestId('save-copy-done')).toContainText(' - copy.cwb');
  // A second save to the same name is refused rather than overwriting the first copy.
  await dialog.getByRole('button', { name: 'Save copy' }).click();
  await expect(dialog.getByRole('alert')).toContainText('already exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('paragraph').filter({ hasText: /Demo - Fabrikam Regional Health\.cwb$/ })).toBeVisible();
});
