import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RuntimeTarget } from './driverCache';

/**
 * What node_modules holds of Electron. Its npm package is small: it downloads the runtime
 * (binary and all) into its dist/ folder on first use, from a host some machines cannot reach.
 */
export type ElectronInstall =
  | { state: 'installed'; version: string; moduleVersion: string | null; binary: string; dist: string }
  | { state: 'no-binary'; version: string; moduleVersion: string | null; reason: string }
  | { state: 'no-package'; reason: string };

export function electronInstall(projectRoot: string): ElectronInstall {
  let dir: string;
  try {
    dir = dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { state: 'no-package', reason: 'the electron package is not installed (npm ci installs it)' };
  }
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  // Shipped in the package itself, so the runtime's module version is known before any download.
  const abiFile = join(dir, 'abi_version');
  const moduleVersion = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { state: 'no-binary', version, moduleVersion, reason: `it was never downloaded (${join(dir, 'dist')} does not exist)` };
  }
  const dist = join(dir, 'dist');
  const binary = join(dist, readFileSync(pathFile, 'utf8'));
  if (!existsSync(binary)) {
    return { state: 'no-binary', version, moduleVersion, reason: `${binary} is missing` };
  }
  return { state: 'installed', version, moduleVersion, binary, dist };
}

/** The runtime an installed Electron provides, as a driver build must match it; null while its module version is unknown. */
export function electronTarget(install: ElectronInstall): RuntimeTarget | null {
  if (install.state === 'no-package' || install.moduleVersion === null) return null;
  return { runtime: 'electron', version: install.version, moduleVersion: install.moduleVersion, platform: process.platform, arch: process.arch };
}

/**
 * One download attempt through the package's own installer, so a network that came back is used.
 * Bounded: a network that hangs must not keep the consultant from the app.
 */
export function fetchElectron(
  projectRoot: string,
  { timeoutMs, stdio, announce }: { timeoutMs: number; stdio: 'ignore' | 'inherit'; announce: () => void },
): ElectronInstall {
  const present = electronInstall(projectRoot);
  if (present.state !== 'no-binary') return present;
  announce();
  const installer = join(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'), '..', 'install.js');
  spawnSync(process.execPath, [installer], { stdio, timeout: timeoutMs });
  return electronInstall(projectRoot);
}
