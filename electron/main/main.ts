import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, screen, session, shell } from 'electron';
import type { RecentFile } from '../../shared/api/contract';
import { IPC_CHANNELS } from '../../shared/api/ipcChannels';
import type { MenuCommand } from '../../shared/api/menuCommands';
import { APP_VERSION } from '../../shared/version';
import { defaultDataDir, defaultEngagementFolder } from '../core/settings';
import { ENGAGEMENT_EXTENSION, Workbench } from '../core/workbench';
import {
  BROWSER_FALLBACK_ENV,
  EXIT_BROWSER_INSTEAD,
  EXIT_DRIVER_UNUSABLE,
  prepareDesktopDriver,
  selfCheckDialog,
  type DesktopDriver,
} from '../launch/desktopSelfCheck';
import { electronPdfPrinter } from './pdfPrinter';
import { boundsToRestore, readWindowState, writeWindowState } from './windowState';
import { registerIpcHandlers } from './ipc';
import { menuTemplate, recentMenuEntries } from './menuTemplate';
import { openedEngagementPath } from './recentDocuments';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  isAppUrl,
  isSafeExternalUrl,
  resolveInsideRoot,
  windowOptions,
} from './security';

// The project folder in development and the asar archive once packaged: both hold out/ and renderer/dist/.
const APP_ROOT = app.getAppPath();
const RENDERER_DIST = join(APP_ROOT, 'renderer', 'dist');
const PRELOAD = join(APP_ROOT, 'out', 'preload', 'preload.cjs');

/**
 * The engagement named on a command line, if any. Chromium adds its own switches to a second
 * instance's argv and development runs put the app folder first, so only a .cwb argument counts.
 */
function engagementPathFromArgv(argv: readonly string[], workingDirectory: string): string | null {
  const candidate = argv.findLast((arg) => !arg.startsWith('-') && extname(arg).toLowerCase() === ENGAGEMENT_EXTENSION);
  return candidate === undefined ? null : resolve(workingDirectory, candidate);
}

/** Serves renderer/dist as app://workbook/, the one origin the window, the CSP and the IPC check trust. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response(null, { status: 404 });
    const { pathname } = new URL(request.url);
    const file = resolveInsideRoot(RENDERER_DIST, pathname === '/' ? '/index.html' : pathname);
    if (file === null) return new Response(null, { status: 404 });
    try {
      return new Response(await readFile(file), { headers: appResponseHeaders(file) });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}

/** Nothing the app shows needs a camera, notifications or any other browser permission. */
function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Applied to every web contents as it is created, so no window or frame escapes the rules. */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) {
        shell.openExternal(url).catch(() => {
          // Without a browser to take it the link stays unopened; the app has no fallback to offer.
        });
      }
      return { action: 'deny' };
    });
  });
}

/** A driver that cannot serve ends the app before any window: the dialog says why and what to do. */
function refuseToStart(driver: Extract<DesktopDriver, { ok: false }>): void {
  const text = selfCheckDialog(driver, process.env[BROWSER_FALLBACK_ENV] === '1');
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: text.title,
    message: text.message,
    detail: text.detail,
    buttons: text.buttons,
    defaultId: 0,
    cancelId: text.buttons.length - 1,
    noLink: true,
  });
  app.exit(choice === text.browserButton ? EXIT_BROWSER_INSTEAD : EXIT_DRIVER_UNUSABLE);
}

