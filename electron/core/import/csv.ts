import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { refuse } from './fileKind';
import { MAX_CELL_TEXT, MAX_COLUMNS, MAX_ROW_TEXT, megabytes } from './limits';
import type { SheetRow } from './source';

/**
 * CSV as Excel and other tools write it: comma, semicolon or tab; UTF-8 with or without BOM,
 * UTF-16 ("Unicode text") or Windows-1252. Detected, and overridable by the caller. The file is
 * read as a stream: nothing but the row being parsed is held, and a field, a line or a number
 * of columns past the limits is refused as soon as it passes them.
 */

export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const CHUNK_BYTES = 1024 ** 2;
/** The start of the file the delimiter is guessed from (its first 30 lines, when they fit). */
const DELIMITER_SAMPLE_BYTES = 256 * 1024;

/** Calls `each` with the file's bytes, a megabyte at a time, until it returns false. */
function eachChunk(path: string, each: (bytes: Buffer, position: number) => boolean): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = 0; ; ) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (read === 0 || !each(buffer.subarray(0, read), position)) return;
      position += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether the whole file is valid UTF-8, checked a megabyte at a time (a character cut by a chunk's end is checked with the next). */
function isUtf8File(path: string): boolean {
  let valid = true;
  let tail = Buffer.alloc(0);
  eachChunk(path, (chunk) => {
    const bytes = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    let cut = bytes.length;
    let lead = cut - 1;
    while (lead > cut - 4 && lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead -= 1;
    const byte = bytes[lead]!;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (cut - lead < needed) cut = lead;
    valid = isUtf8(bytes.subarray(0, cut));
    tail = Buffer.from(bytes.subarray(cut));
    return valid;
  });
  return valid && tail.length === 0;
}

function detectEncoding(path: string, head: Buffer): { encoding: CsvEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  sample.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    }
  });
  if (oddZeros > sample.length / 4 && evenZeros === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (evenZeros > sample.length / 4 && oddZeros === 0) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: isUtf8File(path) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** Windows-1252 at 0x80–0x9F; the five bytes it leaves undefined stay C1 controls, as the WHATWG decoder leaves them. */
const CP1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Turns bytes into text chunk by chunk; a character cut by a chunk's end is finished with the next. */
function decoder(encoding: CsvEncoding): (bytes: Buffer, last: boolean) => string {
  if (encoding === 'windows-1252') {
    // Node 20's TextDecoder reads "windows-1252" as Latin-1, which turns "€", "–" or curly quotes into control characters.
    return (bytes) => bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
  }
  const textDecoder = new TextDecoder(encoding);
  return (bytes, last) => textDecoder.decode(bytes, { stream: !last });
}

/**
 * Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). Shift-JIS, GBK or Big5
 * text, not being UTF-8, falls back to Windows-1252 and shows them; reading on would import
 * garbled names without a word. Returns the first such byte and its line, if there is one.
 */
function undefinedIn1252(path: string): { byte: number; line: number } | null {
  let line = 1;
  let afterCr = false;
  let found: { byte: number; line: number } | null = null;
  eachChunk(path, (bytes) => {
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes[i]!;
      if (byte === 0x0a) {
        if (!afterCr) line += 1;
        afterCr = false;
      } else if (byte === 0x0d) {
        line += 1;
        afterCr = true;
      } else {
        afterCr = false;
        if (byte >= 0x81 && byte <= 0x9d && UNDEFINED_IN_1252.has(byte)) {
          found = { byte, line };
          return false;
        }
      }
    }
    return true;
  });
  return found;
}

