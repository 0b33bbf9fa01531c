import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { chownSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngagementView } from '../../../shared/domain/engagement';
import { cwb } from '../../cli/testCli';
import { RVTOOLS_FIXTURE } from '../import/testFiles';
import { historyFolder } from '../store/snapshots';
import { useTempDir } from '../testSupport';
import { INTERVIEW_COLUMNS, INTERVIEW_SHEET } from '../workbook/interviewSheet';
import { Workbench } from '../workbench';
import { realEngagement, writeVersion1File } from './hostileCorpus';

/**
 * Snapshots never leave the engagement's folder. When `NAME.cwb.history` is a link to another
 * folder, a file, or a folder of another user, every change that wants a snapshot (inventory
 * import, answer re-import, sign-off, restore, the upgrade of an older file) is refused with
 * SNAPSHOT_UNSAFE and a message saying what to do; the engagement stays byte-identical and nothing
 * is written where the link points.
 */

const tempDir = useTempDir();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface UnsafeFolder {
  name: string;
  /** Puts it in place beside `path`; returns a folder that must stay empty, where there is one. */
  make: (path: string) => string | null;
  message: RegExp;
  /** Giving a folder to another user needs root; elsewhere the case is skipped, saying so. */
  needsRoot?: boolean;
}

const isRoot = process.getuid?.() === 0;

const UNSAFE: UnsafeFolder[] = [
  {
    name: 'a link to a folder elsewhere',
    make: (path) => {
      const elsewhere = join(tempDir(), 'somewhere else');
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, historyFolder(path));
      return elsewhere;
    },
    message: /\.cwb\.history beside the engagement is a link to .*somewhere else, so (no snapshot was kept|its snapshots cannot be listed or used).*: remove the link/,
  },
  {
    name: 'a file',
    make: (path) => {
      writeFileSync(historyFolder(path), 'not a folder');
      return null;
    },
    message: /\.cwb\.history beside the engagement is not a folder, so (no snapshot was kept|its snapshots cannot be listed or used).*move .* out of the way, then try again/,
  },
  {
    name: "another user's folder",
    make: (path) => {
      mkdirSync(historyFolder(path));
      chownSync(historyFolder(path), 4321, 4321);
      return historyFolder(path);
    },
    needsRoot: true,
    message: /\.cwb\.history beside the engagement belongs to another user \(user id 4321\), so (no snapshot was kept|its snapshots cannot be listed or used)/,
  },
];

interface Change {
  name: string;
  consequence: RegExp;
  run: (path: string) => Promise<{ code: string; message: string }>;
}

async function cliError(...argv: string[]): Promise<{ code: string; message: string }> {
  const result = await cwb(...argv, '--json');
  expect(result.code, result.out).toBe(1);
  return (JSON.parse(result.err) as { error: { code: string; message: string } }).error;
}

/** The engagement's workbook with one answer changed, as an owner sends it back. */
async function filledInWorkbook(path: string): Promise<string> {
  const exported = join(tempDir(), 'exported.xlsx');
  expect((await cwb('export', path, '--format', 'xlsx', '-o', exported)).code).toBe(0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  const sheet = workbook.getWorksheet(INTERVIEW_SHEET)!;
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    if (sheet.getCell(row, INTERVIEW_COLUMNS.questionId).value === 'app.owner') {
      sheet.getCell(row, INTERVIEW_COLUMNS.answer).value = 'A new owner';
      break;
    }
  }
  const filled = join(tempDir(), 'filled-in.xlsx');
  await workbook.xlsx.writeFile(filled);
  return filled;
}

const CHANGES: Change[] = [
  { name: 'cwb import (inventory)', consequence: /the inventory was not imported/, run: (path) => cliError('import', path, RVTOOLS_FIXTURE) },
  {
    name: 'cwb import-answers --apply',
    consequence: /the answers were not imported/,
    run: async (path) => cliError('import-answers', path, await filledInWorkbook(path), '--apply'),
  },
  { name: 'cwb signoff', consequence: /the engagement was not signed off/, run: (path) => cliError('signoff', path, '--signer', 'Dana', '--role', 'CIO', '--org', 'Acme') },
  { name: 'cwb restore', consequence: /its snapshots cannot be listed or used/, run: (path) => cliError('restore', path, '1') },
];

describe('a snapshot folder that is not a plain folder of the same owner', () => {
  for (const unsafe of UNSAFE) {
    for (const change of CHANGES) {
      it.skipIf(unsafe.needsRoot && !isRoot)(`${unsafe.name}: ${change.name} is refused with SNAPSHOT_UNSAFE and changes nothing`, async () => {
        const dir = tempDir();
        const path = join(dir, 'Acme.cwb');
        realEngagement(path, 3);
        const mustStayEmpty = unsafe.make(path);
        const before = sha256(path);
        const listing = readdirSync(dir).sort();

        const refusal = await change.run(path);
        expect(refusal.code).toBe('SNAPSHOT_UNSAFE');
        expect(refusal.message).toMatch(unsafe.message);
        expect(refusal.message).toMatch(change.consequence);

        expect(sha256(path)).toBe(before);
        expect(readdirSync(dir).sort()).toEqual(listing);
        if (mustStayEmpty) expect(readdirSync(mustStayEmpty)).toEqual([]);
      });
    }

    it.skipIf(unsafe.needsRoot && !isRoot)(`${unsafe.name}: opening an older file in the app waits rather than upgrading it without a snapshot`, async () => {
      const dir = tempDir();
      const path = join(dir, 'Old.cwb');
      writeVersion1File(path);
      const mustStayEmpty = unsafe.make(path);
      const before = sha256(path);
      const workbench = new Workbench({ host: 'cli', dataDir: join(tempDir(), 'data'), engagementFolder: dir, actor: 'tester' });
      const opened = await workbench.dispatch('engagement.open', { path });
      expect('error' in opened && opened.error).toMatchObject({
        code: 'SNAPSHOT_UNSAFE',
        message: expect.stringMatching(/the file was not upgraded to this version, so it was not opened/),
      });
      expect(((await workbench.dispatch('engagement.current', {})) as { result: EngagementView | null }).result).toBeNull();
      workbench.close();
      expect(sha256(path)).toBe(before);
      if (mustStayEmpty) expect(readdirSync(mustStayEmpty)).toEqual([]);
      expect(readdirSync(dir).filter((name) => name.endsWith('.lock'))).toEqual([]);
    });
  }

  it('near miss: a plain folder of the same owner takes the snapshot as always', async () => {
    const dir = tempDir();
    const path = join(dir, 'Acme.cwb');
    realEngagement(path, 3);
    mkdirSync(historyFolder(path));
    expect((await cwb('signoff', path, '--signer', 'Dana', '--role', 'CIO', '--org', 'Acme')).code).toBe(0);
    expect(readdirSync(historyFolder(path))).toEqual([expect.stringMatching(/_before-sign-off\.cwb$/)]);
  });
});
