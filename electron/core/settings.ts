import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ProfileStore } from './profile';

/** Where the app keeps its own small state (recent files); never the engagement files themselves. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CWB_DATA_DIR) return env.CWB_DATA_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Continuity Workbook');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Continuity Workbook');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'continuity-workbook');
}

/** Where new engagements and the demo are suggested to go; the user can pick any folder. */
export function defaultEngagementFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.CWB_ENGAGEMENT_DIR ?? join(homedir(), 'Documents', 'Continuity Workbook');
}

/** The operating-system account, the last resort for who did something. */
export function accountName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'consultant';
  }
}

/**
 * Recorded as "answered by", in the audit trail, on a reopened sign-off and in the report, in
 * this order: the name given for this run (`--actor NAME`), `CWB_ACTOR`, the consultant profile
 * in the data folder, the operating-system account.
 */
export function resolveActor(given?: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = given?.trim() || env.CWB_ACTOR?.trim();
  if (explicit) return explicit;
  return new ProfileStore(defaultDataDir(env)).read()?.name ?? accountName();
}
