/** Where Electron's installer fetches the runtime unless ELECTRON_MIRROR points elsewhere. */
export const DEFAULT_ELECTRON_HOST = 'https://github.com/electron/electron/releases/download/';

const BUILDER_CONFIG = 'build/electron-builder.yml';

/** electron-builder's switch for each platform it can package on itself. */
const PLATFORM_FLAGS: Partial<Record<NodeJS.Platform, string>> = { darwin: '--mac', win32: '--win', linux: '--linux' };

export interface DistSituation {
  platform: NodeJS.Platform;
  /** The Electron binary in node_modules, or null when its download never succeeded. */
  electronBinary: string | null;
  /** The unpacked Electron folder holding that binary, handed to electron-builder so it does not fetch a second copy. */
  electronDist: string | null;
  /** ELECTRON_MIRROR as set, if at all. */
  mirror?: string | undefined;
}

export type DistPlan = { ok: true; builderArgs: string[] } | { ok: false; message: string };

/** The host the runtime was (or would be) downloaded from, for the message that names it. */
export function electronHost(mirror: string | undefined): string {
  return mirror !== undefined && mirror.trim() !== '' ? mirror.trim() : DEFAULT_ELECTRON_HOST;
}

/**
 * Whether `npm run dist` can package here, and the electron-builder arguments if so. Packaging
 * needs the Electron runtime for this platform; without it electron-builder would fail deep in
 * a download with a network error, so the refusal says up front what is missing and what to do.
 */
export function distPlan(situation: DistSituation): DistPlan {
  const flag = PLATFORM_FLAGS[situation.platform];
  if (flag === undefined) {
    return {
      ok: false,
      message: `npm run dist builds installers on Windows, macOS and Linux only; this machine runs ${situation.platform}.`,
    };
  }
  if (situation.electronBinary === null || situation.electronDist === null) {
    const host = electronHost(situation.mirror);
    return {
      ok: false,
      message: [
        'npm run dist cannot build the installers: the Electron runtime is not installed on this machine,',
        `because it could not be downloaded from ${host}.`,
        'Set ELECTRON_MIRROR to a mirror this machine can reach (or let it reach that host),',
        'then run `node node_modules/electron/install.js` (or reinstall the electron package) and run npm run dist again.',
      ].join('\n'),
    };
  }
  return {
    ok: true,
    builderArgs: ['--config', BUILDER_CONFIG, `--config.electronDist=${situation.electronDist}`, flag, '--publish', 'never'],
  };
}
