#!/usr/bin/env node
// The `hall` command. It runs the build (dist/server, plain JavaScript: `npm run build`) with plain
// node when that build matches the sources, or when there are no sources (an installed release, whose
// node_modules has no tsx). In a checkout whose build is missing or older than the sources it runs the
// TypeScript sources through tsx (a devDependency), so tests and a developer's edits never meet a stale
// build; `npm start` builds first when needed (prestart).
//
// A driver family given as TypeScript (`--driver ./my-family.ts`, HALL_DRIVERS=a.ts) also needs the
// sources: plain node cannot import a .ts module, and the family must register in the same registry
// (devices/driver.ts) as the hall that loads it, so the build's copy would not do either.
import { buildState, SERVER_ENTRY } from './build-state.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const state = buildState(ROOT);
const args = process.argv.slice(2);

/** The driver modules named on the command line or in HALL_DRIVERS. */
function driverModules(argv, env) {
  const out = (env.HALL_DRIVERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--driver' && argv[i + 1] !== undefined) out.push(argv[++i]);
    else if (argv[i].startsWith('--driver=')) out.push(argv[i].slice('--driver='.length));
  }
  return out;
}
const typeScriptDriver = driverModules(args, process.env).some((m) => /\.[cm]?tsx?$/.test(m));

let main;
if ((state === 'fresh' || state === 'release') && !typeScriptDriver) {
  ({ main } = await import(pathToFileURL(join(ROOT, SERVER_ENTRY)).href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(
      typeScriptDriver
        ? 'hall: a TypeScript driver module needs tsx (a devDependency) to run the sources: install it, or give the driver as JavaScript'
        : `hall: the build is ${state} and tsx (a devDependency) is not installed: run npm run build (or npm ci with devDependencies)`,
    );
    process.exit(1);
  }
  register();
  ({ main } = await import('../hub/cli/main.ts'));
}
process.exitCode = await main(args);
