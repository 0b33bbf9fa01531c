import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { cwb } from '../../cli/testCli';
import { INVENTORY_ROWS, integrity, random, runChild, writeInventory } from './crashHarness';

/**
 * `cwb merge` killed with SIGKILL at random moments, in a real child process: the merged file is
 * either not there at all or whole (sound, with every change of both copies), and both copies
 * are unchanged to the byte. Seeded like crashSafety.test.ts: CWB_CRASH_SEED=N replays a run.
 */

const tempDir = useTempDir();
const SEED = Number(process.env.CWB_CRASH_SEED) || Date.now() % 1_000_000_007;
console.log(`merge crash safety: seed ${SEED} (replay with CWB_CRASH_SEED=${SEED})`);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a merge killed at a random moment', () => {
  it('leaves no merged file or a whole one, and both copies byte-identical', async () => {
    const next = random(SEED);
    const dir = tempDir();
    const original = join(dir, 'original.cwb');
    const store = EngagementStore.create(original, { customer: 'Acme', title: 'Merge crash' }, 'tester');
    const shop = store.addApplication('Shop');
    store.close();
    const mine = join(dir, 'mine.cwb');
    const theirs = join(dir, 'theirs.cwb');
    copyFileSync(original, mine);
    copyFileSync(original, theirs);
    const inventory = join(dir, 'inventory.csv');
    writeInventory(inventory);
    expect((await cwb('import', theirs, inventory)).code).toBe(0);
    const mineStore = EngagementStore.open(mine, 'ana');
    mineStore.setAnswer(shop.id, null, 'app.owner', { status: 'answered', value: 'Jane Doe, finance' });
    mineStore.close();
    const before = { mine: sha(mine), theirs: sha(theirs) };

    const calibration = join(dir, 'calibration.cwb');
    const started = Date.now();
    const full = await runChild(['merge', mine, theirs, calibration], { afterLine: 'starting', delayMs: Infinity });
    const mergeMs = Date.now() - started;
    expect(full.lines.some((line) => line.startsWith('merged ')), full.stderr).toBe(true);

    let absent = 0;
    let whole = 0;
    let killedEarly = 0;
    const rounds = 6;
    for (let round = 0; round < rounds; round += 1) {
      const output = join(dir, `merged-${round}.cwb`);
      // Every other round well inside the merge, the others anywhere up to a little past its end.
      const delayMs = Math.floor(next() * mergeMs * (round % 2 === 0 ? 0.8 : 1.3));
      const run = await runChild(['merge', mine, theirs, output], { afterLine: 'starting', delayMs });
      const finished = run.lines.some((line) => line.startsWith('merged '));
      expect(run.killed || finished, `round ${round}: the child failed\n${run.stderr}`).toBe(true);
      if (run.killed && !finished) killedEarly += 1;
      expect({ mine: sha(mine), theirs: sha(theirs) }, `round ${round}: a copy was changed`).toEqual(before);
      if (!existsSync(output)) {
        expect(finished, `round ${round}: the child reported a merge that is not there`).toBe(false);
        absent += 1;
        continue;
      }
      expect(existsSync(`${output}-journal`), `round ${round}: the merged file has a journal beside it`).toBe(false);
      expect(integrity(output), `round ${round}`).toBe('ok');
      const view = EngagementStore.inspect(output);
      expect(view.vms, `round ${round} (seed ${SEED}): part of the merge was saved`).toHaveLength(INVENTORY_ROWS);
      expect(view.applications.find((app) => app.name === 'Shop')!.answers['app.owner']!.state).toEqual({ status: 'answered', value: 'Jane Doe, finance' });
      whole += 1;
    }
    console.log(`merge crash safety (${INVENTORY_ROWS} VMs taken, ${mergeMs} ms): ${rounds} kills; afterwards ${absent} without a merged file, ${whole} with a whole one`);
    expect(killedEarly, `no kill landed before the merge finished (seed ${SEED})`).toBeGreaterThan(0);
  }, 180_000);
});
