import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { SCHEMA_VERSION } from '../store/migrations';
import {
  fileState,
  integrity,
  INVENTORY_ROWS,
  killPlan,
  OLD_APPLICATIONS,
  openWithTheApp,
  random,
  recoverAsSQLiteDoes,
  runChild,
  writeInventory,
  writeVersion1File,
} from './crashHarness';

/**
 * "Never lose an answer", tested the hard way: a real child process works on a real engagement
 * file through the Workbench and is killed with SIGKILL at random moments, as a crash or a power
 * cut would. After every kill the file must pass SQLite's integrity check and hold exactly what
 * the child said it had saved: no reported answer lost, no change half-written.
 *
 * Each file is first recovered the way SQLite recovers any file a crash left (its hot journal
 * played back), so that its state can be inspected before the app touches it (for a migration:
 * the old version, or the new one); then it is opened with the app's EngagementStore.open. That
 * the app's open does the same recovery by itself is crashReopen.test.ts.
 *
 * The moments are random but seeded: the seed is printed, and CWB_CRASH_SEED=N replays a run.
 */

const tempDir = useTempDir();
const SEED = Number(process.env.CWB_CRASH_SEED) || Date.now() % 1_000_000_007;
console.log(`crash safety: seed ${SEED} (replay with CWB_CRASH_SEED=${SEED})`);

describe('a process killed while autosaving answers', () => {
  it('leaves a sound file holding every answer it reported as saved, each with its audit entry', async () => {
    const next = random(SEED);
    const dir = tempDir();
    const path = join(dir, 'autosave.cwb');
    const journal = `${path}-journal`;
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'Crash test' }, 'tester');
    const applicationIds = Array.from({ length: 30 }, (_, i) => store.addApplication(`Application ${i}`).id);
    store.close();

    // What each application's owner answer must be now: the last value the child reported for it.
    const expected = new Map<string, string>();
    let committedWrites = 0;
    let reportedTotal = 0;
    let caughtInFlight = 0;
    let hotJournals = 0;
    const rounds = 12;
    for (let round = 0; round < rounds; round += 1) {
      // Every other round while an answer is being written into the file, the others at a random moment of the autosave loop.
      const plan = round % 2 === 0 ? { afterLine: 'ready', journal, once: 'hot' as const, delayMs: Math.floor(next() * 3) } : { afterLine: 'ready', delayMs: Math.floor(next() * 350) };
      const run = await runChild(['answers', path, String(round), ...applicationIds], plan);
      expect(run.killed, `round ${round}: the child ended on its own\n${run.stderr}`).toBe(true);

      const saved = run.lines.filter((line) => line.startsWith('saved '));
      saved.forEach((line, index) => {
        const [, sequence, applicationId, ...value] = line.split(' ');
        expect(Number(sequence), `round ${round}: lines out of order`).toBe(index);
        expected.set(applicationId!, value.join(' '));
      });
      reportedTotal += saved.length;
      // The one write that may have committed without being reported: the call after the last line.
      const inFlight = { applicationId: applicationIds[saved.length % applicationIds.length]!, value: `round ${round} answer ${saved.length}` };

      if (recoverAsSQLiteDoes(path)) hotJournals += 1;
      expect(integrity(path), `round ${round}`).toBe('ok');
      const { view } = openWithTheApp(path);
      let inFlightCommitted = false;
      for (const app of view.applications) {
        const state = app.answers['app.owner']?.state;
        const stored = state?.status === 'answered' ? String(state.value) : undefined;
        if (app.id === inFlight.applicationId && stored === inFlight.value) {
          inFlightCommitted = true;
          continue;
        }
        expect(stored, `round ${round} (seed ${SEED}): ${app.name} lost an answer reported as saved`).toBe(expected.get(app.id));
      }
      if (inFlightCommitted) {
        expected.set(inFlight.applicationId, inFlight.value);
        caughtInFlight += 1;
      }
      committedWrites += saved.length + (inFlightCommitted ? 1 : 0);

      // Each answer and its audit entry share a transaction: one without the other is a half-written change.
      const raw = new Database(path, { readonly: true, fileMustExist: true });
      const audited = raw.prepare("SELECT COUNT(*) AS n FROM audit WHERE entity = 'answer'").get() as { n: number };
      raw.close();
      expect(audited.n, `round ${round}: answers saved and audit entries disagree`).toBe(committedWrites);
    }
    console.log(
      `crash safety (answers): ${rounds} kills, ${hotJournals} of them while an answer was being written into the file; ` +
        `${reportedTotal} answers reported as saved, all kept; ${caughtInFlight} more committed just before a kill`,
    );
    // A one-row save keeps its journal hot for about a millisecond, so whether a kill lands inside it
    // depends on the machine's load; crashReopen.test.ts makes that case happen every time.
  }, 60_000);
});

