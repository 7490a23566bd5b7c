#!/usr/bin/env node
// `npm run build`: everything the hub serves and runs, into dist/ —
//   dist/web     the web terminals (Vite, Preact), served by the hub;
//   dist/server  the hub and the `hall` command as plain JavaScript (esbuild, one .js per .ts, the
//                source tree kept, so paths relative to a module — the voice clips, the ticket
//                template — hold), with those data files copied beside them, and build.json (the
//                sources' fingerprint, see build-state.mjs).
// Type checking is `tsc --noEmit` (npm test), not part of the build. `--if-stale` builds only when the
// build is missing or older than the sources (npm start); on a release (dist/ without sources) it does
// nothing; `--out DIR` builds into DIR instead of dist/. vite and esbuild are devDependencies: they are imported only when a build runs.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STAMP, buildState, sourceFingerprint } from './build-state.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Files the hub reads at run time next to its modules. */
const DATA = ['display-board/voice/clips', 'ticket-printer/templates'];
/** Entry points: the `hall` command; everything it imports, dynamic imports included, is found from it. */
const ENTRIES = ['hub/cli/main.ts'];

async function buildServer(dist) {
  const esbuild = await import('esbuild');
  const out = join(dist, 'server');
  // One pass to find every module the command reaches (dynamic imports included), then each one
  // transpiled on its own: a bundle would move import.meta.url away from the data files.
  const scan = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: 'out',
    logLevel: 'warning',
  });
  const sources = Object.keys(scan.metafile.inputs).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('node_modules/'));
  rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: sources,
    bundle: false,
    outbase: '.',
    outdir: out,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  for (const d of DATA) cpSync(join(ROOT, d), join(out, d), { recursive: true });
  return sources.length;
}

async function buildWeb(dist) {
  const { build } = await import('vite');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(dist, 'web'), emptyOutDir: true } });
}

/** Builds into `dist` (default: this checkout's dist/; a test builds a release into a folder of its own). */
export async function runBuild(dist = join(ROOT, 'dist')) {
  const fingerprint = sourceFingerprint(ROOT);
  const t0 = Date.now();
  await buildWeb(dist);
  const modules = await buildServer(dist);
  const stamp = join(dist, relative('dist', STAMP));
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, JSON.stringify({ fingerprint, builtAt: new Date().toISOString(), modules }, null, 2) + '\n');
  console.log(`built ${dist}: web/ and server/ (${modules} modules) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, out: { type: 'string' } } });
  const ifStale = values['if-stale'] === true;
  const state = buildState(ROOT);
  if (values.out) {
    // A release folder's dist/ (the build only; the checkout's own dist/ is left alone).
    await runBuild(resolve(values.out)).catch((e) => {
      console.error(`hall build failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
    process.exit(0);
  }
  if (ifStale && (state === 'fresh' || state === 'release')) process.exit(0);
  if (state === 'release') {
    console.error('hall build: no sources here (an installed release); nothing to build');
    process.exit(ifStale ? 0 : 2);
  }
  try {
    await runBuild();
  } catch (e) {
    console.error(`hall build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
