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
  return card.locator('[data-component-id]').filter({ has: card.page().getByRole('heading', { name: prompt, exact: true }) });
}

async function addApplicationWithComponent(page: Page, application: string, name: string): Promise<Locator> {
  await page.getByLabel('New application name').fill(application);
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('heading', { level: 2, name: application })).toBeVisible();
  await page.getByLabel('New component name').fill(name);
  await page.getByRole('button', { name: 'Add component' }).click();
  await expect(component(page, name)).toBeVisible();
  return component(page, name);
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

test('components: an unknown is listed under its follow-up person with the component named, and its link opens it', async ({ app }) => {
  const page = app.page;
  await createEngagement(page);
  const sql = await addApplicationWithComponent(page, 'Billing', 'SQL Server');
  await question(sql, STATEFULNESS).getByRole('button', { name: 'Unknown — follow up' }).click();
  await question(sql, STATEFULNESS).getByLabel('Follow up with').fill('Priya Shah');
  await page.getByRole('heading', { level: 2, name: 'Billing' }).click();
  await expectSaved(page);

  await page.keyboard.press('Alt+U');
  const priya = page.getByRole('region', { name: /Priya Shah/ });
  await expect(priya.getByRole('heading', { level: 4 })).toHaveText(['Billing']);
  const link = priya.getByRole('link', { name: `SQL Server: ${STATEFULNESS}` });
  await expect(link).toBeVisible();

  // Form mode: the link scrolls to the component's question and puts focus in it.
  await link.click();
  await expect(question(sql, STATEFULNESS)).toBeInViewport();
  await expect(question(sql, STATEFULNESS).locator(':focus')).toHaveCount(1);

  // One at a time: the link shows that question, with the component named above it.
  await page.getByRole('button', { name: 'One at a time' }).click();
  await page.keyboard.press('Alt+U');
  await link.click();
  await expect(page.getByRole('heading', { level: 3, name: STATEFULNESS })).toBeVisible();
  await expect(page.getByText('Component · SQL Server')).toBeVisible();
  await expect(page.locator('[data-component-id]').locator(':focus')).toHaveCount(1);
});

test('components: undo puts back the previous component answer, and that survives a reload', async ({ app }) => {
  const page = app.page;
  await createEngagement(page);
  const sql = await addApplicationWithComponent(page, 'Billing', 'SQL Server');
  await question(sql, STATEFULNESS).getByRole('radio', { name: 'Stateful' }).check();
  await expectSaved(page);
  await question(sql, STATEFULNESS).getByRole('radio', { name: 'Stateless' }).check();
  await expectSaved(page);
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute(
    'title',
    /of SQL Server in Billing: back to Stateful \(now Stateless\)/,
  );

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(question(sql, STATEFULNESS).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expect(question(sql, DATA_SOURCES)).toBeVisible();
  await expectSaved(page);

  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expect(question(component(page, 'SQL Server'), STATEFULNESS).getByRole('radio', { name: 'Stateful' })).toBeChecked();
});

test('components: one question at a time walks on from the application questions to the component questions', async ({ app }) => {
  const page = app.page;
  await createEngagement(page);
  await addApplicationWithComponent(page, 'Billing', 'Web front end');
  await page.getByRole('button', { name: 'One at a time' }).click();
  const steps = page.getByRole('navigation', { name: 'Questions of Billing' });
  await expect(steps.getByText(/Question 1 of \d+/)).toBeVisible();
  // 13 questions of the application's own, then the component's.
  for (let step = 1; step <= 13; step += 1) {
    await expect(steps.getByText(new RegExp(`Question ${step} of`))).toBeVisible();
    await expect(page.getByText('Component · Web front end')).toHaveCount(0);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
  }
  await expect(steps.getByText(/Question 14 of/)).toBeVisible();
  await expect(steps.getByText('Component: Web front end')).toBeVisible();
  await expect(page.getByText('Component · Web front end')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'What does this component do?' })).toBeVisible();
  await page.keyboard.press('3');
  await expect(page.getByRole('radio', { name: 'Database' })).toBeChecked();
  await expectSaved(page);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(steps.getByText(/Question 15 of/)).toBeVisible();
});
