import { copyFileSync, readFileSync, writeFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CwbError } from '../errors';
import { useTempDir } from '../testSupport';
import { defaultAssumptions } from '../../../shared/rules/assumptions';
import { EngagementStore } from './engagementStore';
import { ENGAGEMENT_APPLICATION_ID } from './fileCheck';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { historyFolder, listSnapshots } from './snapshots';

const tempDir = useTempDir();

function expectRefused(path: string, code: string, messagePart: RegExp) {
  const before = readFileSync(path);
  let caught: unknown;
  try {
    EngagementStore.open(path, 'tester').close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CwbError);
  expect((caught as CwbError).code).toBe(code);
  expect((caught as CwbError).message).toMatch(messagePart);
  expect(readFileSync(path).equals(before)).toBe(true);
}

describe('engagement store', () => {
  it('creates a file that reopens with its answers, in rollback-journal mode with foreign keys on', () => {
    const path = join(tempDir(), 'acme.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR review' }, 'alex');
    const app = store.addApplication('Billing');
    store.setAnswer(app.id, null, 'app.statefulness', { status: 'answered', value: 'stateful' });
    store.close();

    const reopened = EngagementStore.open(path, 'alex');
    const view = reopened.view();
    reopened.close();
    expect(view.details.customer).toBe('Acme');
    expect(view.schemaVersion).toBe(SCHEMA_VERSION);
    expect(view.applications.map((a) => a.name)).toEqual(['Billing']);
    expect(view.applications[0]!.answers['app.statefulness']!.state).toEqual({ status: 'answered', value: 'stateful' });

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
  });

  it('records every change in the audit trail with the old and new value', () => {
    const path = join(tempDir(), 'audit.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'alex');
    const app = store.addApplication('Billing');
    store.setAnswer(app.id, null, 'app.statefulness', { status: 'answered', value: 'stateful' });
    store.setAnswer(app.id, null, 'app.statefulness', { status: 'answered', value: 'stateless' });
    const trail = store.auditTrail();
    store.close();
    expect(trail.map((e) => `${e.action} ${e.entity} ${e.field ?? ''}`.trim())).toEqual([
      'create engagement',
      'create application',
      'create answer app.statefulness',
      'update answer app.statefulness',
    ]);
    const raw = new Database(path, { readonly: true });
    const last = raw.prepare('SELECT old_value, new_value FROM audit ORDER BY id DESC LIMIT 1').get() as { old_value: string; new_value: string };
    raw.close();
    expect(JSON.parse(last.old_value).state.value).toBe('stateful');
    expect(JSON.parse(last.new_value).state.value).toBe('stateless');
  });

  it('clears an answer back to "not asked yet" and audits the removal', () => {
    const store = EngagementStore.create(join(tempDir(), 'clear.cwb'), { customer: 'Acme', title: 'DR' }, 'alex');
    const app = store.addApplication('Billing');
    store.setAnswer(app.id, null, 'app.statefulness', { status: 'answered', value: 'stateful' });
    store.clearAnswer(app.id, null, 'app.statefulness');
    expect(store.applications()[0]!.answers).toEqual({});
    expect(store.auditTrail().at(-1)).toMatchObject({ action: 'delete', entity: 'answer', field: 'app.statefulness' });
    store.close();
  });

  it('refuses a value the catalogue does not allow and keeps the previous answer', () => {
    const path = join(tempDir(), 'bad.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'alex');
    const app = store.addApplication('Billing');
    store.setAnswer(app.id, null, 'app.statefulness', { status: 'answered', value: 'stateful' });
    expect(() => store.setAnswer(app.id, null, 'app.statefulness', { status: 'answered', value: 'sometimes' })).toThrow(/Choose one of/);
    expect(() => store.setAnswer(app.id, null, 'app.hostingSystem', { status: 'answered', value: 'nope' })).toThrow(/no such Azure Stack Hub system/);
    expect(() => store.setAnswer(app.id, null, 'no.such.question', { status: 'answered', value: 1 })).toThrow(/No question "no.such.question" in the question catalogue/);
    expect(store.applications()[0]!.answers['app.statefulness']!.state).toEqual({ status: 'answered', value: 'stateful' });
    store.close();
  });

  it('refuses a duplicate application name regardless of case', () => {
    const store = EngagementStore.create(join(tempDir(), 'dup.cwb'), { customer: 'Acme', title: 'DR' }, 'alex');
    store.addApplication('Billing');
    expect(() => store.addApplication('  billing ')).toThrow(/already exists/);
    store.close();
  });

  it('will not overwrite an existing file when creating', () => {
    const path = join(tempDir(), 'taken.cwb');
    writeFileSync(path, 'keep me');
    expect(() => EngagementStore.create(path, { customer: 'A', title: 'B' }, 'alex')).toThrow(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });

  it('refuses a text file renamed .cwb and leaves it byte-identical', () => {
    const path = join(tempDir(), 'notes.cwb');
    writeFileSync(path, 'These are my workshop notes, not a database.\n');
    expectRefused(path, 'NOT_SQLITE', /not a SQLite database/);
  });

  it('refuses an empty file', () => {
    const path = join(tempDir(), 'empty.cwb');
    writeFileSync(path, '');
    expectRefused(path, 'NOT_SQLITE', /empty/);
  });

  it('refuses a SQLite database that is not an engagement', () => {
    const path = join(tempDir(), 'other.cwb');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expectRefused(path, 'NOT_AN_ENGAGEMENT', /not a Continuity Workbook engagement/);
  });

  it('refuses a file from a newer version of the app', () => {
    const path = join(tempDir(), 'future.cwb');
    EngagementStore.create(path, { customer: 'A', title: 'B' }, 'alex').close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expectRefused(path, 'NEWER_SCHEMA', /newer version/);
  });

  it('refuses a file truncated in the middle as damaged', () => {
    const dir = tempDir();
    const path = join(dir, 'big.cwb');
    const store = EngagementStore.create(path, { customer: 'A', title: 'B' }, 'alex');
    for (let i = 0; i < 300; i += 1) {
      const app = store.addApplication(`Application ${i} ${'x'.repeat(80)}`);
      store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: `Owner ${i} ${'y'.repeat(100)}` });
    }
    store.close();
    copyFileSync(path, join(dir, 'original.cwb'));
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectRefused(path, 'CORRUPT', /damaged/);
  });

  it('refuses a file with damaged pages as corrupt', () => {
    const path = join(tempDir(), 'scrambled.cwb');
    const store = EngagementStore.create(path, { customer: 'A', title: 'B' }, 'alex');
    for (let i = 0; i < 50; i += 1) store.addApplication(`App ${i}`);
    store.close();
    const bytes = readFileSync(path);
    for (let offset = 4096; offset < bytes.length; offset += 7) bytes[offset] = (bytes[offset]! + 91) % 256;
    writeFileSync(path, bytes);
    expectRefused(path, 'CORRUPT', /damaged/);
  });
});

