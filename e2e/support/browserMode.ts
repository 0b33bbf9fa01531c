import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths';

export interface RunningServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  process: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

const READY = /^Continuity Workbook running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;

/** Starts `cwb serve` exactly as a user would, and waits for its one announced line. */
export async function startServer(env: Record<string, string>, extraArgs: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'electron/cli/bin.mjs'), 'serve', '--no-open', ...extraArgs], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cwb serve did not start in time.\n${stderr}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cwb serve exited with ${code}.\n${stderr}`));
    });
    lines.on('line', (line) => {
      const found = READY.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  const port = Number(match[2]);
  return {
    url: match[1]!,
    origin: `http://127.0.0.1:${port}`,
    port,
    token: match[3]!,
    process: child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
