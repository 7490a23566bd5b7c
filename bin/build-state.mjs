// Is the build (dist/) the build of these sources? Plain JavaScript, so that `bin/hall.mjs` can ask it
// with nothing but node. The answer comes from a fingerprint of the sources (every file's path, size and
// mtime: stat only, no reading, a few milliseconds) written into dist/server/build.json by the build and
// compared at start. A release ships dist/ without the sources: there the build is taken as it is.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the sources of the hub and of the web terminals are (the test files excepted). */
export const SOURCE_DIRS = ['hub', 'shared', 'devices', 'ui', 'landing', 'virtual-devices', 'kiosk', 'phone', 'counter', 'dashboard', 'display-board', 'counter-pads', 'ticket-printer'];
export const SOURCE_FILES = ['package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'bin/build.mjs'];
/** The compiled entry of the `hall` command, and the stamp the build leaves beside it. */
export const SERVER_ENTRY = 'dist/server/hub/cli/main.js';
export const STAMP = 'dist/server/build.json';

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
}

/** The fingerprint of the sources under `root`. */
export function sourceFingerprint(root) {
  const files = [];
  for (const d of SOURCE_DIRS) walk(join(root, d), files);
  for (const f of SOURCE_FILES) files.push(join(root, f));
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    let s;
    try {
      s = statSync(f);
    } catch {
      h.update(`${f}\0-\n`);
      continue;
    }
    h.update(`${f.slice(root.length)}\0${s.size}\0${Math.trunc(s.mtimeMs)}\n`);
  }
  return h.digest('hex');
}

/**
 * 'fresh': dist/ was built from these sources; 'release': dist/ without sources beside it (an installed
 * release); 'stale': the sources changed since the build; 'missing': no build.
 */
export function buildState(root) {
  const built = existsSync(join(root, SERVER_ENTRY)) && existsSync(join(root, 'dist/web'));
  const sources = existsSync(join(root, 'hub/cli/main.ts'));
  if (!built) return 'missing';
  if (!sources) return 'release';
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
    return stamp.fingerprint === sourceFingerprint(root) ? 'fresh' : 'stale';
  } catch {
    return 'stale';
  }
}
