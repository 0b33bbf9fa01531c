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

async function openDemoForm(page: import('@playwright/test').Page, application: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await page.getByRole('button', { name: application }).click();
  if ((await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed')) !== 'true') {
    await page.getByRole('button', { name: 'Form', exact: true }).click();
  }
}

test('undo after deleting a VM puts the VM back, not an older answer, and says what it undid', async ({ app }) => {
  const page = app.page;
  await openDemoForm(page, /^Patient Records \(EPR\)/);
  const criticality = page.getByRole('radiogroup', { name: /How critical is the application/ });
  const before = await criticality.getByRole('radio', { checked: true }).getAttribute('aria-label');
  await criticality.getByRole('radio', { name: 'Standard', exact: true }).check();
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved');

  const vms = page.getByRole('region', { name: 'Virtual machines' });
  await vms.getByRole('button', { name: 'Delete VM epr-app-02', exact: true }).click();
  await vms.getByRole('button', { name: 'Yes, delete VM epr-app-02' }).click();
  await expect(vms.getByRole('cell', { name: 'epr-app-02', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /^Undo delete VM epr-app-02 \(Ctrl\+Z\)$/);

  await page.getByRole('heading', { level: 2, name: 'Patient Records (EPR)' }).click();
  await page.keyboard.press('Control+Z');
  await expect(page.getByTestId('notice')).toHaveText(/Undid: delete VM epr-app-02/);
  await expect(vms.getByRole('cell', { name: 'epr-app-02', exact: true })).toBeVisible();
  // The answer given before the deletion is still the last one given.
  await expect(criticality.getByRole('radio', { name: 'Standard', exact: true })).toBeChecked();

  // Saved: a reload shows the VM back, and the next undo is the answer.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Virtual machines' }).getByRole('cell', { name: 'epr-app-02', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /How critical is the application to the business\?” in Patient Records \(EPR\): back to/);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('notice')).toHaveText(/^Undid: “How critical is the application to the business\?” in Patient Records \(EPR\)/);
  await expect(page.getByRole('radiogroup', { name: /How critical is the application/ }).getByRole('radio', { name: before ?? '', exact: true })).toBeChecked();
});

test('a VM name another application already has is refused, naming that application; an empty name is asked for beside the field', async ({ app }) => {
  const page = app.page;
  await openDemoForm(page, /^Lab Results Portal/);
  const vms = page.getByRole('region', { name: 'Virtual machines' });
  const name = vms.getByLabel('New VM name');

  await vms.getByRole('button', { name: 'Add VM' }).click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(vms.getByText('Type the name of the VM first.')).toBeVisible();

  await name.fill('EPR-SQL-01');
  await vms.getByRole('button', { name: 'Add VM' }).click();
  const message = vms.locator('#new-vm-' + (await name.getAttribute('id'))!.slice('new-vm-'.length) + '-error');
  await expect(message).toHaveText(/^A VM named "epr-sql-01" already exists in the application Patient Records \(EPR\)\./);
  await expect(message).not.toContainText('vm.save');
  await expect(vms.getByRole('cell', { name: /epr-sql-01/i })).toHaveCount(0);
  // The name stays in the field to be corrected.
  await expect(name).toHaveValue('EPR-SQL-01');
});
