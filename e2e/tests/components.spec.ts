import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

const STATEFULNESS = 'Does this component keep state?';
const INSTANCES = 'How many instances (VMs) run this component?';
const DATA_SOURCES = 'Which kinds of data on this component need protecting?';

async function createEngagement(page: Page): Promise<void> {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByLabel('Customer').fill('Contoso Health');
  await page.getByLabel('Title').fill('Component workshop');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
}

function component(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `Component ${name}`, exact: true });
}

/** One component question, found by its prompt. */
function question(card: Locator, prompt: string): Locator {
  return card.locator('[data-component-question-id]').filter({ has: card.page().getByRole('heading', { name: prompt, exact: true }) });
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);
}

test('components: an archetype brings its tiers, a new one is answered, survives a reload and is removed', async ({ app }) => {
  const page = app.page;
  await createEngagement(page);

  await page.getByLabel('New application name').fill('Patient Records');
  await page.getByLabel('Start from').selectOption({ label: 'SQL Server with availability group' });
  await expect(page.getByText('backed up by SQL Server itself')).toBeVisible();
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Patient Records' })).toBeVisible();
  await expect(page.getByLabel('Start from')).toHaveValue('');

  // The archetype's two tiers, with their answers.
  const sql = component(page, 'SQL Server');
  await expect(component(page, 'Application servers')).toBeVisible();
  await expect(sql.getByLabel('Component name')).toHaveValue('SQL Server');
  await expect(question(sql, INSTANCES).getByRole('spinbutton')).toHaveValue('2');
  await expect(question(sql, STATEFULNESS).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expect(question(sql, DATA_SOURCES)).toBeVisible();

  // A new tier: being stateful brings the data-sources question.
  await page.getByLabel('New component name').fill('Cache');
  await page.getByRole('button', { name: 'Add component' }).click();
  const cache = component(page, 'Cache');
  await expect(cache).toBeVisible();
  await expect(page.getByLabel('New component name')).toHaveValue('');
  await expect(question(cache, DATA_SOURCES)).toHaveCount(0);
  await question(cache, STATEFULNESS).getByRole('radio', { name: 'Stateful' }).check();
  await expect(question(cache, DATA_SOURCES)).toBeVisible();
  await expectSaved(page);

  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expect(question(cache, STATEFULNESS).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expect(question(cache, DATA_SOURCES)).toBeVisible();

  // Removing asks first, and says the answers go with it.
  await cache.getByRole('button', { name: 'Remove component Cache' }).click();
  const confirm = cache.getByRole('group', { name: 'Remove component Cache?' });
  await expect(confirm).toContainText('Its answer is deleted with it.');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toHaveCount(0);
  await cache.getByRole('button', { name: 'Remove component Cache' }).click();
  await confirm.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(cache).toHaveCount(0);
  await expectSaved(page);

  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expect(component(page, 'SQL Server')).toBeVisible();
  await expect(component(page, 'Cache')).toHaveCount(0);
});

test('components: a renamed component keeps its new name after a reload', async ({ app }) => {
  const page = app.page;
  await createEngagement(page);
  await page.getByLabel('New application name').fill('Billing');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByText('No components yet.')).toBeVisible();

  await page.getByLabel('New component name').fill('Web');
  await page.getByLabel('New component name').press('Enter');
  await component(page, 'Web').getByLabel('Component name').fill('Web front end');
  await component(page, 'Web').getByLabel('Component name').press('Enter');
  await expect(component(page, 'Web front end')).toBeVisible();
  await expectSaved(page);

  await page.reload();
  await expect(component(page, 'Web front end').getByLabel('Component name')).toHaveValue('Web front end');
});
