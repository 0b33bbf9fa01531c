import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { SCHEMA_VERSION } from '../store/migrations';
import { fileState, integrity, journalIsHot, OLD_APPLICATIONS, openWithTheApp, runChild, writeVersion1File, type ChildRun } from './crashHarness';

/**
 * The file exactly as a crash left it, hot journal and all, opened by the app with nothing in
 * between: what a consultant meets after the laptop died mid-save. SQLite needs a connection that
 * may write to play the journal back; the app must give it one before anything else reads the file.
 */

const tempDir = useTempDir();

/** Kills the child while SQLite writes into the file; a few tries, since the window can be milliseconds. */
async function killWhileHot(args: string[], afterLine: string, path: string, reset: () => void): Promise<ChildRun> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    reset();
    const run = await runChild(args, { afterLine, journal: `${path}-journal`, once: 'hot', delayMs: 0 });
    if (run.killed && journalIsHot(`${path}-journal`)) return run;
  }
  throw new Error('no kill landed while SQLite was writing into the file');
}

describe('an engagement a crash left with a hot journal', () => {
  it('opens in the app with every answer reported as saved, and the journal played back', async () => {
    const dir = tempDir();
    const path = join(dir, 'autosave.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'Crash test' }, 'tester');
    const applicationIds = Array.from({ length: 10 }, (_, i) => store.addApplication(`Application ${i}`).id);
    store.close();

    // Killed while a big write is half done in the file itself: a hot journal every time, not by luck of timing.
    const run = await runChild(['spill', path, ...applicationIds], { afterLine: 'spilled', delayMs: 0 });
    expect(run.killed).toBe(true);
    expect(journalIsHot(`${path}-journal`)).toBe(true);
    const saved = run.lines.filter((l) => l.startsWith('saved '));
    expect(saved).toHaveLength(applicationIds.length);

    const { view } = openWithTheApp(path);
    expect(existsSync(`${path}-journal`) && journalIsHot(`${path}-journal`)).toBe(false);
    expect(integrity(path)).toBe('ok');
    for (const line of saved) {
      const [, , applicationId, ...value] = line.split(' ');
      expect(view.applications.find((app) => app.id === applicationId)!.answers['app.owner']!.state).toEqual({ status: 'answered', value: value.join(' ') });
    }
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare("SELECT COUNT(*) AS n FROM audit WHERE action = 'never'").get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
  }, 60_000);

  it('opens in the app migrated, with all its data, after a crash in the middle of the migration', async () => {
    const dir = tempDir();
    const old = join(dir, 'old.cwb');
    const path = join(dir, 'migrate.cwb');
    writeVersion1File(old);
    const original = fileState(old);

    await killWhileHot(['open', path], 'starting', path, () => copyFileSync(old, path));
    // The header on disk may already say "migrated" while the journal still holds the old page 1:
    // the version must be read after the journal is played back, or the migration is skipped.
    const { view } = openWithTheApp(path);
    expect(view.schemaVersion).toBe(SCHEMA_VERSION);
    expect(view.applications).toHaveLength(OLD_APPLICATIONS);
    expect(integrity(path)).toBe('ok');
    expect(fileState(path)).toMatchObject({ version: SCHEMA_VERSION, answers: original.answers });
  }, 60_000);
});
