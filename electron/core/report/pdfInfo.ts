/**
 * The PDF's document properties (title, author, creator), which Chromium fills with the page
 * title and "HeadlessChrome": written as an incremental update, the way PDF editors add changes.
 * The printed pages are left byte for byte as Chromium made them; a new Info dictionary, one
 * cross-reference entry for it and a trailer pointing back to the old one are appended.
 */

export interface PdfInfo {
  title: string;
  /** The consultant who prepared the document. */
  author: string | null;
  subject: string;
  creator: string;
  producer: string;
  /** When it was made; also the modification date. */
  date: Date;
}

/** A PDF text string: plain ASCII as a literal, anything else as UTF-16BE with a byte order mark. */
export function pdfString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i += 1) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function pdfDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `D:${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/**
 * `pdf` with `info` as its document properties. A file whose last cross-reference section is not
 * a classic table (which Chromium never writes) is returned unchanged rather than risked.
 */
export function withPdfInfo(pdf: Buffer, info: PdfInfo): Buffer {
  const tail = pdf.toString('latin1', Math.max(0, pdf.length - 4096));
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref\s+\d+\s+%%EOF\s*$/.exec(tail);
  const size = trailer ? /\/Size\s+(\d+)/.exec(trailer[1]!) : null;
  const root = trailer ? /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer[1]!) : null;
  if (!startxref || !size || !root) return pdf;
  const id = Number(size[1]);
  const entries = [
    ['Title', info.title],
    ...(info.author ? [['Author', info.author]] : []),
    ['Subject', info.subject],
    ['Creator', info.creator],
    ['Producer', info.producer],
  ]
    .map(([key, value]) => `/${key} ${pdfString(value!)}`)
    .join('\n');
  const separator = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const object = `${separator}${id} 0 obj\n<<${entries}\n/CreationDate (${pdfDate(info.date)})\n/ModDate (${pdfDate(info.date)})>>\nendobj\n`;
  const objectOffset = pdf.length + Buffer.byteLength(separator, 'latin1');
  const xrefOffset = pdf.length + Buffer.byteLength(object, 'latin1');
  const xref = `xref\n${id} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \ntrailer\n<</Size ${id + 1}\n/Root ${root[1]}\n/Info ${id} 0 R\n/Prev ${startxref[1]}>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(object + xref, 'latin1')]);
}
