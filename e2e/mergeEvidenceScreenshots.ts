/**
 * `npx tsx e2e/mergeEvidenceScreenshots.ts [OUT_DIR]`: evidence beside an answer and its preview,
 * and merging another copy (conflicts undecided, decided, merged), at a projector's and a desktop
 * monitor's size, in normal and projector mode.
 */
import type { Page } from 'playwright-core';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildDemoEngagement, DEMO_FILE_NAME } from '../electron/core/demo';
import { TINY_PDF } from '../electron/core/attachments/testFiles';
import { EngagementStore } from '../electron/core/store/engagementStore';
import { SCREEN_SIZES, screenshotRun } from './support/screenshotRun';

const SIZES = SCREEN_SIZES.filter((size) => size.name === '1280x720' || size.name === '1920x1080');
const outDir = process.argv[2] ?? '/tmp/merge-evidence-shots';
mkdirSync(outDir, { recursive: true });

/** A 640×360 picture with a few coloured bands, standing in for a screenshot of a replication console. */
function bandsPng(): Buffer {
  const width = 640;
  const height = 360;
  const colours = [[11, 106, 108], [35, 119, 90], [154, 91, 0], [220, 223, 228]];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) row.set(colours[Math.floor((y / height) * colours.length)]!.map((c) => (x % 80 < 4 ? 255 : c)), 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

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
  here.addAttachment({ applicationId: lab.id, componentId: null, questionId: 'app.owner' }, { name: 'replication-console.png', bytes: bandsPng() });
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
