import { z } from 'zod';

/**
 * Text that every deliverable can carry. The workbook and the Word report are XML, and XML 1.0
 * has no way at all to write most C0 control characters, U+FFFE, U+FFFF or half a surrogate
 * pair; the workbook writer drops DEL (U+007F) on its own, so a re-imported workbook would differ;
 * the HTML report, the SVG charts and a terminal choke on some of them too. Such
 * characters arrive by pasting (Word's manual line break is U+000B, its page break U+000C) or
 * from a broken client, never on purpose, so text is cleaned where it comes in: every schema
 * that accepts text a person typed uses `safeText()`, and ids use `safeId()`, which refuses.
 */

const UNSAFE_SOURCE = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSAFE_ANY = new RegExp(UNSAFE_SOURCE);
const UNSAFE_ALL = new RegExp(UNSAFE_SOURCE, 'g');
/** A quick first look (a plain character class): no match means clean; a match may still be a sound surrogate pair. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const MAYBE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/;

function replacement(character: string): string {
  // Word's line and page breaks keep their meaning; half an emoji becomes the replacement character.
  if (character === '\u000B' || character === '\u000C') return '\n';
  const code = character.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdfff ? '\uFFFD' : '';
}

/** The text without the characters no deliverable can carry (tab, line feed and carriage return stay). */
export function cleanText(value: string): string {
  return MAYBE_UNSAFE.test(value) && UNSAFE_ANY.test(value) ? value.replace(UNSAFE_ALL, replacement) : value;
}

/** The first character `cleanText` would change, as U+XXXX, or null when there is none. */
export function firstUnsafeCharacter(value: string): string | null {
  const found = UNSAFE_ANY.exec(value);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * Every string inside a value (objects and arrays, at any depth) cleaned; the same object comes
 * back where nothing needed cleaning, so a writer can pass all it writes through this at no cost
 * for the usual clean engagement.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    let changed: unknown[] | null = null;
    value.forEach((item: unknown, index) => {
      const cleaned = cleanDeep(item);
      if (cleaned !== item) (changed ??= [...value])[index] = cleaned;
    });
    return (changed ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const record = value as Record<string, unknown>;
    let changed: Record<string, unknown> | null = null;
    for (const key in record) {
      const item = record[key];
      const cleaned = cleanDeep(item);
      const cleanKey = cleanText(key);
      if (cleaned !== item || cleanKey !== key) {
        changed ??= { ...record };
        if (cleanKey !== key) delete changed[key];
        changed[cleanKey] = cleaned;
      }
    }
    return (changed ?? value) as T;
  }
  return value;
}

/** A string a person typed: characters no deliverable can carry are removed (see `cleanText`). */
export function safeText() {
  return z.string().overwrite(cleanText);
}

/**
 * An id: refused, rather than changed, when it holds such a character, because a changed id
 * would no longer find its record.
 */
export function safeId(message = 'An id is required') {
  return z
    .string()
    .min(1, message)
    .superRefine((value, context) => {
      const unsafe = firstUnsafeCharacter(value);
      if (unsafe) context.addIssue({ code: 'custom', message: `contains ${unsafe}, a control or unpaired character that no id holds` });
    });
}

/** A file path: any character a file system allows, but not NUL, which none does. */
export function safePath() {
  return z
    .string()
    .trim()
    .min(1, 'A file path is required')
    .max(4096, 'A file path is at most 4,096 characters')
    .refine((value) => !value.includes('\u0000'), 'A file path cannot contain a NUL character');
}
