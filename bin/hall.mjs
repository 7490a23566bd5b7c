#!/usr/bin/env node
// The `hall` command. The sources are TypeScript; tsx compiles them on load so a fresh
// `npm ci && npm start` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../hub/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
