/** Input types where the keyboard edits text, so single-key shortcuts and Ctrl+Z stay native. */
const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** True inside a text box or text area: native text undo and typing belong to the field there. */
export function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}

/** True where a plain key (a digit, an arrow, `?`) means something to the control itself. */
export function isTextEntry(target: EventTarget | null): boolean {
  return isTextField(target) || target instanceof HTMLSelectElement;
}

/** Ctrl on Windows and Linux, Cmd on macOS. */
export function hasCommandKey(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

/** Alt with a letter: compared by physical key, because macOS turns Alt+P into "π". */
export function isAltLetter(event: KeyboardEvent, letter: string): boolean {
  return event.altKey && !hasCommandKey(event) && !event.shiftKey && event.code === `Key${letter.toUpperCase()}`;
}

/** True while a modal dialog is open: it owns the keyboard then (Escape closes it). */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
