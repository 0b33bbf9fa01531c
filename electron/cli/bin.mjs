#!/usr/bin/env node
// The `cwb` command: loads the TypeScript CLI through tsx so a checkout runs it right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
