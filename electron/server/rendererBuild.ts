import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIST = join(projectRoot, 'renderer', 'dist');
// The installed packages and the build's own configuration count as sources too: a dependency
// added or updated since the last build (a new viewer library, say) must not leave the old bundle in place.
const RENDERER_SOURCES = [
  join(projectRoot, 'renderer', 'src'),
  join(projectRoot, 'renderer', 'index.html'),
  join(projectRoot, 'renderer', 'vite.config.ts'),
  join(projectRoot, 'renderer', 'svelte.config.js'),
  join(projectRoot, 'shared'),
  join(projectRoot, 'package-lock.json'),
];

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestModification(join(path, name))), stat.mtimeMs);
}

/** True when the built renderer is missing or older than any of its sources. */
export function rendererNeedsBuild(): boolean {
  const index = join(RENDERER_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return RENDERER_SOURCES.some((source) => newestModification(source) > built);
}

/**
 * Builds the renderer with Vite when a checkout has none, or a stale one, so that the start
 * command works straight after `npm ci`. Installed copies ship a built renderer and skip this.
 */
export async function ensureRendererBuilt(log: (line: string) => void): Promise<void> {
  if (!rendererNeedsBuild()) return;
  log('Building the Continuity Workbook interface (once after each update)…');
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}
