import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

const STATEFUL = 'Does the application keep state of its own?';

function stateful(page: Page): Locator {
  return page.locator('[data-question-id]').filter({ has: page.getByRole('heading', { name: STATEFUL, exact: true }) });
}

async function showLabResults(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Lab Results Portal/ }).click();
  const form = page.getByRole('button', { name: 'Form', exact: true });
  if ((await form.getAttribute('aria-pressed')) !== 'true') await form.click();
}

test('two tabs on one engagement: each shows the other’s change, and a stale tab cannot write over a newer answer', async ({ app }) => {
  test.skip(app.target !== 'browser', 'Two tabs on one server is browser mode; the desktop app opens one window.');
  const first = app.page;
  await first.getByRole('button', { name: 'Open the demo engagement' }).click();
  await showLabResults(first);
  const second = await first.context().newPage();
  await second.goto(app.server!.url);
  await showLabResults(second);
  await expect(stateful(second).getByRole('radio', { name: 'Stateful' })).toBeChecked();

  // A change in the first tab shows in the second, named.
  await stateful(first).getByRole('radio', { name: 'Stateless' }).check();
  await expect(first.getByTestId('save-status')).toHaveText('All changes saved');
  await expect(stateful(second).getByRole('radio', { name: 'Stateless' })).toBeChecked();
  await expect(second.getByTestId('notice')).toHaveText(/^Updated with a change from another window: “Does the application keep state of its own\?” in Lab Results Portal/);
  // The undo history is shared, and says whose the step is.
  await expect(second.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /\(made in another window\)/);

  // The second tab stops hearing of changes (as if it had slept); the first changes the answer back.
  await second.route('**/api/engagement.changes', (route) => route.abort());
  await second.reload();
  await showLabResults(second);
  await expect(stateful(second).getByRole('radio', { name: 'Stateless' })).toBeChecked();
  await stateful(first).getByRole('radio', { name: 'Stateful' }).check();
  await expect(first.getByTestId('save-status')).toHaveText('All changes saved');

  // Its own change, based on what it last saw, is refused rather than written over the newer answer.
  await stateful(second).getByRole('button', { name: 'Not applicable' }).click();
  await expect(second.getByTestId('save-status')).toHaveText(/was changed by .* in another window after this one showed it, so this change was not saved/);
  await expect(stateful(second).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expect(stateful(first).getByRole('radio', { name: 'Stateful' })).toBeChecked();

  // Listening again, it goes on from the newer answer.
  await second.unroute('**/api/engagement.changes');
  await stateful(second).getByRole('radio', { name: 'Stateless' }).check();
  await expect(second.getByTestId('save-status')).toHaveText('All changes saved');
  await expect(stateful(first).getByRole('radio', { name: 'Stateless' })).toBeChecked();
  await second.close();
});
