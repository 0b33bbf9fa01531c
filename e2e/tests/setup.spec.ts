import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

async function createEngagement(page: Page, customer: string, title: string) {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByLabel('Customer').fill(customer);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
}

/** The engagement header's "Setup" button opens the editors for details, sites, systems and policies. */
async function openSetup(page: Page) {
  await page.getByRole('button', { name: 'Setup', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Engagement setup' })).toBeVisible();
}

async function allSaved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);
}

test('setup: a site, a system on it, 20 nodes refused, and a policy target that survives a reload', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso Health', 'Setup workshop');
  await openSetup(page);

  // A system must sit on a site: with none yet, the systems editor sends the consultant to add one.
  await expect(page.getByText('A system must sit on a site, and there are no sites yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add a site first' }).click();
  await expect(page.getByLabel('New site name')).toBeFocused();
  await page.getByLabel('New site name').fill('Amsterdam DC1');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByLabel('Name of site Amsterdam DC1')).toHaveValue('Amsterdam DC1');
  await page.getByLabel('Location of Amsterdam DC1').fill('Amsterdam, NL');
  await page.getByLabel('Location of Amsterdam DC1').press('Tab');
  await allSaved(page);

  await page.getByLabel('New system name').fill('ash-ams-01');
  await expect(page.getByLabel('Site of the new system').locator('option:checked')).toHaveText('Amsterdam DC1');
  await page.getByRole('button', { name: 'Add system' }).click();
  const nodes = page.getByLabel('Node count of ash-ams-01');
  await expect(nodes).toHaveValue('4');
  await expect(page.getByLabel('Site of ash-ams-01').locator('option:checked')).toHaveText('Amsterdam DC1');
  await nodes.fill('8');
  await nodes.press('Tab');
  await allSaved(page);

  // Outside 4–16: the core's message beside the field, and the saved value stays.
  await nodes.fill('20');
  await nodes.press('Tab');
  await expect(page.getByText('A scale unit has at most 16 nodes')).toBeVisible();
  await expect(nodes).toHaveValue('8');
  await expect(nodes).toHaveAttribute('aria-invalid', 'true');

  // A site that still carries a system is not deleted; the refusal names the system.
  await page.getByRole('button', { name: 'Delete site Amsterdam DC1' }).click();
  await page.getByRole('button', { name: 'Yes, delete site Amsterdam DC1' }).click();
  await expect(page.getByText(/still used by system ash-ams-01/)).toBeVisible();
  await expect(page.getByLabel('Name of site Amsterdam DC1')).toBeVisible();

  // Standard's site-loss RTO starts at 3 days: switch the unit to hours, then type 6.
  const rto = page.getByLabel('RTO for Site loss in Standard', { exact: true });
  const rtoUnit = page.getByLabel('RTO for Site loss in Standard, unit', { exact: true });
  await expect(rto).toHaveValue('3');
  await expect(rtoUnit).toHaveValue('days');
  await rtoUnit.selectOption('hours');
  await allSaved(page);
  await rto.fill('6');
  await rto.press('Tab');
  await allSaved(page);
  await expect(rto).toHaveValue('6');
  await expect(rtoUnit).toHaveValue('hours');

  // A negative duration is refused beside the cell and the target stays as it was.
  const rpo = page.getByLabel('RPO for Site loss in Standard', { exact: true });
  await rpo.fill('-5');
  await rpo.press('Tab');
  await expect(page.getByText('A duration cannot be negative')).toBeVisible();
  await expect(rpo).toHaveValue('1');

  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await openSetup(page);
  await expect(page.getByLabel('RTO for Site loss in Standard', { exact: true })).toHaveValue('6');
  await expect(page.getByLabel('RTO for Site loss in Standard, unit', { exact: true })).toHaveValue('hours');
  await expect(page.getByLabel('RPO for Site loss in Standard', { exact: true })).toHaveValue('1');
  await expect(page.getByLabel('Node count of ash-ams-01')).toHaveValue('8');
  await expect(page.getByLabel('Location of Amsterdam DC1')).toHaveValue('Amsterdam, NL');
});

test('setup: an empty customer is refused with a message and the saved name comes back', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Fourth Coffee', 'Continuity review');
  await openSetup(page);
  const customer = page.getByLabel('Customer', { exact: true });
  await expect(customer).toHaveValue('Fourth Coffee');
  await customer.fill('');
  await customer.press('Tab');
  await expect(page.getByText('Customer is required')).toBeVisible();
  await expect(customer).toHaveValue('Fourth Coffee');

  await page.getByLabel('Workshop dates').fill('12 and 19 January 2027');
  await page.getByLabel('Workshop dates').press('Tab');
  await allSaved(page);
  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await openSetup(page);
  await expect(page.getByLabel('Workshop dates')).toHaveValue('12 and 19 January 2027');
});
