import type { MenuItemConstructorOptions } from 'electron';
import type { RecentFile } from '../../shared/api/contract';
import type { MenuCommand } from '../../shared/api/menuCommands';

export interface RecentMenuEntry {
  path: string;
  label: string;
}

export interface MenuTemplateOptions {
  isMac: boolean;
  /** Reload and developer tools help while building the app and only confuse a consultant. */
  isDev: boolean;
  /** Hands the command to the page of the window in front. */
  send: (command: MenuCommand) => void;
  /** The app's own recent list, for Windows and Linux; macOS keeps its own through addRecentDocument. */
  recent?: readonly RecentMenuEntry[];
}

/** How many recent engagements the menu lists; the start screen shows them all. */
export const RECENT_MENU_LIMIT = 10;

/**
 * The shortcut is shown beside the item but left to the page, whose handler already knows when
 * a key must not act (a dialog open, the caret in a text field keeping its own undo).
 */
function shownOnly(accelerator: string): Pick<MenuItemConstructorOptions, 'accelerator' | 'registerAccelerator'> {
  return { accelerator, registerAccelerator: false };
}

/** A menu label treats `&` as a mnemonic marker on Windows and Linux; a file name must show it as it is. */
function literalLabel(text: string): string {
  return text.replaceAll('&', '&&');
}

function openRecentItem(options: MenuTemplateOptions): MenuItemConstructorOptions {
  if (options.isMac) {
    // macOS fills this menu from app.addRecentDocument and opens a choice through 'open-file'.
    return { label: 'Open Recent', role: 'recentDocuments', submenu: [{ label: 'Clear Menu', role: 'clearRecentDocuments' }] };
  }
  const entries = (options.recent ?? []).slice(0, RECENT_MENU_LIMIT);
  const submenu: MenuItemConstructorOptions[] =
    entries.length === 0
      ? [{ label: 'No recent engagements', enabled: false }]
      : entries.map((entry) => ({
          label: literalLabel(entry.label),
          toolTip: entry.path,
          click: () => options.send({ type: 'open-recent', path: entry.path }),
        }));
  return { label: 'Open Recent', submenu };
}

export function menuTemplate(options: MenuTemplateOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev, send } = options;
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const file: MenuItemConstructorOptions[] = [
    // Ctrl+N already adds an application on the engagement screen, so a new engagement takes Shift too.
    { label: 'New Engagement…', accelerator: 'CmdOrCtrl+Shift+N', click: () => send({ type: 'new-engagement' }) },
    { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => send({ type: 'open-engagement' }) },
    openRecentItem(options),
    separator,
    { label: 'Import Inventory…', ...shownOnly('Alt+I'), click: () => send({ type: 'import-inventory' }) },
    { label: 'Import Answers…', click: () => send({ type: 'import-answers' }) },
    separator,
    { label: 'Export Workbook…', ...shownOnly('Alt+E'), click: () => send({ type: 'export', what: 'workbook' }) },
    { label: 'Export Report…', click: () => send({ type: 'export', what: 'report' }) },
    separator,
    { label: 'Sign Off…', ...shownOnly('Alt+O'), click: () => send({ type: 'sign-off' }) },
    { label: 'History and Snapshots', ...shownOnly('Alt+H'), click: () => send({ type: 'show-history' }) },
    separator,
    { label: 'Save a Copy…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send({ type: 'save-copy' }) },
    { label: 'Merge Another Copy…', click: () => send({ type: 'merge-copy' }) },
    { label: 'Close Engagement', click: () => send({ type: 'close-engagement' }) },
    // macOS closes windows from File and quits from the application menu; elsewhere closing the window quits.
    ...(isMac ? [{ role: 'close' } as const] : [separator, { role: 'quit' } as const]),
  ];

  const edit: MenuItemConstructorOptions[] = [
    // The app's own history: a saved answer, not the text of one field.
    { label: 'Undo', ...shownOnly('CmdOrCtrl+Z'), click: () => send({ type: 'undo' }) },
    { label: 'Redo', ...shownOnly(isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'), click: () => send({ type: 'redo' }) },
    separator,
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ];

  const developer: MenuItemConstructorOptions[] = isDev ? [{ role: 'reload' }, { role: 'toggleDevTools' }, separator] : [];
  const view: MenuItemConstructorOptions[] = [
    ...developer,
    { label: 'Projector Mode', ...shownOnly('Alt+P'), click: () => send({ type: 'toggle-projector' }) },
    { label: 'Results Panel', ...shownOnly('Alt+R'), click: () => send({ type: 'toggle-results' }) },
    { label: 'Recovery Plan', ...shownOnly('Alt+L'), click: () => send({ type: 'show-recovery-plan' }) },
    separator,
    // Zoom is kept in the packaged app: a room's projector may need larger text than projector mode gives.
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    separator,
    { role: 'togglefullscreen' },
  ];

  const help: MenuItemConstructorOptions[] = [
    { label: 'Keyboard Shortcuts', ...shownOnly('F1'), click: () => send({ type: 'show-shortcuts' }) },
    // macOS shows About in the application menu.
    ...(isMac ? [] : [separator, { role: 'about' } as const]),
  ];

  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: file },
    { label: 'Edit', submenu: edit },
    { label: 'View', submenu: view },
    ...(isMac ? [{ role: 'windowMenu' } as const] : []),
    { role: 'help', submenu: help },
  ];
}

/** The app's recent list as the menu shows it: files that still exist, named as the start screen names them. */
export function recentMenuEntries(files: readonly RecentFile[]): RecentMenuEntry[] {
  return files
    .filter((file) => file.exists)
    .map((file) => ({ path: file.path, label: [file.customer, file.title].filter((part) => part.trim() !== '').join(' — ') || file.path }));
}
