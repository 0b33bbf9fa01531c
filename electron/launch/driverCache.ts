import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A JavaScript runtime a driver build serves. Native modules are bound to the runtime's module
 * version (`process.versions.modules`), its platform and its processor architecture.
 */
export interface RuntimeTarget {
  runtime: 'node' | 'electron';
  version: string;
  moduleVersion: string;
  platform: string;
  arch: string;
}

/** The runtime running this code: Electron's main process or a Node.js. */
export function currentRuntime(): RuntimeTarget {
  const electron = process.versions.electron;
  return {
    runtime: electron === undefined ? 'node' : 'electron',
    version: electron ?? process.versions.node,
    moduleVersion: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
  };
}

/** "Electron 45.4.1" or "Node.js 22.12.0", as messages name a runtime. */
export function runtimeName(target: RuntimeTarget): string {
  return `${target.runtime === 'electron' ? 'Electron' : 'Node.js'} ${target.version}`;
}

/** The installed better-sqlite3 package: its folder (holding its sources) and version. */
export function driverPackage(projectRoot: string): { dir: string; version: string } {
  const manifest = createRequire(join(projectRoot, 'package.json')).resolve('better-sqlite3/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

/**
 * Driver builds for runtimes other than the Node.js npm built for. Inside node_modules, so that
 * a fresh `npm ci` (which may bring another better-sqlite3) starts them over.
 */
export function driverCacheRoot(projectRoot: string): string {
  return join(projectRoot, 'node_modules', '.cache', 'continuity-workbook', 'sqlite-drivers');
}

/** Keyed by the driver's version, then by runtime, module version, platform and architecture. */
export function cachedDriverPath(cacheRoot: string, driverVersion: string, target: RuntimeTarget): string {
  const key = `${target.runtime}-v${target.moduleVersion}-${target.platform}-${target.arch}`;
  return join(cacheRoot, `better-sqlite3-${driverVersion}`, key, 'better_sqlite3.node');
}

/** The build made for `target`, if one was made. */
export function cachedDriverFor(projectRoot: string, target: RuntimeTarget, cacheRoot = driverCacheRoot(projectRoot)): string | null {
  const path = cachedDriverPath(cacheRoot, driverPackage(projectRoot).version, target);
  return existsSync(path) ? path : null;
}
