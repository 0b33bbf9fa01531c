import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../../shared/api/contract';
import { EngagementStore } from '../store/engagementStore';
import { openDatabase } from '../store/sqliteDriver';
import { migrate } from '../store/migrate';
import { SCHEMA_VERSION } from '../store/migrations';
import { RVTOOLS_FIXTURE } from '../import/testFiles';

/**
 * Engagement files a consultant may be handed, or be left with: not ours at all, damaged, from a
 * newer version, carrying their own SQL (triggers, views), with tables altered, rows the app
 * never writes, values and row counts past the limits, and names that are links, pipes or
 * devices. Each is made from a real engagement by the SQL or the file operation an attacker (or
 * an accident) would use, and says how every door of the app must refuse it.
 */
export interface HostileEngagement {
  name: string;
  /** Makes the file at `path`; `template` is a real engagement to start from, `scratch` a folder for anything else it needs. */
  make: (path: string, template: string, scratch: string) => void;
  code: ErrorCode;
  message: RegExp;
  /** A link, pipe, device or folder: made afresh for each door rather than copied, and compared by what it is rather than by its bytes. */
  special?: boolean;
}

/** A real engagement with enough applications and answers to span many pages. */
export function realEngagement(path: string, applications = 300): void {
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
export function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** A copy of the template changed with plain SQL, as any SQLite tool would (foreign keys off, as such tools have them). */
function altered(path: string, template: string, sql: string, options: { unsafe?: boolean } = {}): void {
  copyFileSync(template, path);
  const db = openDatabase(path);
  try {
    db.pragma('foreign_keys = OFF');
    if (options.unsafe) {
      db.unsafeMode(true);
      db.pragma('writable_schema = ON');
    }
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** Rewrites one table's CREATE statement in place (the way a tool with the schema unlocked would), keeping its rows. */
function rewriteTable(path: string, template: string, table: string, change: (sql: string) => string): void {
  copyFileSync(template, path);
  const db = openDatabase(path);
  try {
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string };
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?").run(change(sql), table);
  } finally {
    db.close();
  }
}

/** An engagement file at format version 1, written by the first migration itself (through the app's migration runner), with one answered application. */
export function writeVersion1File(path: string): void {
  const db = openDatabase(path);
  db.pragma('journal_mode = DELETE');
  migrate(db, 0, 1);
  db.transaction(() => {
    db.prepare("INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES ('e', 'Old customer', 'Old file', '2024-01-01', '2024-01-01')").run();
    db.prepare("INSERT INTO application (id, name, created_at, position) VALUES ('billing', 'Billing', '2024-01-01', 0)").run();
    db.prepare(
      `INSERT INTO answer (application_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
       VALUES ('billing', 'app.owner', '{"status":"answered","value":"Jane Doe, finance"}', 'met on Tuesday', 'alex', '2024-01-01T00:00:00.000Z', 1)`,
    ).run();
  })();
  db.close();
}

export const HOSTILE_ENGAGEMENTS: HostileEngagement[] = [
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
  { name: 'an empty file', make: (path) => writeFileSync(path, ''), code: 'NOT_SQLITE', message: /empty/ },
  {
    name: 'only the first bytes of the SQLite signature',
    make: (path) => writeFileSync(path, 'SQLite format'),
    code: 'NOT_SQLITE',
    message: /not a SQLite database/,
  },
  {
    name: 'a SQLite database of another program',
    make: (path) => {
      const db = openDatabase(path);
      db.exec("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO message (body) VALUES ('hello');");
      db.close();
    },
    code: 'NOT_AN_ENGAGEMENT',
    message: /not a Continuity Workbook engagement/,
  },
  {
    name: 'an engagement from a newer version of the app',
    make: (path, template) => altered(path, template, `PRAGMA user_version = ${SCHEMA_VERSION + 1}`),
    code: 'NEWER_SCHEMA',
    message: /newer version of Continuity Workbook/,
  },
  {
    name: 'an engagement cut off at half its size',
    make: (path, template) => {
      copyFileSync(template, path);
      truncateSync(path, Math.floor(statSync(path).size / 2));
    },
    code: 'CORRUPT',
    message: /damaged/,
  },
  {
    name: 'an engagement with one damaged page',
    make: (path, template) => {
      const bytes = readFileSync(template);
      const pageSize = bytes.readUInt16BE(16);
      // A page from the middle of the file, where the applications and answers are: noise, as a bad sector would read.
      seededBytes(pageSize, 7).copy(bytes, Math.floor(bytes.length / pageSize / 2) * pageSize);
      writeFileSync(path, bytes);
    },
    code: 'CORRUPT',
    message: /damaged/,
  },
  {
    name: 'an engagement switched to write-ahead logging by another tool',
    make: (path, template) => altered(path, template, 'PRAGMA journal_mode = WAL'),
    code: 'NOT_AN_ENGAGEMENT',
    message: /write-ahead log/,
  },
  {
    name: 'a trigger that deletes every answer on the next save',
    make: (path, template) => altered(path, template, 'CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM answer; END;'),
    code: 'CORRUPT',
    message: /it carries a trigger "t" on table "audit": SQL that would run by itself/,
  },
  {
    name: "a trigger that rewrites the customer's name",
    make: (path, template) =>
      altered(path, template, "CREATE TRIGGER rename_customer AFTER UPDATE ON answer BEGIN UPDATE engagement SET customer = 'Someone else'; END;"),
    code: 'CORRUPT',
    message: /trigger "rename_customer" on table "answer"/,
  },
  {
    name: 'a view in place of the sites table, showing invented sites',
    make: (path, template) =>
      altered(
        path,
        template,
        `DROP TABLE site;
         CREATE VIEW site AS SELECT 'invented' AS id, 'Invented site' AS name, '' AS location, 'tier-4' AS datacenter_tier, 2 AS utility_feeds, 0 AS position;`,
      ),
    code: 'CORRUPT',
    message: /it carries a view "site": SQL that could show other data in place of the file’s own/,
  },
  {
    name: 'the answers table rebuilt with other columns',
    make: (path, template) =>
      altered(
        path,
        template,
        `PRAGMA legacy_alter_table = ON;
         CREATE TABLE answer_other (application_id TEXT, question_id TEXT, value TEXT);
         DROP TABLE answer;
         ALTER TABLE answer_other RENAME TO answer;`,
      ),
    code: 'CORRUPT',
    message: /its table "answer" was altered \(it has a column "value" that this format does not have\)/,
  },
  {
    name: "a column's declared type changed",
    make: (path, template) => rewriteTable(path, template, 'vm', (sql) => sql.replace('vcpu INTEGER', 'vcpu BLOB')),
    code: 'CORRUPT',
    message: /its table "vm" was altered \(its column "vcpu" is declared BLOB instead of INTEGER\)/,
  },
  {
    name: 'a CHECK constraint taken out of the engagement table',
    make: (path, template) =>
      rewriteTable(path, template, 'engagement', (sql) => sql.replace(" CHECK (status IN ('draft', 'in-review', 'signed-off'))", '')),
    code: 'CORRUPT',
    message: /its table "engagement" was altered \(its constraints differ/,
  },
  {
    name: 'an extra index',
    make: (path, template) => altered(path, template, 'CREATE INDEX answer_note ON answer (note);'),
    code: 'CORRUPT',
    message: /it has an index "answer_note" on table "answer" that this format does not have/,
  },
  {
    name: 'an extra table',
    make: (path, template) => altered(path, template, 'CREATE TABLE notes_to_self (body TEXT);'),
    code: 'CORRUPT',
    message: /it has a table "notes_to_self" that this format does not have/,
  },
  {
    name: 'an index dropped',
    make: (path, template) => altered(path, template, 'DROP INDEX audit_entity;'),
    code: 'CORRUPT',
    message: /its index "audit_entity" on table "audit" is missing/,
  },
  {
    name: 'an answer holding text that is not JSON',
    make: (path, template) => altered(path, template, "UPDATE answer SET state_json = '{\"status\": \"answered\", \"value\": ' WHERE rowid = (SELECT min(rowid) FROM answer);"),
    code: 'CORRUPT',
    message: /table answer, row \d+ \(application_id "[^"]+", question_id "app\.owner"\): column state_json is not valid JSON/,
  },
  {
    name: 'an answer holding JSON that is no answer',
    make: (path, template) => altered(path, template, 'UPDATE answer SET state_json = \'{"status":"maybe"}\' WHERE rowid = (SELECT min(rowid) FROM answer);'),
    code: 'CORRUPT',
    message: /table answer, application_id "[^"]+", question_id "app\.owner": status/,
  },
  {
    name: 'an application name stored as bytes',
    make: (path, template) => altered(path, template, "UPDATE application SET name = x'00ff10' WHERE rowid = (SELECT min(rowid) FROM application);"),
    code: 'CORRUPT',
    message: /table application, row \d+ \(id "[^"]+"\): column name holds a BLOB value where it declares TEXT/,
  },
  {
    name: 'a note of 1.5 MB',
    make: (path, template) => altered(path, template, "UPDATE answer SET note = printf('%.*c', 1572864, 'n') WHERE rowid = (SELECT min(rowid) FROM answer);"),
    code: 'TOO_LARGE',
    message: /table answer, row \d+ .*column note holds a value of 1\.5 MB \(at most 1 MB\)/,
  },
  {
    name: 'more applications than an engagement ever has',
    make: (path, template) =>
      altered(
        path,
        template,
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20001)
         INSERT INTO application (id, name, created_at, position) SELECT 'bulk-' || i, 'Bulk ' || i, '2026-01-01', 1000 + i FROM n;`,
      ),
    code: 'TOO_LARGE',
    message: /table application has more than 20,000 rows/,
  },
  {
    name: 'a symbolic link to a file carrying a trigger',
    special: true,
    make: (path, template, scratch) => {
      const target = join(scratch, 'linked-target.cwb');
      altered(target, template, 'CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM answer; END;');
      symlinkSync(target, path);
    },
    code: 'CORRUPT',
    message: /trigger "t" on table "audit"/,
  },
  {
    name: 'a hard link to a file with a view',
    special: true,
    make: (path, template, scratch) => {
      const target = join(scratch, 'hard-linked.cwb');
      altered(target, template, 'CREATE VIEW everything AS SELECT * FROM answer;');
      linkSync(target, path);
    },
    code: 'CORRUPT',
    message: /view "everything"/,
  },
  {
    name: 'a named pipe (FIFO)',
    special: true,
    make: (path) => execFileSync('mkfifo', [path]),
    code: 'NOT_AN_ENGAGEMENT',
    message: /is a named pipe \(FIFO\)/,
  },
  {
    name: 'a link to /dev/zero',
    special: true,
    make: (path) => symlinkSync('/dev/zero', path),
    code: 'NOT_AN_ENGAGEMENT',
    message: /is a character device/,
  },
  {
    name: 'a folder named like an engagement',
    special: true,
    make: (path) => mkdirSync(path),
    code: 'NOT_FOUND',
    message: /is a folder, not an engagement file/,
  },
];
