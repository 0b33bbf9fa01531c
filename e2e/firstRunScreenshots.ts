/**
 * `npx tsx e2e/firstRunScreenshots.ts [OUT_DIR]`: the screens of a first run, at a projector's
 * and a desktop's size, in normal and projector mode: the profile asked on first start, the
 * folder chooser, a file sent from the browser, the branding in Setup, the follow-ups going out
 * per person, an export refused in words, and the report's cover with both logos.
 */
import { chromium, type Page } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt } from '../electron/server/rendererBuild';
import { tinyPng } from '../electron/core/testImages';
import { startServer } from './support/browserMode';
import { CHROMIUM, CHROMIUM_ARGS } from './support/paths';
import { SCREEN_SIZES } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name !== '1366x768');
const outDir = process.argv[2] ?? join(tmpdir(), 'first-run-shots');
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-first-run-shots-'));
const home = join(dir, 'home');
mkdirSync(join(home, 'Customers', 'Northwind'), { recursive: true });
mkdirSync(join(home, 'Downloads'));
const dataDir = join(home, '.config', 'continuity-workbook');
const INVENTORY = 'VM Name,vCPU,Memory (GB),Application\nnw-web01,2,8,Webshop\nnw-sql01,8,64,Webshop\n';

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

await ensureRendererBuilt(console.log);
const server = await startServer({ HOME: home, CWB_DATA_DIR: dataDir, CWB_ENGAGEMENT_DIR: join(home, 'Documents', 'Continuity Workbook'), CWB_ACTOR: '' });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const size of SIZES) {
    for (const projector of [false, true]) {
      const suffix = `${projector ? 'projector' : 'normal'}-${size.name}`;
      if (existsSync(join(dataDir, 'profile.json'))) rmSync(join(dataDir, 'profile.json'));
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      // The page's own preference, set before it loads (a string script: this file is not DOM code).
      await page.addInitScript(`localStorage.setItem('cwb.projector', '${projector ? 'on' : 'off'}')`);
      await page.goto(server.url);

      const welcome = page.getByRole('dialog', { name: /Welcome/ });
      await welcome.waitFor();
      await shoot(page, `profile-first-start-${suffix}`);
      await welcome.getByLabel('Your name', { exact: true }).fill('Ana Ruiz');
      await welcome.getByLabel('Initials').fill('AR');
      await welcome.getByLabel('Your organisation', { exact: true }).fill('Contoso Advisory');
      await welcome.getByLabel('Consultancy name').fill('Contoso Continuity Partners');
      await welcome.getByTestId('profile-logo-input').setInputFiles({ name: 'contoso.png', mimeType: 'image/png', buffer: tinyPng(320, 96, [200, 60, 30]) });
      await shoot(page, `profile-filled-${suffix}`);
      await welcome.getByRole('button', { name: 'Save' }).click();
      await welcome.waitFor({ state: 'detached' });
      await shoot(page, `start-with-profile-${suffix}`);

      await page.getByRole('button', { name: 'Open engagement file…' }).click();
      await page.getByRole('dialog', { name: 'Open engagement file' }).getByRole('list').first().waitFor();
      await shoot(page, `file-chooser-${suffix}`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Open the demo engagement' }).click();
      await page.getByTestId('engagement-screen').waitFor();

      await page.getByRole('button', { name: 'Setup', exact: true }).click();
      await page.getByTestId('setup-customer-logo-input').setInputFiles({ name: 'fabrikam.png', mimeType: 'image/png', buffer: tinyPng(260, 100, [20, 110, 90]) });
      await page.getByTestId('report-author').scrollIntoViewIfNeeded();
      await shoot(page, `setup-branding-${suffix}`);
      await page.getByRole('button', { name: 'Interview', exact: true }).click();

      await page.keyboard.press('Alt+I');
      const wizard = page.getByRole('dialog', { name: 'Import inventory' });
      await wizard.getByTestId('inventory-file-input').setInputFiles({ name: 'Northwind servers.csv', mimeType: 'text/csv', buffer: Buffer.from(INVENTORY) });
      await wizard.getByTestId('import-file-name').waitFor();
      await shoot(page, `import-uploaded-${suffix}`);
      await page.keyboard.press('Escape');
      await wizard.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Import & export' }).click();
      await page.getByRole('menuitem', { name: /Import answers/ }).click();
      await page.getByRole('dialog', { name: 'Import answers from a workbook' }).waitFor();
      await shoot(page, `import-answers-${suffix}`);
      await page.keyboard.press('Escape');

      await page.keyboard.press('Alt+E');
      const exportDialog = page.getByRole('dialog', { name: 'Export', exact: true });
      writeFileSync(join(home, 'notes.txt'), 'a file');
      await exportDialog.getByLabel('Save as').fill(join(home, 'notes.txt', 'out.xlsx'));
      await exportDialog.getByRole('button', { name: 'Export' }).click();
      await exportDialog.getByRole('alert').waitFor();
      await shoot(page, `export-refused-${suffix}`);
      await exportDialog.getByRole('button', { name: 'Preview the report' }).click();
      await page.getByRole('dialog', { name: 'Report preview' }).locator('iframe').waitFor();
      await page.waitForTimeout(1500);
      await shoot(page, `report-cover-${suffix}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /^Follow-ups/ }).click();
      await page.getByRole('heading', { name: 'Follow-ups', level: 2 }).waitFor();
      await shoot(page, `follow-ups-${suffix}`);
      await page.getByRole('button', { name: 'Copy as e-mail text' }).first().click();
      await shoot(page, `follow-ups-copied-${suffix}`);
      await page.getByRole('button', { name: 'Close engagement' }).click();
      await page.close();
    }
  }
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
