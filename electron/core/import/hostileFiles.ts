import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writePieces, writeZip, xlsxParts, type Piece } from './testFiles';

/**
 * Inventories built to exhaust an import, each within the documented limits of its kind or just
 * past one, written to disk a megabyte at a time (never held whole in memory) when a test needs
 * it. The CLI test and the browser-mode test run the same list through their own front door.
 */

const MiB = 1024 ** 2;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const DOCTYPE = '<!DOCTYPE x [<!ENTITY e "entity">]>';

/** A one-sheet workbook ("vInfo") whose sheet and shared strings are pieces. */
function writeWorkbookOfPieces(path: string, sheet: Piece[], sharedStrings?: Piece[]): string {
  return writeZip(path, xlsxParts({ name: 'xl/worksheets/sheet1.xml', pieces: sheet }, sharedStrings ? { name: 'xl/sharedStrings.xml', pieces: sharedStrings } : undefined));
}

const sheetXml = (rows: string) => `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
const inline = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const SMALL_SHEET = sheetXml(`<row r="1">${inline('A1', 'VM')}${inline('B1', 'CPUs')}</row><row r="2">${inline('A2', 'web01')}<c r="B2"><v>2</v></c></row>`);

/** A small workbook with a DOCTYPE in the part named, after its XML declaration; a part the workbook lacks is added. */
function workbookWithDoctypeIn(path: string, part: string): string {
  const parts = xlsxParts({ name: 'xl/worksheets/sheet1.xml', text: SMALL_SHEET });
  if (!parts.some((p) => p.name === part)) parts.push({ name: part, text: part.includes('worksheets') ? SMALL_SHEET : `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}"/>` });
  const withDoctype = (text: string) => text.replace(/^(<\?xml[^>]*\?>)/, `$1${DOCTYPE}`);
  return writeZip(path, parts.map((p) => (p.name === part ? { ...p, text: withDoctype(p.text ?? '') } : p)));
}

export interface HostileInventory {
  /** What it is, as the test names it. */
  title: string;
  /** Writes the file into `dir` and gives its path. */
  make(dir: string): string;
  /** The refusal's message; null for a file within every limit, which must import. */
  message: RegExp | null;
  /** The header and the first rows are sound, so `import.inspect` (which reads no further) succeeds. */
  soundHead?: true;
}

const GB_OF_SPACE = { repeat: Buffer.alloc(MiB, ' '), times: 1024 };

