import { defineConfig } from '@playwright/test';
import type { HostTarget } from './support/fixtures';

interface HostOptions {
  target: HostTarget;
}

/**
 * One suite, two hosts: every spec runs against browser mode in Debian's Chromium, and against
 * the Electron desktop app where an Electron binary exists (elsewhere those runs skip, saying why).
 */
export default defineConfig<HostOptions>({
  testDir: './tests',
  outputDir: './.output',
  globalSetup: './support/globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { viewport: { width: 1280, height: 720 }, trace: 'retain-on-failure' },
  projects: [
    { name: 'browser', use: { target: 'browser' } },
    { name: 'electron', use: { target: 'electron' }, testIgnore: /browserMode.*\.spec\.ts/ },
  ],
});
