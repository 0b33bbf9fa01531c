/**
 * `npx tsx e2e/mergeEvidenceScreenshots.ts [OUT_DIR]`: evidence beside an answer and its preview,
 * and merging another copy (conflicts undecided, decided, merged), at a projector's and a desktop
 * monitor's size, in normal and projector mode.
 */
import type { Page } from 'playwright-core';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoEngagement, DEMO_FILE_NAME } from '../electron/core/demo';
import { TINY_PDF } from '../electron/core/attachments/testFiles';
import { tinyPng } from '../electron/core/testImages';
import { EngagementStore } from '../electron/core/store/engagementStore';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name === '1280x720' || size.name === '1920x1080');
const outDir = process.argv[2] ?? '/tmp/merge-evidence-shots';
mkdirSync(outDir, { recursive: true });

/** The demo engagement, and a copy of it in which a colleague answered differently. */
function prepare(engagementDir: string): { mine: string; theirs: string } {
  mkdirSync(engagementDir, { recursive: true });
  const mine = join(engagementDir, DEMO_FILE_NAME);
  buildDemoEngagement(mine, 'Ana Ruiz').close();
  const theirs = join(engagementDir, 'Fabrikam - second workshop room.cwb');
  copyFileSync(mine, theirs);
  const app = (store: EngagementStore, name: string) => store.view().applications.find((a) => a.name === name)!;
  const here = EngagementStore.open(mine, 'Ana Ruiz');
  const lab = app(here, 'Lab Results Portal');
  here.setAnswer(lab.id, null, 'app.owner', { status: 'answered', value: 'Marc Janssens, Lab IT lead (confirmed)' }, 'Confirmed by e-mail on Monday');
  here.setAnswer(app(here, 'Intranet').id, null, 'app.criticality', { status: 'answered', value: 'business-critical' });
  here.addAttachment({ applicationId: lab.id, componentId: null, questionId: 'app.owner' }, { name: 'replication-console.png', bytes: tinyPng(640, 360, [11, 106, 108]) });
  here.addAttachment({ applicationId: lab.id, componentId: null, questionId: 'app.owner' }, { name: 'DR test minutes March.pdf', bytes: TINY_PDF });
  here.close();
  const there = EngagementStore.open(theirs, 'Ben Okafor');
  there.setAnswer(app(there, 'Lab Results Portal').id, null, 'app.owner', { status: 'answered', value: 'Eva Claes, Laboratory manager' }, 'Marc moved to the EPR team in May');
  there.setAnswer(app(there, 'Intranet').id, null, 'app.criticality', { status: 'answered', value: 'standard' });
  there.setAnswer(app(there, 'Finance ERP').id, null, 'app.criticality', { status: 'answered', value: 'business-critical' });
  there.addApplication('Telehealth Video Visits');
  there.close();
  return { mine, theirs };
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

const dir = mkdtempSync(join(tmpdir(), 'cwb-merge-shots-'));
const engagementDir = join(dir, 'engagements');
let files = prepare(engagementDir);

await screenshotRun({ dir, engagementDir, outDir, sizes: SIZES }, async (page, size) => {
  for (const projector of [false, true]) {
    const suffix = `${projector ? 'projector' : 'normal'}-${size.name}`;
    await page.getByRole('button', { name: 'Open engagement file…' }).click();
    await page.getByLabel('Or paste a full path').fill(files.mine);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('engagement-screen').waitFor();
    const projectorButton = page.getByRole('button', { name: 'Projector' });
    if ((await projectorButton.getAttribute('aria-pressed')) !== String(projector)) await projectorButton.click();

    await page.getByRole('button', { name: /Lab Results Portal/ }).click();
    await page.getByRole('button', { name: 'Form', exact: true }).click();
    const owner = page.locator('[data-question-id="app.owner"]');
    await owner.getByTestId('evidence-item').first().scrollIntoViewIfNeeded();
    await shoot(page, `evidence-answer-${suffix}`);
    await owner.getByRole('button', { name: 'Preview replication-console.png' }).click();
    await page.frameLocator('[data-testid="evidence-preview-frame"]').locator('img').waitFor();
    await shoot(page, `evidence-preview-${suffix}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await owner.getByRole('button', { name: 'Preview DR test minutes March.pdf' }).click();
    await page.getByTestId('evidence-preview-pages').locator('canvas').waitFor();
    await shoot(page, `evidence-preview-pdf-${suffix}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: /Import & export/ }).click();
    await page.getByRole('menuitem', { name: /Merge another copy/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge another copy' });
    await dialog.getByLabel('The other copy').fill(files.theirs);
    await dialog.getByRole('button', { name: 'Compare' }).click();
    await dialog.getByTestId('merge-summary').waitFor();
    await shoot(page, `merge-conflicts-${suffix}`);
    const conflicts = dialog.getByTestId('merge-conflict');
    await dialog.getByRole('button', { name: 'Keep this copy for all' }).click();
    await conflicts.nth(0).getByRole('radio', { name: /Keep the other copy/ }).check();
    await conflicts.nth(1).getByRole('radio', { name: /Keep this copy/ }).focus();
    await page.keyboard.press('t');
    await shoot(page, `merge-decided-${suffix}`);
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await dialog.getByTestId('merge-done').waitFor();
    await shoot(page, `merge-done-${suffix}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Close engagement' }).click().catch(() => undefined);
    await page.getByTestId('start-screen').waitFor();
    // The next round starts from copies that have not been merged yet.
    files = prepare(join(dir, `engagements-${size.name}-${projector}`));
  }
});
