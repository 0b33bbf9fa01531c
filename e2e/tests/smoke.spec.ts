import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { criticality, exportWorkbook } from '../support/workbook';

/** The answer the workbook's Interview sheet holds for one application's question. */
async function exportedAnswer(path: string, application: string, questionId: string): Promise<unknown> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet('Interview')!;
  const header = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? '').toLowerCase());
  let answer: unknown;
  sheet.eachRow((row) => {
    if (row.getCell(header.indexOf('application')).value === application && row.getCell(header.indexOf('question id')).value === questionId) {
      answer = row.getCell(header.indexOf('answer')).value;
    }
  });
  return answer;
}

/**
 * The first thing to run where the desktop app is new: `npx playwright test -c
 * e2e/playwright.config.ts --project electron --grep @smoke`. In the electron project it starts
 * the real app (its SQLite driver included) on a fresh data folder; in browser mode the same
 * steps run against the server, which keeps the spec itself proven where Electron cannot run.
 */
test('smoke: open the demo, answer, export the workbook, close, reopen and find the answer', { tag: '@smoke' }, async ({ app, workspace }) => {
  let page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fabrikam Regional Health' })).toBeVisible();
  await page.getByRole('button', { name: /Telemetry Dashboards/ }).click();
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await criticality(page, 'Deferrable').check();
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);

  const exported = join(workspace.dir, 'smoke.xlsx');
  await exportWorkbook(page, exported);
  expect(await exportedAnswer(exported, 'Telemetry Dashboards', 'app.criticality')).toBe('Deferrable');

  await page.getByRole('button', { name: 'Close engagement' }).click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  // A new process on the same folders: what it shows comes from the file.
  page = await app.restart();
  await page.getByTestId('recent-files').getByRole('button', { name: /BC\/DR assessment/ }).click();
  await page.getByRole('button', { name: /Telemetry Dashboards/ }).click();
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await expect(criticality(page, 'Deferrable')).toBeChecked();
});
