#!/usr/bin/env node
// The `hall` command. It runs the build (dist/server, plain JavaScript: `npm run build`) with plain
// node when that build matches the sources, or when there are no sources (an installed release, whose
// node_modules has no tsx). In a checkout whose build is missing or older than the sources it runs the
// TypeScript sources through tsx (a devDependency), so tests and a developer's edits never meet a stale
// build; `npm start` builds first when needed (prestart).
import { buildState, SERVER_ENTRY } from './build-state.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const state = buildState(ROOT);

let main;
if (state === 'fresh' || state === 'release') {
  ({ main } = await import(pathToFileURL(join(ROOT, SERVER_ENTRY)).href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(`hall: the build is ${state} and tsx (a devDependency) is not installed: run npm run build (or npm ci with devDependencies)`);
    process.exit(1);
  }
  register();
  ({ main } = await import('../hub/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
