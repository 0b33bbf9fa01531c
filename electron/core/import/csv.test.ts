import { describe, expect, it } from 'vitest';
import { CsvParser } from './csv';
import type { SheetRow } from './source';

/** Parses `text` handed over in pieces of `size` characters (all at once when 0), as the file's chunks arrive. */
function parse(text: string, size: number): SheetRow[] {
  const parser = new CsvParser(',', 'test.csv');
  const rows: SheetRow[] = [];
  if (size === 0) parser.push(text, true);
  else {
    for (let at = 0; at < text.length; at += size) parser.push(text.slice(at, at + size), false);
    parser.push('', true);
  }
  rows.push(...parser.take());
  return rows;
}

describe('the CSV parser', () => {
  it('reads quotes, doubled quotes, line breaks in quotes, CR, LF and CR LF alike, however the text is cut', () => {
    const text = 'Name,Notes\r\n"a, b","say ""hi"""\r\n  "quoted after spaces",x"y\r\n"multi\r\nline",z\n\nlast,row\rc1,"c2"\r\n';
    for (const size of [0, 1, 2, 3, 5, 7, 64]) {
      expect(parse(text, size), `pieces of ${size}`).toEqual([
        { rowNumber: 1, cells: ['Name', 'Notes'] },
        { rowNumber: 2, cells: ['a, b', 'say "hi"'] },
        { rowNumber: 3, cells: ['quoted after spaces', 'x"y'] },
        { rowNumber: 4, cells: ['multi\r\nline', 'z'] },
        { rowNumber: 6, cells: ['last', 'row'] },
        { rowNumber: 7, cells: ['c1', 'c2'] },
      ]);
    }
  });

  it('refuses a cell, a row or a number of columns past the limits as soon as it passes them', () => {
    expect(() => parse(`VM,${'x'.repeat(1024 ** 2 + 1)}`, 65_536)).toThrow(/^test\.csv, row 1: a cell holds more than 1 MB of text/);
    expect(() => parse(`${'y'.repeat(1000)},`.repeat(4200), 65_536)).toThrow(/^test\.csv: row 1 is longer than 4 MB/);
    expect(() => parse(`VM${',a'.repeat(16_384)}`, 65_536)).toThrow(/^test\.csv, row 1: the row has more than 16,384 columns/);
    expect(parse(`VM${',a'.repeat(16_383)}`, 65_536)[0]!.cells).toHaveLength(16_384);
  });
});
