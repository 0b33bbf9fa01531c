/**
 * A file name made from text a person typed (a customer, a title), safe to put in a folder the
 * person chose: it cannot name another folder, a hidden file or a device, and every system the
 * app runs on accepts it.
 */

/** Separators, what Windows refuses in a name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
/** Names Windows keeps for devices, with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Most file systems allow 255 bytes; the rest leaves room for an extension and a " (2)". */
const MAX_BASE_BYTES = 200;

/** One part of a name: unsafe characters become "-", spaces are tidied. */
export function fileNamePart(text: string): string {
  return text.replace(UNSAFE, '-').replace(/\s+/g, ' ').trim();
}

function cutToBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let cut = '';
  let bytes = 0;
  for (const char of text) {
    bytes += encoder.encode(char).length;
    if (bytes > maxBytes) break;
    cut += char;
  }
  return cut;
}

/**
 * `base` + `extension` (".cwb"), with leading dots (hidden files, "..") and dashes (read as an
 * option on a command line) and the trailing dots and spaces Windows drops taken off; `fallback`
 * when nothing is left.
 */
export function safeFileName(base: string, extension: string, fallback: string): string {
  let name = cutToBytes(fileNamePart(base), MAX_BASE_BYTES)
    .replace(/^[.\s-]+/, '')
    .replace(/[.\s]+$/, '');
  if (name === '') name = fallback;
  if (WINDOWS_DEVICE.test(name)) name = `${name}_`;
  return `${name}${extension}`;
}
