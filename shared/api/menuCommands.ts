/**
 * What a click in the desktop app's native menu asks the page to do. The main process only
 * names the command; the page carries it out with the same code its own buttons and keys use,
 * so the menu and the screen cannot behave differently.
 */
export type MenuCommand =
  | { type: 'new-engagement' }
  | { type: 'open-engagement' }
  | { type: 'open-recent'; path: string }
  | { type: 'import-inventory' }
  | { type: 'import-answers' }
  | { type: 'export'; what: 'workbook' | 'report' }
  | { type: 'save-copy' }
  | { type: 'merge-copy' }
  | { type: 'sign-off' }
  | { type: 'show-history' }
  | { type: 'show-recovery-plan' }
  | { type: 'close-engagement' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'toggle-projector' }
  | { type: 'toggle-results' }
  | { type: 'show-shortcuts' };

export type MenuCommandType = MenuCommand['type'];
