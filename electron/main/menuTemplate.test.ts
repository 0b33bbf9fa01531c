import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand, MenuCommandType } from '../../shared/api/menuCommands';
import { menuTemplate, RECENT_MENU_LIMIT, recentMenuEntries, type MenuTemplateOptions } from './menuTemplate';

type Item = MenuItemConstructorOptions;

function build(overrides: Partial<MenuTemplateOptions> = {}): { template: Item[]; sent: MenuCommand[] } {
  const sent: MenuCommand[] = [];
  const template = menuTemplate({ isMac: false, isDev: false, send: (command) => sent.push(command), ...overrides });
  return { template, sent };
}

function submenuOf(item: Item | undefined): Item[] {
  const submenu = item?.submenu;
  if (!Array.isArray(submenu)) throw new Error(`${item?.label ?? item?.role ?? 'item'} has no submenu list`);
  return submenu;
}

function topLevel(template: Item[], name: string): Item[] {
  return submenuOf(template.find((item) => item.label === name || item.role === name.toLowerCase()));
}

function everyItem(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? everyItem(item.submenu) : [])]);
}

function find(items: Item[], label: string): Item {
  const item = everyItem(items).find((candidate) => candidate.label === label);
  if (!item) throw new Error(`no menu item "${label}"`);
  return item;
}

/** Clicks an item the way Electron would; the handlers here ignore the arguments. */
function click(item: Item): void {
  (item.click as () => void)();
}

const ALL_COMMANDS: MenuCommandType[] = [
  'new-engagement',
  'open-engagement',
  'open-recent',
  'import-inventory',
  'import-answers',
  'export',
  'save-copy',
  'merge-copy',
  'sign-off',
  'show-history',
  'close-engagement',
  'undo',
  'redo',
  'toggle-projector',
  'toggle-results',
  'show-recovery-plan',
  'show-shortcuts',
];

