import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fileError, inputError, toErrorBody } from './errors';
import { writeFileAtomically } from './interchange';
import { EngagementStore } from './store/engagementStore';
import { useTempDir } from './testSupport';

const tempDir = useTempDir();

/** What no message shown to a user may contain: errno codes, temporary names, stack lines. */
const TECHNICAL = /\bE[A-Z]{3,}\b|writing-\d|\n\s+at |SQLITE_/;

describe('messages for people', () => {
  it('says which folder is missing instead of ENOENT', () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open '/x/.a.xlsx.writing-13531'"), { code: 'ENOENT' });
    const message = fileError(error, '/x/a.xlsx', 'write').message;
    expect(message).toBe('Could not write /x/a.xlsx: the folder /x does not exist. Choose a folder that exists, or create it first.');
    expect(message).not.toMatch(TECHNICAL);
  });

  it('translates a file-system error that escaped, and keeps an unexpected one to its first line', () => {
    const escaped = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: '/root/x.csv' });
    expect(toErrorBody(escaped)).toEqual({ code: 'IO', message: expect.stringMatching(/^Could not use \/root\/x\.csv: you do not have permission/), details: { path: '/root/x.csv' } });
    const odd = new Error('boom\n    at thing (file.ts:1:1)');
    expect(toErrorBody(odd).message).not.toMatch(TECHNICAL);
  });

  it('words a refused input by its own message, or by the field when the message is generic', () => {
    const named = z.object({ name: z.string().min(1, 'VM name is required') }).safeParse({ name: '' });
    const generic = z.object({ followUpBy: z.string() }).safeParse({ followUpBy: 3 });
    if (named.success || generic.success) throw new Error('expected failures');
    expect(inputError(named.error).message).toBe('VM name is required.');
    expect(inputError(generic.error).message).toMatch(/^The follow up by was not accepted \(invalid input/);
  });

  it('creates a missing folder on export, and names the file (not its temporary name) when writing fails', () => {
    const dir = tempDir();
    const target = join(dir, 'exports', '2026', 'acme.json');
    writeFileAtomically(target, '{}');
    expect(readdirSync(join(dir, 'exports', '2026'))).toEqual(['acme.json']);
    writeFileSync(join(dir, 'file'), '');
    let message = '';
    try {
      writeFileAtomically(join(dir, 'file', 'acme.json'), '{}');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Could not create the folder .*file: part of that path is a file/);
    expect(message).not.toMatch(TECHNICAL);
    mkdirSync(join(dir, 'taken.json'));
    expect(() => writeFileAtomically(join(dir, 'taken.json'), '{}')).toThrow(/taken\.json is a folder/);
    expect(readdirSync(dir).filter((name) => name.includes('.writing-'))).toEqual([]);
  });

  it('creates an engagement in a folder that does not exist yet, and names the folder when it cannot be made', () => {
    const dir = tempDir();
    EngagementStore.create(join(dir, 'Documents', 'Continuity Workbook', 'acme.cwb'), { customer: 'Acme', title: 'DR' }, 'tester').close();
    writeFileSync(join(dir, 'Documents', 'notes'), '');
    let message = '';
    try {
      EngagementStore.create(join(dir, 'Documents', 'notes', 'acme.cwb'), { customer: 'Acme', title: 'DR' }, 'tester');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`Could not create the folder ${join(dir, 'Documents', 'notes')}: part of that path is a file, not a folder. Choose another folder.`);
  });
});
