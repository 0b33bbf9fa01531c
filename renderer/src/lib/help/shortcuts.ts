/** Every keyboard shortcut, in one list: the help overlay prints it, so it cannot drift. */
export interface Shortcut {
  keys: string[][];
  what: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: 'Anywhere on the engagement',
    shortcuts: [
      { keys: [['Ctrl', 'K']], what: 'Switch to another application' },
      { keys: [['Alt', '↑'], ['Alt', '↓']], what: 'Previous or next application in the list' },
      { keys: [['Alt', 'N']], what: 'Next unanswered question' },
      { keys: [['Alt', 'M']], what: 'Switch between one question at a time and the form' },
      { keys: [['Alt', 'R']], what: 'Show or hide the results beside the interview' },
      { keys: [['Alt', 'D']], what: 'Dashboard: every application against every disruption' },
      { keys: [['Alt', 'L']], what: 'Recovery plan: per disaster, the order applications come back in, when, and whether the surviving systems can carry them' },
      { keys: [['Alt', 'U']], what: 'Follow-ups: every unknown, by the person to ask' },
      { keys: [['Alt', 'S']], what: 'Setup: engagement details, sites, systems, policies and estimate assumptions' },
      { keys: [['Alt', 'A']], what: 'Add an application (also Ctrl+N in the desktop app)' },
      { keys: [['Alt', 'V']], what: 'VMs: every VM in one list, to search, filter and move to an application' },
      { keys: [['Alt', 'I']], what: 'Import the VM inventory from Excel or CSV' },
      { keys: [['Alt', 'E']], what: 'Export the workbook (Excel) or the report (PDF, Word, web page)' },
      { keys: [['Alt', 'O']], what: 'Sign off: what is still open, then sign; on a signed engagement, who signed and a co-signer' },
      { keys: [['Alt', 'H']], what: 'History: sign-offs and snapshots, compare one with now or restore a snapshot' },
      { keys: [['Alt', 'D, L, V, U, S or H']], what: 'Pressed again on its own view: back to the interview' },
      { keys: [['Ctrl', 'Z']], what: 'Undo the last change (an answer, a VM, setup, a bulk change…), saying what it undid' },
      { keys: [['Ctrl', 'Shift', 'Z'], ['Ctrl', 'Y']], what: 'Redo' },
      { keys: [['Alt', 'P']], what: 'Projector mode: larger type, stronger contrast' },
      { keys: [['?'], ['F1']], what: 'This help' },
    ],
  },
  {
    title: 'One question at a time',
    shortcuts: [
      { keys: [['1 … 9']], what: 'Pick the first to ninth choice' },
      { keys: [['Enter'], ['→']], what: 'Next question (saves what was typed)' },
      { keys: [['Shift', 'Enter'], ['←']], what: 'Previous question' },
      { keys: [['Tab']], what: 'Unknown, Not applicable, Add note, then the buttons' },
    ],
  },
  {
    title: 'In the VM list',
    shortcuts: [
      { keys: [['↑'], ['↓']], what: 'Previous or next VM; with Shift, select from where you started' },
      { keys: [['Space']], what: 'Select the VM, or take it out of the selection' },
      { keys: [['Ctrl', 'A']], what: 'Select every VM shown' },
      { keys: [['Enter']], what: 'Move the selected VMs to an application' },
      { keys: [['Esc']], what: 'Clear the selection' },
    ],
  },
  {
    title: 'In a field',
    shortcuts: [
      { keys: [['Ctrl', 'Z']], what: 'Undo typing inside the field (the field’s own undo)' },
      { keys: [['Esc']], what: 'Close a dialog' },
    ],
  },
];

/** On a Mac, Ctrl shortcuts are pressed with Cmd. */
export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
