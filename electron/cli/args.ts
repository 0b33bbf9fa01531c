import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Wrong usage: exit code 2 and the usage text, as opposed to an operation that failed. */
export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Every command that writes takes it: the name its changes are recorded under (see `resolveActor`). */
export const ACTOR_OPTION = { actor: { type: 'string' } } as const;

export function requireFile(positionals: string[], command: string): string {
  const [file, extra] = positionals;
  if (!file) throw new UsageError(`cwb ${command} needs a FILE.`);
  if (extra) throw new UsageError(`cwb ${command} takes one FILE, got also "${extra}".`);
  return resolve(file);
}
