/**
 * What the crash tests share: the child they kill (crashChild.ts), the moments they kill it at,
 * and the files they build and inspect. Real processes, real SQLite files, no stand-ins.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { EngagementStore } from '../store/engagementStore';
import { ENGAGEMENT_APPLICATION_ID } from '../store/fileCheck';
import { MIGRATIONS } from '../store/migrations';

const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
const CHILD_SOURCE = fileURLToPath(new URL('./crashChild.ts', import.meta.url));

let childBundle: string | null = null;

/**
 * The child as one JavaScript file, compiled once by esbuild (the compiler tsx runs on each start).
 * Every kill costs a fresh process; under tsx each start compiled and loaded the core module by
 * module, three seconds on a busy two-core machine, against under one for the bundle. The code
 * is the same core, unchanged. It is written under node_modules/.cache so that the two packages
 * left outside it (better-sqlite3, with its native binding, and exceljs) resolve as usual.
 */
function childScript(): string {
  if (childBundle) return childBundle;
  const output = buildSync({
    entryPoints: [CHILD_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'exceljs'],
    write: false,
    logLevel: 'warning',
  }).outputFiles[0]!.contents;
  const folder = join(REPOSITORY, 'node_modules', '.cache', 'cwb-crash-child');
  mkdirSync(folder, { recursive: true });
  // Named by content: runs of the same code share it, and two test files never write the same name differently.
  const target = join(folder, `crashChild-${createHash('sha256').update(output).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(target)) {
    const temporary = `${target}.${process.pid}`;
    writeFileSync(temporary, output);
    renameSync(temporary, target);
  }
  childBundle = target;
  return target;
}

/** mulberry32: small, seedable, and good enough to pick kill moments. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChildRun {
  lines: string[];
  stderr: string;
  /** True when our SIGKILL ended the child, false when it finished (or failed) on its own. */
  killed: boolean;
  /** The rollback journal's size at the kill: -1 none (no write under way), 0 or more a write transaction under way. */
  journalBytesAtKill: number;
  /** Whether the journal was hot at the kill: the engagement file itself was being overwritten. */
  hotAtKill: boolean;
  /** Milliseconds from the journal's first appearance (a write transaction began) to the end of the child. */
  writeMs: number | null;
}

export type KillPlan =
  /** `delayMs` after the line `afterLine` (no kill when delayMs is Infinity). */
  | { afterLine: string; delayMs: number }
  /** `delayMs` after `journal` appears, once `afterLine` was printed: inside a write transaction. */
  | { afterLine: string; journal: string; delayMs: number; once: 'appears' | 'hot' };

export const journalSize = (journal: string) => {
  try {
    return statSync(journal).size;
  } catch {
    return -1;
  }
};

/** SQLite's rollback-journal signature; it is written only once the journal is complete and synced. */
export const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');

/**
 * A journal is hot once its header carries the signature: from then until the journal is deleted
 * SQLite is overwriting pages of the engagement file itself, and a crash needs the journal to undo them.
 */
export function journalIsHot(journal: string): boolean {
  const header = Buffer.alloc(8);
  let fd: number;
  try {
    fd = openSync(journal, 'r');
  } catch {
    return false;
  }
  try {
    return readSync(fd, header, 0, 8, 0) === 8 && header.equals(JOURNAL_MAGIC);
  } finally {
    closeSync(fd);
  }
}

/** Runs the child and kills it with SIGKILL as `plan` says; resolves when it is gone. */
export function runChild(args: string[], plan: KillPlan): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [childScript(), ...args], { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { lines: [], stderr: '', killed: false, journalBytesAtKill: -1, hotAtKill: false, writeMs: null };
    const journal = 'journal' in plan ? plan.journal : null;
    let journalSeenAt: number | null = null;
    let poll: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    let fallback: NodeJS.Timeout | undefined;
    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (journal) {
        run.journalBytesAtKill = journalSize(journal);
        run.hotAtKill = journalIsHot(journal);
      }
      run.killed = child.kill('SIGKILL');
    };
    const arm = () => {
      if (timer || !Number.isFinite(plan.delayMs)) return;
      timer = setTimeout(kill, plan.delayMs);
    };
    // A child that hangs must not hang the test run.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not finish within 30 s: ${args.join(' ')}\n${run.stderr}`));
    }, 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      run.lines.push(line);
      if (line !== plan.afterLine) return;
      if (!journal) return arm();
      const hot = 'once' in plan && plan.once === 'hot';
      // Should the polling never catch the journal hot (the window can be a few milliseconds), kill anyway.
      if (hot) fallback = setTimeout(arm, 5_000);
      poll = setInterval(() => {
        if (journalSize(journal) < 0) return;
        journalSeenAt ??= Date.now();
        if (!hot || journalIsHot(journal)) arm();
      }, 1);
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(guard);
      clearTimeout(timer);
      clearTimeout(fallback);
      clearInterval(poll);
      if (journalSeenAt !== null) run.writeMs = Date.now() - journalSeenAt;
      resolvePromise(run);
    });
  });
}

