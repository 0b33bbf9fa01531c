import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOSTILE_INVENTORIES } from '../core/import/hostileFiles';
import { useTempDir } from '../core/testSupport';
import { cwb } from './testCli';

/**
 * Each hostile inventory through `cwb import` in a process of its own, as a script would run it:
 * the message, the engagement file unchanged to the byte, no snapshot taken, and the peak
 * memory of the whole process under a gigabyte.
 */

const tempDir = useTempDir();
const bin = fileURLToPath(new URL('./bin.mjs', import.meta.url));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const GIGABYTE = 1024 ** 3;

/** Loaded before the CLI: on exit, the process writes its peak resident memory (in KB) where CWB_PEAK_RSS_FILE says. */
const REPORT_PEAK_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.CWB_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

function cwbInChild(dir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string; peakRssBytes: number } {
  const peakFile = join(dir, 'peak-rss-kb');
  const child = spawnSync(process.execPath, ['--import', REPORT_PEAK_RSS, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CWB_PEAK_RSS_FILE: peakFile, CWB_DATA_DIR: join(dir, 'data') },
    timeout: 240_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, peakRssBytes: Number(readFileSync(peakFile, 'utf8')) * 1024 };
}

describe('cwb import of files built to exhaust it, each in a child process', () => {
  for (const { title, make, message } of HOSTILE_INVENTORIES) {
    it(title, async () => {
      const dir = tempDir();
      const engagement = join(dir, 'acme.cwb');
      expect((await cwb('create', engagement, '--customer', 'Acme', '--title', 'DR')).code).toBe(0);
      const before = sha256(engagement);
      const inventory = make(dir);
      const run = cwbInChild(dir, 'import', engagement, inventory, '--json');
      if (message === null) {
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout).vmsCreated).toBeGreaterThan(0);
      } else {
        expect(run.code, run.stderr).toBe(1);
        expect(JSON.parse(run.stderr).error.message).toMatch(message);
        expect(sha256(engagement)).toBe(before);
        expect(existsSync(`${engagement}.history`)).toBe(false);
      }
      expect(run.peakRssBytes).toBeLessThan(GIGABYTE);
      console.log(`${title}: peak RSS ${Math.round(run.peakRssBytes / 1024 ** 2)} MB`);
    }, 300_000);
  }
});
