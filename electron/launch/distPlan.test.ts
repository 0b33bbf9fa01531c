import { describe, expect, it } from 'vitest';
import { DEFAULT_ELECTRON_HOST, distPlan, electronHost } from './distPlan';

const present = { electronBinary: '/p/node_modules/electron/dist/electron', electronDist: '/p/node_modules/electron/dist' };

describe('distPlan', () => {
  it.each([
    ['darwin', '--mac'],
    ['win32', '--win'],
    ['linux', '--linux'],
  ] as const)('packages for %s with the project config and the runtime already installed', (platform, flag) => {
    expect(distPlan({ platform, ...present })).toEqual({
      ok: true,
      builderArgs: ['--config', 'build/electron-builder.yml', '--config.electronDist=/p/node_modules/electron/dist', flag, '--publish', 'never'],
    });
  });

  it('refuses without the runtime, naming the host it could not be downloaded from and what to do', () => {
    const plan = distPlan({ platform: 'linux', electronBinary: null, electronDist: null });
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.message).toContain('Electron runtime is not installed');
    expect(plan.message).toContain(`could not be downloaded from ${DEFAULT_ELECTRON_HOST}`);
    expect(plan.message).toContain('ELECTRON_MIRROR');
    expect(plan.message).toContain('run npm run dist again');
  });

  it('names the mirror when one is set', () => {
    const plan = distPlan({ platform: 'win32', electronBinary: null, electronDist: null, mirror: 'https://mirror.example/electron/' });
    expect(plan.ok ? '' : plan.message).toContain('could not be downloaded from https://mirror.example/electron/');
  });

  it('refuses a platform electron-builder cannot package on', () => {
    const plan = distPlan({ platform: 'freebsd', ...present });
    expect(plan.ok ? '' : plan.message).toContain('this machine runs freebsd');
  });
});

describe('electronHost', () => {
  it('falls back to GitHub when the mirror is unset or blank', () => {
    expect(electronHost(undefined)).toBe(DEFAULT_ELECTRON_HOST);
    expect(electronHost('  ')).toBe(DEFAULT_ELECTRON_HOST);
    expect(electronHost(' https://m/ ')).toBe('https://m/');
  });
});
