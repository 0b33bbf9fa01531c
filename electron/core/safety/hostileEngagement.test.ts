import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/api/contract';
import type { EngagementView } from '../../../shared/domain/engagement';
import { cwb } from '../../cli/testCli';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { ENGAGEMENT_APPLICATION_ID } from '../store/fileCheck';
import { MIGRATIONS, SCHEMA_VERSION } from '../store/migrations';
import { RVTOOLS_FIXTURE } from '../import/testFiles';
import { Workbench } from '../workbench';

/**
 * Files a consultant may be handed or left with, opened both ways a user can: the app's
 * `engagement.open` and `cwb info`. Each is refused with its stable code and a message naming the
 * file, quickly, and the file is left byte for byte as it was. The store's own tests cover some
 * of these on EngagementStore.open; these go through the hosts' front doors.
 */

const tempDir = useTempDir();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** Generous: a refusal reads a header and at most checks the file once; anything near this is a hang. */
const NO_HANG_MS = 10_000;

function workbenchIn(dir: string): Workbench {
  return new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
}

/** A real engagement with enough applications and answers to span many pages. */
function realEngagement(path: string, applications = 300): void {
  const store = EngagementStore.create(path, { customer: 'Acme', title: 'Hostile files' }, 'tester');
  // One transaction, one disk sync: the tests need the pages, not hundreds of separate saves.
  store.batch('filling', () => {
    for (let i = 0; i < applications; i += 1) {
      const app = store.addApplication(`Application ${i} ${'x'.repeat(60)}`);
      store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: `Owner ${i} ${'y'.repeat(80)}` });
    }
  });
  store.close();
}

/** Bytes from a fixed seed, so a failure shows the same file again. */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

interface Hostile {
  name: string;
  make: (path: string) => void;
  code: (typeof ERROR_CODES)[number];
  message: RegExp;
}

const HOSTILE: Hostile[] = [
  {
    name: 'a text file renamed .cwb',
    make: (path) => writeFileSync(path, 'Workshop notes, Tuesday\nSQLite format 3 is mentioned here but not at the start.\n'),
    code: 'NOT_SQLITE',
    message: /not a SQLite database/,
  },
  {
    name: 'random bytes',
    make: (path) => writeFileSync(path, seededBytes(64 * 1024, 11)),
    code: 'NOT_SQLITE',
    message: /not a SQLite database/,
  },
  {
    name: 'an Excel workbook renamed .cwb',
    make: (path) => copyFileSync(RVTOOLS_FIXTURE, path),
    code: 'NOT_SQLITE',
    message: /not a SQLite database/,
  },
  {
    name: 'an empty file',
    make: (path) => writeFileSync(path, ''),
    code: 'NOT_SQLITE',
    message: /empty/,
  },
  {
    name: 'only the first bytes of the SQLite signature',
    make: (path) => writeFileSync(path, 'SQLite format'),
    code: 'NOT_SQLITE',
    message: /not a SQLite database/,
  },
  {
    name: 'a SQLite database of another program',
    make: (path) => {
      const db = new Database(path);
      db.exec("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO message (body) VALUES ('hello');");
      db.close();
    },
    code: 'NOT_AN_ENGAGEMENT',
    message: /not a Continuity Workbook engagement/,
  },
  {
    name: 'an engagement from a newer version of the app',
    make: (path) => {
      realEngagement(path, 3);
      const db = new Database(path);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
    },
    code: 'NEWER_SCHEMA',
    message: /newer version of Continuity Workbook/,
  },
  {
    name: 'an engagement cut off at half its size',
    make: (path) => {
      realEngagement(path);
      truncateSync(path, Math.floor(statSync(path).size / 2));
    },
    code: 'CORRUPT',
    message: /damaged/,
  },
  {
    name: 'an engagement with one damaged page',
    make: (path) => {
      realEngagement(path);
      const bytes = readFileSync(path);
      const pageSize = bytes.readUInt16BE(16);
      // A page from the middle of the file, where the applications and answers are: noise, as a bad sector would read.
      const page = Math.floor(bytes.length / pageSize / 2);
      seededBytes(pageSize, 7).copy(bytes, page * pageSize);
      writeFileSync(path, bytes);
    },
    code: 'CORRUPT',
    message: /damaged/,
  },
];

describe('a hostile engagement file', () => {
  for (const hostile of HOSTILE) {
    it(`${hostile.name}: engagement.open and cwb info refuse it with ${hostile.code}, quickly, and leave it byte-identical`, async () => {
      const dir = tempDir();
      const path = join(dir, 'handed-over.cwb');
      hostile.make(path);
      const hash = sha256(path);
      const listing = readdirSync(dir).sort();

      // The consultant had another engagement open: a refused file must not close it.
      const workbench = workbenchIn(dir);
      const good = join(dir, 'good.cwb');
      realEngagement(good, 1);
      expect('result' in (await workbench.dispatch('engagement.open', { path: good }))).toBe(true);
      const filesBefore = [...listing, 'data', 'good.cwb'].sort();

      let started = performance.now();
      const opened = await workbench.dispatch('engagement.open', { path });
      expect(performance.now() - started).toBeLessThan(NO_HANG_MS);
      if (!('error' in opened)) throw new Error('the file was opened');
      expect(opened.error).toMatchObject({ code: hostile.code, message: expect.stringMatching(hostile.message) });
      expect(opened.error.message).toContain(path);
      const current = await workbench.dispatch('engagement.current', {});
      expect('result' in current && (current.result as EngagementView | null)?.path).toBe(good);
      workbench.close();

      started = performance.now();
      const info = await cwb('info', path, '--json');
      expect(performance.now() - started).toBeLessThan(NO_HANG_MS);
      expect(info).toMatchObject({ code: 1, out: '' });
      expect(JSON.parse(info.err).error).toMatchObject({ code: hostile.code, message: expect.stringMatching(hostile.message) });
      const text = await cwb('info', path);
      expect(text.code).toBe(1);
      expect(text.err).toMatch(hostile.message);

      expect(sha256(path)).toBe(hash);
      // Nothing left beside it either: no journal, lock or copy made for a file that was refused.
      expect(readdirSync(dir).sort()).toEqual(filesBefore);
    });
  }
});

/** An engagement file at format version 1, written by the first migration itself, with one answered application. */
function writeVersion1File(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.transaction(() => {
    for (const migration of MIGRATIONS.filter((m) => m.version <= 1)) {
      db.exec(migration.sql);
      migration.seed?.(db);
    }
    db.prepare("INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES ('e', 'Old customer', 'Old file', '2024-01-01', '2024-01-01')").run();
    db.prepare("INSERT INTO application (id, name, created_at, position) VALUES ('billing', 'Billing', '2024-01-01', 0)").run();
    db.prepare(
      `INSERT INTO answer (application_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
       VALUES ('billing', 'app.owner', '{"status":"answered","value":"Jane Doe, finance"}', 'met on Tuesday', 'alex', '2024-01-01T00:00:00.000Z', 1)`,
    ).run();
  })();
  db.pragma('user_version = 1');
  db.pragma(`application_id = ${ENGAGEMENT_APPLICATION_ID}`);
  db.close();
}

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
