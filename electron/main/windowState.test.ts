import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundsToRestore, readWindowState, WINDOW_STATE_FILE } from './windowState';

const LAPTOP = { x: 0, y: 0, width: 1920, height: 1040 };
const PROJECTOR = { x: 1920, y: 0, width: 1280, height: 720 };
const MINIMUM = { width: 960, height: 600 };

describe('the remembered window', () => {
  it('opens where it was when that place is on a screen today', () => {
    const saved = { x: 100, y: 80, width: 1400, height: 900, maximized: false };
    expect(boundsToRestore(saved, [LAPTOP], MINIMUM)).toEqual({ x: 100, y: 80, width: 1400, height: 900 });
  });

  it('falls back to the default when the screen it was on is gone', () => {
    const onProjector = { x: 2000, y: 50, width: 1200, height: 650, maximized: false };
    expect(boundsToRestore(onProjector, [LAPTOP, PROJECTOR], MINIMUM)).toEqual({ x: 2000, y: 50, width: 1200, height: 650 });
    expect(boundsToRestore(onProjector, [LAPTOP], MINIMUM)).toBeNull();
  });

  it('never opens with the title bar above or below every screen, and shrinks to fit', () => {
    expect(boundsToRestore({ x: 100, y: -400, width: 1200, height: 800, maximized: false }, [LAPTOP], MINIMUM)).toBeNull();
    expect(boundsToRestore({ x: 100, y: 1020, width: 1200, height: 800, maximized: false }, [LAPTOP], MINIMUM)).toBeNull();
    expect(boundsToRestore({ x: 0, y: 0, width: 4000, height: 3000, maximized: true }, [PROJECTOR, LAPTOP], MINIMUM)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('reads nothing from a missing or damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwb-window-'));
    expect(readWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"x": 1, "y":');
    expect(readWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify({ x: 10, y: 20, width: 1300, height: 800, maximized: true }));
    expect(readWindowState(dir)).toEqual({ x: 10, y: 20, width: 1300, height: 800, maximized: true });
  });
});