function start(): void {
  let workbench: Workbench | null = null;
  let mainWindow: BrowserWindow | null = null;
  // The file to open at startup: from the command line, or from macOS, which announces a
  // double-clicked file before the app is ready.
  let pendingPath = engagementPathFromArgv(process.argv, process.cwd());

  async function openEngagement(core: Workbench, path: string): Promise<boolean> {
    const outcome = await core.dispatch('engagement.open', { path });
    const opened = openedEngagementPath('engagement.open', outcome);
    if (opened !== null) rememberOpened(core, opened);
    if (!('error' in outcome)) return true;
    dialog.showErrorBox('The engagement could not be opened', outcome.error.message);
    return false;
  }

  function createWindow(): BrowserWindow {
    const options = windowOptions(PRELOAD);
    const dataDir = app.getPath('userData');
    const saved = readWindowState(dataDir);
    const minimum = { width: options.minWidth ?? 960, height: options.minHeight ?? 600 };
    const bounds = boundsToRestore(saved, screen.getAllDisplays().map((display) => display.workArea), minimum);
    const window = new BrowserWindow({ ...options, ...(bounds ?? {}) });
    if (bounds && saved?.maximized) window.maximize();
    window.on('close', () => {
      const { x, y, width, height } = window.getNormalBounds();
      writeWindowState(dataDir, { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), maximized: window.isMaximized() });
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      mainWindow = null;
    });
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      dialog.showErrorBox('The Continuity Workbook interface could not be loaded', String(error));
    });
    return window;
  }

  function showWindow(): void {
    mainWindow ??= createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }

  /**
   * Menu commands go to the window in front. With none open (macOS keeps running without one)
   * the click brings the window back instead: its page is still loading and could not act yet.
   */
  function sendMenuCommand(command: MenuCommand): void {
    const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
    if (target === null) showWindow();
    else target.webContents.send(IPC_CHANNELS.menu, command);
  }

  /** Rebuilt whenever the recent list may have changed, since a native menu cannot update one submenu. */
  async function installMenu(core: Workbench): Promise<void> {
    const outcome = await core.dispatch('engagement.recent', {});
    // Without the list the menu still works; Open Recent just says nothing was opened.
    const recent = 'error' in outcome ? [] : recentMenuEntries(outcome.result as RecentFile[]);
    const isMac = process.platform === 'darwin';
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isMac, isDev: !app.isPackaged, send: sendMenuCommand, recent })));
  }

  /** macOS and Windows list the file in the Dock or taskbar; the menu's own list is rebuilt from the core's. */
  function rememberOpened(core: Workbench, path: string): void {
    app.addRecentDocument(path);
    installMenu(core).catch(() => {
      // The menu already in place stays; only its recent list is out of date.
    });
  }

  /** A file handed to the running app: open it, then reload so the page reads the new engagement. */
  async function openFromOutside(path: string): Promise<void> {
    if (workbench === null) {
      pendingPath = path;
      return;
    }
    const opened = await openEngagement(workbench, path);
    const existing = mainWindow;
    showWindow();
    // A window created just now reads the new engagement as it loads; only an existing one needs a reload.
    if (opened && existing !== null) existing.webContents.reload();
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = engagementPathFromArgv(argv, workingDirectory);
    if (path === null) showWindow();
    else void openFromOutside(path);
  });

  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openFromOutside(path);
  });

  // macOS keeps the app running with no window; elsewhere closing the window ends it.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (workbench !== null) showWindow();
  });

  // Runs once every window has closed, so no page is still calling the core.
  app.on('will-quit', () => {
    workbench?.close();
  });

  app
    .whenReady()
    .then(async () => {
      const driver = prepareDesktopDriver({ appRoot: APP_ROOT, packaged: app.isPackaged, tempDir: app.getPath('temp') });
      if (!driver.ok) {
        refuseToStart(driver);
        return;
      }
      denyAllPermissions();
      serveRenderer();
      const core = new Workbench({
        host: 'desktop',
        dataDir: app.getPath('userData'),
        engagementFolder: defaultEngagementFolder(),
        actor: process.env.CWB_ACTOR?.trim() || undefined,
        pdfPrinter: electronPdfPrinter,
      });
      registerIpcHandlers(core, { onEngagementOpened: (path) => rememberOpened(core, path) });
      app.setAboutPanelOptions({ applicationName: 'Continuity Workbook', applicationVersion: APP_VERSION });
      await installMenu(core);
      workbench = core;
      // Opened before the window exists, so the page's first read already finds it.
      if (pendingPath !== null) await openEngagement(core, pendingPath);
      else if (process.argv.includes('--demo')) await core.dispatch('engagement.openDemo', {});
      showWindow();
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Continuity Workbook could not start', String(error));
      app.exit(1);
    });
}

// Before the app is ready: Chromium fixes a scheme's privileges at startup, and the lock-down
// must be in place before the first web contents exists.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
lockDownWebContents();

// One data folder for every host: the desktop app, browser mode and the CLI read the same profile
// and recent files (Electron's own default on Linux would differ from the CLI's). CWB_DATA_DIR also
// gives each e2e run its own single-instance lock.
app.setPath('userData', defaultDataDir());

// One process owns the open engagement file; a second launch hands its file over and exits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
