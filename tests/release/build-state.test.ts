// Which code `bin/hall.mjs` runs: the build when it is the build of the sources beside it, or when there
// are no sources (a release); the sources through tsx when the build is missing or older than them — so
// a test or a developer never runs a stale build. Checked on a small stand-in checkout in a temp folder
// (the real bin/ files, a `main` in the sources and another in dist/ that say which one ran).
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAMP, buildState, sourceFingerprint } from '../../bin/build-state.mjs';
import { REPO_ROOT } from '../support/child-hub.js';

const run = promisify(execFile);
let root = '';

function put(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const stamp = () => put(STAMP, JSON.stringify({ fingerprint: sourceFingerprint(root) }));
const hall = async (args = ['which'], env: Record<string, string> = {}) =>
  (await run(process.execPath, [join(root, 'bin/hall.mjs'), ...args], { cwd: root, timeout: 60_000, env: { ...process.env, HALL_DRIVERS: '', ...env } })).stdout.trim();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'hall-build-state-'));
  cpSync(join(REPO_ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  put('package.json', JSON.stringify({ name: 'stand-in', type: 'module' }));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  put('hub/cli/main.ts', "export async function main(args: string[]): Promise<number> { console.log(`sources ${args.join(' ')}`); return 0; }\n");
  put('dist/server/hub/cli/main.js', "export async function main(args) { console.log(`build ${args.join(' ')}`); return 0; }\n");
  put('dist/web/index.html', '<!doctype html>');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bin/hall.mjs picks the build or the sources', () => {
  it('runs the sources through tsx while the build has no stamp of them', async () => {
    expect(buildState(root)).toBe('stale');
    expect(await hall()).toBe('sources which');
  });

  it('runs the build with plain node once it is stamped with the sources\' fingerprint', async () => {
    stamp();
    expect(buildState(root)).toBe('fresh');
    expect(await hall()).toBe('build which');
  });

  it('runs the sources when a driver module is TypeScript, even with a fresh build', async () => {
    expect(buildState(root)).toBe('fresh');
    expect(await hall(['agent', '--driver', './x.ts'])).toBe('sources agent --driver ./x.ts');
    expect(await hall(['agent', '--driver=./x.mts'])).toBe('sources agent --driver=./x.mts');
    expect(await hall(['agent'], { HALL_DRIVERS: 'a.js, ./b.ts' })).toBe('sources agent');
    // A JavaScript driver runs with the build.
    expect(await hall(['agent', '--driver', './x.js'])).toBe('build agent --driver ./x.js');
  });

  it('goes back to the sources when one changes, or one is added', async () => {
    put('hub/cli/main.ts', "export async function main(args: string[]): Promise<number> { console.log(`sources, edited, ${args.join(' ')}`); return 0; }\n");
    expect(buildState(root)).toBe('stale');
    expect(await hall()).toBe('sources, edited, which');
    stamp();
    put('devices/new-module.ts', 'export const x = 1;\n');
    expect(buildState(root)).toBe('stale');
    stamp();
    // Test files are not part of the build: adding one leaves it fresh.
    put('devices/new-module.test.ts', 'export {};\n');
    expect(buildState(root)).toBe('fresh');
  });

  it('runs the build of a release (no sources) as it is; with neither, the build is missing', async () => {
    rmSync(join(root, 'hub'), { recursive: true });
    rmSync(join(root, 'devices'), { recursive: true });
    expect(buildState(root)).toBe('release');
    expect(await hall()).toBe('build which');
    rmSync(join(root, 'dist'), { recursive: true });
    expect(buildState(root)).toBe('missing');
  });
});
