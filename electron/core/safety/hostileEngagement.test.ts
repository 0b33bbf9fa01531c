import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngagementView } from '../../../shared/domain/engagement';
import { startServing } from '../../cli/main';
import { cwb } from '../../cli/testCli';
import { TOKEN_HEADER } from '../../server/server';
import { CwbError } from '../errors';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { SCHEMA_VERSION } from '../store/migrations';
import { historyFolder } from '../store/snapshots';
import { RVTOOLS_FIXTURE } from '../import/testFiles';
import { Workbench } from '../workbench';
import { HOSTILE_ENGAGEMENTS, realEngagement, writeVersion1File, type HostileEngagement } from './hostileCorpus';

/**
 * The hostile-engagement corpus (hostileCorpus.ts) against every door through which a file is
 * opened: the app's `engagement.open`, browser mode started with the file, every `cwb` command
 * that reads or writes an engagement, a restore or comparison with a snapshot, and the store's
 * own read and inspect. Each door refuses each file with its stable code and a message naming
 * the file and the problem, quickly, and leaves it byte for byte as it was, with nothing made
 * beside it.
 */

const tempDir = useTempDir();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** Generous: a refusal reads a header and at most checks the file once; anything near this is a hang. */
const NO_HANG_MS = 10_000;

function workbenchIn(dir: string): Workbench {
  return new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
}

// Made once for the whole file (each test's own folders are removed after it): the real engagement
// every hostile file starts from, and each hostile file, copied to every door.
let scratch: string;
let template: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cwb-hostile-'));
  template = join(scratch, 'template.cwb');
  realEngagement(template);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Refusal {
  /** The stable code, where the door shows one (the text outputs show only the message). */
  code: string | null;
  message: string;
}

interface Door {
  name: string;
  refuse: (path: string, out: string) => Promise<Refusal>;
}

function cliRefusal(result: { code: number; out: string; err: string }, json: boolean): Refusal {
  expect(result.code, result.err).toBe(1);
  expect(result.out).toBe('');
  if (!json) return { code: null, message: result.err.replace(/^cwb: /, '') };
  const body = JSON.parse(result.err) as { error: { code: string; message: string } };
  return body.error;
}

function cliDoor(name: string, argv: (path: string, out: string) => string[]): Door {
  const json = name.includes('--json');
  return { name, refuse: async (path, out) => cliRefusal(await cwb(...argv(path, out)), json) };
}

function post(port: number, token: string, method: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers: { host: `127.0.0.1:${port}`, [TOKEN_HEADER]: token } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(JSON.parse(body)));
      },
    );
    request.on('error', reject);
    request.end('{}');
  });
}

