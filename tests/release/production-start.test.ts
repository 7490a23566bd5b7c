// A hall PC runs a release: the build output (`npm run build` → dist/), bin/, package.json and
// package-lock.json, and the production dependencies only (`npm ci --omit=dev`). Here that install is
// made in a temp folder: the build (the checkout's if fresh, else `bin/build.mjs --out`), and node_modules as this checkout's,
// hard-linked (no download, no native rebuild; copied where links cannot be made), pruned by npm to the production tree
// (`npm prune --omit=dev --offline`: the package set `npm ci --omit=dev` installs). Then `node
// bin/hall.mjs start` there — plain node, no sources, no vite, tsx or typescript — serves the API, the
// web terminals and the voice clips, and drives the demo's virtual devices over serial ptys and TCP.
// With serialport's binding taken away, the hub still starts and only a serial device fails, saying why.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildState } from '../../bin/build-state.mjs';
import { waitForValue } from '../../devices/testing/wait.js';
import { REPO_ROOT, http, killChildren, startChildHub } from '../support/child-hub.js';

const run = promisify(execFile);
const dirs: string[] = [];
let release = '';

/** Cuts a hard link: the file gets an inode of its own (npm rewrites these in place). */
function ownCopy(path: string): void {
  const data = readFileSync(path);
  unlinkSync(path);
  writeFileSync(path, data);
}

beforeAll(async () => {
  release = mkdtempSync(join(tmpdir(), 'hall-release-'));
  dirs.push(release);
  // The checkout's build when it is the build of these sources (npm test has just made it), else a build of its own.
  if (buildState(REPO_ROOT) === 'fresh') cpSync(join(REPO_ROOT, 'dist'), join(release, 'dist'), { recursive: true });
  else await run(process.execPath, [join(REPO_ROOT, 'bin/build.mjs'), '--out', join(release, 'dist')], { cwd: REPO_ROOT, timeout: 170_000 });
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(REPO_ROOT, f), join(release, f));
  cpSync(join(REPO_ROOT, 'bin'), join(release, 'bin'), { recursive: true });
  // Hard links where the temp folder is on the checkout's filesystem; a copy where it is not (a tmpfs /tmp).
  await run('cp', ['-al', join(REPO_ROOT, 'node_modules'), join(release, 'node_modules')], { timeout: 120_000 }).catch(async () => {
    rmSync(join(release, 'node_modules'), { recursive: true, force: true });
    await run('cp', ['-a', join(REPO_ROOT, 'node_modules'), join(release, 'node_modules')], { timeout: 170_000 });
  });
  // npm writes its hidden lockfile in place: it must not write through the link into the checkout's.
  for (const e of readdirSync(join(release, 'node_modules'), { withFileTypes: true })) if (e.isFile()) ownCopy(join(release, 'node_modules', e.name));
  await run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: release, timeout: 170_000 });
}, 360_000);

afterAll(async () => {
  await killChildren();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hall-release-data-'));
  dirs.push(d);
  return d;
};

describe('a release installed without devDependencies', () => {
  it('has the build and the production dependencies only: no sources, no build tools', () => {
    for (const tool of ['vite', 'tsx', 'typescript', 'esbuild', 'vitest', 'preact', 'chart.js']) expect(existsSync(join(release, 'node_modules', tool)), tool).toBe(false);
    for (const dep of ['better-sqlite3', 'express', 'socket.io', 'serialport']) expect(existsSync(join(release, 'node_modules', dep)), dep).toBe(true);
    expect(existsSync(join(release, 'hub'))).toBe(false);
    expect(existsSync(join(release, 'dist/server/hub/cli/main.js'))).toBe(true);
  });

  it('starts with plain node and serves the API, the web terminals, the voice clips and the virtual devices', async () => {
    const hub = await startChildHub({ root: release, dataDir: dataDir(), env: { HALL_VIRTUAL_DEVICES: 'on' }, startTimeoutMs: 60_000 });
    const health = await http(hub.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', hall: 'demo-county' });
    const kiosk = await fetch(`${hub.url}/kiosk`);
    expect(kiosk.status).toBe(200);
    expect(await kiosk.text()).toContain('<script');
    expect((await fetch(`${hub.url}/voice/zh/qing.wav`)).status).toBe(200);
    const ticket = await http(hub.url, 'POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(ticket.status).toBe(201);
    const login = await http(hub.url, 'POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } });
    // Every virtual device online, the serial (pty) buses included: serialport works in the release.
    const devices = await waitForValue(
      async () => (await http(hub.url, 'GET', '/api/devices/health', { token: login.body.token })).body.devices as Array<{ id: string; state: string; via: string }>,
      (ds) => ['screens-f1', 'pads-f1', 'printer-1'].every((id) => ds.some((d) => d.id === id && d.state === 'online')),
      'the virtual devices online',
      30_000,
    );
    expect(devices.filter((d) => d.via === 'link').length).toBeGreaterThanOrEqual(5);
    expect((await hub.stop()).code).toBe(0);
  }, 90_000);

  it('without serialport\'s binding it still starts, and only a serial device fails, with MODULE_UNAVAILABLE', async () => {
    const bindings = join(release, 'node_modules/@serialport/bindings-cpp');
    for (const d of ['prebuilds', 'build']) rmSync(join(bindings, d), { recursive: true, force: true });
    const hub = await startChildHub({ root: release, dataDir: dataDir(), startTimeoutMs: 60_000 });
    expect((await http(hub.url, 'GET', '/api/health')).status).toBe(200);
    const login = await http(hub.url, 'POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } });
    const token = login.body.token as string;
    const added = await http(hub.url, 'POST', '/api/devices', { token, body: { id: 'screens-x', kind: 'board', address: 'serial:/dev/ttyUSB-hall-test?baud=9600' } });
    expect(added.status).toBe(201);
    const devices = await waitForValue(
      async () => (await http(hub.url, 'GET', '/api/devices/health', { token })).body.devices as Array<{ id: string; state: string; reason: { code: string; params?: { detail?: string } } | null }>,
      (ds) => ds.some((d) => d.id === 'screens-x' && d.state === 'offline' && !!d.reason),
      'the serial device offline with a reason',
      30_000,
    );
    const serial = devices.find((d) => d.id === 'screens-x')!;
    expect(serial.reason).toMatchObject({ code: 'MODULE_UNAVAILABLE', params: { detail: expect.stringMatching(/serialport cannot be loaded here: .*No native build/) } });
    // The hub goes on: tickets are issued.
    expect((await http(hub.url, 'POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } })).status).toBe(201);
    expect((await hub.stop()).code).toBe(0);
  }, 90_000);
});
