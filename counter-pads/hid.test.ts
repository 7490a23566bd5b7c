// HID pads: report parsing from the report sequences in fixtures/hid-reports.txt (written from the HID
// spec's boot-keyboard layout and the pads' manuals, not captured from a device), key maps, and the
// drivers at the adapter boundary (devices/testing/fake-hid.ts has node-hid's shape; the address asks
// for the libusb backend) run by a DeviceHost as the hub runs them.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceInput, DriverDevice } from '../devices/driver.js';
import { DriverRegistry } from '../devices/driver.js';
import { DeviceHost, type HostedHealth } from '../devices/host.js';
import { fakeHidApi } from '../devices/testing/fake-hid.js';
import { waitFor } from '../devices/testing/wait.js';
import { hidKeyboardFactory, hidVendorFactory } from './hid-driver.js';
import { BootKeyTracker, DEFAULT_KEYPAD_KEYS, DEFAULT_PAD_KEYS, keyMap, parseBootReport, usageOf, VendorReportTracker, vendorOptionsSchema } from './hid-reports.js';

function fixtures(): Record<string, Buffer[]> {
  const out: Record<string, Buffer[]> = {};
  let cur: Buffer[] | null = null;
  for (const line of readFileSync(new URL('./fixtures/hid-reports.txt', import.meta.url), 'utf8').split('\n')) {
    const t = line.trim();
    if (t.startsWith('## ')) out[t.slice(3).split(':')[0]!.trim()] = cur = [];
    else if (t && !t.startsWith('#')) cur!.push(Buffer.from(t.replace(/\s+/g, ''), 'hex'));
  }
  return out;
}
const F = fixtures();

describe('HID key names', () => {
  it.each([
    ['1', 0x1e],
    ['5', 0x22],
    ['0', 0x27],
    ['A', 0x04],
    ['F1', 0x3a],
    ['F12', 0x45],
    ['KP1', 0x59],
    ['KP0', 0x62],
    ['ENTER', 0x28],
    ['0x3C', 0x3c],
    ['f4', 0x3d],
  ])('%s is usage 0x%s', (name, usage) => expect(usageOf(name)).toBe(usage));

  it('refuses unknown names and out-of-range levels in a key map', () => {
    expect(usageOf('F13')).toBeNull();
    expect(() => keyMap({ LEFT: 1 })).toThrow(/unknown key name/);
    expect(() => keyMap({ '1': 6 })).toThrow();
    expect(() => keyMap({ F1: 'dance' })).toThrow();
  });
});

describe('boot keyboard reports', () => {
  it('parses modifiers, held keys and roll-over', () => {
    expect(parseBootReport(F['fkey-keypad']![4]!)).toEqual({ modifiers: 0x02, keys: [0x3b], rollOver: false });
    expect(parseBootReport(F['keyboard-pad-held']![4]!)).toEqual({ modifiers: 0, keys: [], rollOver: true });
    expect(parseBootReport(Buffer.alloc(7))).toBeNull();
    expect(parseBootReport(F['keyboard-pad-report-id']![0]!, { reportId: true })!.keys).toEqual([0x22]);
  });

  it.each<[string, number[][], boolean]>([
    ['keyboard-pad', [[0x22], [], [0x28], [], [0x1e], [], [0x28], []], false],
    // Held: no repeat; the second key while the first is held is a press; roll-over changes nothing.
    ['keyboard-pad-held', [[0x21], [], [0x1f], [], [], []], false],
    ['keyboard-pad-report-id', [[0x22], []], true],
    ['fkey-keypad', [[0x3a], [], [0x3c], [], [0x3b], []], false],
  ])('finds the presses in %s', (name, expected, reportId) => {
    const t = new BootKeyTracker();
    expect(F[name]!.map((r) => t.next(r, { reportId }))).toEqual(expected);
  });

  it('maps presses to levels and actions with the default maps', () => {
    const pad = keyMap(DEFAULT_PAD_KEYS);
    const keypad = keyMap(DEFAULT_KEYPAD_KEYS);
    const t = new BootKeyTracker();
    const levels = F['keyboard-pad']!.flatMap((r) => t.next(r)).map((u) => pad.get(u) ?? null);
    expect(levels).toEqual([{ level: 5 }, null, { level: 1 }, null]);
    const k = new BootKeyTracker();
    expect(F['fkey-keypad']!.flatMap((r) => k.next(r)).map((u) => keypad.get(u))).toEqual([{ action: 'call-next' }, { action: 'skip' }, { action: 'recall' }]);
  });
});

