import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../testSupport';
import { EngagementStore } from './engagementStore';
import { checkSqliteDriver, describeDriverFailure, useSqliteDriver } from './sqliteDriver';

const tempDir = useTempDir();

afterEach(() => useSqliteDriver(undefined));

describe('the SQLite driver and its self-check', () => {
  it('passes with the build npm made for this Node.js, and leaves no test database behind', () => {
    const dir = tempDir();
    const check = checkSqliteDriver(dir);
    expect(check).toMatchObject({ ok: true, binding: null, moduleVersion: process.versions.modules });
    expect(check.ok && check.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a build that does not exist as missing', () => {
    const binding = join(tempDir(), 'nowhere', 'better_sqlite3.node');
    useSqliteDriver(binding);
    const check = checkSqliteDriver(tempDir());
    expect(check).toEqual({ ok: false, failure: { kind: 'missing', binding } });
    if (check.ok) return;
    expect(describeDriverFailure(check.failure, 'Electron 45.4.1')).toBe(`The SQLite driver ${binding} is missing: the file does not exist.`);
  });

  it('reports a file that is not a loadable driver with what the loader said', () => {
    const binding = join(tempDir(), 'better_sqlite3.node');
    writeFileSync(binding, 'not a shared library');
    useSqliteDriver(binding);
    const check = checkSqliteDriver(tempDir());
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.failure).toMatchObject({ kind: 'unusable', binding, detail: expect.stringContaining(binding) });
    const sentence = describeDriverFailure(check.failure, 'Electron 45.4.1');
    expect(sentence.startsWith(`The SQLite driver ${binding} cannot be used: ${binding}`)).toBe(true);
  });

  it('says which module version a build was made for and which one the runtime needs', () => {
    const failure = { kind: 'module-version', binding: null, builtFor: '115', required: '150' } as const;
    expect(describeDriverFailure(failure, 'Electron 45.4.1')).toBe(
      'The SQLite driver in node_modules/better-sqlite3 was built for module version 115, but Electron 45.4.1 needs module version 150.',
    );
  });

  it('is what the engagement store opens every file with: a named build that is missing makes nothing', () => {
    const path = join(tempDir(), 'acme.cwb');
    useSqliteDriver(join(tempDir(), 'nowhere', 'better_sqlite3.node'));
    expect(() => EngagementStore.create(path, { customer: 'Acme', title: 'DR review' }, 'alex')).toThrow(/Cannot find module/);
    expect(existsSync(path)).toBe(false);
    useSqliteDriver(undefined);
    EngagementStore.create(path, { customer: 'Acme', title: 'DR review' }, 'alex').close();
    expect(existsSync(path)).toBe(true);
  });
});
