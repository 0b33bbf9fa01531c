import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

const POLICY = 'Which protection policy does it adopt?';
const STATEFUL = 'Does the application keep state of its own?';

function question(page: Page, prompt: string) {
  return page.locator('[data-question-id]').filter({ has: page.getByRole('heading', { name: prompt, exact: true }) });
}

async function openApplication(page: Page, name: string) {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).first().click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

test('a policy assigned to many applications at once, and answers copied from one to another, are saved', async ({ app }) => {
  const page = app.page;
  await page.getByLabel('Customer').fill('Contoso');
  await page.getByLabel('Title').fill('Bulk');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  for (const name of ['Alpha', 'Bravo', 'Charlie']) {
    await page.getByLabel('New application name').fill(name);
    await page.getByRole('button', { name: 'Add application' }).click();
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  if (await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed') !== 'true') {
    await page.getByRole('button', { name: 'Form', exact: true }).click();
  }

  await page.getByRole('button', { name: 'Bulk changes…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Policy', { exact: true }).selectOption({ label: 'Standard' });
  await dialog.getByRole('checkbox', { name: 'Bravo' }).check();
  await dialog.getByRole('checkbox', { name: 'Charlie' }).check();
  await dialog.getByRole('button', { name: 'Apply to 2 applications' }).click();
  await expect(dialog).toBeHidden();

  await openApplication(page, 'Alpha');
  await question(page, STATEFUL).getByRole('radio', { name: 'Stateful' }).check();
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);
  await page.getByRole('button', { name: 'Bulk changes…' }).click();
  await dialog.getByLabel('Copy answers from another application').check();
  await dialog.getByLabel('Copy from').selectOption({ label: 'Alpha' });
  await expect(dialog.getByRole('checkbox', { name: 'Alpha' })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: 'Charlie' }).check();
  await dialog.getByRole('button', { name: 'Apply to 1 application' }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await openApplication(page, 'Bravo');
  await expect(question(page, POLICY).getByRole('radio', { name: 'Standard' })).toBeChecked();
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateful' })).not.toBeChecked();
  await openApplication(page, 'Charlie');
  await expect(question(page, POLICY).getByRole('radio', { name: 'Standard' })).toBeChecked();
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateful' })).toBeChecked();
});