const DOORS: Door[] = [
  {
    name: "the app's engagement.open (with another engagement open, which stays open)",
    refuse: async (path, out) => {
      const workbench = workbenchIn(out);
      const good = join(out, 'good.cwb');
      copyFileSync(template, good);
      try {
        expect('result' in (await workbench.dispatch('engagement.open', { path: good }))).toBe(true);
        const opened = await workbench.dispatch('engagement.open', { path });
        if (!('error' in opened)) throw new Error('the file was opened');
        const current = await workbench.dispatch('engagement.current', {});
        expect('result' in current && (current.result as EngagementView | null)?.path).toBe(good);
        return opened.error;
      } finally {
        workbench.close();
      }
    },
  },
  {
    name: 'browser mode started with the file (cwb serve FILE): it starts, and the start screen says why',
    refuse: async (path, out) => {
      const renderer = join(out, 'renderer');
      mkdirSync(renderer);
      writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>stand-in</title>');
      const printed: string[] = [];
      const { running, workbench } = await startServing([path, '--no-open'], { out: (t) => printed.push(t), err: (t) => printed.push(t) }, { dir: renderer, build: false });
      try {
        expect(printed.at(-1)).toMatch(/^Continuity Workbook running at http:\/\/127\.0\.0\.1:\d+\//);
        const current = (await post(running.port, running.token, 'engagement.current')) as { result: unknown };
        expect(current.result).toBeNull();
        const info = (await post(running.port, running.token, 'app.info')) as { result: { startupNotice: string } };
        expect(printed[0]).toBe(`cwb: ${info.result.startupNotice}`);
        return { code: null, message: info.result.startupNotice };
      } finally {
        await running.close();
        workbench.close();
      }
    },
  },
  cliDoor('cwb info', (path) => ['info', path]),
  cliDoor('cwb info --json', (path) => ['info', path, '--json']),
  cliDoor('cwb assess --json', (path) => ['assess', path, '--json']),
  cliDoor('cwb export --format json', (path, out) => ['export', path, '--format', 'json', '-o', join(out, 'out.json')]),
  cliDoor('cwb export --format xlsx', (path, out) => ['export', path, '--format', 'xlsx', '-o', join(out, 'out.xlsx')]),
  cliDoor('cwb report --format html', (path, out) => ['report', path, '--format', 'html', '-o', join(out, 'out.html')]),
  cliDoor('cwb import-answers --json', (path, out) => ['import-answers', path, join(out, 'filled-in.xlsx'), '--json']),
  cliDoor('cwb import-answers --apply --json', (path, out) => ['import-answers', path, join(out, 'filled-in.xlsx'), '--apply', '--json']),
  cliDoor('cwb import --dry-run --json', (path) => ['import', path, RVTOOLS_FIXTURE, '--dry-run', '--json']),
  cliDoor('cwb import --json', (path) => ['import', path, RVTOOLS_FIXTURE, '--json']),
  cliDoor('cwb signoff --json', (path) => ['signoff', path, '--signer', 'Dana', '--role', 'CIO', '--org', 'Acme', '--json']),
  cliDoor('cwb reopen --json', (path) => ['reopen', path, '--reason', 'more questions', '--json']),
  cliDoor('cwb verify FILE.cwb --json', (path) => ['verify', path, '--json']),
  cliDoor('cwb snapshots --json', (path) => ['snapshots', path, '--json']),
  cliDoor('cwb restore --json', (path) => ['restore', path, '1', '--json']),
  {
    name: 'EngagementStore.read and inspect',
    refuse: async (path) => {
      const refusals: Refusal[] = [];
      for (const reading of [() => EngagementStore.inspect(path), () => EngagementStore.read(path, (store) => store.details())]) {
        try {
          reading();
          throw new Error('the file was read');
        } catch (error) {
          if (!(error instanceof CwbError)) throw error;
          refusals.push({ code: error.code, message: error.message });
        }
      }
      expect(refusals[1]).toEqual(refusals[0]);
      return refusals[0]!;
    },
  },
];

/** What is at a path, compared after each door: the bytes of a file (links followed), or what a special one is. */
function fingerprint(path: string, hostile: HostileEngagement): string {
  if (!hostile.special) return sha256(path);
  const link = lstatSync(path);
  if (link.isSymbolicLink()) return `link to ${statSync(path).isFile() ? sha256(path) : 'a special file'}`;
  if (link.isFile()) return `hard link ${link.ino} ${sha256(path)}`;
  return `${link.isDirectory() ? 'folder' : link.isFIFO() ? 'fifo' : 'other'} ${link.ino}`;
}

describe('a hostile engagement file at every door', () => {
  const made = new Map<string, string>();
  for (const hostile of HOSTILE_ENGAGEMENTS) {
    it(`${hostile.name}: refused with ${hostile.code} by every door, quickly, and left as it was`, async () => {
      for (const door of DOORS) {
        const dir = tempDir();
        const out = tempDir();
        const path = join(dir, 'handed-over.cwb');
        if (hostile.special) hostile.make(path, template, dir);
        else {
          if (!made.has(hostile.name)) {
            const master = join(scratch, `${made.size}.cwb`);
            hostile.make(master, template, scratch);
            made.set(hostile.name, master);
          }
          copyFileSync(made.get(hostile.name)!, path);
        }
        // A good snapshot beside it, so that a restore gets as far as the file itself.
        mkdirSync(historyFolder(path));
        copyFileSync(template, join(historyFolder(path), '2026-01-01T00-00-00.000Z_before-sign-off.cwb'));
        const before = fingerprint(path, hostile);
        const listing = readdirSync(dir).sort();

        const started = performance.now();
        const refusal = await door.refuse(path, out);
        expect(performance.now() - started, door.name).toBeLessThan(NO_HANG_MS);
        if (refusal.code !== null) expect(refusal.code, door.name).toBe(hostile.code);
        expect(refusal.message, door.name).toMatch(hostile.message);
        expect(refusal.message, door.name).toContain(path);

        expect(fingerprint(path, hostile), door.name).toBe(before);
        // Nothing left beside it either: no journal, lock, copy or snapshot made for a file that was refused.
        expect(readdirSync(dir).sort(), door.name).toEqual(listing);
        expect(readdirSync(historyFolder(path)), door.name).toEqual(['2026-01-01T00-00-00.000Z_before-sign-off.cwb']);
        expect(readdirSync(out).filter((name) => !['good.cwb', 'renderer', 'data'].includes(name)), door.name).toEqual([]);
      }
    });
  }
});

describe('a hostile snapshot', () => {
  for (const hostile of HOSTILE_ENGAGEMENTS.filter((candidate) => !candidate.special)) {
    it(`${hostile.name}: restoring or comparing it is refused, and the engagement and the snapshot stay as they were`, async () => {
      const dir = tempDir();
      const path = join(dir, 'engagement.cwb');
      copyFileSync(template, path);
      mkdirSync(historyFolder(path));
      const snapshot = join(historyFolder(path), '2026-01-01T00-00-00.000Z_before-sign-off.cwb');
      hostile.make(snapshot, template, tempDir());
      const engagementHash = sha256(path);
      const snapshotHash = sha256(snapshot);

      const restored = await cwb('restore', path, '1', '--json');
      expect(restored.code).toBe(1);
      expect(JSON.parse(restored.err).error).toMatchObject({ code: hostile.code, message: expect.stringMatching(hostile.message) });

      const workbench = workbenchIn(tempDir());
      try {
        expect('result' in (await workbench.dispatch('engagement.open', { path }))).toBe(true);
        const id = '2026-01-01T00-00-00.000Z_before-sign-off';
        for (const [method, input] of [
          ['snapshots.restore', { id }],
          ['history.compare', { from: { kind: 'snapshot', id }, to: { kind: 'current' } }],
        ] as const) {
          const outcome = await workbench.dispatch(method, input);
          if (!('error' in outcome)) throw new Error(`${method} used the snapshot`);
          expect(outcome.error, method).toMatchObject({ code: hostile.code, message: expect.stringMatching(hostile.message) });
        }
        // The engagement is still open after the refused restore, as it was.
        const current = await workbench.dispatch('engagement.current', {});
        expect('result' in current && (current.result as EngagementView).path).toBe(path);
      } finally {
        workbench.close();
      }
      expect(sha256(path)).toBe(engagementHash);
      expect(sha256(snapshot)).toBe(snapshotHash);
      expect(readdirSync(historyFolder(path))).toEqual(['2026-01-01T00-00-00.000Z_before-sign-off.cwb']);
    });
  }
});

describe('an engagement from an old version of the app', () => {
  it('cwb info describes nothing and changes nothing; engagement.open migrates it and keeps its data', async () => {
    const dir = tempDir();
    const path = join(dir, 'old.cwb');
    writeVersion1File(path);
    const hash = sha256(path);

    const info = await cwb('info', path, '--json');
    expect(info).toMatchObject({ code: 1, out: '' });
    const refusal = JSON.parse(info.err) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('OLDER_SCHEMA');
    expect(refusal.error.message).toMatch(/older file format/);
    expect(sha256(path)).toBe(hash);
    expect(readdirSync(dir)).toEqual(['old.cwb']);

    const workbench = workbenchIn(dir);
    const started = performance.now();
    const opened = await workbench.dispatch('engagement.open', { path });
    expect(performance.now() - started).toBeLessThan(NO_HANG_MS);
    if (!('result' in opened)) throw new Error(`refused: ${JSON.stringify(opened.error)}`);
    const view = opened.result as EngagementView;
    expect(view.schemaVersion).toBe(SCHEMA_VERSION);
    expect(view.details).toMatchObject({ customer: 'Old customer', title: 'Old file' });
    expect(view.applications.map((app) => app.name)).toEqual(['Billing']);
    expect(view.applications[0]!.answers['app.owner']).toMatchObject({
      state: { status: 'answered', value: 'Jane Doe, finance' },
      note: 'met on Tuesday',
      answeredBy: 'alex',
    });
    workbench.close();

    // Once migrated, the same file is an ordinary engagement to the command line too.
    const after = await cwb('info', path, '--json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out)).toMatchObject({ schemaVersion: SCHEMA_VERSION, counts: { applications: 1, answers: 1 } });
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});

describe('a pipe or a device given as a workbook', () => {
  for (const [name, make, what] of [
    ['a named pipe', (path: string) => execFileSync('mkfifo', [path]), /is a named pipe \(FIFO\), which never ends; it is not a workbook/],
    ['/dev/zero', (path: string) => symlinkSync('/dev/zero', path), /is a character device \(such as \/dev\/zero\), not a file; it is not a workbook/],
  ] as const) {
    it(`${name}: the answer import and cwb verify say what it is, at once, and the engagement stays as it was`, async () => {
      const dir = tempDir();
      const path = join(dir, 'engagement.cwb');
      copyFileSync(template, path);
      const workbook = join(dir, 'filled-in.xlsx');
      make(workbook);
      const before = sha256(path);

      const started = performance.now();
      const preview = await cwb('import-answers', path, workbook, '--json');
      expect(preview.code).toBe(1);
      expect(JSON.parse(preview.err).error.message).toMatch(what);
      const verified = await cwb('verify', workbook, '--json');
      expect(verified.code).toBe(1);
      expect(JSON.parse(verified.err).error.message).toMatch(what);
      const workbench = workbenchIn(tempDir());
      try {
        expect('result' in (await workbench.dispatch('engagement.open', { path }))).toBe(true);
        const refused = await workbench.dispatch('answers.importPreview', { path: workbook });
        expect('error' in refused && refused.error.message).toMatch(what);
      } finally {
        workbench.close();
      }
      expect(performance.now() - started).toBeLessThan(NO_HANG_MS);
      expect(sha256(path)).toBe(before);
    });
  }
});

describe('an engagement holding more than an engagement ever loads', () => {
  it('300 notes of 1 MB each (each within the value limit) are refused as TOO_LARGE before any is read into memory', async () => {
    const dir = tempDir();
    const path = join(dir, 'bloated.cwb');
    copyFileSync(template, path);
    const db = new Database(path);
    db.pragma('foreign_keys = OFF');
    db.exec("UPDATE answer SET note = printf('%.*c', 1000000, 'n')");
    db.close();
    const hash = sha256(path);
    const rssBefore = process.memoryUsage().rss;

    const info = await cwb('info', path, '--json');
    expect(info.code).toBe(1);
    expect(JSON.parse(info.err).error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/its data comes to more than 256 MB \(reached at table answer\)/) });
    const workbench = workbenchIn(tempDir());
    const opened = await workbench.dispatch('engagement.open', { path });
    expect('error' in opened && opened.error.code).toBe('TOO_LARGE');
    workbench.close();
    // Refused from SQL's sums alone: the 300 MB never came into this process.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 ** 2);
    expect(sha256(path)).toBe(hash);
  }, 120_000);
});
