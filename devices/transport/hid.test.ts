// The HID transport at the adapter boundary, with a fake of node-hid's shape (no uhid here to make a
// real HID device), and the real node-hid loaded (hidraw backend) and asked to enumerate.
import { afterEach, describe, expect, it } from 'vitest';
import { openLink, type Link } from '../link.js';
import { fakeHidApi } from '../testing/fake-hid.js';
import { waitFor } from '../testing/wait.js';
import { createTransport } from './factory.js';
import { hidLoader } from './native.js';
import type { HidDeviceInfo } from './native.js';
import type { Transport, TransportCloseInfo } from './types.js';

const open: Array<Transport | Link> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

// A rating pad with two interfaces (keyboard and vendor), and a caller keypad.
const DEVICES: HidDeviceInfo[] = [
  { vendorId: 0x1a2c, productId: 0x2124, path: '/dev/hidraw0', interface: 0, release: 0x110, usagePage: 1, usage: 6, product: 'Pad' },
  { vendorId: 0x1a2c, productId: 0x2124, path: '/dev/hidraw1', interface: 1, release: 0x110, usagePage: 0xff00, usage: 1, product: 'Pad' },
  { vendorId: 0x0483, productId: 0x5750, path: '/dev/hidraw2', interface: 0, release: 0x200, usagePage: 0xff00, usage: 1 },
];

describe('hid transport (fake of node-hid 3.x)', () => {
  it('opens the first interface of VID:PID, writes output reports with the report ID first, emits input reports', async () => {
    const hid = fakeHidApi(DEVICES);
    const t = createTransport('hid://1a2c:2124', { hid: async () => hid });
    const got: Buffer[] = [];
    t.on('data', (d) => got.push(d));
    await t.open();
    open.push(t);
    expect(hid.handles.map((h) => h.path)).toEqual(['/dev/hidraw0']);
    await t.write(Buffer.from([0x05, 0x01]));
    expect(hid.handles[0]!.written).toEqual([Buffer.from([0x00, 0x05, 0x01])]);
    hid.handles[0]!.input([0x00, 0x00, 0x1e, 0, 0, 0, 0, 0]); // key "1" in a boot keyboard report
    await waitFor(() => got.length === 1, 'the input report');
    expect(got[0]).toEqual(Buffer.from([0x00, 0x00, 0x1e, 0, 0, 0, 0, 0]));
  });

  it('chooses by interface or path, and uses the configured report ID', async () => {
    const hid = fakeHidApi(DEVICES);
    const byIface = createTransport('hid://1a2c:2124?interface=1&reportId=2', { hid: async () => hid });
    await byIface.open();
    open.push(byIface);
    await byIface.write(Buffer.from([0xaa]));
    expect(hid.handles[0]!.path).toBe('/dev/hidraw1');
    expect(hid.handles[0]!.written).toEqual([Buffer.from([0x02, 0xaa])]);
    const byPath = createTransport('hid://0483:5750?path=/dev/hidraw2', { hid: async () => hid });
    await byPath.open();
    open.push(byPath);
    expect(hid.handles[1]!.path).toBe('/dev/hidraw2');
  });

  it('refuses an absent device and a short write', async () => {
    const hid = fakeHidApi(DEVICES);
    await expect(createTransport('hid://1a2c:9999', { hid: async () => hid }).open()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no HID device 1a2c:9999 is plugged in/),
    });
    await expect(createTransport('hid://1a2c:2124?interface=5', { hid: async () => hid }).open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const t = createTransport('hid://1a2c:2124', { hid: async () => hid });
    await t.open();
    hid.handles[0]!.shortWrite = 1;
    await expect(t.write(Buffer.from([1, 2, 3]))).rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringMatching(/wrote 1 of 4/) });
    expect(t.isOpen).toBe(false); // a failed write ends the connection
  });

  it('closes with DISCONNECTED when node-hid reports a failed read (unplugged), and a Link reopens it', async () => {
    const hid = fakeHidApi(DEVICES);
    const t = createTransport('hid://1a2c:2124', { hid: async () => hid });
    await t.open();
    const closed = new Promise<TransportCloseInfo>((r) => t.once('close', r));
    hid.handles[0]!.unplug();
    expect(await closed).toMatchObject({ requested: false, error: { code: 'DISCONNECTED' } });
    expect(hid.handles[0]!.closed).toBe(true);

    const link = openLink('hid://1a2c:2124', { deps: { hid: async () => hid }, reconnect: { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 } });
    open.push(link);
    const frames: Buffer[] = [];
    link.on('frame', (f) => frames.push(f));
    await link.whenOnline();
    hid.handles.at(-1)!.unplug();
    await waitFor(() => link.stats().reconnects === 1, 'a reconnect');
    hid.handles.at(-1)!.input([0x00, 0x00, 0x20]);
    await waitFor(() => frames.length === 1, 'a key after the reconnect');
    expect(link.health.state).toBe('online');
  });
});

describe('the real node-hid module', () => {
  it('loads with the hidraw backend and enumerates (an array, maybe empty); one backend per process', async () => {
    const hid = await hidLoader('hidraw')();
    const list = await hid.devicesAsync();
    expect(Array.isArray(list)).toBe(true);
    for (const d of list) expect(typeof d.vendorId).toBe('number');
    await expect(hidLoader('libusb')()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
