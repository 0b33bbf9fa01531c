import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngagementView } from '../../../shared/domain/engagement';
import { useTempDir } from '../testSupport';
import { EngagementStore } from '../store/engagementStore';
import { Workbench } from '../workbench';

/**
 * A disk that fills up while an engagement is open, for real: the engagement lives on a small
 * tmpfs, and a filler file takes the rest of its space, so SQLite meets the kernel's ENOSPC
 * exactly as it would on a full laptop disk. Mounting needs root (or CAP_SYS_ADMIN); where the
 * mount is refused the test is skipped and says why, rather than faking a full disk.
 */

const tempDir = useTempDir();
const mounted: string[] = [];
afterEach(() => {
  for (const point of mounted.splice(0)) execFileSync('umount', [point]);
});

function mountSmallDisk(point: string, size: string): void {
  mkdirSync(point, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', point], { stdio: 'pipe' });
  mounted.push(point);
}

const mountRefused: string | null = (() => {
  const probe = join(tmpdir(), `cwb-mount-probe-${process.pid}`);
  try {
    mkdirSync(probe, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();
if (mountRefused) console.warn(`disk full test skipped: a small tmpfs cannot be mounted here (${mountRefused})`);

/** Writes zeros into `path` until the disk refuses, leaving `spare` bytes unused; returns the bytes written. */
function fillDisk(path: string, spare = 0): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (const chunk of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const block = Buffer.alloc(chunk);
      for (;;) {
        try {
          written += writeSync(fd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (spare > 0) {
    // Give some room back: a write that starts fine and runs out of space halfway.
    const keep = Math.max(0, written - spare);
    truncateSync(path, keep);
    written = keep;
  }
  return written;
}

async function call<T>(workbench: Workbench, method: string, input: unknown): Promise<T> {
  const envelope = await workbench.dispatch(method, input);
  if ('error' in envelope) throw Object.assign(new Error(`${method}: ${envelope.error.message}`), { body: envelope.error });
  return envelope.result as T;
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

const owner = (view: EngagementView | null) => view?.applications[0]?.answers['app.owner']?.state;

describe('a disk that fills up under an open engagement', () => {
  it.skipIf(mountRefused !== null)(
    'refuses the change with an IO error saying the disk is full, keeps every earlier answer, and still reads and saves a copy elsewhere',
    async () => {
      const dir = tempDir();
      const disk = join(dir, 'small-disk');
      mountSmallDisk(disk, '4m');
      const path = join(disk, 'acme.cwb');
      const workbench = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: disk, actor: 'tester' });
      try {
        await call(workbench, 'engagement.create', { path, customer: 'Acme', title: 'Full disk' });
        const app = await call<{ id: string }>(workbench, 'application.add', { name: 'Billing' });
        await call(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'Jane Doe, finance' } });
        await call(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.statefulness', state: { status: 'answered', value: 'stateful' } });

        fillDisk(join(disk, 'filler.bin'));
        const refused = await workbench.dispatch('answer.set', {
          applicationId: app.id,
          questionId: 'app.owner',
          state: { status: 'answered', value: 'John Roe, IT' },
        });
        expect(refused).toEqual({ error: { code: 'IO', message: expect.stringMatching(/disk holding .*acme\.cwb is full/) } });

        // Reads go on, and show the last answers that were saved.
        const current = await call<EngagementView>(workbench, 'engagement.current', {});
        expect(owner(current)).toEqual({ status: 'answered', value: 'Jane Doe, finance' });
        expect(current.applications[0]!.answers['app.statefulness']!.state).toEqual({ status: 'answered', value: 'stateful' });
        expect(integrity(path)).toBe('ok');

        // The way out the app offers: a copy on another disk, complete and openable.
        const elsewhere = join(dir, 'usb-stick');
        mkdirSync(elsewhere);
        const copy = await call<{ path: string }>(workbench, 'engagement.saveCopy', { path: join(elsewhere, 'acme-copy.cwb') });
        const copied = EngagementStore.open(copy.path, 'tester');
        expect(owner(copied.view())).toEqual({ status: 'answered', value: 'Jane Doe, finance' });
        copied.close();
        expect(integrity(copy.path)).toBe('ok');

        // A large change that runs out of space halfway through is undone as a whole.
        rmSync(join(disk, 'filler.bin'));
        fillDisk(join(disk, 'filler.bin'), 256 << 10);
        const inventory = join(dir, 'inventory.csv');
        const rows = ['VM Name,Application,vCPU,Memory (GB),OS'];
        for (let i = 0; i < 20_000; i += 1) rows.push(`vm-${i},Imported ${i % 20},2,8,Windows Server 2019 ${'x'.repeat(40)}`);
        writeFileSync(inventory, rows.join('\r\n'));
        const imported = await workbench.dispatch('import.apply', { path: inventory });
        expect(imported).toEqual({ error: { code: 'IO', message: expect.stringMatching(/disk holding .*acme\.cwb is full/) } });
        const afterImport = await call<EngagementView>(workbench, 'engagement.current', {});
        expect(afterImport.vms).toEqual([]);
        expect(afterImport.applications.map((a) => a.name)).toEqual(['Billing']);
        expect(await call(workbench, 'import.list', {})).toEqual([]);
        expect(integrity(path)).toBe('ok');

        // Once there is room again, the same open engagement saves as before.
        rmSync(join(disk, 'filler.bin'));
        await call(workbench, 'answer.set', { applicationId: app.id, questionId: 'app.owner', state: { status: 'answered', value: 'John Roe, IT' } });
        workbench.close();
        const reopened = EngagementStore.open(path, 'tester');
        expect(owner(reopened.view())).toEqual({ status: 'answered', value: 'John Roe, IT' });
        reopened.close();
        expect(integrity(path)).toBe('ok');
      } finally {
        workbench.close();
      }
    },
  );
});
