import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

async function signOff(page: Page): Promise<void> {
  await page.keyboard.press('Alt+O');
  const dialog = page.getByRole('dialog', { name: 'Sign off the engagement' });
  await dialog.getByLabel(/^Name/).fill('Ana Ruiz');
  await dialog.getByLabel(/^Role/).fill('Head of IT operations');
  await dialog.getByLabel(/^Organisation/).fill('Northwind Health');
  await dialog.getByRole('button', { name: /^Sign with \d+ open items?$/ }).click();
  const signed = page.getByRole('dialog', { name: 'Signed off' });
  await signed.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('frozen-banner')).toBeVisible();
}

/** Disabled, and looking it (`look`: what shows it, e.g. a radio's card): dimmed, with a pointer that does not invite a click. */
async function expectLooksDisabled(control: Locator, look: Locator = control): Promise<void> {
  await expect(control).toBeDisabled();
  await expect(look).toHaveCSS('cursor', 'not-allowed');
  await expect(look).toHaveCSS('opacity', /^0\.[0-7]\d*$/);
}

test('a signed-off engagement shows every editing control disabled, and clicking one changes nothing', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await signOff(page);

  await page.getByRole('button', { name: /^Lab Results Portal/ }).click();
  const form = page.getByRole('button', { name: 'Form', exact: true });
  if ((await form.getAttribute('aria-pressed')) !== 'true') await form.click();
  const first = page.locator('[data-question-id]').first();
  await expectLooksDisabled(first.getByRole('button', { name: 'Unknown — follow up' }));
  await expectLooksDisabled(first.getByRole('button', { name: 'Not applicable' }));
  await expectLooksDisabled(first.getByRole('button', { name: 'Add note' }));
  const radio = first.getByRole('radio').first();
  await expectLooksDisabled(radio, radio.locator('xpath=ancestor::label[1]'));
  await expectLooksDisabled(page.getByLabel('New application name'));
  const vms = page.getByRole('region', { name: 'Virtual machines' });
  await expectLooksDisabled(vms.getByLabel('New VM name'));
  await expectLooksDisabled(vms.getByRole('button', { name: 'Add VM' }));
  await expectLooksDisabled(vms.getByRole('button', { name: /^Move lab-web-01/ }));
  await expectLooksDisabled(vms.getByRole('button', { name: 'Delete VM lab-web-01', exact: true }));
  await expect(page.getByRole('button', { name: 'Bulk changes…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();

  // A click that gets through anyway changes nothing.
  const unknown = first.getByRole('button', { name: 'Unknown — follow up' });
  const pressed = await unknown.getAttribute('aria-pressed');
  await unknown.click({ force: true });
  await expect(unknown).toHaveAttribute('aria-pressed', pressed ?? 'false');
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved');

  // The VM list: the rows can still be chosen to look at, never moved.
  await page.keyboard.press('Alt+V');
  const worklist = page.getByTestId('vm-worklist');
  await worklist.getByRole('grid').getByRole('row').nth(1).click();
  await expect(worklist.getByRole('button', { name: 'Move to application…' })).toBeDisabled();
});
