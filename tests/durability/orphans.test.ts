// The demo hub's socat children (its virtual serial lines) die with it, kill -9 included: the kernel
// kills them (setpriv --pdeathsig, devices/tied-child.ts). Where that could not be arranged (no setpriv
// on the PATH, as on a hub of before), the next hub on the same data directory ends them from their
// pidfiles, and only them: a pidfile whose pid now runs something else is left alone.
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endLeftover } from '../../devices/tied-child.js';
import { waitFor, waitForValue } from '../../devices/testing/wait.js';
import { DEMO_VIRTUAL_DEVICES } from '../../hub/device-supervision/virtual-hall.js';
import { http, killChildren, startChildHub } from '../support/child-hub.js';
import { removeDir, tempDir } from '../support/hub.js';

const PTY_DEVICES = DEMO_VIRTUAL_DEVICES.filter((d) => d.transport === 'pty').length;

/** Live socat processes (not zombies) whose arguments name `dir`, with their parent. */
function socatsOf(dir: string): Array<{ pid: number; ppid: number }> {
  const out: Array<{ pid: number; ppid: number }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!argv[0]?.endsWith('socat') || !argv.some((a) => a.includes(dir))) continue;
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]);
      out.push({ pid: Number(name), ppid });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

let dirs: string[] = [];
afterEach(async () => {
  await killChildren();
  // Whatever a failed test left: never leave socat behind ourselves.
  for (const d of dirs) for (const s of socatsOf(d)) process.kill(s.pid, 'SIGKILL');
  for (const d of dirs) removeDir(d);
  dirs = [];
});

describe('child processes of the demo hub', () => {
  it('kill -9 of the demo hub leaves no socat running', async () => {
    const dir = tempDir('hall-orphans-');
    dirs.push(dir);
    const hub = await startChildHub({ dataDir: dir, env: { HALL_VIRTUAL_DEVICES: 'on' }, startTimeoutMs: 60_000 });
    const before = socatsOf(dir);
    expect(before).toHaveLength(PTY_DEVICES);
    for (const s of before) expect(s.ppid).toBe(hub.pid);
    await hub.kill9();
    await waitFor(() => socatsOf(dir).length === 0, 'no socat of the killed hub', 15_000, 25);
  }, 90_000);

  it('a hub started after one whose children were not tied ends them, and starts its own', async () => {
    const dir = tempDir('hall-orphans-');
    const bin = tempDir('hall-orphans-bin-');
    dirs.push(dir, bin);
    // A PATH with socat and no setpriv: the children of this hub are not tied to it.
    const socat = ['/usr/bin/socat', '/bin/socat'].find((p) => {
      try {
        readFileSync(p);
        return true;
      } catch {
        return false;
      }
    })!;
    symlinkSync(socat, join(bin, 'socat'));
    const untied = await startChildHub({ dataDir: dir, env: { HALL_VIRTUAL_DEVICES: 'on', PATH: bin }, startTimeoutMs: 60_000 });
    const orphans = socatsOf(dir);
    expect(orphans).toHaveLength(PTY_DEVICES);
    await untied.kill9();
    // Nothing ends them: they outlive their hub (as measured before the children were tied to the hub).
    expect(socatsOf(dir).map((s) => s.pid).sort()).toEqual(orphans.map((s) => s.pid).sort());

    const next = await startChildHub({ dataDir: dir, env: { HALL_VIRTUAL_DEVICES: 'on' }, startTimeoutMs: 60_000 });
    await waitFor(() => socatsOf(dir).every((s) => s.ppid === next.pid) && socatsOf(dir).length === PTY_DEVICES, 'only the new hub\'s socat', 15_000, 25);
    const now = socatsOf(dir).map((s) => s.pid);
    for (const o of orphans) expect(now).not.toContain(o.pid);
    // The new hub drives its virtual serial devices.
    const login = await http(next.url, 'POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } });
    await waitForValue(
      async () => (await http(next.url, 'GET', '/api/devices/health', { token: login.body.token })).body.devices as Array<{ id: string; state: string }>,
      (ds) => ['screens-f1', 'pads-f1', 'keypads-f1'].every((id) => ds.some((d) => d.id === id && d.state === 'online')),
      'the virtual serial devices online',
      30_000,
    );
    expect((await next.stop()).code).toBe(0);
    await waitFor(() => socatsOf(dir).length === 0, 'no socat after a clean stop', 15_000, 25);
  }, 120_000);

  it('a pidfile whose pid runs another program now is left alone', () => {
    const dir = tempDir('hall-orphans-');
    dirs.push(dir);
    const file = join(dir, 'x.hub.pid');
    writeFileSync(file, JSON.stringify({ pid: process.pid, argv: ['socat', '-d', '-d', `pty,raw,echo=0,link=${dir}/x.hub`] }));
    expect(endLeftover(file)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });
});
