import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tinyPng } from '../../electron/core/testImages';
import { startServer, type RunningServer } from '../support/browserMode';
import { expect, test } from '../support/fixtures';

/** Nothing a person reads may show these: an errno code, a temporary file, an API method, a stack. */
const TECHNICAL = /\bE(NOENT|ACCES|PERM|NOTDIR|EXIST|ISDIR)\b|writing-\d|\.(save|create|export|set)\b.*—|Invalid input to|\n\s+at /;

const INVENTORY = [
  'VM Name,vCPU,Memory (GB),Disk (GB),Application',
  'nw-web01,2,8,80,Webshop',
  'nw-web02,2,8,80,Webshop',
  'nw-sql01,8,64,1200,Webshop',
  'nw-pay01,4,16,200,Payroll',
].join('\n');

interface Home {
  root: string;
  home: string;
  dataDir: string;
  engagementDir: string;
  server: RunningServer;
}

/** A clean home folder: no data folder, no Documents, no profile; the app must make what it needs. */
async function cleanHome(): Promise<Home> {
  const root = mkdtempSync(join(tmpdir(), 'cwb-first-run-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const dataDir = join(home, '.config', 'continuity-workbook');
  const engagementDir = join(home, 'Documents', 'Continuity Workbook');
  const server = await startServer({ HOME: home, USERPROFILE: home, CWB_DATA_DIR: dataDir, CWB_ENGAGEMENT_DIR: engagementDir, CWB_ACTOR: '' });
  return { root, home, dataDir, engagementDir, server };
}

/** What an application owner does offline: one answer filled in on the Interview sheet. */
async function fillInOffline(exported: string, edited: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  const sheet = workbook.getWorksheet('Interview')!;
  const header = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? '').toLowerCase());
  const column = (name: string) => header.indexOf(name);
  sheet.eachRow((row) => {
    if (row.getCell(column('application')).value === 'Webshop' && row.getCell(column('question id')).value === 'app.criticality') {
      row.getCell(column('answer')).value = 'Business-critical';
    }
  });
  await workbook.xlsx.writeFile(edited);
}

async function expectNoTechnicalText(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(TECHNICAL);
}

let home: Home;
test.afterEach(async () => {
  await home?.server.stop();
  if (home) rmSync(home.root, { recursive: true, force: true });
});

