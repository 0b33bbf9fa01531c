import { main } from './main';

/** Runs one `cwb` invocation in this process, as the tests use it: the exit code and what it printed. */
export async function cwb(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
