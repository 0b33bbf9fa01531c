import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportInspection, ImportPreview, ImportResult } from '../../../shared/api/importContract';
import { useTempDir } from '../testSupport';
import type { Workbench } from '../workbench';
import { readZipDirectory } from './fileKind';
import { writeRvtoolsWorkbook } from './sample';
import { call, workbenchIn, writeOle, writeXlsx, writeZip, xlsxParts, type ZipPart } from './testFiles';

/**
 * Files made to break the import, each generated here: damaged, oversized, hostile or odd. Each
 * goes through the API the wizard uses, on an open engagement, and must end in a message that
 * names the problem, never a crash or a hang, with the engagement file unchanged to the byte.
 */

const tempDir = useTempDir();

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Opened {
  dir: string;
  wb: Workbench;
  engagement: string;
}

async function opened(): Promise<Opened> {
  const dir = tempDir();
  const wb = workbenchIn(dir);
  const engagement = join(dir, 'acme.cwb');
  await call(wb, 'engagement.create', { path: engagement, customer: 'Acme', title: 'DR' });
  return { dir, wb, engagement };
}

interface Refusal {
  code: string;
  message: string;
  details?: { reason?: string };
}

/** Previews, then applies; both must be refused with the same error and leave the file as it was. */
async function refusedBoth(at: Opened, input: Record<string, unknown>): Promise<Refusal> {
  const before = sha256(at.engagement);
  const errors: Refusal[] = [];
  for (const method of ['import.preview', 'import.apply']) {
    const envelope = await at.wb.dispatch(method, input);
    if (!('error' in envelope)) throw new Error(`${method} was not refused`);
    errors.push(envelope.error as Refusal);
    expect(sha256(at.engagement)).toBe(before);
  }
  expect(errors[1]).toEqual(errors[0]);
  expect(errors[0]!.code).not.toBe('INTERNAL');
  return errors[0]!;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const worksheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
const inline = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;

/** "Billion laughs": ten levels of ten references, a gigabyte of "lol" if a parser expanded them. */
const ENTITY_BOMB = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
  { length: 9 },
  (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
).join('')}]>`;

/** Raw deflate data that unpacks to `mebibytes` MiB of "A": one compressed MiB, repeated (full flush makes each copy stand alone). */
function deflatedRepeat(prefix: string, mebibytes: number): Buffer {
  const head = deflateRawSync(Buffer.from(prefix), { finishFlush: constants.Z_FULL_FLUSH });
  const mebibyte = deflateRawSync(Buffer.alloc(1024 ** 2, 'A'), { finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([head, ...Array<Buffer>(mebibytes).fill(mebibyte), deflateRawSync(Buffer.alloc(0))]);
}

describe('damaged and hostile workbooks', () => {
  it('refuses a workbook whose sheet data is garbled (directory intact) instead of waiting for ever on it', async () => {
    const at = await opened();
    const path = join(at.dir, 'garbled.xlsx');
    await writeRvtoolsWorkbook(path, { rows: 2000 });
    const sheet = readZipDirectory(path).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const bytes = readFileSync(path);
    for (let i = sheet.localHeaderOffset + 200; i < sheet.localHeaderOffset + 2000; i += 1) bytes[i] = (i * 31) & 0xff;
    writeFileSync(path, bytes);
    const error = await refusedBoth(at, { path });
    expect(error.message).toMatch(/^garbled\.xlsx cannot be read as an Excel workbook: its part xl\/worksheets\/sheet1\.xml is damaged/);
    // Only the sheet asked for is unpacked: exceljs's own reader met the damaged one first and waited there for ever.
    const other = await refusedBoth(at, { path, sheet: 'vHost' });
    expect(other.message).toMatch(/^garbled\.xlsx: no column is mapped to the VM name/);
    at.wb.close();
  }, 60_000);

  it('refuses a zip bomb from its directory, and one whose directory lies about the size as soon as it unpacks past it', async () => {
    const at = await opened();
    const prefix = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData><row r="1">${inline('A1', 'VM')}</row><row r="2"><c r="A2" t="inlineStr"><is><t>`;
    // 2.5 GB of one cell's text in 2.6 MB; never unpacked by either import.
    const data = deflatedRepeat(prefix, 2500);
    expect(data.length).toBeLessThan(4 * 1024 ** 2);
    const honest = writeZip(join(at.dir, 'honest-bomb.xlsx'), xlsxParts({ name: 'xl/worksheets/sheet1.xml', deflated: { data, uncompressedSize: 2500 * 1024 ** 2, crc: 0 } }));
    const declared = await refusedBoth(at, { path: honest });
    expect(declared.message).toMatch(/^honest-bomb\.xlsx unpacks to 2500 MB, more than the limit of 2048 MB/);
    expect(declared.details?.reason).toBe('too-large');

    const lying = writeZip(join(at.dir, 'lying-bomb.xlsx'), xlsxParts({ name: 'xl/worksheets/sheet1.xml', deflated: { data, uncompressedSize: 5000, crc: 0 } }));
    const rssBefore = process.memoryUsage().rss;
    const error = await refusedBoth(at, { path: lying });
    expect(error.message).toMatch(
      /^lying-bomb\.xlsx cannot be read as an Excel workbook: its part xl\/worksheets\/sheet1\.xml unpacks to more than the 5,000 bytes its zip directory declares \(the file is damaged, or built to exhaust memory\)/,
    );
    expect(error.details?.reason).toBe('too-large');
    // Reading the cell would have held gigabytes; stopping at the declared size holds next to nothing.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 ** 2);
    at.wb.close();
  }, 60_000);

  it('refuses XML entity declarations in a sheet or in the shared strings without expanding them', async () => {
    const at = await opened();
    const inSheet = writeZip(
      join(at.dir, 'laughs-sheet.xlsx'),
      xlsxParts({
        name: 'xl/worksheets/sheet1.xml',
        text: `<?xml version="1.0" encoding="UTF-8"?>${ENTITY_BOMB}<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1">${inline('A1', 'VM')}</row><row r="2">${inline('A2', '&lol9;')}</row></sheetData></worksheet>`,
      }),
    );
    const inStrings = writeZip(
      join(at.dir, 'laughs-strings.xlsx'),
      xlsxParts(
        { name: 'xl/worksheets/sheet1.xml', text: worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>') },
        {
          name: 'xl/sharedStrings.xml',
          text: `<?xml version="1.0" encoding="UTF-8"?>${ENTITY_BOMB}<sst xmlns="${MAIN_NS}" count="2" uniqueCount="2"><si><t>VM</t></si><si><t>&lol9;</t></si></sst>`,
        },
      ),
    );
    for (const [path, name, part] of [
      [inSheet, 'laughs-sheet.xlsx', 'xl/worksheets/sheet1.xml'],
      [inStrings, 'laughs-strings.xlsx', 'xl/sharedStrings.xml'],
    ] as const) {
      const error = await refusedBoth(at, { path });
      expect(error.message).toMatch(new RegExp(`^${name.replace('.', '\\.')} is refused: its part ${part.replace(/\./g, '\\.')} holds XML entity declarations \\(a DOCTYPE\\), which Excel never writes`));
    }
    at.wb.close();
  });

  it('stops a 1,000,000-row sheet at the 200,000-row limit instead of reading it all', async () => {
    const at = await opened();
    const rows: string[] = [`<row r="1">${inline('A1', 'VM')}${inline('B1', 'CPUs')}</row>`];
    for (let r = 2; r <= 1_000_001; r += 1) {
      // A tripwire: an import that read on past the limit would stop here on broken XML instead.
      rows.push(r === 250_001 ? `<row r="${r}"><broken></row>` : `<row r="${r}">${inline(`A${r}`, `vm${r}`)}<c r="B${r}"><v>2</v></c></row>`);
    }
    const xml = Buffer.from(worksheet(rows.join('')));
    rows.length = 0;
    const sheet: ZipPart = { name: 'xl/worksheets/sheet1.xml', deflated: { data: deflateRawSync(xml, { level: 1 }), uncompressedSize: xml.length, crc: crc32(xml) } };
    const path = writeZip(join(at.dir, 'million.xlsx'), xlsxParts(sheet));
    const error = await refusedBoth(at, { path });
    expect(error.message).toBe('million.xlsx has more than 200,000 rows, the most one import reads. Split the file and import it in parts.');
    expect(error.details?.reason).toBe('too-many-rows');

    const csv = join(at.dir, 'million.csv');
    writeFileSync(csv, `VM,CPUs\n${Array.from({ length: 1_000_000 }, (_, i) => `vm${i},2\n`).join('')}`);
    expect((await refusedBoth(at, { path: csv })).details?.reason).toBe('too-many-rows');
    at.wb.close();
  }, 240_000);
});