/** SQLite's full integrity check, on a read-only connection (so a file with a hot journal cannot be checked: recover it first). */
export function integrity(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

export const INVENTORY_ROWS = 20_000;

export function writeInventory(path: string): void {
  const lines = ['VM Name,Application,vCPU,Memory (GB),OS'];
  for (let i = 0; i < INVENTORY_ROWS; i += 1) lines.push(`vm-${String(i).padStart(6, '0')},Imported ${i % 40},${1 + (i % 8)},${4 * (1 + (i % 4))},Windows Server 2019`);
  writeFileSync(path, lines.join('\r\n'));
}

/**
 * Where a round kills, relative to the write transaction: every other round within a few
 * milliseconds of the journal turning hot, while the engagement file itself is being overwritten
 * (the moment a crash can do harm, too short to hit by chance), the others anywhere from the
 * transaction's start to a little past its end (so some runs finish and must then be complete). `writeMs` comes from a first run
 * left to finish, so the moments follow the machine's speed rather than a guess.
 */
export function killPlan(next: () => number, round: number, afterLine: string, journal: string, writeMs: number): KillPlan {
  return round % 2 === 0
    ? { afterLine, journal, once: 'hot', delayMs: Math.floor(next() * 3) }
    : { afterLine, journal, once: 'appears', delayMs: Math.floor(next() * writeMs * 1.3) };
}

export const OLD_APPLICATIONS = 6_000;

/** An engagement file at format version 1, written by the migrations themselves, with enough data to take a while to migrate. */
export function writeVersion1File(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.transaction(() => {
    for (const migration of MIGRATIONS.filter((m) => m.version <= 1)) {
      db.exec(migration.sql);
      migration.seed?.(db);
    }
    db.prepare("INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES ('e', 'Old customer', 'Old file', '2024-01-01', '2024-01-01')").run();
    const application = db.prepare('INSERT INTO application (id, name, created_at, position) VALUES (?, ?, ?, ?)');
    const answer = db.prepare(
      `INSERT INTO answer (application_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
       VALUES (?, ?, ?, ?, 'alex', '2024-01-01T00:00:00.000Z', 1)`,
    );
    for (let i = 0; i < OLD_APPLICATIONS; i += 1) {
      application.run(`app-${i}`, `Application ${i}`, '2024-01-01', i);
      answer.run(`app-${i}`, 'app.owner', JSON.stringify({ status: 'answered', value: `Owner ${i}` }), `Note ${i} ${'n'.repeat(400)}`);
      answer.run(`app-${i}`, 'app.statefulness', JSON.stringify({ status: 'answered', value: i % 2 ? 'stateful' : 'stateless' }), '');
    }
  })();
  db.pragma('user_version = 1');
  db.pragma(`application_id = ${ENGAGEMENT_APPLICATION_ID}`);
  db.close();
}

export interface FileState {
  version: number;
  schema: string;
  answers: string;
}

/** The format version, the names of the tables and indexes, and every answer's content, of a file SQLite has recovered. */
export function fileState(path: string): FileState {
  const db = new Database(path, { fileMustExist: true });
  try {
    const schema = (db.prepare("SELECT type || ' ' || name AS entry FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1").all() as { entry: string }[])
      .map((row) => row.entry)
      .join(', ');
    const answers = (
      db.prepare('SELECT application_id, question_id, state_json, note FROM answer ORDER BY application_id, question_id').all() as Record<string, string>[]
    )
      .map((row) => `${row.application_id}|${row.question_id}|${row.state_json}|${row.note}`)
      .join('\n');
    return { version: Number(db.pragma('user_version', { simple: true })), schema, answers };
  } finally {
    db.close();
  }
}


/**
 * What SQLite itself does with a file a crash left behind, the first time a connection that may
 * write reads it: a hot journal is played back (the unfinished transaction undone) and deleted.
 * Returns whether there was a hot journal to play back.
 */
export function recoverAsSQLiteDoes(path: string): boolean {
  const hot = journalIsHot(`${path}-journal`);
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('user_version');
  } finally {
    db.close();
  }
  return hot;
}

/** Opens the file the way the app does and closes it again. */
export function openWithTheApp(path: string) {
  const store = EngagementStore.open(path, 'crash-test');
  try {
    return { view: store.view(), imports: store.inventoryImports() };
  } finally {
    store.close();
  }
}
