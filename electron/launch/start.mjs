#!/usr/bin/env node
// `npm start`: loads the TypeScript launcher through tsx, so a fresh checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { start } = await import('./start.ts');
process.exitCode = await start(process.argv.slice(2));
