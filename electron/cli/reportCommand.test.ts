import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../core/report/pdf';
import { useTempDir } from '../core/testSupport';
import { cwb } from './testCli';

const tempDir = useTempDir();

async function demoFile(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const file = join(dir, 'demo.cwb');
  expect((await cwb('demo', file)).code).toBe(0);
  return { dir, file };
}

describe('cwb report', () => {
  it('writes the HTML report without changing the engagement file', async () => {
    const { dir, file } = await demoFile();
    const before = readFileSync(file);
    const result = await cwb('report', file, '--format', 'html', '-o', join(dir, 'report.html'), '--as-of', '2026-11-25');
    expect(result).toEqual({ code: 0, out: '', err: '' });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>Executive summary</h1>');
    expect(html).toContain('Assessment as of</dt><dd>2026-11-25');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['demo.cwb', 'report.html']);
  });

  it('writes the DOCX report', async () => {
    const { dir, file } = await demoFile();
    expect((await cwb('report', file, '--format', 'docx', '--output', join(dir, 'report.docx'))).code).toBe(0);
    expect(readFileSync(join(dir, 'report.docx')).subarray(0, 2).toString('latin1')).toBe('PK');
  }, 60_000);

  it.skipIf(!findChromium())('writes the PDF report', async () => {
    const { dir, file } = await demoFile();
    expect((await cwb('report', file, '--format', 'pdf', '-o', join(dir, 'report.pdf'))).code).toBe(0);
    expect(readFileSync(join(dir, 'report.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('answers wrong usage with exit code 2 and writes nothing', async () => {
    const { dir, file } = await demoFile();
    const out = join(dir, 'r.html');
    expect(await cwb('report', file, '-o', out)).toMatchObject({ code: 2, err: expect.stringMatching(/needs --format html, pdf or docx[^]*Usage:/) });
    expect(await cwb('report', file, '--format', 'xlsx', '-o', out)).toMatchObject({ code: 2, err: expect.stringMatching(/not "xlsx"/) });
    expect(await cwb('report', file, '--format', 'html')).toMatchObject({ code: 2, err: expect.stringMatching(/needs -o OUT/) });
    expect(await cwb('report', file, '--format', 'html', '-o', file)).toMatchObject({ code: 2, err: expect.stringMatching(/not the engagement file/) });
    expect(await cwb('report', file, '--format', 'html', '-o', out, '--as-of', '2026-13-01')).toMatchObject({ code: 2, err: expect.stringMatching(/--as-of must be a date/) });
    expect(await cwb('report')).toMatchObject({ code: 2, err: expect.stringMatching(/needs a FILE/) });
    expect(await cwb('help')).toMatchObject({ code: 0, out: expect.stringMatching(/cwb report FILE --format html\|pdf\|docx -o OUT/) });
    expect(existsSync(out)).toBe(false);
  });

  it('fails with exit code 1 on a missing engagement file', async () => {
    const dir = tempDir();
    const result = await cwb('report', join(dir, 'missing.cwb'), '--format', 'html', '-o', join(dir, 'r.html'));
    expect(result).toMatchObject({ code: 1, err: expect.stringMatching(/No engagement file at/) });
    expect(readdirSync(dir)).toEqual([]);
  });
});
