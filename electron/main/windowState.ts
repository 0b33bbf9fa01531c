import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where the window was when the app last closed, so it opens there again. Pure apart from the
 * file it reads: what to restore is decided against the displays there are now, because a
 * laptop that was on a projector yesterday may have only its own screen today.
 */

export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';

/** The saved state, or null when there is none or it cannot be read (a damaged file never stops the app). */
export function readWindowState(dataDir: string): WindowState | null {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Enough of the title bar must be on some screen to grab it; otherwise the window would open out of reach. */
const MIN_VISIBLE = 100;

/**
 * The bounds to open with: the saved ones when a good part of them is on one of today's
 * screens, shrunk to fit that screen and never below the minimum size; otherwise none (the
 * system centres the window at its default size).
 */
export function boundsToRestore(saved: WindowState | null, workAreas: readonly Rect[], minimum: { width: number; height: number }): Rect | null {
  if (!saved) return null;
  const overlap = (a: Rect) => Math.min(saved.x + saved.width, a.x + a.width) - Math.max(saved.x, a.x);
  // The screen holding most of the window's width, with its title bar within reach.
  const area = workAreas
    .filter((a) => overlap(a) >= MIN_VISIBLE && saved.y >= a.y && saved.y <= a.y + a.height - MIN_VISIBLE / 2)
    .sort((a, b) => overlap(b) - overlap(a))[0];
  if (!area) return null;
  const width = Math.max(minimum.width, Math.min(saved.width, area.width));
  const height = Math.max(minimum.height, Math.min(saved.height, area.height));
  return { x: saved.x, y: saved.y, width, height };
}

/** Written as the window closes; losing it costs only the window's place, so a failure is ignored. */
export function writeWindowState(dataDir: string, state: WindowState): void {
  try {
    writeFileSync(join(dataDir, WINDOW_STATE_FILE), JSON.stringify(WindowState.parse(state)));
  } catch {
    // A read-only profile folder: the window simply opens at its default place next time.
  }
}
