/**
 * The process crashSafety.test.ts kills. It works on an engagement through the core the app
 * uses (EngagementStore, and applyImport for an inventory) and prints a line only once a call
 * has returned: a line on stdout is the child's word that the change was saved, which the test
 * then holds it to. It loads no more of the core than its mode needs, because every kill costs
 * a fresh start and the machines running the tests are small.
 *
 *   answers FILE ROUND APP_ID...   open FILE, then set app.owner of the applications in turn, forever
 *   import FILE INVENTORY.csv      open FILE, then apply the inventory in one import
 *   open FILE                      open FILE (an old file is migrated by opening it)
 *   spill FILE APP_ID...           save an answer for each application through the store, then
 *                                  leave a big write half done with the journal hot, and wait
 *   merge MINE THEIRS OUT          merge two copies into OUT, as `cwb merge` does
 *
 * By hand: `node --import tsx electron/core/safety/crashChild.ts ...` from the repository root;
 * the tests run it bundled (see crashHarness.ts).
 */
import { EngagementStore } from '../store/engagementStore';

function say(line: string): void {
  // Writes to a pipe are synchronous on Linux and macOS: the line has left the process when this returns.
  process.stdout.write(`${line}\n`);
}

async function run([mode, file, ...rest]: string[]): Promise<void> {
  if (!mode || !file) throw new Error('usage: crashChild answers|import|open FILE ...');
  if (mode === 'open') {
    say('starting');
    EngagementStore.open(file, 'crash-test').close();
    say('opened');
    return;
  }
  if (mode === 'answers') {
    const [round, ...applicationIds] = rest;
    if (!round || applicationIds.length === 0) throw new Error('answers needs ROUND and application ids');
    const store = EngagementStore.open(file, 'crash-test');
    say('ready');
    for (let sequence = 0; ; sequence += 1) {
      const applicationId = applicationIds[sequence % applicationIds.length]!;
      const value = `round ${round} answer ${sequence}`;
      store.setAnswer(applicationId, null, 'app.owner', { status: 'answered', value });
      say(`saved ${sequence} ${applicationId} ${value}`);
    }
  }
  if (mode === 'spill') {
    const store = EngagementStore.open(file, 'crash-test');
    rest.forEach((applicationId, sequence) => {
      const value = `before the crash ${sequence}`;
      store.setAnswer(applicationId, null, 'app.owner', { status: 'answered', value });
      say(`saved ${sequence} ${applicationId} ${value}`);
    });
    // A second connection, as another write of the app would be: a tiny page cache makes SQLite
    // write pages into the engagement file before the commit, so its journal is hot while we wait.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file);
    db.pragma('cache_size = 2');
    db.exec('BEGIN IMMEDIATE');
    const insert = db.prepare("INSERT INTO audit (at, actor, action, entity, entity_id, new_value) VALUES ('x', 'crash-test', 'never', 'committed', ?, ?)");
    for (let i = 0; i < 2000; i += 1) insert.run(String(i), 'y'.repeat(500));
    say('spilled');
    setInterval(() => {}, 60_000);
    return;
  }
  if (mode === 'merge') {
    const [theirs, output] = rest;
    if (!theirs || !output) throw new Error('merge needs THEIRS and OUT');
    const { mergeFiles } = await import('../merge/mergeFiles');
    say('starting');
    const report = mergeFiles(file, theirs, output, null, 'crash-test');
    say(`merged ${report.applied}`);
    return;
  }
  if (mode === 'import') {
    const [inventory] = rest;
    if (!inventory) throw new Error('import needs the inventory file');
    const [{ applyImport }, { ImportOptions }] = await Promise.all([import('../import/importer'), import('../../../shared/api/importContract')]);
    const store = EngagementStore.open(file, 'crash-test');
    say('ready');
    const result = await applyImport(ImportOptions.parse({ path: inventory }), store, {}, null);
    say(`imported ${result.vmsCreated}`);
    store.close();
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
