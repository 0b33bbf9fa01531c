import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

function criticality(page: Page, choice: string): Locator {
  return page.getByRole('radiogroup', { name: /How critical is the application/ }).getByRole('radio', { name: choice, exact: true });
}

async function showIntranetForm(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Interview', exact: true }).click();
  await page.getByRole('button', { name: /Intranet/ }).click();
  const form = page.getByRole('button', { name: 'Form', exact: true });
  if ((await form.getAttribute('aria-pressed')) !== 'true') await form.click();
}

test('sign off, reopen with a reason, then restore the snapshot kept before the sign-off', async ({ app }) => {
  const page = app.page;
  await expect(page).toHaveTitle('Continuity Workbook');
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expect(page).toHaveTitle(/ — .* \(.*\.cwb\) · Continuity Workbook$/);
  const status = page.getByLabel('Engagement status');
  await status.selectOption('in-review');
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved');
  await status.selectOption('draft');
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved');

  // The readiness check: each open item leads to its question.
  await page.keyboard.press('Alt+O');
  const dialog = page.getByRole('dialog', { name: 'Sign off the engagement' });
  await expect(dialog.getByTestId('readiness-summary')).toContainText('open item');
  const firstGroup = dialog.getByRole('heading', { level: 4 }).first();
  const application = ((await firstGroup.textContent()) ?? '').replace(/\s*\d+$/, '').trim();
  await dialog.getByRole('link').first().click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: application, exact: true })).toBeVisible();

  // Then the signer; missing fields are named.
  await page.getByRole('button', { name: 'Sign off…' }).click();
  const signButton = dialog.getByRole('button', { name: /^Sign with \d+ open items?$/ });
  await signButton.click();
  await expect(dialog.getByText('Enter the name of the person signing.')).toBeVisible();
  await expect(dialog.getByLabel(/^Name/)).toBeFocused();
  await dialog.getByLabel(/^Name/).fill('Ana Ruiz');
  await dialog.getByLabel(/^Role/).fill('Head of IT operations');
  await dialog.getByLabel(/^Organisation/).fill('Northwind Health');
  await signButton.click();

  const signed = page.getByRole('dialog', { name: 'Signed off' });
  await expect(signed.getByTestId('signoff-fingerprint')).toHaveText(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
  await expect(signed.getByTestId('signoff-record')).toContainText('Ana Ruiz, Head of IT operations, Northwind Health');
  const fingerprint = await signed.getByTestId('signoff-fingerprint').textContent();
  await signed.getByRole('button', { name: 'Add a co-signer' }).click();
  await signed.getByLabel(/^Name/).fill('Tom Berg');
  await signed.getByLabel(/^Role/).fill('CIO');
  await signed.getByLabel(/^Organisation/).fill('Northwind Health');
  await signed.getByRole('button', { name: 'Add co-signer' }).click();
  await expect(signed.getByTestId('signoff-record')).toContainText('Tom Berg, CIO, Northwind Health');
  await expect(signed.getByTestId('signoff-fingerprint')).toHaveText(fingerprint!);
  await signed.getByRole('button', { name: 'Close' }).click();

  // Frozen: the banner, the title, disabled answers, and a refused write that says why.
  const banner = page.getByTestId('frozen-banner');
  await expect(banner).toContainText(/Signed off on .* by Ana Ruiz and Tom Berg — read-only/);
  await expect(page).toHaveTitle(/ — signed off · Continuity Workbook$/);
  await showIntranetForm(page);
  await expect(criticality(page, 'Standard')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Bulk changes…' })).toBeDisabled();
  await page.keyboard.press('Alt+I');
  await expect(page.getByTestId('save-status')).toHaveText(/signed off: reopen it/);

  // Reopen needs a reason.
  await banner.getByRole('button', { name: 'Reopen…' }).click();
  const reopen = page.getByRole('dialog', { name: 'Reopen the signed-off engagement' });
  await reopen.getByRole('button', { name: 'Reopen' }).click();
  await expect(reopen.getByText(/Say why the sign-off is reopened/)).toBeVisible();
  await reopen.getByLabel(/Why is it reopened/).fill('The owner corrected the criticality of the intranet');
  await reopen.getByRole('button', { name: 'Reopen' }).click();
  await expect(reopen).toBeHidden();
  await expect(banner).toBeHidden();
  await expect(status).toHaveValue('in-review');
  await criticality(page, 'Standard').check();
  await expect(criticality(page, 'Standard')).toBeChecked();
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved');

  // History: the void sign-off with its reason; the snapshot before the sign-off differs from now.
  await page.keyboard.press('Alt+H');
  const history = page.getByTestId('history-view');
  await expect(history.getByRole('region', { name: 'Sign-offs' })).toContainText('void');
  await expect(history.getByRole('region', { name: 'Sign-offs' })).toContainText('The owner corrected the criticality of the intranet');
  const snapshot = history.getByTestId('snapshot').filter({ hasText: 'Before the sign-off' });
  await snapshot.getByRole('button', { name: /^Compare the snapshot/ }).click();
  const comparison = history.getByTestId('comparison');
  await expect(comparison.getByRole('region', { name: 'Changes in Intranet' })).toContainText('Standard');

  // Restore it: a confirm step first; then the status and the answer are as they were before the sign-off.
  await snapshot.getByRole('button', { name: /^Restore the snapshot/ }).click();
  await expect(snapshot.getByText(/current state is kept as a snapshot first/)).toBeVisible();
  await snapshot.getByRole('button', { name: 'Restore this snapshot' }).click();
  await expect(history.getByRole('status').filter({ hasText: /^Restored the snapshot/ })).toBeVisible();
  await expect(status).toHaveValue('draft');
  await expect(history.getByTestId('snapshot').filter({ hasText: 'Before a snapshot was restored' })).toHaveCount(1);
  await showIntranetForm(page);
  await expect(criticality(page, 'Standard')).not.toBeChecked();
  await expect(criticality(page, 'Standard')).toBeEnabled();
});
