// A fresh machine passes `.ci/run`: every program the code and the tests start is installed by
// .ci/run (apt) and named in the README, or is part of every Debian system. The programs are found in
// the sources (spawn/execFile calls and player commands with a literal program name), so a test that
// starts a new program fails here until someone decides where it comes from. (Found missing on main:
// sox, which display-board/voice/player.test.ts plays through.)
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/child-hub.js';
import { CHROMIUM } from '../support/browser.js';

/** Program → the Debian package .ci/run installs for it; null: essential (on every Debian system) or node's own. */
const PACKAGE_OF: Record<string, string | null> = {
  sox: 'sox',
  socat: 'socat',
  setpriv: 'util-linux',
  // The city tests' throwaway PostgreSQL cluster (tests/support/postgres.ts): its commands run as the
  // postgres user through runuser; initdb and pg_ctl come from `postgresql`, found by path.
  runuser: 'util-linux',
  id: null,
  chromium: 'chromium',
  sh: null,
  cat: null,
  stty: null,
  mkfifo: null,
  cp: null,
  npm: null,
};
/** Named where a program would be but not started: a player that is not there on purpose, a setting only parsed. */
const NOT_STARTED = new Set(['no-such-player-here', 'paplay']);
/** Tools for maintainers, not run by the hub or the tests (they say so at their top). */
const MAINTAINER_TOOLS = new Set(['display-board/voice/make-clips.ts']);

/** Where node code is (the web terminals' code runs in browsers: it starts no program). */
const DIRS = ['hub', 'central', 'devices', 'display-board', 'counter-pads', 'ticket-printer', 'tests', 'bench'];
const STARTS = [/(?<![.\w$])(?:spawn|spawnTied|spawnSync|execFile|execFileSync|run|onPath)\(\s*'([^'/]+)'/g, /\bcommand: \[\s*'([^'/]+)'/g];

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !p.includes('/web/')) out.push(p);
  }
  return out;
}

function programsStarted(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const d of DIRS) {
    for (const file of sources(join(REPO_ROOT, d))) {
      const rel = relative(REPO_ROOT, file);
      if (MAINTAINER_TOOLS.has(rel)) continue;
      const text = readFileSync(file, 'utf8');
      for (const re of STARTS) for (const m of text.matchAll(re)) found.set(m[1]!, [...(found.get(m[1]!) ?? []), rel]);
    }
  }
  return found;
}

describe('a fresh machine', () => {
  it('gets every program the code and the tests start from .ci/run, and the README names it', () => {
    const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    const installed = new Set(/for pkg in ([^;]+);/.exec(ci)![1]!.trim().split(/\s+/));
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const found = programsStarted();
    found.set(CHROMIUM.split('/').pop()!, ['tests/support/browser.ts']);
    // The finder works: it sees the programs known to be started.
    for (const p of ['socat', 'sox', 'setpriv', 'chromium']) expect([...found.keys()]).toContain(p);
    for (const [program, where] of found) {
      if (NOT_STARTED.has(program)) continue;
      expect(Object.keys(PACKAGE_OF), `${program} (started in ${where.join(', ')}): which Debian package has it?`).toContain(program);
      const pkg = PACKAGE_OF[program];
      if (!pkg) continue;
      expect(installed.has(pkg), `.ci/run installs ${pkg} (for ${program})`).toBe(true);
      expect(readme.includes(`\`${pkg}\``), `the README names ${pkg} (for ${program})`).toBe(true);
    }
  });
});