describe('menuTemplate', () => {
  it.each([false, true])('sends every command from some item (macOS: %s)', (isMac) => {
    const { template, sent } = build({ isMac, recent: [{ path: '/e/a.cwb', label: 'Contoso — BC/DR' }] });
    for (const item of everyItem(template)) if (item.click) click(item);
    const types = new Set(sent.map((command) => command.type));
    // macOS lists recent files itself, so only the other platforms send open-recent.
    expect([...types].sort()).toEqual(ALL_COMMANDS.filter((type) => !isMac || type !== 'open-recent').sort());
  });

  it('has File, Edit, View and Help menus, plus the application and Window menus on macOS', () => {
    expect(build().template.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'help']);
    expect(build({ isMac: true }).template.map((item) => item.label ?? item.role)).toEqual([
      'appMenu',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ]);
  });

  it('sends the command each File item names', () => {
    const { template, sent } = build();
    for (const label of ['New Engagement…', 'Open…', 'Import Inventory…', 'Import Answers…', 'Export Workbook…', 'Export Report…', 'Sign Off…', 'History and Snapshots', 'Save a Copy…', 'Merge Another Copy…', 'Close Engagement']) {
      click(find(template, label));
    }
    expect(sent).toEqual([
      { type: 'new-engagement' },
      { type: 'open-engagement' },
      { type: 'import-inventory' },
      { type: 'import-answers' },
      { type: 'export', what: 'workbook' },
      { type: 'export', what: 'report' },
      { type: 'sign-off' },
      { type: 'show-history' },
      { type: 'save-copy' },
      { type: 'merge-copy' },
      { type: 'close-engagement' },
    ]);
  });

  it('registers only the accelerators the page does not handle itself', () => {
    const { template } = build();
    expect(find(template, 'New Engagement…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+N' });
    expect(find(template, 'New Engagement…').registerAccelerator).toBeUndefined();
    expect(find(template, 'Open…')).toMatchObject({ accelerator: 'CmdOrCtrl+O' });
    expect(find(template, 'Save a Copy…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+S' });
    for (const [label, accelerator] of [
      ['Import Inventory…', 'Alt+I'],
      ['Export Workbook…', 'Alt+E'],
      ['Undo', 'CmdOrCtrl+Z'],
      ['Redo', 'Ctrl+Y'],
      ['Projector Mode', 'Alt+P'],
      ['Results Panel', 'Alt+R'],
      ['Recovery Plan', 'Alt+L'],
      ['Keyboard Shortcuts', 'F1'],
    ] as const) {
      expect(find(template, label)).toMatchObject({ accelerator, registerAccelerator: false });
    }
    expect(find(build({ isMac: true }).template, 'Redo')).toMatchObject({ accelerator: 'Cmd+Shift+Z' });
  });

  it('never takes Ctrl+N, which adds an application on the engagement screen', () => {
    const accelerators = everyItem(build().template).map((item) => item.accelerator);
    expect(accelerators).not.toContain('CmdOrCtrl+N');
  });

  it('keeps the standard clipboard roles in Edit', () => {
    const roles = topLevel(build().template, 'Edit').map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']));
    expect(roles).not.toContain('undo');
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean) => everyItem(build({ isDev }).template).map((item) => item.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(false)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
  });

  it('puts Quit and About in the app menu on macOS and in File and Help elsewhere', () => {
    const other = build().template;
    expect(topLevel(other, 'File').at(-1)?.role).toBe('quit');
    expect(topLevel(other, 'Help').some((item) => item.role === 'about')).toBe(true);
    const mac = build({ isMac: true }).template;
    expect(everyItem(topLevel(mac, 'File')).some((item) => item.role === 'quit')).toBe(false);
    expect(topLevel(mac, 'File').at(-1)?.role).toBe('close');
    expect(topLevel(mac, 'Help').some((item) => item.role === 'about')).toBe(false);
  });

  it('lists the app’s recent engagements on Windows and Linux, escaping & and capping the count', () => {
    const recent = Array.from({ length: RECENT_MENU_LIMIT + 3 }, (_, index) => ({ path: `/e/${index}.cwb`, label: `A&B ${index}` }));
    const { template, sent } = build({ recent });
    const items = submenuOf(find(template, 'Open Recent'));
    expect(items).toHaveLength(RECENT_MENU_LIMIT);
    expect(items[0]).toMatchObject({ label: 'A&&B 0', toolTip: '/e/0.cwb' });
    click(items[2]!);
    expect(sent).toEqual([{ type: 'open-recent', path: '/e/2.cwb' }]);
  });

  it('shows a disabled line when nothing was opened yet', () => {
    expect(submenuOf(find(build().template, 'Open Recent'))).toEqual([{ label: 'No recent engagements', enabled: false }]);
  });

  it('leaves Open Recent to macOS there', () => {
    const item = find(build({ isMac: true, recent: [{ path: '/e/a.cwb', label: 'a' }] }).template, 'Open Recent');
    expect(item.role).toBe('recentDocuments');
    expect(submenuOf(item).map((entry) => entry.role)).toEqual(['clearRecentDocuments']);
  });
});

describe('recentMenuEntries', () => {
  it('names files as the start screen does and leaves out the ones that are gone', () => {
    const openedAt = '2026-01-01T00:00:00.000Z';
    expect(
      recentMenuEntries([
        { path: '/e/a.cwb', customer: 'Contoso', title: 'BC/DR 2026', openedAt, exists: true },
        { path: '/e/gone.cwb', customer: 'Fabrikam', title: 'Gone', openedAt, exists: false },
        { path: '/e/untitled.cwb', customer: ' ', title: '', openedAt, exists: true },
      ]),
    ).toEqual([
      { path: '/e/a.cwb', label: 'Contoso — BC/DR 2026' },
      { path: '/e/untitled.cwb', label: '/e/untitled.cwb' },
    ]);
  });
});
