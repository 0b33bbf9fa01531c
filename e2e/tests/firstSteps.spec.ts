import { expect, test } from '../support/fixtures';
import { ImportWizardPage } from '../support/importWizard';

test('a new engagement leads on to setup, the import and a first application; after an import, to the first one not assessed', async ({ app }) => {
  const page = app.page;
  await page.getByLabel('Customer').fill('Contoso');
  await page.getByLabel('Title').fill('First steps');
  await page.getByRole('button', { name: 'Create engagement' }).click();

  const first = page.getByTestId('first-steps');
  await expect(first.getByRole('heading', { name: 'Start this engagement' })).toBeVisible();
  await first.getByRole('button', { name: 'Set up sites, systems and policies' }).click();
  await expect(page.getByRole('heading', { name: 'Engagement setup' })).toBeVisible();
  await page.getByRole('button', { name: 'Interview', exact: true }).click();
  await first.getByRole('button', { name: 'Add an application' }).click();
  await expect(page.getByLabel('New application name')).toBeFocused();
  // Alt+A gets there from any view; Ctrl+N is the browser's own.
  await page.keyboard.press('Alt+D');
  await page.keyboard.press('Alt+A');
  await expect(page.getByLabel('New application name')).toBeFocused();

  await page.getByRole('button', { name: 'Interview', exact: true }).click();
  await first.getByRole('button', { name: 'Import the VM inventory' }).click();
  const wizard = new ImportWizardPage(page);
  await expect(wizard.dialog).toBeVisible();
  await wizard.useSample();
  await wizard.next();
  await wizard.next();
  // The grouping offered first names applications (the Application column), with its first values beside it.
  await expect(wizard.dialog.getByRole('radio', { name: 'By the value of a column' })).toBeChecked();
  await expect(wizard.dialog.getByLabel('Column to group by')).toHaveValue('Application');
  await expect(wizard.dialog.getByRole('option', { name: /^Folder ID — e\.g\. group-v1000/ })).toBeAttached();
  await wizard.next();
  await expect(wizard.dialog.getByTestId('import-plan-skipped')).toHaveText(/Not imported: 1 skipped \(1 template\)/);
  await wizard.dialog.getByRole('button', { name: /^Import \d+ VMs$/ }).click();
  await expect(wizard.dialog.getByTestId('import-result')).toBeVisible();
  await wizard.dialog.getByRole('button', { name: 'Done' }).click();

  const choose = page.getByTestId('choose-application');
  await expect(choose.getByRole('heading')).toHaveText(/^\d+ applications to interview$/);
  await expect(choose).toContainText('are not assessed yet');
  const offer = choose.getByRole('button', { name: /^Interview / });
  const name = ((await offer.textContent()) ?? '').replace(/^Interview /, '').trim();
  await offer.click();
  await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
});
