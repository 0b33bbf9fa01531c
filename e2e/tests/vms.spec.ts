import { expect, test } from '../support/fixtures';

test('VMs belong to applications: moved to another, added by name and deleted after confirming', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByRole('button', { name: /^Patient Records \(EPR\)/ }).click();
  if ((await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed')) !== 'true') {
    await page.getByRole('button', { name: 'Form', exact: true }).click();
  }
  const vms = page.getByRole('region', { name: 'Virtual machines' });
  await expect(vms.getByRole('row')).toHaveCount(5);
  await vms.getByRole('button', { name: 'Move epr-app-02 to another application' }).click();
  const move = page.getByRole('dialog', { name: 'Move VM epr-app-02 to…' });
  await move.getByRole('combobox', { name: 'Application to move to' }).fill('lab res');
  await page.keyboard.press('Enter');
  await expect(move).toBeHidden();
  await expect(vms.getByRole('cell', { name: 'epr-app-02', exact: true })).toHaveCount(0);

  await vms.getByLabel('New VM name').fill('epr-batch-01');
  await vms.getByRole('button', { name: 'Add VM' }).click();
  await expect(vms.getByRole('cell', { name: 'epr-batch-01', exact: true })).toBeVisible();

  await page.reload();
  await page.getByRole('button', { name: /^Lab Results Portal/ }).click();
  await expect(page.getByRole('region', { name: 'Virtual machines' }).getByRole('cell', { name: 'epr-app-02', exact: true })).toBeVisible();
  await page.getByRole('button', { name: /^Patient Records \(EPR\)/ }).click();
  const epr = page.getByRole('region', { name: 'Virtual machines' });
  await expect(epr.getByRole('cell', { name: 'epr-batch-01', exact: true })).toBeVisible();
  await epr.getByRole('button', { name: 'Delete VM epr-batch-01', exact: true }).click();
  await epr.getByRole('button', { name: 'Yes, delete VM epr-batch-01' }).click();
  await expect(epr.getByRole('cell', { name: 'epr-batch-01', exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Virtual machines' }).getByRole('cell', { name: 'epr-batch-01', exact: true })).toHaveCount(0);
});
