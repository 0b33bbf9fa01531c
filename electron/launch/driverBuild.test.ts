import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testSupport';
import { cachedDriverPath, driverPackage, type RuntimeTarget } from './driverCache';
import { nodeGypScript, provideDriver } from './driverBuild';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const tempDir = useTempDir();

describe('providing a driver build for another runtime', () => {
  it('finds the node-gyp that comes with npm', () => {
    const script = nodeGypScript();
    expect(script).not.toBeNull();
    expect(existsSync(script!)).toBe(true);
  });

  it('a build that fails says why in one line and leaves nothing in the cache for a later start to trust', () => {
    const cacheRoot = tempDir();
    const target: RuntimeTarget = { runtime: 'node', version: '22.0.0', moduleVersion: '127', platform: process.platform, arch: process.arch };
    const outcome = provideDriver({
      projectRoot,
      target,
      headers: { from: 'folder', nodedir: join(tempDir(), 'no-headers-here') },
      tryPrebuilt: false,
      cacheRoot,
      log: () => {},
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toMatch(/^building it from source failed \(.+\)$/);
    expect(outcome.reason).not.toContain('\n');
    expect(existsSync(cachedDriverPath(cacheRoot, driverPackage(projectRoot).version, target))).toBe(false);
    expect(readdirSync(cacheRoot)).toEqual([]);
  }, 120_000);
});
