import { describe, expect, it } from 'vitest';
import { MAX_CELL_TEXT, MAX_XML_DEPTH, MAX_XML_TOKEN_BYTES } from './limits';
import { SharedStrings, SharedStringsReader } from './sharedStrings';
import { SheetReader, type ColumnFilter } from './sheetReader';
import type { SheetRow } from './source';
import { XmlProblem, type XmlScanner } from './xmlScanner';

/** Feeds `xml` to a scanner in pieces of `size` bytes (the whole at once when 0). */
function feed(scanner: XmlScanner, xml: Buffer, size: number): void {
  if (size === 0) scanner.write(xml);
  else for (let at = 0; at < xml.length; at += size) scanner.write(xml.subarray(at, at + size));
  scanner.end();
}

function sharedStrings(xml: string, size = 0): SharedStrings {
  const reader = new SharedStringsReader(0);
  feed(reader.scanner, Buffer.from(xml, 'utf8'), size);
  return reader.strings;
}

function sheetRows(xml: string, options: { strings?: SharedStrings; size?: number; filter?: ColumnFilter; batches?: number[] } = {}): SheetRow[] {
  const reader = new SheetReader(options.strings ?? new SharedStrings(), options.filter ?? { columns: null }, 'test.xlsx, sheet "S"');
  const rows: SheetRow[] = [];
  const xmlBytes = Buffer.from(xml, 'utf8');
  const size = options.size || xmlBytes.length;
  for (let at = 0; at < xmlBytes.length; at += size) {
    reader.scanner.write(xmlBytes.subarray(at, at + size));
    for (;;) {
      const batch = reader.take();
      options.batches?.push(batch.length);
      rows.push(...batch);
      if (!reader.scanner.paused) break;
      reader.scanner.resume();
    }
  }
  reader.scanner.end();
  rows.push(...reader.take());
  return rows;
}

function problemOf(work: () => unknown): XmlProblem {
  try {
    work();
  } catch (error) {
    if (error instanceof XmlProblem) return error;
    throw error;
  }
  throw new Error('no problem was found');
}

const SST =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<!-- written by hand -->' +
  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">' +
  '<si><t>VM</t></si>' +
  '<si><r><rPr><b/></rPr><t>Pay</t></r><r><t xml:space="preserve">roll é</t></r><rPh sb="0" eb="1"><t>ペイ</t></rPh></si>' +
  '<si><t/></si>' +
  '<si><t>a &amp; b &lt;c&gt; &#x1F600; &#233;</t></si>' +
  '<si><t><![CDATA[<raw> & text]]></t></si>' +
  '</sst>';

const SHEET =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
  '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Notes</x:t></x:is></x:c><x:c r="C1" t="str"><x:f>"C"&amp;"PU"</x:f><x:v>CPU</x:v></x:c></x:row>' +
  '<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>line&#10;one</x:t></x:r><x:r><x:t xml:space="preserve"> two\r\n</x:t></x:r><x:rPh><x:t>skip</x:t></x:rPh></x:is></x:c><x:c><x:v>4.5</x:v></x:c><x:c r="E3" t="b"><x:v>1</x:v></x:c><x:c r="F3" t="e"><x:v>#N/A</x:v></x:c><x:c r="G3" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c><x:c r="H3"><x:f>SUM(A1)</x:f></x:c></x:row>' +
  '<x:row><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="B4" s="3"/></x:row>' +
  '<x:row r="5"><x:c r="A5" t="s"><x:v>3</x:v></x:c><x:c r="C5" t="d"><x:v>2026-03-01</x:v></x:c><x:c r="AB5" t="s"><x:v>4</x:v></x:c></x:row>' +
  '</x:sheetData></x:worksheet>';

const EXPECTED: SheetRow[] = [
  { rowNumber: 1, cells: ['VM', 'Notes', 'CPU'] },
  { rowNumber: 3, cells: ['Payroll é', 'line\none two\n', 4.5, null, true, '#N/A', null, null] },
  { rowNumber: 5, cells: ['a & b <c> 😀 é', null, '2026-03-01', ...Array<null>(24).fill(null), '<raw> & text'] },
];

