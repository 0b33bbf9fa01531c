/**
 * `npm run bench:ui`: how the interface keeps up with a big estate (5,000 applications, 50,000
 * VMs) in Chromium, through browser mode as a consultant uses it. A benchmark, not a test:
 * nothing is asserted; the medians are printed, and with `--json` as one JSON object on the last
 * line. Figures depend on the machine and on what else runs on it.
 */
import { chromium, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRealisticEngagement } from '../electron/bench/largeEngagement';
import { EngagementStore } from '../electron/core/store/engagementStore';
import { ensureRendererBuilt } from '../electron/server/rendererBuild';
import { startServer } from './support/browserMode';
import { CHROMIUM, CHROMIUM_ARGS } from './support/paths';
import { seedProfile } from './support/profile';

const APPLICATIONS = Number(process.env.CWB_BENCH_APPS ?? 5000);
const VMS = Number(process.env.CWB_BENCH_VMS ?? 50_000);
const ROUNDS = 7;
const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) console.log(line);
};

/** The realistic engagement of the core's bench, topped up with VMs spread over its applications. */
function buildEngagement(dir: string): string {
  const path = join(dir, 'ui-scale.cwb');
  buildRealisticEngagement(path, join(dir, 'template.cwb'), APPLICATIONS);
  const store = EngagementStore.open(path, 'bench');
  const applications = store.applicationNames();
  const missing = VMS - store.vms().length;
  const creates = Array.from({ length: missing }, (_, i) => ({
    name: `ui-vm-${String(i).padStart(5, '0')}`,
    applicationName: i % 10 === 0 ? null : applications[i % applications.length]!.name,
    values: {
      os: i % 3 === 0 ? 'Ubuntu Linux (64-bit)' : 'Microsoft Windows Server 2022 (64-bit)',
      vcpu: 2 + (i % 8),
      memoryGb: 4 * (1 + (i % 8)),
      provisionedGb: 80 + (i % 20) * 40,
      largestDiskGb: null,
      powerState: i % 17 === 0 ? ('poweredOff' as const) : ('poweredOn' as const),
      host: `esx-${String(i % 64).padStart(2, '0')}`,
      cluster: `cluster-${i % 6}`,
    },
  }));
  store.applyInventoryImport('ui-bench', { fileName: 'generated', sheet: 'vInfo' }, { applications: [], creates, updates: [] });
  store.close();
  return path;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

/** From a click on an application in the list to its interview on screen, next frame painted. */
async function switchApplication(page: Page, index: number): Promise<number> {
  const button = page.locator('[data-application-id]').nth(index);
  const name = (await button.locator('.name').textContent())!;
  return timed(async () => {
    await button.click();
    await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
    await page.evaluate('new Promise(requestAnimationFrame)');
  });
}

async function openView(page: Page, keys: string, ready: () => Promise<void>): Promise<number> {
  const ms = await timed(async () => {
    await page.keyboard.press(keys);
    await ready();
    await page.evaluate('new Promise(requestAnimationFrame)');
  });
  await page.keyboard.press(keys);
  await page.getByTestId('engagement-screen').waitFor();
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), 'cwb-ui-bench-'));
try {
  await ensureRendererBuilt(log);
  log(`Building an engagement of ${APPLICATIONS.toLocaleString('en')} applications and ${VMS.toLocaleString('en')} VMs…`);
  const path = buildEngagement(dir);
  seedProfile(join(dir, 'data'), 'bench');
  const server = await startServer({ CWB_DATA_DIR: join(dir, 'data'), CWB_ENGAGEMENT_DIR: dir, CWB_ACTOR: 'bench' }, [path]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const openMs = await timed(async () => {
      await page.goto(server.url);
      await page.locator('[data-application-id]').first().waitFor({ timeout: 120_000 });
    });
    log(`open: ${Math.round(openMs)} ms to the engagement screen`);

    const switches: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) switches.push(await switchApplication(page, (round % 5) + 1));
    const dashboard: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      dashboard.push(await openView(page, 'Alt+D', () => page.getByTestId('dashboard').getByRole('table').waitFor({ timeout: 120_000 })));
    }
    const worklist: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      worklist.push(await openView(page, 'Alt+V', () => page.getByRole('grid', { name: 'Virtual machines' }).getByRole('row').nth(5).waitFor({ timeout: 120_000 })));
    }
    // The first opening assesses every application; later ones, with nothing changed, reuse it.
    const results = {
      ui_open_ms: Math.round(openMs),
      ui_switch_application_ms: median(switches),
      ui_dashboard_first_ms: Math.round(dashboard[0]!),
      ui_dashboard_again_ms: median(dashboard.slice(1)),
      ui_vm_worklist_ms: median(worklist),
    };
    log(`switch application: median ${results.ui_switch_application_ms} ms (${switches.map(Math.round).join(', ')})`);
    log(`open the dashboard: ${results.ui_dashboard_first_ms} ms the first time, then median ${results.ui_dashboard_again_ms} ms (${dashboard.map(Math.round).join(', ')})`);
    log(`open the VM worklist: median ${results.ui_vm_worklist_ms} ms (${worklist.map(Math.round).join(', ')})`);
    if (json) console.log(JSON.stringify(results));
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
