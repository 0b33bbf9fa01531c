import { expect, test } from '../support/fixtures';

const DEPENDENCIES = 'Which other applications must be running for this one to work?';

test('with many applications, dependencies are found by typing and saved as chips', async ({ app, playwright }) => {
  const page = app.page;
  const server = app.server!;
  await page.getByLabel('Customer').fill('Contoso');
  await page.getByLabel('Title').fill('Many applications');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();

  // Setting up twenty applications goes through the same API the screen uses.
  const api = await playwright.request.newContext({ extraHTTPHeaders: { 'x-cwb-token': server.token } });
  for (let i = 1; i <= 20; i += 1) {
    const reply = await api.post(`${server.origin}/api/application.add`, { data: { name: `Service ${String(i).padStart(2, '0')}` } });
    expect(await reply.json()).toHaveProperty('result.name');
  }
  await api.dispose();
  await page.reload();
  await page.getByRole('button', { name: /^Service 01/ }).click();
  if ((await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed')) !== 'true') {
    await page.getByRole('button', { name: 'Form', exact: true }).click();
  }

  const question = page.locator('[data-question-id="app.dependencies"]');
  const search = question.getByRole('combobox', { name: DEPENDENCIES });
  await expect(question.getByRole('checkbox')).toHaveCount(0);
  await search.fill('service 1');
  await expect(question.getByRole('option')).toHaveText(['Service 10', 'Service 11', 'Service 12', 'Service 13', 'Service 14', 'Service 15', 'Service 16', 'Service 17']);
  await search.press('ArrowDown');
  await search.press('Enter');
  await expect(question.getByRole('list', { name: 'Chosen applications' })).toContainText('Service 11');
  await search.fill('20');
  await search.press('Enter');
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);

  await page.reload();
  const chosen = page.locator('[data-question-id="app.dependencies"]').getByRole('list', { name: 'Chosen applications' });
  await expect(chosen.getByRole('listitem')).toHaveText([/Service 11/, /Service 20/]);
  await chosen.getByRole('button', { name: 'Remove Service 11' }).click();
  await expect(chosen.getByRole('listitem')).toHaveText([/Service 20/]);
});
