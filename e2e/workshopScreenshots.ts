/**
 * `npx tsx e2e/workshopScreenshots.ts [OUT_DIR]`: the screens of a workshop's first hour, at a
 * projector's 1280x720 and a desktop's 1920x1080, normal and in projector mode: the first steps
 * of a new engagement, the import's grouping and merge steps, the interview offering the first
 * application, the VM list with a selection and its move dialog, an undo's message, a change
 * from another tab, an application's VMs, and a signed-off engagement's disabled controls. For a
 * person to look at.
 */
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const outDir = process.argv[2] ?? '/tmp/workshop-shots';
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'cwb-workshop-shots-'));
const engagementDir = join(dir, 'engagements');
mkdirSync(engagementDir, { recursive: true });
const sizes = SCREEN_SIZES.filter((size) => size.name !== '1366x768');

async function setProjector(page: Page, on: boolean): Promise<void> {
  const button = page.getByRole('button', { name: 'Projector', exact: true });
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
}

async function newEngagement(page: Page, title: string): Promise<void> {
  await page.getByLabel('Customer').fill('Contoso');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await page.getByTestId('first-steps').waitFor();
}

await screenshotRun({ dir, engagementDir, outDir, sizes }, async (page, size) => {
  for (const projector of [false, true]) {
    const shoot = (name: string) => page.screenshot({ path: join(outDir, `${name}-${projector ? 'projector' : 'normal'}-${size.name}.png`) });

    await newEngagement(page, `Workshop ${size.name}${projector ? ' projector' : ''}`);
    await setProjector(page, projector);
    await shoot('01-first-steps');

    const wizard = page.getByRole('dialog', { name: 'Import inventory' });
    await page.keyboard.press('Alt+I');
    await wizard.getByRole('button', { name: 'Use the sample inventory' }).click();
    await wizard.getByTestId('import-file-name').filter({ hasText: 'fabrikam' }).waitFor();
    await wizard.getByRole('button', { name: 'Next', exact: true }).click();
    await wizard.getByTestId('import-preview-summary').waitFor();
    await wizard.getByRole('button', { name: 'Next', exact: true }).click();
    await wizard.getByRole('region', { name: /Applications this gives/ }).getByRole('row').nth(1).waitFor();
    const read = async () => {
      await page.waitForTimeout(600);
      await wizard.getByText('Reading the file').waitFor({ state: 'hidden' });
    };
    await wizard.getByRole('radio', { name: /By the start of the VM name/ }).check();
    await read();
    await shoot('02-import-grouping');
    await wizard.getByRole('radio', { name: 'By the value of a column' }).check();
    await read();
    await wizard.getByRole('button', { name: 'Next', exact: true }).click();
    await wizard.getByTestId('import-plan-skipped').waitFor();
    await read();
    await shoot('03-import-merge');
    await wizard.getByRole('button', { name: /^Import \d+ VMs$/ }).click();
    await wizard.getByTestId('import-result').waitFor();
    await wizard.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('choose-application').waitFor();
    await shoot('04-choose-application');

    await page.keyboard.press('Alt+V');
    const worklist = page.getByTestId('vm-worklist');
    const grid = worklist.getByRole('grid', { name: 'Virtual machines' });
    await grid.getByRole('row').nth(3).click();
    await grid.getByRole('row').nth(7).click({ modifiers: ['Shift'] });
    await shoot('05-vm-list-selection');
    await grid.focus();
    await page.keyboard.press('Enter');
    const move = page.getByRole('dialog', { name: /^Move \d+ VMs to…$/ });
    await move.getByRole('combobox').fill('pay');
    await shoot('06-vm-move-dialog');
    await page.keyboard.press('Enter');
    await page.getByTestId('notice').filter({ hasText: 'Moved' }).waitFor();
    await grid.focus();
    await page.keyboard.press('Control+Z');
    await page.getByTestId('notice').filter({ hasText: 'Undid' }).waitFor();
    await shoot('07-vm-list-undone');

    // Another tab changes an answer: this one names the change.
    await page.getByRole('button', { name: 'Interview', exact: true }).click();
    await page.getByTestId('choose-application').getByRole('button', { name: /^Interview / }).click();
    const other = await page.context().browser()!.newPage({ viewport: { width: size.width, height: size.height } });
    const token = (await page.evaluate("sessionStorage.getItem('cwb-token')")) as string;
    await other.goto(`${new URL(page.url()).origin}/?token=${token}`);
    // A tab opened on an engagement starts on its first application: the one this tab offered.
    await other.locator('[data-question-id]').first().getByRole('radio').first().check();
    await page.getByTestId('notice').filter({ hasText: 'another window' }).waitFor();
    await shoot('08-change-from-another-tab');
    await other.close();

    await page.getByRole('button', { name: 'Form', exact: true }).click();
    await page.getByRole('region', { name: 'Virtual machines' }).getByRole('button', { name: 'Add VM' }).scrollIntoViewIfNeeded();
    await shoot('09-application-vms');

    await page.keyboard.press('Alt+O');
    const dialog = page.getByRole('dialog', { name: 'Sign off the engagement' });
    await dialog.getByLabel(/^Name/).fill('Ana Ruiz');
    await dialog.getByLabel(/^Role/).fill('CIO');
    await dialog.getByLabel(/^Organisation/).fill('Contoso');
    await dialog.getByRole('button', { name: /^Sign with \d+ open items?$/ }).click();
    await page.getByRole('dialog', { name: 'Signed off' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('region', { name: 'Virtual machines' }).getByRole('button', { name: 'Add VM' }).scrollIntoViewIfNeeded();
    await shoot('10-signed-off-vms');

    await setProjector(page, false);
    await page.getByRole('button', { name: 'Close engagement' }).click();
    await page.getByTestId('start-screen').waitFor();
  }
});
