import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';

test('the API refuses a request without the token, or with a wrong one', async ({ app, playwright }) => {
  const server = app.server!;
  const anonymous = await playwright.request.newContext();
  const noToken = await anonymous.post(`${server.origin}/api/engagement.current`, { data: {} });
  expect(noToken.status()).toBe(401);
  const wrongToken = await anonymous.post(`${server.origin}/api/engagement.current`, { data: {}, headers: { 'x-cwb-token': 'not-the-token' } });
  expect(wrongToken.status()).toBe(401);
  const withToken = await anonymous.post(`${server.origin}/api/engagement.current`, { data: {}, headers: { 'x-cwb-token': server.token } });
  expect(withToken.status()).toBe(200);
  await anonymous.dispose();
  expect(server.stderr()).not.toContain(server.token);
});

test('the page keeps working after reload without the token in its address', async ({ app }) => {
  const page = app.page;
  await expect(page.getByTestId('start-screen')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  await page.reload();
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
});

test('opening a text file renamed .cwb shows why it was refused and leaves it byte-identical', async ({ app, workspace }) => {
  const page = app.page;
  const bogus = join(workspace.engagementDir, 'Workshop notes.cwb');
  writeFileSync(bogus, 'Notes from the kick-off meeting.\n');
  const before = readFileSync(bogus);
  await page.getByRole('button', { name: /open engagement file/i }).click();
  const chooser = page.getByRole('dialog');
  await chooser.getByRole('button', { name: /Workshop notes\.cwb/ }).click();
  await expect(page.getByRole('alert')).toContainText('is not an engagement file: it is not a SQLite database');
  expect(readFileSync(bogus).equals(before)).toBe(true);
});
