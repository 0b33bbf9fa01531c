import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { refuse } from './fileKind';

/**
 * CSV as Excel and other tools write it: comma, semicolon or tab; UTF-8 with or without BOM,
 * UTF-16 ("Unicode text") or Windows-1252. Detected, and overridable by the caller.
 */

export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export function detectEncoding(bytes: Uint8Array): { encoding: CsvEncoding; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = bytes.subarray(0, 4096);
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
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

/** Windows-1252 at 0x80–0x9F; the five bytes it leaves undefined stay C1 controls, as the WHATWG decoder leaves them. */
const CP1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decode(bytes: Uint8Array, encoding: CsvEncoding): string {
  // Node 20's TextDecoder reads "windows-1252" as Latin-1, which turns "€", "–" or curly quotes into control characters.
  const text =
    encoding === 'windows-1252'
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
          .toString('latin1')
          .replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!)
      : new TextDecoder(encoding).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

/**
 * RFC 4180 with the usual leniency: quoted fields may hold delimiters, quotes ("") and line
 * breaks. Rows are numbered as Excel shows them when it opens the file: one per record.
 */
export function* parseCsv(text: string, delimiter: string): Generator<{ rowNumber: number; cells: string[] }> {
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let rowNumber = 1;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (char === delimiter) {
      cells.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      cells.push(field);
      yield { rowNumber, cells };
      cells = [];
      field = '';
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      rowNumber += 1;
    } else field += char;
    i += 1;
  }
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    yield { rowNumber, cells };
  }
}

export interface CsvText {
  text: string;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

/**
 * Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D; decoded as C1 controls,
 * as are bytes of other code pages that no text holds). Shift-JIS, GBK or Big5 text, not being UTF-8,
 * falls back to Windows-1252 and shows them; reading on would import garbled names without a word.
 */
const C1_CONTROL = /[\u0080-\u009f]/;

export function readCsv(path: string, choice: { encoding?: CsvEncoding | undefined; delimiter?: CsvDelimiter | undefined }): CsvText {
  const bytes = readFileSync(path);
  const detected = detectEncoding(bytes);
  const encoding = choice.encoding ?? detected.encoding;
  const text = decode(bytes.subarray(choice.encoding && choice.encoding !== detected.encoding ? 0 : detected.bomLength), encoding);
  const strange = encoding === 'windows-1252' ? C1_CONTROL.exec(text) : null;
  if (strange) {
    const before = text.slice(0, strange.index);
    const line = before.split(/\r\n|\r|\n/).length;
    throw refuse(
      'unreadable',
      `${basename(path)} is not in an encoding this import reads (UTF-8, UTF-16 or Windows-1252): line ${line} holds the byte 0x${strange[0].charCodeAt(0).toString(16).toUpperCase()}, which is no character in Windows-1252 (it may be Shift-JIS, GBK or another code page). Save it again as "CSV UTF-8" and import that file.`,
    );
  }
  return { text, encoding, delimiter: choice.delimiter ?? detectDelimiter(text) };
}
