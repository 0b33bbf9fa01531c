import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
}

const disaster = (page: Page) => page.getByLabel('Disaster', { exact: true });

test('recovery plan: a site loss that Eindhoven cannot carry, then fixed by bigger nodes in Setup', async ({ app }) => {
  const page = app.page;
  await openDemo(page);

  // From the dashboard's link, then by keyboard.
  await page.keyboard.press('Alt+D');
  await page.getByTestId('dashboard').getByRole('button', { name: 'recovery plan' }).click();
  const plan = page.getByTestId('recovery-plan');
  await expect(plan.getByRole('heading', { level: 2, name: 'Recovery plan' })).toBeVisible();
  await page.keyboard.press('Alt+L');
  await expect(plan).toBeHidden();
  await page.keyboard.press('Alt+L');
  await expect(plan).toBeVisible();

  await disaster(page).selectOption({ label: 'Rotterdam DC1' });
  await expect(plan.getByRole('heading', { name: 'Site loss: Rotterdam DC1' })).toBeVisible();
  await expect(plan.getByText(/7 applications go down \(7 must survive it\) and come back in 4 waves/)).toBeVisible();
  const shortFinding = plan.locator('[data-code="RECOVERY_CAPACITY_SHORT"]');
  await expect(shortFinding).toContainText('ash-ehv-01 must also run');
  await expect(shortFinding).toContainText('753.8 GB of memory');
  await expect(shortFinding).toContainText('8 nodes instead of 4 would carry it');
  await expect(plan.getByRole('img', { name: /When each application is back/ })).toBeVisible();
  await expect(plan.getByRole('img', { name: /Capacity bars/ })).toBeVisible();

  // The waves: the circle between the lab portal and the integration engine comes after what can be ordered.
  const waves = plan.getByRole('region', { name: 'Waves' });
  await expect(waves.getByRole('heading', { level: 4 })).toHaveText([/^Wave 1/, /^Wave 2/, /^Wave 3/, /^Wave 4/]);
  await expect(waves.locator('[data-application="Lab Results Portal"]')).toContainText('It depends in a circle on Integration Engine (HL7)');
  const finance = waves.locator('[data-application="Finance ERP"]');
  await expect(finance).toContainText('Replication and failover, on ash-ehv-01');
  await finance.getByText('Steps').click();
  await expect(finance.getByRole('listitem').filter({ hasText: 'Fail over with Site Recovery to ash-ehv-01' })).toBeVisible();

  // A node loss: the patient records would be back in two minutes on their own, but wait for the integration engine's restart.
  await disaster(page).selectOption({ label: 'A node of ash-rtm-01' });
  await expect(waves.locator('[data-application="Patient Records (EPR)"]')).toContainText('Held back by Integration Engine (HL7)');
  await expect(plan.locator('[data-code="DEPENDENCY_RTO_CONFLICT"]').first()).toContainText('it needs Integration Engine (HL7)');
  await plan.getByRole('button', { name: 'Next disaster' }).click();
  await expect(disaster(page)).toHaveValue('system:ash-ehv-01');

  // Bigger nodes for Eindhoven: the same site loss now fits. The choice of disaster is kept.
  await disaster(page).selectOption({ label: 'Rotterdam DC1' });
  await page.keyboard.press('Alt+S');
  await page.getByLabel('Hardware profile of ash-ehv-01').selectOption({ label: 'Gen 2, 768 GB' });
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);
  await expect(page.locator('[data-system="ash-ehv-01"] .today')).toContainText('Enough');
  await page.keyboard.press('Alt+L');
  await expect(plan.getByRole('heading', { name: 'Site loss: Rotterdam DC1' })).toBeVisible();
  await expect(plan.locator('[data-code="RECOVERY_CAPACITY_SHORT"]')).toHaveCount(0);
});
