import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one place that constructs a better-sqlite3 database. better-sqlite3 is a native module:
 * the build `npm ci` makes serves the Node.js that ran it (the CLI, browser mode, the tests) and
 * cannot load in a runtime with another module version, such as Electron's. A host running in
 * such a runtime names its own build of the driver once, before it opens anything, and every
 * database then opens through it.
 */
let nativeBinding: string | undefined;

/** Which driver build this process opens databases with; `undefined` is the one in node_modules. */
export function useSqliteDriver(binding: string | undefined): void {
  nativeBinding = binding;
}

export function openDatabase(path: string, options: Database.Options = {}): Database.Database {
  return new Database(path, nativeBinding === undefined ? options : { ...options, nativeBinding });
}

/** What went wrong when the driver was loaded and tried; `binding` is null for the build in node_modules. */
export type DriverFailure =
  | { kind: 'module-version'; binding: string | null; builtFor: string; required: string }
  | { kind: 'missing'; binding: string | null }
  | { kind: 'unusable'; binding: string | null; detail: string };

export type DriverCheck =
  | { ok: true; binding: string | null; moduleVersion: string; sqliteVersion: string }
  | { ok: false; failure: DriverFailure };

/**
 * Reads the loader's own failure. Node.js names both module versions when a native module was
 * built for another runtime; the loader says "Cannot find module" (a named build) or "Could not
 * locate the bindings file" (the default build) when there is none.
 */
export function driverFailure(error: unknown, binding: string | null): DriverFailure {
  const message = error instanceof Error ? error.message : String(error);
  const versions = /NODE_MODULE_VERSION (\d+)\.[\s\S]*NODE_MODULE_VERSION (\d+)\./.exec(message);
  if (versions?.[1] !== undefined && versions[2] !== undefined) {
    return { kind: 'module-version', binding, builtFor: versions[1], required: versions[2] };
  }
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'MODULE_NOT_FOUND' || message.startsWith('Could not locate the bindings file')) return { kind: 'missing', binding };
  return { kind: 'unusable', binding, detail: message.split('\n')[0] ?? message };
}

const DEFAULT_DRIVER = 'the SQLite driver in node_modules/better-sqlite3';

/** One sentence that says what failed, for the desktop's dialog, `npm start -- --check` and the logs. */
export function describeDriverFailure(failure: DriverFailure, runtime: string): string {
  const driver = failure.binding === null ? DEFAULT_DRIVER : `the SQLite driver ${failure.binding}`;
  switch (failure.kind) {
    case 'module-version':
      return `${capitalised(driver)} was built for module version ${failure.builtFor}, but ${runtime} needs module version ${failure.required}.`;
    case 'missing':
      return `${capitalised(driver)} is missing: the file does not exist.`;
    case 'unusable':
      return `${capitalised(driver)} cannot be used: ${failure.detail}`;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Loads the driver and writes, reads and closes a throwaway database in its own folder under
 * `tempDir`, the way an engagement file is used, so a driver that cannot serve is found before
 * any engagement is touched.
 */
export function checkSqliteDriver(tempDir: string): DriverCheck {
  const binding = nativeBinding ?? null;
  const folder = mkdtempSync(join(tempDir, 'cwb-driver-check-'));
  let db: Database.Database | undefined;
  try {
    db = openDatabase(join(folder, 'check.sqlite'));
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE probe (value INTEGER)');
    db.prepare('INSERT INTO probe (value) VALUES (?)').run(1);
    const row = db.prepare('SELECT value, sqlite_version() AS version FROM probe').get() as { value: number; version: string };
    if (row.value !== 1) return { ok: false, failure: { kind: 'unusable', binding, detail: 'the value written was not read back' } };
    return { ok: true, binding, moduleVersion: process.versions.modules, sqliteVersion: row.version };
  } catch (error) {
    return { ok: false, failure: driverFailure(error, binding) };
  } finally {
    db?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
