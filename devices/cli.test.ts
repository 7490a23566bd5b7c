// `hall devices` run as a child process (node bin/hall.mjs devices): the three sections, a pty given
// with --serial, JSON output, and a bad option.
import { afterEach, describe, expect, it } from 'vitest';
import { killChildren, runHall } from '../tests/support/child-hub.js';
import { startPtyPair, stopAllPtys } from './pty.js';

afterEach(async () => {
  await killChildren();
  await stopAllPtys();
});

describe('hall devices', () => {
  it('prints serial ports (with a given pty), USB and HID devices', async () => {
    const pair = await startPtyPair();
    const r = await runHall(['devices', '--serial', pair.a]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Serial ports \(\d+\)$/m);
    expect(r.stdout).toMatch(/^USB devices \(\d+\)$/m);
    expect(r.stdout).toMatch(/^HID devices \(\d+\)$/m);
    expect(r.stdout).toContain(`${pair.a}  given, pty → ${pair.ptyA}`);
    expect(r.stdout).toContain(`address: serial:${pair.a}?baud=9600`);
  });

  it('prints JSON with --json, and refuses an unknown option with exit 2', async () => {
    const pair = await startPtyPair();
    const r = await runHall(['devices', '--json', '--serial', pair.b]);
    expect(r.code).toBe(0);
    const found = JSON.parse(r.stdout);
    expect(Object.keys(found)).toEqual(['serial', 'usb', 'hid']);
    expect(found.serial.devices.find((d: { path: string }) => d.path === pair.b)).toMatchObject({ origin: 'given', kind: 'pty', present: true });
    const bad = await runHall(['devices', '--usb-glob', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: hall devices/);
    const help = await runHall(['help']);
    expect(help.stdout).toMatch(/hall devices \[--serial PATH\]\.\.\. \[--json\]/);
  });
});
