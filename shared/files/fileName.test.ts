import { describe, expect, it } from 'vitest';
import { fileNamePart, safeFileName } from './fileName';

/** What a path would resolve to: the name must stay one entry of the folder it is joined to. */
function staysInFolder(name: string): boolean {
  return name !== '' && !/[\\/]/.test(name) && name !== '.' && name !== '..' && !name.startsWith('.');
}

describe('file names made from typed text', () => {
  it.each([
    ['../../etc/passwd', 'etc-passwd.cwb'],
    ['..\\..\\Windows\\System32', 'Windows-System32.cwb'],
    ['..', 'New engagement.cwb'],
    ['.', 'New engagement.cwb'],
    ['   ', 'New engagement.cwb'],
    ['.hidden', 'hidden.cwb'],
    ['Acme: DR? <2026> "final" | a*b', 'Acme- DR- -2026- -final- - a-b.cwb'],
    ['C:\\Users\\x', 'C--Users-x.cwb'],
    ['Acme\u0000Corp\nLtd', 'Acme-Corp-Ltd.cwb'],
    ['Acme Corp. ', 'Acme Corp.cwb'],
    ['CON', 'CON_.cwb'],
    ['nul.txt', 'nul.txt_.cwb'],
    ['Contoso – Zürich', 'Contoso – Zürich.cwb'],
  ])('%j becomes %j', (typed, expected) => {
    const name = safeFileName(typed, '.cwb', 'New engagement');
    expect(name).toBe(expected);
    expect(staysInFolder(name)).toBe(true);
  });

  it('keeps a long name within 255 bytes, cutting between characters', () => {
    const name = safeFileName('Ü'.repeat(300), '.cwb', 'x');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
    expect(name).toBe(`${'Ü'.repeat(100)}.cwb`);
  });

  it('never leaves a separator in a part', () => {
    for (const char of '\\/:*?"<>|') expect(fileNamePart(`a${char}b`)).toBe('a-b');
  });
});
