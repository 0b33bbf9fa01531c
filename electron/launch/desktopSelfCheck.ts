import { checkSqliteDriver, describeDriverFailure, useSqliteDriver, type DriverFailure } from '../core/store/sqliteDriver';
import { cachedDriverFor, currentRuntime, driverCacheRoot, runtimeName, type RuntimeTarget } from './driverCache';

/** The desktop app ends with this code when its SQLite driver cannot serve and the user chose to quit. */
export const EXIT_DRIVER_UNUSABLE = 70;
/** …and with this one when the user asked for browser mode instead; `npm start` then starts it. */
export const EXIT_BROWSER_INSTEAD = 71;
/** Set by `npm start` for the desktop app it starts: it can take over in browser mode. */
export const BROWSER_FALLBACK_ENV = 'CWB_BROWSER_FALLBACK';

export interface DesktopDriverSetup {
  /** The app's folder: the project in development, the installed app once packaged. */
  appRoot: string;
  packaged: boolean;
  tempDir: string;
  cacheRoot?: string;
  runtime?: RuntimeTarget;
}

export type DesktopDriver =
  | { ok: true; binding: string | null; moduleVersion: string }
  | { ok: false; failure: DriverFailure; runtime: RuntimeTarget; packaged: boolean; cacheFolder: string };

/**
 * What the desktop's main process does before its window: choose the driver build for the
 * runtime it runs in, make it the one every database opens with, and prove it by opening a
 * throwaway database. An installed app carries the build electron-builder made for it in
 * node_modules; in development the build `npm start` made for this Electron sits in the driver
 * cache, apart from node_modules' own, which serves Node.js.
 */
export function prepareDesktopDriver(setup: DesktopDriverSetup): DesktopDriver {
  const runtime = setup.runtime ?? currentRuntime();
  const cacheRoot = setup.cacheRoot ?? driverCacheRoot(setup.appRoot);
  const binding = setup.packaged ? null : cachedDriverFor(setup.appRoot, runtime, cacheRoot);
  useSqliteDriver(binding ?? undefined);
  const check = checkSqliteDriver(setup.tempDir);
  if (check.ok) return { ok: true, binding: check.binding, moduleVersion: check.moduleVersion };
  return { ok: false, failure: check.failure, runtime, packaged: setup.packaged, cacheFolder: cacheRoot };
}

export interface SelfCheckDialog {
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  /** The button that asks for browser mode, or null where nothing could start it. */
  browserButton: number | null;
}

/**
 * The native error dialog shown instead of the window. It says what failed and what to do;
 * only a desktop app started by `npm start` can hand over to browser mode, since browser mode
 * runs under the Node.js that started it.
 */
export function selfCheckDialog(driver: Extract<DesktopDriver, { ok: false }>, browserFallback: boolean): SelfCheckDialog {
  const runtime = runtimeName(driver.runtime);
  const todo: string[] = [];
  if (driver.packaged) {
    todo.push(
      `The installer should have brought a driver built for ${runtime}. Install Continuity Workbook again; if this message comes back, send it to whoever provided the installer.`,
    );
  } else {
    todo.push(
      `Start the app with npm start on a machine with internet access: it fetches a driver built for ${runtime} (or builds one from source) and keeps it in ${driver.cacheFolder}. If that folder already holds a build, delete the folder first.`,
      'npm start -- --check shows what each runtime has, without starting anything.',
    );
    if (!browserFallback) todo.push('Browser mode needs no desktop driver: npm start -- --browser.');
  }
  todo.push('No engagement file was opened or changed.');
  return {
    title: 'Continuity Workbook cannot start',
    message: `Continuity Workbook cannot open engagement files: ${lowerFirst(describeDriverFailure(driver.failure, runtime))}`,
    detail: todo.join('\n\n'),
    buttons: browserFallback ? ['Start browser mode', 'Quit'] : ['Quit'],
    browserButton: browserFallback ? 0 : null,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
