/** Text made safe for the workbook's XML, and cell addresses. */

const MARKUP = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Characters XML 1.0 cannot hold (and DEL, which exceljs drops too). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNWRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

/**
 * Markup and attribute text (names, headers, messages): escaped, with the characters XML
 * cannot hold left out.
 */
export function xmlText(text: string): string {
  return text.replace(UNWRITABLE, '').replace(MARKUP, (c) => ENTITIES[c]!);
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CELL_SPECIAL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)/g;

function ooxmlEscape(character: string): string {
  return `_x${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
}

/**
 * What a cell or a note says, kept exactly: besides escaping, characters XML cannot hold, and a
 * carriage return (which XML readers turn into a line feed), are written as the spreadsheet
 * format's `_xHHHH_` escapes, and text that already looks like such an escape has its underscore
 * escaped, so that Excel and exceljs (and so the answer import) read back what was written.
 */
export function cellText(text: string): string {
  return text.replace(MARKUP, (c) => ENTITIES[c]!).replace(CELL_SPECIAL, ooxmlEscape);
}

/** Whether a text element needs `xml:space="preserve"` to keep its spaces and line breaks. */
export function keepsSpaces(text: string): boolean {
  return /^\s|\n|\s$/.test(text);
}

/** `A`, `B`, … `Z`, `AA`, … for a 1-based column number. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Parses `B7` into its 1-based row and column. */
export function parseAddress(address: string): { row: number; column: number } {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(address);
  if (!match) throw new Error(`${address} is not a cell address`);
  const column = [...match[1]!].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return { row: Number(match[2]), column };
}
