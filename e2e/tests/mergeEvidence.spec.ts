import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { EngagementStore } from '../../electron/core/store/engagementStore';
import { TINY_PDF, TINY_PNG } from '../../electron/core/attachments/testFiles';
import { expect, test } from '../support/fixtures';

/** Two copies of one engagement, made with the app's own core: each changed the owner of Payroll differently; the other copy also rated CRM. */
function twoCopies(dir: string, otherDir: string): { mine: string; theirs: string } {
  const mine = join(dir, 'Northwind - DR review.cwb');
  const theirs = join(otherDir, 'Northwind - second room.cwb');
  const store = EngagementStore.create(mine, { customer: 'Northwind', title: 'DR review' }, 'lead');
  const payroll = store.addApplication('Payroll');
  const crm = store.addApplication('CRM');
  store.setAnswer(payroll.id, null, 'app.owner', { status: 'answered', value: 'Priya' });
  store.close();
  copyFileSync(mine, theirs);
  const here = EngagementStore.open(mine, 'Ana');
  here.setAnswer(payroll.id, null, 'app.owner', { status: 'answered', value: 'Priya Shah' }, 'From the org chart');
  here.close();
  const there = EngagementStore.open(theirs, 'Ben');
  there.setAnswer(payroll.id, null, 'app.owner', { status: 'answered', value: 'Tom Reed' });
  there.setAnswer(crm.id, null, 'app.criticality', { status: 'answered', value: 'standard' });
  there.close();
  return { mine, theirs };
}

async function openFile(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Open engagement file…' }).click();
  await page.getByLabel('Or paste a full path').fill(path);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
}

