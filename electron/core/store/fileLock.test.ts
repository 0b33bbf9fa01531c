import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngagementView } from '../../../shared/domain/engagement';
import { cwb } from '../../cli/testCli';
import { useTempDir } from '../testSupport';
import { Workbench } from '../workbench';
import { realEngagement } from '../safety/hostileCorpus';
import { processStartTime } from './fileLock';

/**
 * One lock per file, whatever name it is opened by, through the app's own door (engagement.open)
 * and the CLI's: links share the lock, a lock nobody can hold any more is taken over, and a file
 * another process keeps busy is READ_ONLY with who has it, never INTERNAL.
 */

const tempDir = useTempDir();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
});

function workbenchIn(dir: string): Workbench {
  return new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
}

async function open(workbench: Workbench, path: string): Promise<EngagementView> {
  const opened = await workbench.dispatch('engagement.open', { path });
  if (!('result' in opened)) throw new Error(`refused: ${opened.error.message}`);
  return opened.result as EngagementView;
}

/** Another instance of the app holding the file open for writing, by the name given, until killed. */
async function holdOpen(path: string): Promise<ChildProcess> {
  const holder = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'signoff', 'holdOpen.fixture.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(holder);
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (chunk: Buffer) => (chunk.toString().startsWith('open') ? resolve() : reject(new Error(chunk.toString()))));
    holder.on('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return holder;
}

/** A program that is not Continuity Workbook, started now. */
async function someOtherProgram(): Promise<ChildProcess> {
  const other = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(other);
  await new Promise((resolve) => other.once('spawn', resolve));
  return other;
}

function engagementWithNames(): { dir: string; path: string; symlink: string; hardLink: string } {
  const dir = tempDir();
  const path = join(dir, 'Fabrikam.cwb');
  realEngagement(path, 3);
  const symlink = join(dir, 'Shortcut to Fabrikam.cwb');
  symlinkSync(path, symlink);
  const hardLink = join(tempDir(), 'Fabrikam (linked).cwb');
  linkSync(path, hardLink);
  return { dir, path, symlink, hardLink };
}