/** Counts each candidate outside quotes on the first lines; the one found most consistently wins. */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines: string[] = [];
  let line = '';
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < 30; i += 1) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === '\n' || char === '\r')) {
      if (line.trim() !== '') lines.push(line);
      line = '';
    } else if (!quoted) line += char;
  }
  if (line.trim() !== '') lines.push(line);
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = lines.map((l) => l.split(delimiter).length - 1);
    const most = Math.max(0, ...counts);
    if (most === 0) continue;
    // Lines agreeing with the most common count score; a title line above the header costs little.
    const frequency = new Map<number, number>();
    for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    const [, agreeing] = [...frequency.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    const score = agreeing * 1000 + most;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

export interface CsvFile {
  path: string;
  fileName: string;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

/** Decides the encoding and the delimiter, and refuses bytes that are no text in that encoding, before any row is read. */
export function inspectCsv(
  path: string,
  fileName: string,
  choice: { encoding?: CsvEncoding | undefined; delimiter?: CsvDelimiter | undefined },
): CsvFile {
  let head = Buffer.alloc(0);
  eachChunk(path, (bytes) => {
    head = Buffer.from(bytes.subarray(0, DELIMITER_SAMPLE_BYTES));
    return false;
  });
  const encoding = choice.encoding ?? detectEncoding(path, head).encoding;
  if (encoding === 'windows-1252') {
    const strange = undefinedIn1252(path);
    if (strange) {
      throw refuse(
        'unreadable',
        `${fileName} is not in an encoding this import reads (UTF-8, UTF-16 or Windows-1252): line ${strange.line} holds the byte 0x${strange.byte.toString(16).toUpperCase()}, which is no character in Windows-1252 (it may be Shift-JIS, GBK or another code page). Save it again as "CSV UTF-8" and import that file.`,
      );
    }
  }
  const sample = decoder(encoding)(head, true);
  return { path, fileName, encoding, delimiter: choice.delimiter ?? detectDelimiter(sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample) };
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BLANK = /^\s*$/;

/**
 * RFC 4180 with the usual leniency: quoted fields may hold delimiters, quotes ("") and line
 * breaks; a quote opens a quoted field only where the field holds nothing but spaces so far.
 * Rows are numbered as Excel shows them when it opens the file: one per record. Text arrives in
 * pieces; completed rows with a filled cell wait in `batch`.
 */
export class CsvParser {
  batch: SheetRow[] = [];
  private cells: string[] = [];
  private field = '';
  private fieldBlank = true;
  private quoted = false;
  private rowNumber = 1;
  private rowLength = 0;
  /** A quote or CR at the end of a piece, whose meaning depends on the next character. */
  private pending = '';
  private afterCr = false;
  private readonly delimiter: number;

  constructor(
    delimiter: CsvDelimiter,
    private readonly fileName: string,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(piece: string, last: boolean): void {
    let text = this.pending + piece;
    this.pending = '';
    if (this.afterCr && text.charCodeAt(0) === LF) text = text.slice(1);
    this.afterCr = false;
    const n = text.length;
    let run = 0;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (c !== QUOTE) {
          i += 1;
          continue;
        }
        if (i + 1 >= n && !last) {
          this.pending = '"';
          text = text.slice(0, i);
          break;
        }
        this.add(text, run, i);
        if (text.charCodeAt(i + 1) === QUOTE) {
          this.add('"', 0, 1);
          i += 2;
        } else {
          this.quoted = false;
          i += 1;
        }
        run = i;
        continue;
      }
      if (c === QUOTE) {
        this.add(text, run, i);
        run = i;
        if (this.fieldBlank) {
          this.quoted = true;
          this.field = '';
          run = i + 1;
        }
      } else if (c === this.delimiter) {
        this.add(text, run, i);
        this.endField();
        run = i + 1;
      } else if (c === LF || c === CR) {
        this.add(text, run, i);
        this.endField();
        this.endRow();
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i += 1;
          } else this.afterCr = true;
        }
        run = i + 1;
      }
      i += 1;
    }
    this.add(text, run, text.length);
    if (last) {
      if (this.field !== '' || this.cells.length > 0) {
        this.endField();
        this.endRow();
      }
    }
  }

  private add(text: string, from: number, to: number): void {
    if (to <= from) return;
    const piece = from === 0 && to === text.length ? text : text.slice(from, to);
    if (this.fieldBlank && !BLANK.test(piece)) this.fieldBlank = false;
    this.rowLength += piece.length;
    if (this.field.length + piece.length > MAX_CELL_TEXT) {
      throw refuse('too-large', `${this.fileName}, row ${this.rowNumber}: a cell holds more than ${megabytes(MAX_CELL_TEXT)} of text (${MAX_CELL_TEXT.toLocaleString('en-US')} characters), the most this import reads from one cell. Check that the file is a CSV export of a list, or shorten the cell.`);
    }
    if (this.rowLength > MAX_ROW_TEXT) {
      throw refuse('too-large', `${this.fileName}: row ${this.rowNumber} is longer than ${megabytes(MAX_ROW_TEXT)} (${MAX_ROW_TEXT.toLocaleString('en-US')} characters), the most this import reads in one row. Check that the file is a CSV export of a list, one server per line.`);
    }
    this.field += piece;
  }

  private endField(): void {
    if (this.cells.length >= MAX_COLUMNS) {
      throw refuse('too-large', `${this.fileName}, row ${this.rowNumber}: the row has more than ${MAX_COLUMNS.toLocaleString('en-US')} columns, the most a sheet can have. Check the delimiter (--delimiter) or the file.`);
    }
    this.cells.push(this.field);
    this.field = '';
    this.fieldBlank = true;
    this.quoted = false;
  }

  private endRow(): void {
    const cells = this.cells;
    if (cells.some((cell) => !BLANK.test(cell))) this.batch.push({ rowNumber: this.rowNumber, cells });
    this.cells = [];
    this.rowLength = 0;
    this.rowNumber += 1;
  }

  take(): SheetRow[] {
    const rows = this.batch;
    this.batch = [];
    return rows;
  }
}

/** The file's rows, in batches as they are read. */
export async function* csvBatches(file: CsvFile): AsyncGenerator<SheetRow[]> {
  const decode = decoder(file.encoding);
  const parser = new CsvParser(file.delimiter, file.fileName);
  const stream = createReadStream(file.path, { highWaterMark: 64 * 1024 });
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = decode(chunk, false);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      parser.push(text, false);
      if (parser.batch.length > 0) yield parser.take();
    }
    parser.push(decode(Buffer.alloc(0), true), true);
    if (parser.batch.length > 0) yield parser.take();
  } finally {
    stream.destroy();
  }
}
