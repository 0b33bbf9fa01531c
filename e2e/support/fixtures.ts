import { test as base, chromium, _electron, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from './browserMode';
import { seedProfile } from './profile';
import { CHROMIUM, CHROMIUM_ARGS, electronForTests, PROJECT_ROOT } from './paths';

export type HostTarget = 'browser' | 'electron';

/** A fresh data folder and engagement folder per test, handed to the host by environment. */
export interface Workspace {
  dir: string;
  dataDir: string;
  engagementDir: string;
  env: Record<string, string>;
}

/** The app under test, whichever host runs it; `restart` quits it and starts it again on the same folders. */
export interface AppHost {
  target: HostTarget;
  page: Page;
  /** Browser mode only: the running server, for requests made outside the page. */
  server: RunningServer | null;
  restart(): Promise<Page>;
}

interface Running {
  page: Page;
  server: RunningServer | null;
  stop(): Promise<void>;
}

async function launchBrowserMode(browser: Browser, workspace: Workspace): Promise<Running> {
  const server = await startServer(workspace.env);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.url);
  return {
    page,
    server,
    stop: async () => {
      await context.close();
      await server.stop();
    },
  };
}

async function launchElectron(binary: string, workspace: Workspace): Promise<Running> {
  const app: ElectronApplication = await _electron.launch({
    executablePath: binary,
    args: [PROJECT_ROOT],
    env: { ...process.env, ...workspace.env } as Record<string, string>,
  });
  const page = await app.firstWindow();
  return { page, server: null, stop: () => app.close() };
}

export const test = base.extend<{ target: HostTarget; workspace: Workspace; app: AppHost }, { chromiumBrowser: Browser }>({
  target: ['browser', { option: true }],

  chromiumBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  workspace: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'cwb-e2e-'));
    const workspace: Workspace = {
      dir,
      dataDir: join(dir, 'data'),
      engagementDir: join(dir, 'engagements'),
      env: { CWB_DATA_DIR: join(dir, 'data'), CWB_ENGAGEMENT_DIR: join(dir, 'engagements'), CWB_ACTOR: 'e2e consultant' },
    };
    mkdirSync(workspace.engagementDir, { recursive: true });
    seedProfile(workspace.dataDir, 'e2e consultant');
    await use(workspace);
    rmSync(dir, { recursive: true, force: true });
  },

  app: async ({ target, workspace, chromiumBrowser }, use, testInfo) => {
    const electron = target === 'electron' ? electronForTests() : null;
    if (electron !== null && 'skip' in electron) testInfo.skip(true, electron.skip);
    const binary = electron !== null && 'binary' in electron ? electron.binary : null;
    const launch = () => (binary ? launchElectron(binary, workspace) : launchBrowserMode(chromiumBrowser, workspace));
    let running = await launch();
    const host: AppHost = {
      target,
      get page() {
        return running.page;
      },
      get server() {
        return running.server;
      },
      restart: async () => {
        await running.stop();
        running = await launch();
        return running.page;
      },
    };
    await use(host);
    await running.stop();
  },
});

export { expect } from '@playwright/test';