describe('one lock per file, whatever its name', () => {
  it('a file open in another instance opens read-only through a symbolic link and a hard link, and the CLI cannot change it', async () => {
    const { path, symlink, hardLink } = engagementWithNames();
    const holder = await holdOpen(path);
    const before = sha256(path);
    for (const name of [symlink, hardLink]) {
      const workbench = workbenchIn(tempDir());
      const view = await open(workbench, name);
      expect(view.access).toEqual({ readOnly: true, reason: expect.stringContaining(`process ${holder.pid}`) });
      const refused = await workbench.dispatch('application.add', { name: 'Written twice' });
      expect('error' in refused && refused.error).toMatchObject({ code: 'READ_ONLY', message: expect.stringContaining(`process ${holder.pid}`) });
      workbench.close();
      const signed = await cwb('signoff', name, '--signer', 'Dana', '--role', 'CIO', '--org', 'Fabrikam', '--json');
      expect(signed.code).toBe(1);
      expect(JSON.parse(signed.err).error).toMatchObject({ code: 'READ_ONLY', message: expect.stringContaining(`process ${holder.pid}`) });
    }
    expect(sha256(path)).toBe(before);
  });

  it('after the holder is killed, the file opens writable through another name, not as damaged', async () => {
    const { path, symlink, hardLink } = engagementWithNames();
    const holder = await holdOpen(symlink);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const workbench = workbenchIn(tempDir());
    const view = await open(workbench, hardLink);
    expect(view.access.readOnly).toBe(false);
    expect('result' in (await workbench.dispatch('application.add', { name: 'After the crash' }))).toBe(true);
    workbench.close();
    // By its own name too: the dead holder's lock beside it is taken over, and goes with the next workbench.
    const next = workbenchIn(tempDir());
    expect((await open(next, path)).access.readOnly).toBe(false);
    next.close();
    expect(readdirSync(dirname(path)).filter((name) => name.includes('.lock'))).toEqual([]);
  });

  it('an empty lock file left by a crash is taken over once it is not fresh', async () => {
    const { path } = engagementWithNames();
    const lock = `${path}.lock`;
    writeFileSync(lock, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, aMinuteAgo, aMinuteAgo);
    const workbench = workbenchIn(tempDir());
    expect((await open(workbench, path)).access.readOnly).toBe(false);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    workbench.close();
  });

  it('an empty lock file written a moment ago is given time to be written, then taken over', async () => {
    const { path } = engagementWithNames();
    writeFileSync(`${path}.lock`, '');
    const workbench = workbenchIn(tempDir());
    const started = Date.now();
    expect((await open(workbench, path)).access.readOnly).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    workbench.close();
  });

  it('a lock naming a process id that now belongs to another program is taken over', async () => {
    const { path } = engagementWithNames();
    const other = await someOtherProgram();
    const anHourAgo = Date.now() - 3_600_000;
    writeFileSync(`${path}.lock`, JSON.stringify({ token: 'f'.repeat(32), pid: other.pid, host: hostname(), started: anHourAgo, at: new Date(anHourAgo).toISOString() }));
    const workbench = workbenchIn(tempDir());
    expect((await open(workbench, path)).access.readOnly).toBe(false);
    workbench.close();
  });

  it('a lock of an older version (no start time) is taken over when its process id started after the lock was written', async () => {
    const { path } = engagementWithNames();
    const other = await someOtherProgram();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), at: new Date(Date.now() - 3_600_000).toISOString() }));
    const workbench = workbenchIn(tempDir());
    expect((await open(workbench, path)).access.readOnly).toBe(false);
    workbench.close();
  });

  it('near miss: a lock whose process is alive and started when the lock says stays respected', async () => {
    const { path } = engagementWithNames();
    const other = await someOtherProgram();
    const started = processStartTime(other.pid!);
    expect(started).not.toBeNull();
    writeFileSync(`${path}.lock`, JSON.stringify({ token: 'e'.repeat(32), pid: other.pid, host: hostname(), started, at: new Date().toISOString() }));
    const workbench = workbenchIn(tempDir());
    expect((await open(workbench, path)).access).toEqual({ readOnly: true, reason: expect.stringContaining(`process ${other.pid}`) });
    workbench.close();
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(other.pid);
  });

  it('near miss: a lock from another computer is respected and says how to clear it', async () => {
    const { path } = engagementWithNames();
    writeFileSync(`${path}.lock`, JSON.stringify({ token: 'd'.repeat(32), pid: 4242, host: 'colleagues-laptop', started: Date.now(), at: new Date().toISOString() }));
    const workbench = workbenchIn(tempDir());
    expect((await open(workbench, path)).access.reason).toMatch(/open on colleagues-laptop since .*delete .*Fabrikam\.cwb\.lock/);
    workbench.close();
  });

  it('a save that meets the file busy in another process is READ_ONLY with the reason, never INTERNAL, and changes nothing', async () => {
    const { path } = engagementWithNames();
    const workbench = workbenchIn(tempDir());
    const view = await open(workbench, path);
    const before = sha256(path);
    // A program outside the app (a backup tool, a SQLite browser) holding the file's write lock.
    const blocker = spawn('python3', ['-c', `import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(60)`, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(blocker);
    await new Promise<void>((resolve) => blocker.stdout!.once('data', () => resolve()));
    const started = Date.now();
    const refused = await workbench.dispatch('answer.set', { applicationId: view.applications[0]!.id, questionId: 'app.owner', state: { status: 'answered', value: 'Blocked' } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect('error' in refused && refused.error).toMatchObject({ code: 'READ_ONLY', message: expect.stringMatching(/in use elsewhere .*stayed busy for 2 s/) });
    blocker.kill('SIGKILL');
    await new Promise((resolve) => blocker.once('exit', resolve));
    expect(sha256(path)).toBe(before);
    // Once the other program lets go, saving works again.
    expect('result' in (await workbench.dispatch('answer.set', { applicationId: view.applications[0]!.id, questionId: 'app.owner', state: { status: 'answered', value: 'Free again' } }))).toBe(true);
    workbench.close();
  });
});