describe('files that are not what they say', () => {
  it('refuses an empty file, random bytes, a legacy .xls and an encrypted workbook in preview as in apply', async () => {
    const at = await opened();
    const cases: [string, Buffer | null, RegExp][] = [
      ['empty.xlsx', Buffer.alloc(0), /^empty\.xlsx is empty \(0 bytes\)\.$/],
      ['empty.csv', Buffer.alloc(0), /^empty\.csv is empty \(0 bytes\)\.$/],
      ['noise.xlsx', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + (i >> 3)) % 256)), /^noise\.xlsx is not an Excel workbook/],
      ['noise.bin', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + (i >> 3)) % 256)), /^noise\.bin is not a spreadsheet/],
      ['old.xls', null, /^old\.xls is a legacy Excel 97–2003 workbook/],
      ['locked.xlsx', null, /^locked\.xlsx is an encrypted \(password-protected\) workbook/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(at.dir, name);
      if (bytes) writeFileSync(path, bytes);
      else writeOle(path, name === 'old.xls' ? ['Root Entry', 'Workbook'] : ['Root Entry', 'EncryptionInfo', 'EncryptedPackage']);
      expect((await refusedBoth(at, { path })).message).toMatch(message);
    }
    at.wb.close();
  });

  it('reads UTF-16 big-endian text without a BOM, and Windows-1252 with "€", "–" and curly quotes', async () => {
    const at = await opened();
    const text = 'VM Name,CPUs,Notes\r\nserver-ä,2,x\r\nserver-b,4,y\r\n';
    const bigEndian = Buffer.from(text, 'utf16le').swap16();
    const utf16 = join(at.dir, 'be.csv');
    writeFileSync(utf16, bigEndian);
    const inspection = await call<ImportInspection>(at.wb, 'import.inspect', { path: utf16 });
    expect(inspection.encoding).toBe('utf-16be');
    const preview = await call<ImportPreview>(at.wb, 'import.preview', { path: utf16 });
    expect(preview.rows.map((vm) => [vm.name, vm.vcpu])).toEqual([
      ['server-ä', 2],
      ['server-b', 4],
    ]);
    // 0x80 is "€" and 0x96 "–" in Windows-1252; Node 20 decodes that label as Latin-1, giving control characters.
    const ansi = join(at.dir, 'ansi.csv');
    writeFileSync(ansi, Buffer.concat([Buffer.from('VM Name;Notes\r\nsrv1;Kosten 5 '), Buffer.from([0x80, 0x20, 0x96, 0x20, 0x93]), Buffer.from('ok'), Buffer.from([0x94, 0x0d, 0x0a])]));
    const notes = await call<ImportPreview>(at.wb, 'import.preview', { path: ansi });
    expect(notes.rows[0]!.notes).toBe('Kosten 5 € – “ok”');
    at.wb.close();
  });

  it('refuses Shift-JIS text rather than importing garbled names, naming the line', async () => {
    const at = await opened();
    const path = join(at.dir, 'sjis.csv');
    // "サーバー" in Shift-JIS: the long vowel mark is 0x81 0x5B, and 0x81 means nothing in Windows-1252.
    writeFileSync(path, Buffer.concat([Buffer.from('VM Name,CPUs\r\nweb-01,2\r\n'), Buffer.from([0x83, 0x54, 0x81, 0x5b, 0x83, 0x6f, 0x81, 0x5b]), Buffer.from('-01,2\r\n')]));
    const error = await refusedBoth(at, { path });
    expect(error.message).toMatch(/^sjis\.csv is not in an encoding this import reads \(UTF-8, UTF-16 or Windows-1252\): line 3 holds the byte 0x81, .*Shift-JIS.*"CSV UTF-8"/);
    at.wb.close();
  });
});

