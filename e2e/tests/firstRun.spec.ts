import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tinyPng } from '../../electron/core/testImages';
import { startServer, type RunningServer } from '../support/browserMode';
import { TAGGED_INVENTORY } from '../support/firstHour';
import { PROJECT_ROOT } from '../support/paths';
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

/** Types each value into the field that has the focus, Tab between them, as a consultant fills a form. */
async function typeAcross(page: Page, values: string[]): Promise<void> {
  for (const [index, value] of values.entries()) {
    if (index > 0) await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
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


test("a consultant's first hour, by keyboard: profile, engagement, setup, import and grouping, interview, undo, export, sign-off", async ({
  chromiumBrowser,
}) => {
  home = await cleanHome();
  const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(home.server.url);
  const notice = page.getByTestId('notice');
  const saved = page.getByTestId('save-status');

  // Profile, asked once: typed, Tab between the fields, Enter saves.
  const welcome = page.getByRole('dialog', { name: 'Welcome — who is running the workshops?' });
  await expect(welcome).toBeVisible();
  await expect(welcome.getByLabel('Your name', { exact: true })).toBeFocused();
  await typeAcross(page, ['Ana Ruiz', 'AR', 'Contoso Advisory']);
  await page.keyboard.press('Enter');
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('profile-summary')).toContainText('Working as Ana Ruiz, Contoso Advisory');
  expect(JSON.parse(readFileSync(join(home.dataDir, 'profile.json'), 'utf8'))).toMatchObject({ name: 'Ana Ruiz', organisation: 'Contoso Advisory', initials: 'AR' });

  // New engagement: the customer and the title, Enter creates it in a folder that did not exist.
  await page.getByLabel('Customer').focus();
  await typeAcross(page, ['Fabrikam Retail', 'DR review 2027']);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expect(page.getByTestId('first-steps')).toBeVisible();
  const file = join(home.engagementDir, 'Fabrikam Retail - DR review 2027.cwb');
  expect(existsSync(file)).toBe(true);
  await expect(page).toHaveTitle(/Fabrikam Retail/);

  // Setup (Alt+S): a site, a system on it, and the policy.
  await page.keyboard.press('Alt+S');
  const setup = page.getByTestId('setup-view');
  await expect(setup).toBeVisible();
  await setup.getByLabel('New site name').focus();
  await page.keyboard.type('Amsterdam DC1');
  await page.keyboard.press('Enter');
  await expect(setup.getByLabel('Name of site Amsterdam DC1')).toHaveValue('Amsterdam DC1');
  await setup.getByLabel('New system name').focus();
  await page.keyboard.type('ASH-AMS-01');
  await page.keyboard.press('Enter');
  await expect(saved).toHaveText('All changes saved');
  await setup.getByRole('button', { name: 'Policies', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(setup.getByLabel('Name of policy Business-critical')).toHaveValue('Business-critical');

  // The inventory through the browser's own file picker (Alt+I); Enter goes on from step to step.
  await page.keyboard.press('Alt+I');
  const wizard = page.getByRole('dialog', { name: 'Import inventory' });
  await expect(wizard.getByRole('button', { name: 'Choose file…' })).toBeFocused();
  const picker = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await picker).setFiles({ name: 'Fabrikam servers.csv', mimeType: 'text/csv', buffer: Buffer.from(TAGGED_INVENTORY) });
  await expect(wizard.getByTestId('import-file-name')).toHaveText('Fabrikam servers.csv');
  const next = wizard.getByRole('button', { name: 'Next', exact: true });
  /** Enter on "Next", once the file has been read for the step on screen. */
  const goOn = async () => {
    await expect(next).toBeEnabled();
    await expect(next).toBeFocused();
    await page.keyboard.press('Enter');
  };
  await goOn();
  await expect(wizard.getByTestId('import-preview-summary')).toHaveText('5 rows read · 0 problems');
  await goOn();
  // The grouping offered first is the application column, which here names one business line for all of them.
  const groups = wizard.getByRole('region', { name: /Applications this gives/ });
  const column = wizard.getByLabel('Column to group by');
  await expect(wizard.getByRole('radio', { name: 'By the value of a column' })).toBeChecked();
  await expect(column).toHaveValue('Application');
  await expect(groups.getByRole('row')).toHaveText([/Application\s*VMs/, /Retail platform\s*5\s*New/]);
  // The Tag column says which application each VM serves: typed into the column list, it is chosen.
  await expect(column.getByRole('option', { name: 'Tag — e.g. webshop, payments' })).toHaveCount(1);
  await column.focus();
  await page.keyboard.type('Tag');
  await expect(column).toHaveValue('Tag');
  await expect(groups.getByRole('heading')).toContainText('2 applications');
  await expect(groups.getByRole('row')).toHaveText([/Application\s*VMs/, /payments\s*2\s*New/, /webshop\s*3\s*New/]);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await goOn();
  await expect(wizard.getByTestId('import-plan')).toContainText('New VMs5');
  await expect(wizard.getByRole('listitem').filter({ hasText: 'New applications' })).toHaveText('New applications (2): webshop, payments');
  const importButton = wizard.getByRole('button', { name: 'Import 5 VMs' });
  await expect(importButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wizard.getByTestId('import-result')).toContainText('5 rows read: 5 VMs created, 0 updated, 0 unchanged, 2 applications created.');
  await expect(wizard.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wizard).toBeHidden();
  await expectNoTechnicalText(page);

  // Alt+S again goes back to the interview, which offers the first application nobody has assessed.
  await page.keyboard.press('Alt+S');
  const offer = page.getByTestId('choose-application');
  await expect(offer.getByRole('heading')).toHaveText('2 applications to interview');
  await expect(offer).toContainText('2 are not assessed yet.');
  await expect(offer.getByRole('button', { name: 'Interview webshop' })).toBeVisible();
  // Alt+M: one question at a time; Alt+N: the first question nobody has answered, in webshop.
  await page.keyboard.press('Alt+M');
  await page.keyboard.press('Alt+N');
  await expect(page.getByRole('heading', { level: 2, name: 'webshop', exact: true })).toBeVisible();
  // Number keys choose, Enter goes on, Tab reaches "Unknown — follow up", whose fields take who and by when.
  const question = page.locator('.stage-area [data-question-id]');
  const answerWith = async (id: string, key: string) => {
    await expect(question).toHaveAttribute('data-question-id', id);
    await page.keyboard.press(key);
    await page.keyboard.press('Enter');
  };
  await answerWith('app.statefulness', '1');
  await answerWith('app.hostingSystem', '1');
  await expect(question).toHaveAttribute('data-question-id', 'app.dataSizeGb');
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Unknown — follow up' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question.getByLabel('Follow up with')).toBeFocused();
  await typeAcross(page, ['Jan de Vries', '2027-03-15']);
  await expect(question.getByText('15 Mar 2027')).toBeVisible();
  await page.keyboard.press('Enter');
  await answerWith('app.mayRunInAzure', '2');
  await expect(question).toHaveAttribute('data-question-id', 'app.owner');
  await page.keyboard.type('Priya Shah, Head of e-commerce');
  await page.keyboard.press('Enter');
  await expect(saved).toHaveText('All changes saved');
  await expect(page.getByRole('button', { name: /^webshop/ })).toHaveText(/^webshop\s+4\/14\s*, 1 to follow up\s*$/);

  // Follow-ups (Alt+U): the unknown waits for the person named; Alt+U again goes back.
  await page.keyboard.press('Alt+U');
  const followUps = page.getByRole('region', { name: 'Jan de Vries' });
  await expect(page.getByText('1 question to follow up, with 1 person.')).toBeVisible();
  await expect(followUps).toContainText('How much data does it hold in total?');
  await expect(followUps).toContainText('by 15 Mar 2027');
  await page.keyboard.press('Alt+U');

  // A VM that is not the application's after all: deleted, then Ctrl+Z brings it back.
  await page.keyboard.press('Alt+M');
  const vms = page.getByRole('region', { name: 'Virtual machines' });
  await vms.getByRole('button', { name: 'Delete VM shop-web02', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(vms.getByRole('button', { name: 'No, keep VM shop-web02' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(vms.getByRole('cell', { name: 'shop-web02', exact: true })).toHaveCount(0);
  await expect(saved).toHaveText('All changes saved');
  const vmNames = () => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT name FROM vm ORDER BY name').all() as { name: string }[]).map((row) => row.name);
    } finally {
      db.close();
    }
  };
  expect(vmNames()).not.toContain('shop-web02');
  await page.keyboard.press('Control+Z');
  await expect(notice).toContainText('Undid: delete VM shop-web02');
  // Shown where it came back: the application's VMs, not the question the interview was on.
  await expect(vms.getByRole('heading', { name: 'Virtual machines' })).toBeFocused();
  await expect(vms.getByRole('cell', { name: 'shop-web02', exact: true })).toBeInViewport();
  expect(vmNames()).toEqual(['pay-app01', 'pay-db01', 'shop-sql01', 'shop-web01', 'shop-web02']);

  // Export (Alt+E): the workbook, into a folder that does not exist yet; Enter in the path exports.
  await page.keyboard.press('Alt+E');
  const exportDialog = page.getByRole('dialog', { name: 'Export', exact: true });
  const workbook = join(home.home, 'Fabrikam', 'Deliverables', 'Fabrikam DR review.xlsx');
  expect(existsSync(join(home.home, 'Fabrikam'))).toBe(false);
  // It opens on the workbook; Tab goes to the file name, which is typed over.
  await expect(exportDialog.getByRole('radio', { name: /Assessment workbook/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(exportDialog.getByLabel('Save as')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(workbook);
  await page.keyboard.press('Enter');
  await expect(exportDialog.getByTestId('export-done')).toHaveText(`Saved to ${workbook}`);
  const exported = new ExcelJS.Workbook();
  await exported.xlsx.readFile(workbook);
  expect(exported.getWorksheet('Cover')!.getCell('A3').value).toBe('Prepared by Ana Ruiz, Contoso Advisory');
  const interview = exported.getWorksheet('Interview')!;
  const header = (interview.getRow(1).values as unknown[]).map((value) => String(value ?? '').toLowerCase());
  const rows = interview.getRows(2, interview.rowCount - 1)!.map((row) => ({
    application: row.getCell(header.indexOf('application')).value,
    question: row.getCell(header.indexOf('question id')).value,
    answer: row.getCell(header.indexOf('answer')).value,
  }));
  expect(rows).toContainEqual({ application: 'webshop', question: 'app.owner', answer: 'Priya Shah, Head of e-commerce' });
  await page.keyboard.press('Escape');
  await expect(exportDialog).toBeHidden();
  await expectNoTechnicalText(page);

  // Sign-off (Alt+O): the signer typed, Tab between the fields, Enter signs.
  await page.keyboard.press('Alt+O');
  const signoff = page.getByRole('dialog', { name: 'Sign off the engagement' });
  await expect(signoff.getByTestId('readiness-summary')).toContainText('open item');
  await expect(signoff.getByLabel(/^Name/)).toBeFocused();
  await typeAcross(page, ['Tom Berg', 'CIO', 'Fabrikam Retail']);
  await page.keyboard.press('Enter');
  const signed = page.getByRole('dialog', { name: 'Signed off' });
  await expect(signed.getByTestId('signoff-record')).toContainText('Tom Berg, CIO, Fabrikam Retail');
  const fingerprint = (await signed.getByTestId('signoff-fingerprint').textContent())!.replaceAll(' ', '');
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  await page.keyboard.press('Escape');
  await expect(signed).toBeHidden();
  await expect(page.getByTestId('frozen-banner')).toContainText(/Signed off on .* by Tom Berg — read-only/);
  await expect(page).toHaveTitle(/ — signed off · Continuity Workbook$/);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await expect(vms.getByRole('button', { name: 'Delete VM shop-web02', exact: true })).toBeDisabled();
  await expect(page.getByLabel('New application name')).toBeDisabled();
  await expect(page.locator('[data-question-id="app.owner"]').first().getByRole('textbox').first()).toBeDisabled();
  await page.keyboard.press('Control+Z');
  await expect(saved).toHaveText(/signed off: reopen it/);
  await expect(vms.getByRole('cell', { name: 'shop-web02', exact: true })).toHaveCount(1);
  const verify = spawnSync(process.execPath, [join(PROJECT_ROOT, 'electron/cli/bin.mjs'), 'verify', file, '--json'], { encoding: 'utf8' });
  expect(verify.status).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ outcome: 'verified', fingerprint, signers: [{ name: 'Tom Berg', role: 'CIO', organisation: 'Fabrikam Retail' }] });
  await expectNoTechnicalText(page);
  await context.close();
});
