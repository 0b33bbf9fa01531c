import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../support/browserMode';
import { expect, test } from '../support/fixtures';
import { PROJECT_ROOT } from '../support/paths';

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

test('browser mode started with an engagement that carries its own SQL starts anyway, and the start screen says why', async ({ workspace, chromiumBrowser }) => {
  const file = join(workspace.engagementDir, 'Handed over.cwb');
  const cli = (...args: string[]) => execFileSync(process.execPath, [join(PROJECT_ROOT, 'electron/cli/bin.mjs'), ...args], { env: { ...process.env, ...workspace.env } });
  cli('create', file, '--customer', 'Fabrikam', '--title', 'DR review');
  // The file's own trigger would empty the answers at the next save.
  const db = new Database(file);
  db.exec('CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM answer; END;');
  db.close();
  const before = readFileSync(file);

  const server = await startServer(workspace.env, [file]);
  const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('is not a sound engagement file: it carries a trigger "t" on table "audit"');
    expect(server.stderr()).toContain('it carries a trigger "t" on table "audit"');
    // The start screen works as ever: the demo opens.
    await page.getByRole('button', { name: 'Open the demo engagement' }).click();
    await expect(page.getByTestId('engagement-screen')).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
  }
  expect(readFileSync(file).equals(before)).toBe(true);
});
