import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

// Electron 45 runs Node 22 in the main process and Chromium 140 in the preload's renderer.
const MAIN_TARGET = 'node22';
const PRELOAD_TARGET = 'chrome140';

/**
 * Electron supplies itself; better-sqlite3 and @resvg/resvg-js are native modules that must
 * load from node_modules (unpacked from the asar), and a bundler cannot read their binaries;
 * exceljs is large CommonJS that runs as it ships. Everything else, zod and our own code
 * included, is inlined.
 */
const MAIN_EXTERNAL: (string | RegExp)[] = ['electron', 'better-sqlite3', /^@resvg\//, 'exceljs', /^node:/, ...builtinModules];

/** A sandboxed preload can `require` only 'electron', so nothing else may stay external. */
const PRELOAD_EXTERNAL: (string | RegExp)[] = ['electron'];

interface Bundle {
  entry: string;
  outDir: string;
  fileName: string;
  target: string;
  external: (string | RegExp)[];
}

/**
 * One CommonJS bundle of `entry`. Built as SSR so that Node's own modules resolve as Node
 * modules rather than browser stubs; `noExternal` then hands the choice of externals to
 * the explicit list alone.
 */
function bundleConfig({ entry, outDir, fileName, target, external }: Bundle): InlineConfig {
  return {
    configFile: false,
    root: projectRoot,
    publicDir: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: join(projectRoot, entry),
      outDir: join(projectRoot, 'out', outDir),
      emptyOutDir: true,
      target,
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external,
        output: { format: 'cjs', entryFileNames: fileName },
      },
    },
  };
}

/** Bundles the Electron main process and preload into out/, where package.json's "main" points. */
export async function buildDesktopBundles(): Promise<void> {
  await build(
    bundleConfig({ entry: 'electron/main/main.ts', outDir: 'main', fileName: 'main.cjs', target: MAIN_TARGET, external: MAIN_EXTERNAL }),
  );
  await build(
    bundleConfig({
      entry: 'electron/preload/preload.ts',
      outDir: 'preload',
      fileName: 'preload.cjs',
      target: PRELOAD_TARGET,
      external: PRELOAD_EXTERNAL,
    }),
  );
}
