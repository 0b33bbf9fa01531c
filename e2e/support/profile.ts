import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A consultant profile as the first-start dialog would have saved it, so that specs about other
 * screens start on the start screen; the first-run spec starts without one.
 */
export function seedProfile(dataDir: string, name: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'profile.json'), JSON.stringify({ name, organisation: 'E2E Consulting' }));
}
