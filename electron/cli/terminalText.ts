/**
 * What `cwb` prints, made safe for a terminal. Text from an engagement (a customer's name, an
 * application's, an answer) may hold characters a terminal acts on instead of showing: ESC and
 * the other C0 controls (colours, cursor moves, a carriage return that overwrites the line), DEL,
 * the C1 controls (U+009B is an escape sequence of its own to some terminals), and the bidi
 * controls that reverse what follows them on the screen. Each is printed as a visible escape,
 * `<U+202E>` in text and `\u202e` in JSON (the same data to any JSON reader).
 */
const TERMINAL_UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const hex = (character: string) => character.charCodeAt(0).toString(16).padStart(4, '0');

export function terminalText(text: string, json: boolean): string {
  return text.replace(TERMINAL_UNSAFE, (character) => (json ? `\\u${hex(character)}` : `<U+${hex(character).toUpperCase()}>`));
}