export const HOSTILE_INVENTORIES: HostileInventory[] = [
  {
    title: 'a 200 MB CSV on one line',
    make: (dir) => writePieces(join(dir, 'one-line.csv'), ['VM Name,', { repeat: Buffer.alloc(MiB, 'x'), times: 200 }]),
    message: /^one-line\.csv, row 1: a cell holds more than 1 MB of text \(1,048,576 characters\)/,
  },
  {
    title: 'a CSV whose first line is 50 MB of 1,000-character fields',
    make: (dir) => writePieces(join(dir, 'long-line.csv'), [{ repeat: `${'y'.repeat(999)},`, times: 50 * 1024 }, '\nweb01\n']),
    message: /^long-line\.csv: row 1 is longer than 4 MB \(4,194,304 characters\)/,
  },
  {
    title: 'a CSV of one million columns',
    make: (dir) => writePieces(join(dir, 'million-columns.csv'), ['VM Name', { repeat: ',a', times: 1_000_000 }, '\nweb01\n']),
    message: /^million-columns\.csv, row 1: the row has more than 16,384 columns/,
  },
  {
    title: 'a sheet of 1 GB of whitespace',
    make: (dir) => writeWorkbookOfPieces(join(dir, 'whitespace.xlsx'), [`${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}"><sheetData>`, GB_OF_SPACE, '</sheetData></worksheet>']),
    message: /^whitespace\.xlsx, sheet "vInfo" is empty: there is no row to import\.$/,
  },
  {
    title: 'a sheet whose one cell holds 1 GB of whitespace',
    make: (dir) =>
      writeWorkbookOfPieces(join(dir, 'whitespace-cell.xlsx'), [
        `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
        GB_OF_SPACE,
        '</t></is></c></row></sheetData></worksheet>',
      ]),
    message: /^whitespace-cell\.xlsx, sheet "vInfo", row 1: a cell holds more than 1 MB of text/,
  },
  {
    title: 'a shared string of 200 MB',
    make: (dir) =>
      writeWorkbookOfPieces(join(dir, 'huge-string.xlsx'), [sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], [
        `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="1" uniqueCount="1"><si><t>`,
        { repeat: Buffer.alloc(MiB, 'z'), times: 200 },
        '</t></si></sst>',
      ]),
    message: /^huge-string\.xlsx: one of its shared strings \(the text of its cells\) is longer than 1 MB of text/,
  },
  {
    title: 'a row whose five cells all show the same shared string of almost 1 MB',
    make: (dir) =>
      writeWorkbookOfPieces(join(dir, 'amplified-row.xlsx'), [sheetXml(`<row r="1">${'<c t="s"><v>0</v></c>'.repeat(5)}</row>`)], [
        `${XML_DECLARATION}<sst xmlns="${MAIN_NS}"><si><t>`,
        'w'.repeat(1_000_000),
        '</t></si></sst>',
      ]),
    message: /^amplified-row\.xlsx, sheet "vInfo", row 1: the row holds more than 4 MB of text/,
  },
  {
    title: '200,000 rows whose cells all show the same shared string of almost 1 MB',
    make: (dir) =>
      writeWorkbookOfPieces(
        join(dir, 'amplified-sheet.xlsx'),
        [`${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}"><sheetData><row>${inline('A1', 'VM')}</row>`, { repeat: `<row>${'<c t="s"><v>0</v></c>'.repeat(3)}</row>`, times: 200_000 }, '</sheetData></worksheet>'],
        [`${XML_DECLARATION}<sst xmlns="${MAIN_NS}"><si><t>`, 'v'.repeat(1_000_000), '</t></si></sst>'],
      ),
    message: /^amplified-sheet\.xlsx, sheet "vInfo": its cells hold more than 512 MB of text \(a shared string counts each time a cell shows it\)/,
    soundHead: true,
  },
  {
    title: '250 MB of shared strings (within the limit: imported)',
    make: (dir) => {
      // 2.3 million strings of 93 bytes, 250 MB of XML; the sheet shows the first few.
      const strings = Array.from({ length: 1000 }, (_, i) => `<si><t>${`shared string ${String(i).padStart(4, '0')} `.repeat(5).padEnd(93, '.')}</t></si>`).join('');
      const rows = Array.from({ length: 20 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>${i + 1}</v></c></row>`).join('');
      return writeWorkbookOfPieces(
        join(dir, 'many-strings.xlsx'),
        [sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>${rows}`)],
        [`${XML_DECLARATION}<sst xmlns="${MAIN_NS}"><si><t>VM</t></si>`, { repeat: strings, times: 2300 }, '</sst>'],
      );
    },
    message: null,
  },
  ...['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet2.xml'].map(
    (part): HostileInventory => ({
      title: `a DOCTYPE in ${part}`,
      make: (dir) => workbookWithDoctypeIn(join(dir, 'doctype.xlsx'), part),
      message: new RegExp(`^doctype\\.xlsx is refused: its part ${part.replace(/[.[\]]/g, '\\$&')} holds XML entity declarations \\(a DOCTYPE\\)`),
    }),
  ),
  {
    title: 'a named pipe (FIFO)',
    make: (dir) => {
      const path = join(dir, 'inventory.csv');
      execFileSync('mkfifo', [path]);
      return path;
    },
    message: /inventory\.csv is a named pipe \(FIFO\), not a spreadsheet file/,
  },
  {
    title: '/dev/zero',
    make: () => '/dev/zero',
    message: /^\/dev\/zero is a device, not a spreadsheet file/,
  },
];