describe('odd cells', () => {
  it('bounds cells of 100,000 characters: a name is refused, OS, host and application cut, a header kept usable', async () => {
    const at = await opened();
    const huge = 'x'.repeat(100_000);
    const path = await writeXlsx(join(at.dir, 'long.xlsx'), [
      {
        name: 'vInfo',
        rows: [
          ['VM', 'Application', 'OS', 'Host', huge],
          [huge, 'ERP', 'Linux', 'esx1', 'a'],
          ['app01', huge, huge, huge, 'b'],
          ['app02', 'ERP', 'Linux', 'esx1', 'c'],
        ],
      },
    ]);
    const inspection = await call<ImportInspection>(at.wb, 'import.inspect', { path });
    expect(inspection.headers[4]!.length).toBeLessThanOrEqual(200);
    // The header comes back in a mapping: it must pass the API's own limit on a column name.
    const mapping = { ...inspection.mapping, columns: { ...inspection.mapping.columns, notes: [inspection.headers[4]!] } };
    const before = sha256(at.engagement);
    const preview = await call<ImportPreview>(at.wb, 'import.preview', { path, mapping, grouping: { kind: 'column', column: 'Application' } });
    expect(sha256(at.engagement)).toBe(before);
    expect(preview.rows[0]).toMatchObject({ rowNumber: 2, skipped: 'no-name' });
    expect(preview.rows[1]).toMatchObject({ name: 'app01', application: 'x'.repeat(120), os: 'x'.repeat(300), host: 'x'.repeat(300) });
    expect(preview.problems).toEqual([
      { rowNumber: 2, column: 'VM', message: 'the VM name is longer than 200 characters; row skipped', severity: 'error' },
      { rowNumber: 3, column: 'Application', message: 'longer than 120 characters, the most an application name has; cut short', severity: 'warning' },
      { rowNumber: 3, column: 'OS', message: 'longer than 300 characters; cut short', severity: 'warning' },
      { rowNumber: 3, column: 'Host', message: 'longer than 300 characters; cut short', severity: 'warning' },
    ]);
    const result = await call<ImportResult>(at.wb, 'import.apply', { path, mapping, grouping: { kind: 'column', column: 'Application' } });
    expect(result).toMatchObject({ vmsCreated: 2, applicationsCreated: 2, rowErrors: 1 });
    at.wb.close();
  });

  // exceljs keeps no error text for a formula's cached result (B2 below): such a cell arrives empty, as one never calculated.
  it('takes a formula by its result and reports error values where they are, never as a name or a group', async () => {
    const at = await opened();
    const path = writeZip(
      join(at.dir, 'formulas.xlsx'),
      xlsxParts({
        name: 'xl/worksheets/sheet1.xml',
        text: worksheet(
          `<row r="1">${inline('A1', 'VM')}${inline('B1', 'CPUs')}${inline('C1', 'Memory (GB)')}${inline('D1', 'Application')}</row>` +
            `<row r="2"><c r="A2" t="str"><f>"web"&amp;"01"</f><v>web01</v></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2"><f>2*4</f><v>8</v></c><c r="D2" t="e"><v>#N/A</v></c></row>` +
            `<row r="3"><c r="A3" t="e"><v>#N/A</v></c><c r="B3"><f>SUM(B2:B2)</f></c><c r="C3" t="e"><v>#REF!</v></c></row>` +
            `<row r="4">${inline('A4', 'db01')}<c r="B4"><f>2+2</f><v>4</v></c>${inline('C4', '=1+1')}${inline('D4', 'Shop')}</row>`,
        ),
      }),
    );
    const before = sha256(at.engagement);
    const preview = await call<ImportPreview>(at.wb, 'import.preview', { path });
    expect(sha256(at.engagement)).toBe(before);
    expect(preview.rows.map((vm) => [vm.rowNumber, vm.name, vm.vcpu, vm.memoryGb, vm.application, vm.skipped])).toEqual([
      [2, 'web01', null, 8, null, null],
      [3, '', null, null, null, 'no-name'],
      [4, 'db01', 4, null, 'Shop', null],
    ]);
    expect(preview.problems).toEqual([
      { rowNumber: 2, column: 'Application', message: 'the cell shows the Excel error #N/A; left empty', severity: 'warning' },
      { rowNumber: 3, column: 'Memory (GB)', message: '"#REF!" is not a number; left empty', severity: 'warning' },
      { rowNumber: 3, column: 'VM', message: 'the VM name cell shows the Excel error #N/A; row skipped', severity: 'error' },
      { rowNumber: 4, column: 'Memory (GB)', message: '"=1+1" is not a number; left empty', severity: 'warning' },
    ]);
    const result = await call<ImportResult>(at.wb, 'import.apply', { path });
    expect(result).toMatchObject({ rowsRead: 3, vmsCreated: 2, applicationsCreated: 1, rowErrors: 1 });
    at.wb.close();
  });
});
