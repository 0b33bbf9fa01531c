import { expect, test } from '../support/fixtures';
import type { Page } from '@playwright/test';

async function createEngagement(page: Page, customer: string, title: string) {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByLabel('Customer').fill(customer);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: customer })).toBeVisible();
}

async function addApplication(page: Page, name: string) {
  await page.getByLabel('New application name').fill(name);
  await page.getByRole('button', { name: 'Add application' }).click();
}

function statefulness(page: Page) {
  return page.getByRole('radiogroup', { name: 'Does the application keep state of its own?' });
}

test('a new engagement: add an application, answer, and find the answer again after reload and reopen', async ({ app }) => {
  let page = app.page;
  await createEngagement(page, 'Contoso Manufacturing', 'DR workshop 2026');
  await expect(page.getByLabel('New application name')).toBeVisible();

  await addApplication(page, 'Order Processing');
  await expect(page.getByRole('button', { name: /Order Processing/ })).toBeVisible();
  await statefulness(page).getByRole('radio', { name: 'Stateful' }).check();
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);

  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await page.getByRole('button', { name: /Order Processing/ }).click();
  await expect(statefulness(page).getByRole('radio', { name: 'Stateful' })).toBeChecked();

  await page.getByRole('button', { name: 'Close engagement' }).click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByTestId('recent-files').getByRole('button', { name: /DR workshop 2026/ }).click();
  await page.getByRole('button', { name: /Order Processing/ }).click();
  await expect(statefulness(page).getByRole('radio', { name: 'Stateful' })).toBeChecked();

  // A whole new process on the same folders: the answer came from the file, not from memory.
  page = await app.restart();
  await page.getByTestId('recent-files').getByRole('button', { name: /DR workshop 2026/ }).click();
  await page.getByRole('button', { name: /Order Processing/ }).click();
  await expect(statefulness(page).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expect(statefulness(page).getByRole('radio', { name: 'Stateless' })).not.toBeChecked();
});

test('the demo engagement opens from the start screen with its applications and systems', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fabrikam Regional Health' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Patient Records \(EPR\)/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Telemetry Dashboards/ })).toBeVisible();
  await page.getByRole('button', { name: /Appointment Booking Web/ }).click();
  await expect(statefulness(page).getByRole('radio', { name: 'Stateless' })).toBeChecked();
});

test('a duplicate application name is refused with a message and nothing else changes', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso', 'Dupes');
  await addApplication(page, 'Payroll');
  await expect(page.getByRole('button', { name: /Payroll/ })).toBeVisible();
  await addApplication(page, 'payroll');
  await expect(page.getByText(/already exists/)).toBeVisible();
  await expect(page.getByRole('button', { name: /payroll/i })).toHaveCount(1);
});