describe('a process killed in the middle of an inventory import', () => {
  it('leaves the engagement with none of the imported VMs or all of them, and a sound file', async () => {
    const next = random(SEED + 1);
    const dir = tempDir();
    const base = join(dir, 'base.cwb');
    const store = EngagementStore.create(base, { customer: 'Acme', title: 'Import crash' }, 'tester');
    const shop = store.addApplication('Shop');
    store.setAnswer(shop.id, null, 'app.owner', { status: 'answered', value: 'Jane Doe, finance' });
    store.close();
    const inventory = join(dir, 'inventory.csv');
    writeInventory(inventory);

    const calibration = join(dir, 'calibration.cwb');
    copyFileSync(base, calibration);
    const full = await runChild(['import', calibration, inventory], { afterLine: 'ready', journal: `${calibration}-journal`, once: 'appears', delayMs: Infinity });
    expect(full.lines, full.stderr).toContain(`imported ${INVENTORY_ROWS}`);
    const writeMs = full.writeMs!;

    let untouched = 0;
    let complete = 0;
    let duringWrite = 0;
    let hotJournals = 0;
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) {
      const path = join(dir, `import-${round}.cwb`);
      copyFileSync(base, path);
      const run = await runChild(['import', path, inventory], killPlan(next, round, 'ready', `${path}-journal`, writeMs));
      const finished = run.lines.includes(`imported ${INVENTORY_ROWS}`);
      expect(run.killed || finished, `round ${round}: the child failed\n${run.stderr}`).toBe(true);
      if (run.killed && run.journalBytesAtKill >= 0) duringWrite += 1;

      if (recoverAsSQLiteDoes(path)) hotJournals += 1;
      expect(integrity(path), `round ${round}`).toBe('ok');
      const { view, imports } = openWithTheApp(path);
      const importedApplications = view.applications.filter((app) => app.name.startsWith('Imported '));
      expect(view.applications.find((app) => app.name === 'Shop')!.answers['app.owner']!.state).toEqual({ status: 'answered', value: 'Jane Doe, finance' });
      if (view.vms.length === 0) {
        expect(finished, `round ${round}: the child reported an import that is not in the file`).toBe(false);
        expect(importedApplications).toEqual([]);
        expect(imports).toEqual([]);
        untouched += 1;
      } else {
        expect(view.vms, `round ${round} (seed ${SEED}): part of an import was saved`).toHaveLength(INVENTORY_ROWS);
        expect(importedApplications).toHaveLength(40);
        expect(imports).toHaveLength(1);
        complete += 1;
      }
    }
    console.log(
      `crash safety (import of ${INVENTORY_ROWS} rows, merge ${writeMs} ms): ${rounds} kills, ${duringWrite} inside the merge ` +
        `(${hotJournals} while it wrote into the file); afterwards ${untouched} without the import, ${complete} with all of it`,
    );
    // The point is a kill inside the merge's transaction; a run where none landed there proves little.
    expect(hotJournals, `no kill landed while the import wrote into the file (seed ${SEED})`).toBeGreaterThan(0);
  }, 90_000);
});

describe('a process killed in the middle of a migration', () => {
  it('leaves the file wholly at the old version or wholly migrated, and it then opens with all its data', async () => {
    const next = random(SEED + 2);
    const dir = tempDir();
    const old = join(dir, 'old.cwb');
    writeVersion1File(old);
    const original = fileState(old);
    const fresh = join(dir, 'fresh.cwb');
    EngagementStore.create(fresh, { customer: 'A', title: 'B' }, 'tester').close();
    const migratedSchema = fileState(fresh).schema;

    const calibration = join(dir, 'calibration.cwb');
    copyFileSync(old, calibration);
    const full = await runChild(['open', calibration], { afterLine: 'starting', journal: `${calibration}-journal`, once: 'appears', delayMs: Infinity });
    expect(full.lines, full.stderr).toContain('opened');
    const writeMs = full.writeMs!;

    let stillOld = 0;
    let migrated = 0;
    let duringWrite = 0;
    let hotJournals = 0;
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) {
      const path = join(dir, `migrate-${round}.cwb`);
      copyFileSync(old, path);
      const run = await runChild(['open', path], killPlan(next, round, 'starting', `${path}-journal`, writeMs));
      expect(run.killed || run.lines.includes('opened'), `round ${round}: the child failed\n${run.stderr}`).toBe(true);
      if (run.killed && run.journalBytesAtKill >= 0) duringWrite += 1;

      if (recoverAsSQLiteDoes(path)) hotJournals += 1;
      expect(integrity(path), `round ${round}`).toBe('ok');
      const left = fileState(path);
      if (left.version === original.version) {
        expect(left.schema, `round ${round}: version ${left.version} but not its tables`).toBe(original.schema);
        stillOld += 1;
      } else {
        expect(left.version, `round ${round} (seed ${SEED})`).toBe(SCHEMA_VERSION);
        expect(left.schema).toBe(migratedSchema);
        migrated += 1;
      }
      // The columns every version has; version 1 kept answers only on the application itself.
      expect(left.answers, `round ${round}: answers changed`).toBe(original.answers);

      // The app opens either state: the old one is migrated now, from the start.
      const { view } = openWithTheApp(path);
      expect(view.schemaVersion).toBe(SCHEMA_VERSION);
      expect(view.details.customer).toBe('Old customer');
      expect(view.applications).toHaveLength(OLD_APPLICATIONS);
      expect(view.applications[1234]!.answers['app.owner']!.state).toEqual({ status: 'answered', value: 'Owner 1234' });
      expect(integrity(path), `round ${round}`).toBe('ok');
      expect(fileState(path).answers).toBe(original.answers);
      expect(existsSync(`${path}-journal`)).toBe(false);
    }
    console.log(
      `crash safety (migration from version 1 to ${SCHEMA_VERSION}, ${writeMs} ms): ${rounds} kills, ${duringWrite} inside the migration ` +
        `(${hotJournals} while it wrote into the file); afterwards ${stillOld} at the old version, ${migrated} migrated`,
    );
    expect(hotJournals, `no kill landed while the migration wrote into the file (seed ${SEED})`).toBeGreaterThan(0);
  }, 90_000);
});
