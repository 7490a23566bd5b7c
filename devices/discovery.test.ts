// Discovery: the fingerprint table, the three sections with fakes of each source (and the sysfs
// fallback on a fixture tree), and the real serialport, usb and node-hid enumerating this machine.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, stopAllPtys } from './pty.js';
import { formatDiscovery } from './cli.js';
import { discoverDevices, listSerialFromSysfs } from './discovery.js';
import { FINGERPRINTS, matchFingerprint } from './fingerprints.js';
import { fakeHidApi } from './testing/fake-hid.js';
import { FakeUsbDevice, fakeUsbApi } from './testing/fake-usb.js';
import { parseAddress } from './transport/address.js';
import { splitFamily } from './driver.js';

let dirs: string[] = [];
afterEach(async () => {
  await stopAllPtys();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('fingerprints', () => {
  it.each([
    [{ vendorId: 0x0416, productId: 0x5011 }, 'winbond-pos-printer', 'printer', 'verified'],
    [{ vendorId: 0x04b8, productId: 0x0202 }, 'epson-tm-t88iv', 'printer', 'verified'],
    [{ vendorId: 0x04b8, productId: 0x1234, interfaceClasses: [7] }, 'epson-printer', 'printer', 'verified'],
    [{ vendorId: 0x0483, productId: 0x5720, interfaceClasses: [7] }, 'stm32-printer', 'printer', 'guess'],
    [{ vendorId: 0x1fc9, productId: 0x2016, interfaceClasses: [7, 0xff] }, 'nxp-printer', 'printer', 'guess'],
    [{ vendorId: 0x28e9, productId: 0x0289, interfaceClasses: [7] }, 'gd32-printer', 'printer', 'guess'],
    [{ vendorId: 0x1a86, productId: 0x7523 }, 'ch340', 'usb-serial', 'verified'],
    [{ vendorId: 0x10c4, productId: 0xea60 }, 'cp210x', 'usb-serial', 'verified'],
    [{ vendorId: 0x0403, productId: 0x6001 }, 'ft232', 'usb-serial', 'verified'],
    [{ vendorId: 0x9999, productId: 1, interfaceClasses: [7] }, 'usb-printer-class', 'printer', 'verified'],
    [{ vendorId: 0x1a2c, productId: 0x2124, usagePage: 1, usage: 6 }, 'hid-keyboard', 'keypad', 'verified'],
    [{ vendorId: 0x1a2c, productId: 0x2124, interfaceClasses: [3], bootKeyboard: true }, 'hid-keyboard', 'keypad', 'verified'],
  ])('%j → %s', (input, id, family, evidence) => {
    expect(matchFingerprint(input)).toMatchObject({ id, family, evidence });
  });

  it('does not guess without evidence: an STM32 VID alone, a vendor HID page, nothing at all', () => {
    expect(matchFingerprint({ vendorId: 0x0483, productId: 0x5740, interfaceClasses: [2, 0x0a] })).toBeUndefined();
    expect(matchFingerprint({ vendorId: 0x1a2c, productId: 1, usagePage: 0xff00, usage: 1 })).toBeUndefined();
    expect(matchFingerprint({})).toBeUndefined();
  });

  it('every entry is unique, sourced and says how sure it is', () => {
    expect(new Set(FINGERPRINTS.map((f) => f.id)).size).toBe(FINGERPRINTS.length);
    for (const f of FINGERPRINTS) {
      expect(f.source.length).toBeGreaterThan(10);
      expect(['verified', 'guess']).toContain(f.evidence);
      expect(f.productId !== undefined || f.interfaceClass !== undefined).toBe(true); // never a bare VID
    }
  });
});

describe('discoverDevices with fakes of each source', () => {
  it('lists, fingerprints and suggests an address that parses', async () => {
    const printer = new FakeUsbDevice({ vendorId: 0x0416, productId: 0x5011, manufacturerName: 'Winbond', productName: 'POS-80', bus: '1-1.4' });
    const adapter = new FakeUsbDevice({ vendorId: 0x1a86, productId: 0x7523, interfaces: [{ interfaceClass: 0xff, endpoints: [] }] });
    const keyboard = new FakeUsbDevice({ vendorId: 0x1a2c, productId: 0x2124, interfaces: [{ interfaceClass: 3, interfaceSubclass: 1, interfaceProtocol: 1, endpoints: [] }] });
    const unknown = new FakeUsbDevice({ vendorId: 0x0483, productId: 0x5740, interfaces: [{ interfaceClass: 2, endpoints: [] }] });
    const found = await discoverDevices({
      listSerial: async () => [
        { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', manufacturer: '1a86' },
        { path: '/dev/ttyS0' },
      ],
      usb: async () => fakeUsbApi([unknown, printer, adapter, keyboard]),
      hid: async () => fakeHidApi([{ vendorId: 0x1a2c, productId: 0x2124, path: '/dev/hidraw0', interface: 0, release: 1, usagePage: 1, usage: 6, product: 'Pad' }]),
    });
    expect(found.serial.devices[0]).toMatchObject({ path: '/dev/ttyUSB0', vendorId: 0x1a86, productId: 0x7523, fingerprint: { id: 'ch340' }, address: 'serial:/dev/ttyUSB0?baud=9600' });
    expect(found.serial.devices[1]!.fingerprint).toBeUndefined();
    expect(found.usb.devices.map((d) => [d.address, d.fingerprint?.id])).toEqual([
      ['usb://0416:5011?family=escpos', 'winbond-pos-printer'],
      ['usb://0483:5740', undefined],
      ['usb://1a2c:2124', 'hid-keyboard'],
      ['usb://1a86:7523', 'ch340'],
    ]);
    expect(found.usb.devices[0]).toMatchObject({ manufacturer: 'Winbond', product: 'POS-80', bus: '1-1.4', interfaceClasses: [7] });
    expect(found.hid.devices[0]).toMatchObject({ address: 'hid://1a2c:2124?driver=libusb&family=hid-keyboard', path: '/dev/hidraw0', fingerprint: { family: 'keypad' } });
    for (const d of [...found.serial.devices, ...found.usb.devices, ...found.hid.devices]) expect(() => parseAddress(splitFamily(d.address).transport)).not.toThrow();
    const text = formatDiscovery(found);
    expect(text).toMatch(/^Serial ports \(2\)$/m);
    expect(text).toMatch(/0416:5011 +bus 1-1\.4 +Winbond +POS-80 +interface classes 07 +→ POS thermal printer .*\[printer, verified\]/);
    expect(text).toMatch(/address: usb:\/\/0416:5011/);
    expect(text).toMatch(/^HID devices \(1\)$/m);
  });

  it('reports a missing USB subsystem or a failing module as a note, not a failure', async () => {
    const found = await discoverDevices({
      listSerial: async () => [],
      usb: async () => fakeUsbApi([], { missingSysfs: true }),
      hid: async () => {
        throw new Error('binding not found');
      },
    });
    expect(found.usb).toEqual({ devices: [], note: expect.stringMatching(/no USB subsystem on this machine/) });
    expect(found.hid).toEqual({ devices: [], note: 'cannot list HID devices: binding not found' });
    const text = formatDiscovery(found);
    expect(text).toMatch(/USB devices \(0\)\n {2}note: no USB subsystem/);
  });

  it('falls back to sysfs when serialport cannot list (no udevadm): USB adapters with their VID:PID', async () => {
    const sys = mkdtempSync(join(tmpdir(), 'hall-sysfs-'));
    dirs.push(sys);
    const usbDev = join(sys, 'devices/pci0000:00/usb1/1-1');
    mkdirSync(join(usbDev, '1-1:1.0/ttyUSB0'), { recursive: true });
    writeFileSync(join(usbDev, 'idVendor'), '1a86\n');
    writeFileSync(join(usbDev, 'idProduct'), '7523\n');
    writeFileSync(join(usbDev, 'manufacturer'), 'QinHeng\n');
    const uart = join(sys, 'devices/platform/serial8250');
    mkdirSync(uart, { recursive: true });
    mkdirSync(join(sys, 'class/tty/ttyUSB0'), { recursive: true });
    symlinkSync(join(usbDev, '1-1:1.0/ttyUSB0'), join(sys, 'class/tty/ttyUSB0/device'));
    for (const [name, type] of [['ttyS0', '4'], ['ttyS1', '0']] as const) {
      mkdirSync(join(sys, 'class/tty', name), { recursive: true });
      symlinkSync(uart, join(sys, 'class/tty', name, 'device'));
      writeFileSync(join(sys, 'class/tty', name, 'type'), `${type}\n`);
    }
    mkdirSync(join(sys, 'class/tty/tty1'), { recursive: true }); // a virtual console: no device
    expect(listSerialFromSysfs(sys)).toEqual([
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', manufacturer: 'QinHeng', serialNumber: undefined },
    ]);
    const found = await discoverDevices({
      sysfs: sys,
      listSerial: async () => {
        throw new Error('spawn udevadm ENOENT');
      },
      usb: async () => fakeUsbApi([]),
      hid: async () => fakeHidApi([]),
    });
    expect(found.serial.note).toMatch(/udevadm ENOENT.*sysfs/);
    expect(found.serial.devices.map((d) => [d.path, d.fingerprint?.id])).toEqual([
      ['/dev/ttyS0', undefined],
      ['/dev/ttyUSB0', 'ch340'],
    ]);
  });
});

describe('discoverDevices on this machine (real serialport, usb, node-hid)', () => {
  it('enumerates the three sections (arrays, maybe empty) and shows a given pty', async () => {
    const pair = await startPtyPair();
    const found = await discoverDevices({ serialPaths: [pair.a, join(pair.a, 'gone')] });
    for (const s of [found.serial, found.usb, found.hid]) expect(Array.isArray(s.devices)).toBe(true);
    const given = found.serial.devices.filter((d) => d.origin === 'given');
    expect(given[0]).toMatchObject({ path: pair.a, present: true, kind: 'pty', realPath: pair.ptyA });
    expect(given[1]).toMatchObject({ present: false });
  });
});
