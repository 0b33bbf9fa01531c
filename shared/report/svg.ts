import { cleanText } from '../text/safeText';

/**
 * Small helpers for writing SVG and HTML as strings. Everything the report prints passes
 * through `esc`, because customer, application and answer text is typed by people and may hold
 * markup.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return cleanText(String(value ?? '')).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Attributes from an object; undefined and false are left out so callers can write conditions inline. */
export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${esc(typeof v === 'number' ? round(v) : v)}"`))
    .join('');
}

/** Two decimals are plenty for a print layout and keep the files small and stable across runs. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function tag(name: string, attributes: Record<string, string | number | boolean | undefined>, children = ''): string {
  return `<${name}${attrs(attributes)}>${children}</${name}>`;
}

export function text(x: number, y: number, content: string, extra: Record<string, string | number | undefined> = {}): string {
  return tag('text', { x, y, ...extra }, esc(content));
}

/**
 * SVG text cannot be measured without a layout engine, and the same SVG is rendered by
 * Chromium, resvg and Word; an average glyph width of the system sans-serif is close enough
 * to shorten names that would overflow their box.
 */
export function fitText(value: string, maxWidth: number, fontSize: number): string {
  const perChar = fontSize * 0.56;
  const max = Math.max(1, Math.floor(maxWidth / perChar));
  return value.length <= max ? value : `${value.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** Wraps text into lines of at most `maxWidth`, for labels inside diagram boxes. */
export function wrapText(value: string, maxWidth: number, fontSize: number, maxLines = 3): string[] {
  const perLine = Math.max(4, Math.floor(maxWidth / (fontSize * 0.56)));
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(/\s+/).filter(Boolean)) {
    if (current && `${current} ${word}`.length > perLine) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines.map((l) => fitText(l, maxWidth, fontSize));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`, maxWidth, fontSize);
  return kept;
}
