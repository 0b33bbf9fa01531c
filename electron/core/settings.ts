import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

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

/** Recorded as "answered by" and in the audit trail. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CWB_ACTOR) return env.CWB_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'consultant';
  }
}