describe('estimate assumptions', () => {
  it('start at the defaults, save a change with one audit row per changed key, and reset', () => {
    const path = join(tempDir(), 'assume.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'alex');
    expect(store.assumptions()).toEqual(defaultAssumptions());
    const next = { ...defaultAssumptions(), detectAndDecide: { best: 30, worst: 240 }, restoreThroughput: { best: 800, worst: 200 } };
    expect(store.setAssumptions(next)).toEqual(next);
    store.close();

    const reopened = EngagementStore.open(path, 'alex');
    expect(reopened.view().assumptions).toEqual(next);
    const changes = reopened.auditTrail().filter((e) => e.entity === 'assumption');
    expect(changes.map((e) => `${e.action} ${e.field}`)).toEqual(['update detectAndDecide', 'update restoreThroughput']);
    expect(reopened.resetAssumptions()).toEqual(defaultAssumptions());
    expect(reopened.auditTrail().filter((e) => e.action === 'delete' && e.entity === 'assumption')).toHaveLength(2);
    reopened.close();

    const raw = new Database(path, { readonly: true });
    const audited = raw.prepare("SELECT old_value, new_value FROM audit WHERE entity = 'assumption' AND field = 'detectAndDecide' ORDER BY id LIMIT 1").get() as {
      old_value: string;
      new_value: string;
    };
    expect(raw.prepare('SELECT COUNT(*) AS n FROM estimate_assumption').get()).toEqual({ n: 0 });
    raw.close();
    expect(JSON.parse(audited.old_value)).toEqual({ best: 15, worst: 120 });
    expect(JSON.parse(audited.new_value)).toEqual({ best: 30, worst: 240 });
  });

  it('refuses an invalid set, naming the assumption, and leaves the file byte-identical', () => {
    const path = join(tempDir(), 'invalid.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'alex');
    store.setAssumptions({ ...defaultAssumptions(), failover: { best: 20, worst: 90 } });
    const before = readFileSync(path);
    expect(() => store.setAssumptions({ ...defaultAssumptions(), failover: { best: 200, worst: 90 } })).toThrow(
      /Fail over to the replica: the best case cannot be longer than the worst case/,
    );
    expect(() => store.setAssumptions({ ...defaultAssumptions(), restoreThroughput: { best: 0, worst: 0 } })).toThrow(/Restore throughput must be above 0/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(store.assumptions().failover).toEqual({ best: 20, worst: 90 });
    store.close();
  });

  it('ignores stored keys this version does not know', () => {
    const path = join(tempDir(), 'future-key.cwb');
    EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'alex').close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO estimate_assumption (key, best, worst) VALUES ('teleport', 1, 2), ('replicationLag', 2, 5)").run();
    raw.close();
    const store = EngagementStore.open(path, 'alex');
    expect(store.assumptions()).toEqual({ ...defaultAssumptions(), replicationLag: { best: 2, worst: 5 } });
    store.close();
  });

  it('a version-2 file migrates keeping its answers and yields the default assumptions', () => {
    const path = join(tempDir(), 'v2.cwb');
    const db = new Database(path);
    db.transaction(() => {
      for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) {
        db.exec(migration.sql);
        migration.seed?.(db);
      }
    })();
    db.pragma('user_version = 2');
    db.pragma(`application_id = ${ENGAGEMENT_APPLICATION_ID}`);
    db.prepare("INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES ('e', 'Old', 'File', 'x', 'x')").run();
    db.prepare("INSERT INTO application (id, name, created_at, position) VALUES ('a', 'Billing', 'x', 0)").run();
    db.prepare(
      `INSERT INTO answer (application_id, component_id, question_id, state_json, answered_by, answered_at, catalogue_version)
       VALUES ('a', '', 'app.statefulness', '{"status":"answered","value":"stateful"}', 'alex', 'x', 2)`,
    ).run();
    db.close();
    const original = readFileSync(path);

    const store = EngagementStore.open(path, 'alex');
    const view = store.view();
    store.close();
    expect(view.schemaVersion).toBe(SCHEMA_VERSION);
    expect(view.applications[0]!.answers['app.statefulness']!.state).toEqual({ status: 'answered', value: 'stateful' });
    expect(view.assumptions).toEqual(defaultAssumptions());
    const [snapshot] = listSnapshots(path);
    expect(readFileSync(join(historyFolder(path), `${snapshot!.id}.cwb`)).equals(original)).toBe(true);
  });
});