describe('the xlsx scanner and readers', () => {
  it('reads shared strings (rich text, phonetic guides left out, entities, CDATA) and sheet cells of every kind, however the bytes are cut', () => {
    for (const size of [0, 1, 2, 3, 7, 64]) {
      const strings = sharedStrings(SST, size);
      expect(Array.from({ length: strings.size }, (_, i) => strings.get(i)), `pieces of ${size}`).toEqual(['VM', 'Payroll é', null, 'a & b <c> 😀 é', '<raw> & text']);
      expect(sheetRows(SHEET, { strings, size }), `pieces of ${size}`).toEqual(EXPECTED);
    }
  });

  it('keeps short and long shared strings, ASCII or not, and gives the same text when asked again', () => {
    const texts = ['a'.repeat(63), `${'b'.repeat(62)}é`, 'c'.repeat(64), `${'d'.repeat(100)}ü`, 'x', 'ÿ'];
    const strings = sharedStrings(`<sst>${texts.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`, 7);
    for (let round = 0; round < 3; round += 1) expect(texts.map((_, i) => strings.get(i))).toEqual(texts);
  });

  it('once narrowed to some columns, makes values only for them and for the first filled cell of each row', () => {
    const strings = sharedStrings(SST);
    const columns = new Uint8Array(5);
    columns[2] = 1;
    columns[4] = 1;
    expect(sheetRows(SHEET, { strings, filter: { columns } })).toEqual([
      { rowNumber: 1, cells: ['VM', null, 'CPU'] },
      { rowNumber: 3, cells: ['Payroll é', null, 4.5, null, true] },
      { rowNumber: 5, cells: ['a & b <c> 😀 é', null, '2026-03-01'] },
    ]);
  });

  it('hands rows over in batches of at most 2,048, pausing inside a chunk and going on where it stopped', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const batches: number[] = [];
    const read = sheetRows(`<worksheet><sheetData>${rows}</sheetData></worksheet>`, { batches });
    expect(read.map((row) => row.cells[0])).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(batches.filter((size) => size > 0)).toEqual([2048, 2048, 904]);
  });

  it('hands over only the rows asked for before the columns are narrowed, then full batches of the narrowed columns', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"><v>${-i}</v></c></row>`).join('');
    const filter: ColumnFilter = { columns: null, rowsBeforeNarrowing: 40 };
    const reader = new SheetReader(new SharedStrings(), filter, 'test.xlsx, sheet "S"');
    const batches: SheetRow[][] = [];
    reader.scanner.write(Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`, 'utf8'));
    for (;;) {
      batches.push(reader.take());
      // Narrowed to column A once the first rows are seen, as the importer does once it knows the header.
      filter.columns = Uint8Array.of(1);
      if (!reader.scanner.paused) break;
      reader.scanner.resume();
    }
    reader.scanner.end();
    batches.push(reader.take());
    expect(batches.map((batch) => batch.length).filter((size) => size > 0)).toEqual([40, 2048, 912]);
    expect(batches[0]![39]).toEqual({ rowNumber: 40, cells: [39, -39] });
    expect(batches[1]![0]).toEqual({ rowNumber: 41, cells: [40] });
  });

  it('stops on a DOCTYPE, an undeclared entity, a stray end tag, or text outside the elements', () => {
    const sheet = (body: string) => `<worksheet><sheetData>${body}</sheetData></worksheet>`;
    expect(problemOf(() => sheetRows(`<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "b">]>${sheet('')}`)).kind).toBe('doctype');
    expect(problemOf(() => sheetRows(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'))).message).toMatch(/entity "&a;", which nothing declares/);
    expect(problemOf(() => sheetRows(sheet('<row r="1"></c></row>'))).message).toMatch(/end tag <\/c> closes no element/);
    expect(problemOf(() => sheetRows(`${sheet('')}trailing`)).message).toMatch(/text after its last element/);
    expect(problemOf(() => sheetRows('<worksheet><sheetData>')).message).toMatch(/ends before its elements are closed/);
    expect(problemOf(() => sheetRows('   ')).message).toMatch(/holds no XML element/);
    expect(problemOf(() => sheetRows('<a>'.repeat(MAX_XML_DEPTH + 1))).message).toMatch(/nest deeper than 256 levels/);
  });

  it('refuses a tag or a cell past its limit while reading it, in small pieces as in one', () => {
    const longTag = `<worksheet><sheetData><row r="1" x="${'a'.repeat(MAX_XML_TOKEN_BYTES)}"/></sheetData></worksheet>`;
    const longCell = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${'b'.repeat(MAX_CELL_TEXT + 1)}</t></is></c></row></sheetData></worksheet>`;
    for (const size of [0, 65_536]) {
      expect(problemOf(() => sheetRows(longTag, { size })).kind).toBe('token-too-long');
      expect(problemOf(() => sheetRows(longCell, { size })).kind).toBe('text-too-long');
      expect(problemOf(() => sharedStrings(`<sst><si><t>${'c'.repeat(MAX_CELL_TEXT + 1)}</t></si></sst>`, size)).kind).toBe('text-too-long');
    }
  });
});