async function showForm(page: Page, application: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${application}`) }).first().click();
  const form = page.getByRole('button', { name: 'Form', exact: true });
  if ((await form.getAttribute('aria-pressed')) !== 'true') await form.click();
}

test('two copies merged in the app, the one conflict decided with the keyboard', async ({ app, workspace }) => {
  const page = app.page;
  const { mine, theirs } = twoCopies(workspace.engagementDir, workspace.dir);
  const theirsBefore = createHash('sha256').update(readFileSync(theirs)).digest('hex');
  await openFile(page, mine);

  await page.getByRole('button', { name: /Import & export/ }).click();
  await page.getByRole('menuitem', { name: /Merge another copy/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge another copy' });
  await dialog.getByLabel('The other copy').fill(theirs);
  await dialog.getByLabel('The other copy').press('Enter');

  await expect(dialog.getByTestId('merge-summary')).toContainText('1 change to take from the other copy');
  await expect(dialog.getByTestId('merge-summary')).toContainText('1 conflict to decide');
  await expect(dialog.getByTestId('merge-taken')).toContainText('CRM — How critical is the application to the business?');
  const conflict = dialog.getByTestId('merge-conflict');
  await expect(conflict).toContainText('Payroll — Who owns the application on the business side?');
  await expect(conflict).toContainText('Priya Shah');
  await expect(conflict).toContainText('Note: From the org chart');
  await expect(conflict).toContainText('Tom Reed');
  await expect(conflict).toContainText('Ben');
  const merge = dialog.getByRole('button', { name: 'Decide 1 more conflict' });
  await expect(merge).toBeDisabled();

  // Keyboard only: Tab reaches the conflict's choice, the arrow key moves to the other copy's side, T confirms it.
  await dialog.getByRole('button', { name: 'Keep the other copy for all' }).focus();
  await page.keyboard.press('Tab');
  await expect(conflict.getByRole('radio').first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(conflict.getByRole('radio', { name: /Keep the other copy/ })).toBeChecked();
  await page.keyboard.press('m');
  await expect(conflict.getByRole('radio', { name: /Keep this copy/ })).toBeChecked();
  await page.keyboard.press('t');
  await expect(conflict.getByRole('radio', { name: /Keep the other copy/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dialog.getByTestId('merge-done')).toContainText('2 changes written from the other copy, 1 conflict decided');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await showForm(page, 'Payroll');
  await expect(page.locator('[data-question-id="app.owner"] input').first()).toHaveValue('Tom Reed');
  await showForm(page, 'CRM');
  await expect(page.getByRole('radiogroup', { name: /How critical is the application/ }).getByRole('radio', { name: 'Standard', exact: true })).toBeChecked();
  expect(createHash('sha256').update(readFileSync(theirs)).digest('hex')).toBe(theirsBefore);
  const snapshots = EngagementStore.read(mine, (store) => store.snapshots().map((snapshot) => snapshot.reason));
  expect(snapshots).toContain('Before another copy was merged in');
});

test('evidence attached to an answer, previewed in a sandboxed frame and saved out', async ({ app, workspace }) => {
  const page = app.page;
  const { mine } = twoCopies(workspace.engagementDir, workspace.dir);
  const png = join(workspace.dir, 'replication status.png');
  writeFileSync(png, TINY_PNG);
  await openFile(page, mine);
  await showForm(page, 'Payroll');

  const question = page.locator('[data-question-id="app.owner"]');
  const chooser = page.waitForEvent('filechooser');
  await question.getByRole('button', { name: /Attach evidence to the answer/ }).click();
  await (await chooser).setFiles(png);
  const item = question.getByTestId('evidence-item');
  await expect(item).toContainText('replication status.png');
  await expect(item).toContainText(createHash('sha256').update(TINY_PNG).digest('hex'));
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved');

  await item.getByRole('button', { name: 'Preview replication status.png' }).click();
  const preview = page.getByRole('dialog', { name: 'replication status.png' });
  const frame = preview.getByTestId('evidence-preview-frame');
  await expect(frame).toHaveAttribute('sandbox', '');
  // The frame's document is the image itself, served with its checked type and a policy that runs nothing.
  const shown = page.frameLocator('[data-testid="evidence-preview-frame"]').locator('img');
  await expect(shown).toBeVisible();
  const src = await frame.getAttribute('src');
  const served = await page.request.get(new URL(src!, page.url()).toString());
  expect(served.headers()['content-type']).toBe('image/png');
  expect(served.headers()['content-disposition']).toMatch(/^inline; filename="replication status.png"/);
  expect(served.headers()['content-security-policy']).toContain('sandbox');
  expect(served.headers()['x-content-type-options']).toBe('nosniff');

  const download = page.waitForEvent('download');
  await preview.getByRole('button', { name: 'Save…' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('replication status.png');
  const savedPath = join(workspace.dir, 'saved.png');
  await saved.saveAs(savedPath);
  expect(readFileSync(savedPath).equals(TINY_PNG)).toBe(true);
  await preview.getByRole('button', { name: 'Close' }).click();

  // A PDF is drawn page by page by PDF.js in the page (Chromium runs no PDF viewer inside a sandboxed frame); nothing in it runs.
  const pdf = join(workspace.dir, 'DR test minutes.pdf');
  writeFileSync(pdf, TINY_PDF);
  const pdfChooser = page.waitForEvent('filechooser');
  await question.getByRole('button', { name: /Attach evidence to the answer/ }).click();
  await (await pdfChooser).setFiles(pdf);
  await question.getByRole('button', { name: 'Preview DR test minutes.pdf' }).click();
  const pdfPreview = page.getByRole('dialog', { name: 'DR test minutes.pdf' });
  await expect(pdfPreview.getByTestId('evidence-preview-pages').locator('canvas')).toHaveCount(1);
  await pdfPreview.getByRole('button', { name: 'Close' }).click();

  // A file whose content is not what its name says is refused, and nothing is stored.
  const fake = join(workspace.dir, 'not really.png');
  writeFileSync(fake, '<script>alert(1)</script>');
  const second = page.waitForEvent('filechooser');
  await question.getByRole('button', { name: /Attach evidence to the answer/ }).click();
  await (await second).setFiles(fake);
  await expect(question.getByRole('alert')).toContainText('not really.png: the name says PNG image but the content is text');
  await expect(question.getByTestId('evidence-item')).toHaveCount(2);
});
