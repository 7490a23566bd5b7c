// The USB transport at the adapter boundary, with a fake of the `usb` module's shape (no USB gadget
// can be made on this machine), and the real `usb` module loaded and asked to enumerate.
import { afterEach, describe, expect, it } from 'vitest';
import { openLink, type Link } from '../link.js';
import { FakeUsbDevice, PRINTER_INTERFACE, fakeUsbApi } from '../testing/fake-usb.js';
import { waitFor } from '../testing/wait.js';
import { createTransport } from './factory.js';
import { loadUsb } from './native.js';
import type { Transport } from './types.js';
import { pickUsbInterface } from './usb.js';

const open: Array<Transport | Link> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const printer = (o: Partial<ConstructorParameters<typeof FakeUsbDevice>[0]> = {}) =>
  new FakeUsbDevice({ vendorId: 0x0416, productId: 0x5011, manufacturerName: 'Winbond', productName: 'POS80', kernelDriverOn: [0], ...o });

describe('usb transport (fake of usb 3.x)', () => {
  it('claims the printer interface (detaching usblp), writes bulk OUT, reads bulk IN, and gives the interface back on close', async () => {
    const dev = printer();
    const usb = fakeUsbApi([dev]);
    const t = createTransport('usb://0416:5011', { usb: async () => usb });
    const got: Buffer[] = [];
    t.on('data', (d) => got.push(d));
    await t.open();
    open.push(t);
    expect(dev.calls.slice(0, 5)).toEqual(['open', 'selectConfiguration 1', 'claimInterface 0', 'detachKernelDriver 0', 'claimInterface 0']);
    await t.write(Buffer.from([0x1b, 0x40, 0x41, 0x0a]));
    expect(dev.received).toEqual([Buffer.from([0x1b, 0x40, 0x41, 0x0a])]);
    expect(dev.calls).toContain('transferOut 1 4');
    dev.sendIn([0x12]);
    await waitFor(() => got.length === 1, 'status from bulk IN');
    expect(got[0]).toEqual(Buffer.from([0x12]));
    await t.close();
    expect(dev.calls.slice(-3)).toEqual(['releaseInterface 0', 'attachKernelDriver 0', 'close']);
    expect(dev.kernelDriverInterfaces).toEqual([0]);
  });

  it('finishes a frame the device takes in parts, and fails a stalled transfer', async () => {
    const dev = printer({ kernelDriverOn: [] });
    const t = createTransport('usb://0416:5011?read=0', { usb: async () => fakeUsbApi([dev]) });
    await t.open();
    open.push(t);
    dev.outScript.push(3, 2);
    await t.write(Buffer.from('ABCDEFG'));
    expect(dev.received.map(String)).toEqual(['ABC', 'DE', 'FG']);
    dev.outScript.push('stall');
    await expect(t.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(dev.calls).toContain('clearHalt out 1');
  });

  it('refuses what is not there: absent device, wrong serial, no USB subsystem, missing interface, held interface', async () => {
    const dev = printer({ serialNumber: 'P-1' });
    const usb = async () => fakeUsbApi([dev]);
    await expect(createTransport('usb://04b8:0202', { usb }).open()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no USB device 04b8:0202 is plugged in/) });
    await expect(createTransport('usb://0416:5011?serial=P-2', { usb }).open()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/with serial P-2/) });
    await expect(createTransport('usb://0416:5011', { usb: async () => fakeUsbApi([], { missingSysfs: true }) }).open()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no USB on this machine/),
    });
    await expect(createTransport('usb://0416:5011?interface=3', { usb }).open()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has no interface 3 \(it has 0\)/) });
    await expect(createTransport('usb://0416:5011?detach=0', { usb }).open()).rejects.toMatchObject({ code: 'BUSY', message: expect.stringMatching(/held by another driver/) });
    const serial = createTransport('usb://0416:5011?serial=P-1', { usb });
    await serial.open();
    open.push(serial);
  });

  it('closes with DISCONNECTED when unplugged, and a Link gets the printer back when it is plugged in again', async () => {
    const dev = printer();
    const plugged = [dev];
    const usb = fakeUsbApi(plugged);
    const link = openLink('usb://0416:5011', { deps: { usb: async () => usb }, reconnect: { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 } });
    open.push(link);
    await link.whenOnline();
    // A status request answered on bulk IN (DLE EOT 1 → one status byte).
    setTimeout(() => dev.sendIn([0x16]), 5);
    const status = await link.request(Buffer.from([0x10, 0x04, 0x01]), { match: (b) => (b[0]! & 0x93) === 0x12, timeoutMs: 500 });
    expect(status).toEqual(Buffer.from([0x16]));
    dev.unplug();
    await waitFor(() => link.health.state === 'offline', 'offline after unplug');
    expect(link.stats().lastError?.code).toBe('DISCONNECTED');
    const sent = link.send(Buffer.from('after replug'));
    await waitFor(() => link.stats().errors >= 2, 'a refused reopen while unplugged');
    expect(link.stats().lastError?.code).toBe('NOT_FOUND');
    const again = printer();
    plugged.splice(0, 1, again);
    await sent;
    expect(again.received.map(String)).toEqual(['after replug']);
    expect(link.stats().reconnects).toBe(1);
  });

  it('picks the interface: the one asked for, else printer class, else the first with a bulk OUT endpoint', () => {
    const vendor = { interfaceClass: 0xff, endpoints: [{ endpointNumber: 3, direction: 'out' as const, type: 'bulk' as const, packetSize: 64 }] };
    const hid = { interfaceClass: 3, endpoints: [{ endpointNumber: 1, direction: 'in' as const, type: 'interrupt' as const, packetSize: 8 }] };
    const dev = new FakeUsbDevice({ vendorId: 1, productId: 2, interfaces: [hid, vendor, PRINTER_INTERFACE] });
    const ifaces = dev.configurations[0]!.interfaces;
    expect(pickUsbInterface(ifaces)?.interfaceNumber).toBe(2);
    expect(pickUsbInterface(ifaces.slice(0, 2))?.interfaceNumber).toBe(1);
    expect(pickUsbInterface(ifaces.slice(0, 1))).toBeUndefined();
    expect(pickUsbInterface(ifaces, 0)?.interfaceNumber).toBe(0);
  });
});

describe('the real usb module', () => {
  it('loads, and enumerates (an array, maybe empty; a machine without /sys/bus/usb says so)', async () => {
    const usb = await loadUsb();
    expect(typeof usb.getDevices).toBe('function');
    const result = await usb.getDevices().then(
      (list) => ({ list }),
      (e: Error) => ({ error: e.message }),
    );
    if ('list' in result) {
      expect(Array.isArray(result.list)).toBe(true);
      for (const d of result.list) expect(typeof d.vendorId).toBe('number');
    } else {
      // Containers without USB: the binding loaded and looked, and found no USB subsystem.
      expect(result.error).toMatch(/\/sys\/bus\/usb/);
    }
  });
});
