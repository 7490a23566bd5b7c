// Vitest's global set-up: the build (dist/) made fresh once, before any test file runs, when it is missing
// or older than the sources (`node bin/build.mjs --if-stale`, as `npm test` and `npm start` do; a no-op
// when fresh). Every `hall` child process a test starts (tests/support/child-hub.ts) then runs the
// build with plain node instead of compiling the sources through tsx at each start: the same code
// (bin/hall.mjs runs the build only when it is the build of these sources), measured at a third less
// CPU per child start; and the in-process hubs serve a web build of the sources under test.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './child-hub.js';

export default function buildIfStale(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'build.mjs'), '--if-stale'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
