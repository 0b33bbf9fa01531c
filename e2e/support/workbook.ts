import { expect, type Locator, type Page } from '@playwright/test';

/** Export (Alt+E) with the workbook chosen, saved where the test says. */
export async function exportWorkbook(page: Page, path: string): Promise<void> {
  await page.keyboard.press('Alt+E');
  const exportDialog = page.getByRole('dialog', { name: 'Export', exact: true });
  await expect(exportDialog.getByLabel('Save as')).toHaveValue(/ - workbook\.xlsx$/);
  await exportDialog.getByLabel('Save as').fill(path);
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await expect(exportDialog.getByTestId('export-done')).toContainText(path);
  await exportDialog.getByRole('button', { name: 'Close' }).click();
}

/** One choice of the criticality question, as the interview's form shows it. */
export function criticality(page: Page, choice: string): Locator {
  return page.getByRole('radiogroup', { name: /How critical is the application/ }).getByRole('radio', { name: choice, exact: true });
}
