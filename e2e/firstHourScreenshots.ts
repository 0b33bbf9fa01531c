/**
 * `npx tsx e2e/firstHourScreenshots.ts [OUT_DIR]`: every screen of the first hour that
 * `tests/firstRun.spec.ts` walks, from a clean home folder: the profile, the start screen, the
 * first steps, Setup's sites, systems and policies, the import with its grouping changed to a tag
 * column, the interview with an unknown to follow up, the follow-ups, a VM deletion undone, the
 * export, the sign-off and the signed-off engagement. At a projector's 1280x720 and a desktop's
 * 1920x1080, normal and in projector mode, for a person to look at.
 */
import { chromium, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt } from '../electron/server/rendererBuild';
import { startServer } from './support/browserMode';
import { TAGGED_INVENTORY } from './support/firstHour';
import { CHROMIUM, CHROMIUM_ARGS } from './support/paths';
import { SCREEN_SIZES } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name !== '1366x768');
const outDir = process.argv[2] ?? join(tmpdir(), 'first-hour-shots');
mkdirSync(outDir, { recursive: true });

/** One walk through the first hour, in a home folder of its own, shooting each screen as `NN-name-SUFFIX.png`. */
async function walk(page: Page, home: string, suffix: string): Promise<void> {
  const shoot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, `${name}-${suffix}.png`) });
  };

  const welcome = page.getByRole('dialog', { name: /Welcome/ });
  await welcome.getByLabel('Your name', { exact: true }).fill('Ana Ruiz');
  await welcome.getByLabel('Initials').fill('AR');
  await welcome.getByLabel('Your organisation', { exact: true }).fill('Contoso Advisory');
  await shoot('01-profile');
  await page.keyboard.press('Enter');
  await welcome.waitFor({ state: 'detached' });
  await page.getByLabel('Customer').fill('Fabrikam Retail');
  await page.getByLabel('Title').fill('DR review 2027');
  await shoot('02-start');
  await page.keyboard.press('Enter');
  await page.getByTestId('first-steps').waitFor();
  await shoot('03-first-steps');

  await page.keyboard.press('Alt+S');
  const setup = page.getByTestId('setup-view');
  await setup.getByLabel('New site name').fill('Amsterdam DC1');
  await setup.getByLabel('New site name').press('Enter');
  await setup.getByLabel('Name of site Amsterdam DC1').waitFor();
  await setup.getByLabel('New system name').fill('ASH-AMS-01');
  await setup.getByLabel('New system name').press('Enter');
  await setup.getByLabel('Name of system ASH-AMS-01').waitFor();
  await setup.getByRole('heading', { name: 'Sites', exact: true }).scrollIntoViewIfNeeded();
  await setup.getByRole('button', { name: 'Sites', exact: true }).click();
  await shoot('04-setup-sites-systems');
  await setup.getByRole('button', { name: 'Policies', exact: true }).click();
  await shoot('05-setup-policies');

  await page.keyboard.press('Alt+I');
  const wizard = page.getByRole('dialog', { name: 'Import inventory' });
  await wizard.getByTestId('inventory-file-input').setInputFiles({ name: 'Fabrikam servers.csv', mimeType: 'text/csv', buffer: Buffer.from(TAGGED_INVENTORY) });
  await wizard.getByTestId('import-file-name').waitFor();
  await shoot('06-import-file');
  const next = wizard.getByRole('button', { name: 'Next', exact: true });
  await next.click();
  await wizard.getByTestId('import-preview-summary').waitFor();
  await next.click();
  await wizard.getByLabel('Column to group by').selectOption('Tag');
  await wizard.getByRole('row').filter({ hasText: 'payments' }).waitFor();
  await shoot('07-import-grouping');
  await next.click();
  await wizard.getByTestId('import-plan').waitFor();
  await shoot('08-import-merge');
  await wizard.getByRole('button', { name: 'Import 5 VMs' }).click();
  await wizard.getByTestId('import-result').waitFor();
  await shoot('09-import-done');
  await page.keyboard.press('Enter');
  await wizard.waitFor({ state: 'detached' });
  await page.keyboard.press('Alt+S');
  await page.getByTestId('choose-application').waitFor();
  await shoot('10-choose-application');

  await page.keyboard.press('Alt+M');
  await page.keyboard.press('Alt+N');
  const question = page.locator('.stage-area [data-question-id]');
  for (const key of ['1', '1']) {
    await page.keyboard.press(key);
    await page.keyboard.press('Enter');
  }
  await question.getByRole('button', { name: 'Unknown — follow up' }).click();
  await question.getByLabel('Follow up with').fill('Jan de Vries');
  await question.getByLabel('By (date)').fill('2027-03-15');
  await question.getByLabel('By (date)').press('Tab');
  await shoot('11-interview-unknown');
  await page.keyboard.press('Alt+U');
  await page.getByText(/question to follow up/).waitFor();
  await shoot('12-follow-ups');
  await page.keyboard.press('Alt+U');

  await page.keyboard.press('Alt+M');
  const vms = page.getByRole('region', { name: 'Virtual machines' });
  await vms.getByRole('button', { name: 'Delete VM shop-web02', exact: true }).click();
  await shoot('13-vm-delete-confirm');
  await vms.getByRole('button', { name: 'Yes, delete VM shop-web02' }).click();
  await vms.getByRole('cell', { name: 'shop-web02', exact: true }).waitFor({ state: 'detached' });
  await page.keyboard.press('Control+Z');
  await page.getByTestId('notice').filter({ hasText: 'Undid' }).waitFor();
  await shoot('14-vm-undone');

  await page.keyboard.press('Alt+E');
  const exportDialog = page.getByRole('dialog', { name: 'Export', exact: true });
  await exportDialog.getByLabel('Save as').fill(join(home, 'Fabrikam', 'Deliverables', 'Fabrikam DR review.xlsx'));
  await exportDialog.getByLabel('Save as').press('Enter');
  await exportDialog.getByTestId('export-done').waitFor();
  await shoot('15-export-done');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Alt+O');
  const signoff = page.getByRole('dialog', { name: 'Sign off the engagement' });
  await signoff.getByLabel(/^Name/).fill('Tom Berg');
  await signoff.getByLabel(/^Role/).fill('CIO');
  await signoff.getByLabel(/^Organisation/).fill('Fabrikam Retail');
  await shoot('16-signoff');
  await page.keyboard.press('Enter');
  const signed = page.getByRole('dialog', { name: 'Signed off' });
  await signed.getByTestId('signoff-fingerprint').waitFor();
  await shoot('17-signed');
  await page.keyboard.press('Escape');
  await page.getByTestId('frozen-banner').waitFor();
  await shoot('18-signed-off-form');
}

await ensureRendererBuilt(console.log);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const size of SIZES) {
    for (const projector of [false, true]) {
      // A clean home each time: the walk starts with the profile asked on first start.
      const root = mkdtempSync(join(tmpdir(), 'cwb-first-hour-shots-'));
      const home = join(root, 'home');
      mkdirSync(home);
      const server = await startServer({
        HOME: home,
        USERPROFILE: home,
        CWB_DATA_DIR: join(home, '.config', 'continuity-workbook'),
        CWB_ENGAGEMENT_DIR: join(home, 'Documents', 'Continuity Workbook'),
        CWB_ACTOR: '',
      });
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height }, locale: 'en-GB' });
      // The page's own preference, set before it loads (a string script: this file is not DOM code).
      await page.addInitScript(`localStorage.setItem('cwb.projector', '${projector ? 'on' : 'off'}')`);
      try {
        await page.goto(server.url);
        await walk(page, home, `${projector ? 'projector' : 'normal'}-${size.name}`);
      } finally {
        await page.close();
        await server.stop();
        rmSync(root, { recursive: true, force: true });
      }
    }
  }
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await browser.close();
}
