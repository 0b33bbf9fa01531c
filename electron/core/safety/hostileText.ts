/**
 * Strings nobody types on purpose and every deliverable meets sooner or later: code points from
 * every Unicode plane (lone surrogates and U+FFFE/U+FFFF included), C0 and C1 controls, bidi
 * controls, stacked combining marks, emoji sequences, XML's special characters and constructs,
 * text that looks like a spreadsheet formula, line and paragraph separators. Made from a fixed
 * seed, so a failure shows the same strings again.
 */

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, fast, and the same on every machine.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const fromCodes = (...codes: number[]) => codes.map((code) => (code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code))).join('');

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

const CATEGORIES: Record<string, (next: () => number) => string> = {
  c0: (next) => fromCodes(Math.floor(next() * 32)),
  c1AndDelete: (next) => fromCodes([0x7f, ...range(0x80, 0x9f)][Math.floor(next() * 33)]!),
  nonCharacters: (next) => fromCodes([0xfffe, 0xffff, 0xfdd0, 0xfdef, 0x1fffe, 0x10ffff][Math.floor(next() * 6)]!),
  loneSurrogate: (next) => fromCodes(0xd800 + Math.floor(next() * 0x800)),
  bidi: (next) => fromCodes([0x061c, 0x200e, 0x200f, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)][Math.floor(next() * 12)]!),
  combining: (next) => `e${fromCodes(...Array.from({ length: 1 + Math.floor(next() * 8) }, () => 0x300 + Math.floor(next() * 0x70)))}`,
  emoji: (next) => ['👩‍👩‍👧', '🏳️‍🌈', '🇩🇪', '👍🏽', '🧪'][Math.floor(next() * 5)]!,
  xml: (next) => ['&', '<', '>', '"', "'", ']]>', '<!--', '-->', '<?xml version="1.0"?>', '&amp;', '&#0;', '&#xFFFE;', '<w:t>', '</row>'][Math.floor(next() * 14)]!,
  formula: (next) => ['=1+1', '+41', '-3', '@SUM(A1)', '=HYPERLINK("http://example.com")', '\t=tab', '\r=cr'][Math.floor(next() * 7)]!,
  separators: (next) => fromCodes([0x2028, 0x2029, 0xa0, 0xfeff, 0x200b, 0x0d, 0x0a, 0x09][Math.floor(next() * 8)]!),
  words: (next) => ['Payroll', 'Zahlungsverkehr', 'Système', 'データベース', 'قاعدة', 'שרת', 'Ünïcödé', 'sql01'][Math.floor(next() * 8)]!,
};

/** A code point of Unicode plane `plane` (0–16); in plane 0 this may be half a surrogate pair or U+FFFE/U+FFFF. */
function pointInPlane(plane: number, next: () => number): string {
  return fromCodes(plane * 0x10000 + Math.floor(next() * 0x10000));
}

/**
 * `count` strings of up to 40 UTF-16 units: the first 17 each carry a code point of one plane,
 * the next each carry one category, the rest a random mix, so every plane and category is in
 * every run whatever the count beyond 28.
 */
export function hostileStrings(seed: number, count: number): string[] {
  const next = random(seed);
  const categories = Object.values(CATEGORIES);
  const piece = () => (next() < 0.3 ? pointInPlane(Math.floor(next() * 17), next) : categories[Math.floor(next() * categories.length)]!(next));
  return Array.from({ length: count }, (_, index) => {
    const parts = [
      index < 17 ? pointInPlane(index, next) : index < 17 + categories.length ? categories[index - 17]!(next) : piece(),
      ...Array.from({ length: Math.floor(next() * 6) }, piece),
    ];
    for (let shuffle = parts.length - 1; shuffle > 0; shuffle -= 1) {
      const other = Math.floor(next() * (shuffle + 1));
      [parts[shuffle], parts[other]] = [parts[other]!, parts[shuffle]!];
    }
    // Cut at 40 units, which may itself split a surrogate pair: one more way to meet half of one.
    return parts.join('').slice(0, 40);
  });
}