describe('vendor reports', () => {
  const map = vendorOptionsSchema.parse({
    map: [5, 4, 3, 2, 1].map((level, i) => ({ offset: 2, value: i + 1, level })),
  }).map;

  it('takes a press on the change to a matching report, not on its repeat', () => {
    const t = new VendorReportTracker(map);
    expect(F['vendor-pad']!.map((r) => t.next(r))).toEqual([{ level: 5 }, null, null, { level: 1 }, null, { level: 3 }]);
  });

  it('refuses an entry with neither or both of level and action', () => {
    expect(vendorOptionsSchema.safeParse({ map: [{ offset: 2, value: 1 }] }).success).toBe(false);
    expect(vendorOptionsSchema.safeParse({ map: [{ offset: 2, value: 1, level: 5, action: 'skip' }] }).success).toBe(false);
  });
});

describe('HID pad drivers at the node-hid boundary', () => {
  const hosts: DeviceHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop();
  });

  async function start(kind: 'pad' | 'keypad', family: 'hid-keyboard' | 'hid-vendor', options?: Record<string, unknown>) {
    const api = fakeHidApi([{ vendorId: 0x1a2c, productId: 0x2124, path: '/dev/fake-hid-0', interface: 0, release: 0x0100 }]);
    const registry = new DriverRegistry();
    registry.register(family === 'hid-keyboard' ? hidKeyboardFactory(kind) : hidVendorFactory(kind));
    const device: DriverDevice = {
      id: `${kind}-hid`,
      kind,
      name: null,
      zone: 'F1',
      counter: '4',
      address: `hid://1a2c:2124?driver=libusb&family=${family}`,
      kiosk: null,
      units: [],
      ...(options ? { options } : {}),
    };
    const inputs: DeviceInput[] = [];
    const health: HostedHealth[] = [];
    const host = new DeviceHost({ device, registry, onInput: (i) => inputs.push(i), onHealth: (h) => health.push(h), link: { deps: { hid: async () => api } } });
    hosts.push(host);
    host.start(null);
    await waitFor(() => api.handles.length === 1, 'the HID device opened');
    return { api, handle: api.handles[0]!, inputs, health, host };
  }

  it('a keyboard pad: boot-keyboard reports as the HID spec lays them out become ratings, the Enter after each digit is dropped quietly', async () => {
    const { handle, inputs, host } = await start('pad', 'hid-keyboard');
    for (const r of F['keyboard-pad']!) handle.input(r);
    await waitFor(() => inputs.length === 2, 'two ratings');
    expect(inputs).toEqual([{ type: 'rating', score: 5 }, { type: 'rating', score: 1 }]);
    expect(await host.command({ type: 'stats' })).toMatchObject({ reports: 8, presses: 2, ignored: 2, unmapped: 0 });
    await expect(host.command({ type: 'reboot' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('a keyboard pad that ignores nothing reports Enter as an unmapped key (for key-map set-up)', async () => {
    const { handle, inputs } = await start('pad', 'hid-keyboard', { ignore: [] });
    for (const r of F['keyboard-pad']!) handle.input(r);
    await waitFor(() => inputs.length === 4, 'four inputs');
    expect(inputs).toEqual([{ type: 'rating', score: 5 }, { type: 'key', key: 'usage:0x28' }, { type: 'rating', score: 1 }, { type: 'key', key: 'usage:0x28' }]);
  });

  it('a keyboard keypad with a configured key map, and a double press debounced', async () => {
    const { handle, inputs, host } = await start('keypad', 'hid-keyboard', { keys: { F1: 'call-next', F2: 'recall', F3: 'skip', F4: 'pause' } });
    for (const r of F['fkey-keypad']!) handle.input(r);
    // The same button again right away: a bounce.
    handle.input(F['fkey-keypad']![4]!);
    handle.input(F['fkey-keypad']![5]!);
    await waitFor(() => inputs.length === 3, 'three actions');
    expect(inputs.map((i) => (i.type === 'counter.action' ? i.action : i.type))).toEqual(['call-next', 'skip', 'recall']);
    expect(await host.command({ type: 'stats' })).toMatchObject({ bounces: 1, presses: 3 });
  });

  it('a vendor pad mapped by its options', async () => {
    const { handle, inputs } = await start('pad', 'hid-vendor', { map: [5, 4, 3, 2, 1].map((level, i) => ({ offset: 2, value: i + 1, level })) });
    for (const r of F['vendor-pad']!) handle.input(r);
    await waitFor(() => inputs.length === 3, 'three ratings');
    expect(inputs).toEqual([{ type: 'rating', score: 5 }, { type: 'rating', score: 1 }, { type: 'rating', score: 3 }]);
  });

  it('shows bad options as degraded with the reason instead of failing', async () => {
    const { health } = await start('pad', 'hid-vendor', { map: [] });
    await waitFor(() => health.some((h) => h.state === 'degraded' && h.reason?.code === 'BAD_OPTIONS'), 'degraded with the reason');
  });
});