test('a first run in a clean home folder: profile, engagement, inventory and answers from the browser, export to a new folder', async ({ chromiumBrowser }) => {
  home = await cleanHome();
  expect(existsSync(home.dataDir) || existsSync(home.engagementDir)).toBe(false);
  const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(home.server.url);

  // 1. The profile is asked once, on first start.
  const welcome = page.getByRole('dialog', { name: 'Welcome — who is running the workshops?' });
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Save' }).click();
  await expect(welcome.getByRole('alert')).toContainText('Your name is required');
  await welcome.getByLabel('Your name', { exact: true }).fill('Ana Ruiz');
  await welcome.getByLabel('Initials').fill('AR');
  await welcome.getByLabel('Your organisation', { exact: true }).fill('Contoso Advisory');
  await welcome.getByLabel('Consultancy name').fill('Contoso');
  await welcome.getByTestId('profile-logo-input').setInputFiles({ name: 'contoso.png', mimeType: 'image/png', buffer: tinyPng(240, 80, [200, 60, 30]) });
  await welcome.getByRole('button', { name: 'Save' }).click();
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('profile-summary')).toContainText('Working as Ana Ruiz, Contoso Advisory');
  expect(JSON.parse(readFileSync(join(home.dataDir, 'profile.json'), 'utf8'))).toMatchObject({ name: 'Ana Ruiz', organisation: 'Contoso Advisory', initials: 'AR', consultancy: 'Contoso' });

  // 2. The first engagement goes into a Documents folder that did not exist.
  await page.getByLabel('Customer').fill('Northwind Traders');
  await page.getByLabel('Title').fill('DR review 2027');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  expect(readdirSync(home.engagementDir)).toContain('Northwind Traders - DR review 2027.cwb');

  // 3. The inventory comes through the browser's own file picker.
  await page.keyboard.press('Alt+I');
  const wizard = page.getByRole('dialog', { name: 'Import inventory' });
  await wizard.getByTestId('inventory-file-input').setInputFiles({ name: 'Northwind servers.csv', mimeType: 'text/csv', buffer: Buffer.from(INVENTORY) });
  await expect(wizard.getByTestId('import-file-name')).toHaveText('Northwind servers.csv');
  const uploads = join(home.dataDir, 'uploads');
  expect(readdirSync(uploads)).toHaveLength(1);
  await wizard.getByRole('button', { name: 'Next', exact: true }).click();
  await wizard.getByRole('button', { name: 'Next', exact: true }).click();
  await wizard.getByRole('button', { name: 'Next', exact: true }).click();
  await wizard.getByRole('button', { name: 'Import 4 VMs' }).click();
  await expect(wizard.getByTestId('import-result')).toContainText('2 applications created');
  await wizard.getByRole('button', { name: 'Done' }).click();
  await expect(wizard).toBeHidden();
  // Used, so removed from the data folder.
  expect(readdirSync(uploads)).toEqual([]);
  await expect(page.getByRole('button', { name: /^Webshop/ })).toBeVisible();

  // 4. An export to a folder that does not exist yet creates it; one under a file says so plainly.
  await page.keyboard.press('Alt+E');
  const exportDialog = page.getByRole('dialog', { name: 'Export', exact: true });
  const blocker = join(home.home, 'notes.txt');
  writeFileSync(blocker, 'a file, not a folder');
  await exportDialog.getByLabel('Save as').fill(join(blocker, 'northwind.xlsx'));
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await expect(exportDialog.getByRole('alert')).toHaveText(`Could not create the folder ${blocker}: part of that path is a file, not a folder. Choose another folder.`);
  await expectNoTechnicalText(page);
  const exported = join(home.home, 'Exports', '2027', 'northwind.xlsx');
  await exportDialog.getByLabel('Save as').fill(exported);
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await expect(exportDialog.getByTestId('export-done')).toContainText(exported);
  expect(readFileSync(exported).subarray(0, 2).toString('latin1')).toBe('PK');
  const cover = new ExcelJS.Workbook();
  await cover.xlsx.readFile(exported);
  expect(cover.getWorksheet('Cover')!.getCell('A3').value).toBe('Prepared by Ana Ruiz, Contoso');
  await exportDialog.getByRole('button', { name: 'Close' }).click();

  // 5. The owner's answers come back through the picker too.
  const edited = join(home.root, 'Webshop answers.xlsx');
  await fillInOffline(exported, edited);
  await page.getByRole('button', { name: 'Import & export' }).click();
  await page.getByRole('menuitem', { name: /Import answers/ }).click();
  const answers = page.getByRole('dialog', { name: 'Import answers from a workbook' });
  await answers.getByTestId('answers-file-input').setInputFiles(edited);
  await expect(answers.getByTestId('import-answers-summary')).toContainText('1 to apply');
  await answers.getByRole('button', { name: 'Apply 1 change' }).click();
  await expect(answers.getByTestId('import-answers-done')).toContainText('Applied 1 change from Webshop answers.xlsx');
  expect(readdirSync(uploads)).toEqual([]);
  await answers.getByRole('button', { name: 'Close' }).click();

  // The answer is recorded under the profile's name, not the account's.
  await page.getByRole('button', { name: /^Webshop/ }).click();
  const criticality = page.locator('[data-question-id="app.criticality"]').first();
  await expect(criticality).toContainText('Ana Ruiz');
  await expectNoTechnicalText(page);
  await context.close();
});

test('an impossible date is refused beside the field, and the chooser starts in a folder that exists', async ({ chromiumBrowser }) => {
  home = await cleanHome();
  const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(home.server.url);
  await page.getByRole('dialog', { name: /Welcome/ }).getByRole('button', { name: 'Later' }).click();

  // The default engagement folder does not exist yet: the chooser opens where it can, with a way up and home.
  await page.getByRole('button', { name: 'Open engagement file…' }).click();
  const chooser = page.getByRole('dialog', { name: 'Open engagement file' });
  await expect(chooser.locator('code')).toHaveText(home.home);
  await expect(chooser.getByRole('button', { name: /Home/ })).toBeDisabled();
  await chooser.getByRole('button', { name: /Parent folder/ }).click();
  await expect(chooser.locator('code')).toHaveText(join(home.home, '..'));
  await chooser.getByRole('button', { name: /Home/ }).click();
  await expect(chooser.locator('code')).toHaveText(home.home);
  await chooser.getByRole('button', { name: 'Close' }).click();

  await page.getByLabel('Customer').fill('Northwind');
  await page.getByLabel('Title').fill('Dates');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await page.getByLabel('New application name').fill('Payroll');
  await page.getByRole('button', { name: 'Add application' }).click();
  if ((await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed')) !== 'true') {
    await page.getByRole('button', { name: 'Form', exact: true }).click();
  }
  const hosting = page.locator('[data-question-id="app.hostingSystem"]').first();
  await hosting.getByRole('button', { name: 'Unknown — follow up' }).click();
  await hosting.getByLabel('By (date)').fill('2026-02-31');
  await hosting.getByLabel('By (date)').press('Tab');
  await expect(hosting.getByRole('alert')).toHaveText('2026-02-31 does not exist: that month has 28 days.');
  await hosting.getByLabel('By (date)').fill('2026-02-02');
  await hosting.getByLabel('By (date)').press('Tab');
  await expect(hosting.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toContainText(/saved/i);
  await context.close();
});
