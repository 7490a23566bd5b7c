// Device addresses: every kind parsed with its defaults, canonical strings, and clear refusals.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TransportError } from '../errors.js';
import { deviceAddressSchema, formatAddress, parseAddress, safeParseAddress } from './address.js';
import { createTransport, transportFactory } from './factory.js';

describe('parseAddress: accepted addresses', () => {
  it.each([
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 1, rtscts: false }],
    [
      'serial:/dev/ttyUSB0?baud=9600&parity=none&dataBits=8&stopBits=1',
      { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 1, rtscts: false },
    ],
    ['serial:/dev/ttyS1?baud=19200&parity=even&dataBits=7&stopBits=2&rtscts=1', { baudRate: 19200, parity: 'even', dataBits: 7, stopBits: 2, rtscts: true }],
    ['serial:/dev/ttyAMA0?baudRate=115200&stopBits=1.5', { baudRate: 115200, stopBits: 1.5 }],
    ['serial:///dev/ttyACM0?baud=38400', { path: '/dev/ttyACM0', baudRate: 38400 }],
    ['serial:COM3?baud=4800', { path: 'COM3', baudRate: 4800 }],
    ['serial:/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0', { path: '/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0' }],
    ['SERIAL:/dev/ttyUSB1', { kind: 'serial', path: '/dev/ttyUSB1' }],
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100, connectTimeoutMs: 5000, noDelay: true, keepAliveMs: 10000 }],
    ['tcp://printer-1.hall.local:9100/', { host: 'printer-1.hall.local', port: 9100 }],
    ['tcp://[fe80::1]:4001?connectTimeoutMs=800&noDelay=no&keepAliveMs=0', { host: 'fe80::1', port: 4001, connectTimeoutMs: 800, noDelay: false, keepAliveMs: 0 }],
    ['tcp://localhost:1', { host: 'localhost', port: 1 }],
    ['usb://0416:5011', { kind: 'usb', vendorId: 0x0416, productId: 0x5011, detachKernelDriver: true, read: true }],
    ['usb://04B8:0E15?interface=0&serial=X123&detach=0&read=false', { vendorId: 0x04b8, productId: 0x0e15, interfaceNumber: 0, serialNumber: 'X123', detachKernelDriver: false, read: false }],
    ['hid://1a2c:2124', { kind: 'hid', vendorId: 0x1a2c, productId: 0x2124, driver: 'hidraw', reportId: 0 }],
    ['hid://1a2c:2124?path=/dev/hidraw3&interface=1&driver=libusb&reportId=2', { path: '/dev/hidraw3', interfaceNumber: 1, driver: 'libusb', reportId: 2 }],
    ['file:/dev/usb/lp0', { kind: 'file', path: '/dev/usb/lp0', read: false, pollMs: 50 }],
    ['file:///dev/usb/lp1?read=1&pollMs=20', { path: '/dev/usb/lp1', read: true, pollMs: 20 }],
    ['  file:/tmp/out.bin  ', { path: '/tmp/out.bin' }],
  ])('%s', (input, expected) => {
    expect(parseAddress(input)).toMatchObject(expected);
  });
});

describe('parseAddress: refusals say what to write instead', () => {
  it.each([
    ['', /starts with its kind/],
    ['/dev/ttyUSB0', /starts with its kind: serial:\/dev\/ttyUSB0/],
    ['COM3', /starts with its kind/],
    ['c:/printer', /starts with its kind/],
    ['serial:ttyUSB0', /absolute device path, e\.g\. serial:\/dev\/ttyUSB0/],
    ['serial:/dev/ttyUSB0?baud=fast', /option "baud": expected a whole number/],
    ['serial:/dev/ttyUSB0?baud=0', /option "baud": expected at least 50/],
    ['serial:/dev/ttyUSB0?parity=yes', /option "parity": expected none, even, odd, mark or space/],
    ['serial:/dev/ttyUSB0?dataBits=9', /option "dataBits": expected 5, 6, 7 or 8/],
    ['serial:/dev/ttyUSB0?stopBits=3', /option "stopBits": expected 1, 1.5 or 2/],
    ['serial:/dev/ttyUSB0?speed=9600', /unknown option "speed" for a serial address \(known: baud, parity, dataBits, stopBits, rtscts\)/],
    ['serial:/dev/ttyUSB0?baud=9600&baud=19200', /"baud" is given twice/],
    ['serial:/dev/ttyUSB0?rtscts=maybe', /expected 1\/0, true\/false or yes\/no/],
    ['tcp://192.168.1.50', /tcp:\/\/HOST:PORT/],
    ['tcp:192.168.1.50:9100', /tcp:\/\/HOST:PORT/],
    ['tcp://192.168.1.50:0', /port 0 is out of range/],
    ['tcp://192.168.1.50:70000', /port 70000 is out of range/],
    ['tcp://bad host:9100', /tcp:\/\/HOST:PORT|neither an IP address nor a host name/],
    ['tcp://-bad-:9100', /neither an IP address nor a host name/],
    ['tcp://999.1.1.1:9100', /neither an IP address nor a host name/],
    ['tcp://[zz::1]:9100', /not an IPv6 address/],
    ['tcp://h:9100?timeout=5', /unknown option "timeout" for a tcp address/],
    ['usb://416:5011', /four hex digits each, e\.g\. usb:\/\/0416:5011/],
    ['usb://0416-5011', /four hex digits each/],
    ['usb://0416:50g1', /four hex digits each/],
    ['usb://0416:5011?interface=300', /option "interface": expected at most 255/],
    ['hid://0416', /hid:\/\/VID:PID/],
    ['hid://1a2c:2124?driver=usbhid', /option "driver": expected hidraw or libusb/],
    ['file:lp0', /absolute device path, e\.g\. file:\/dev\/usb\/lp0/],
    ['file:/dev/usb/lp0?pollMs=1', /option "pollMs": expected at least 5/],
    ['http://10.0.0.5:9100', /not a device address; a device on the network is tcp:\/\/HOST:PORT/],
    ['bluetooth://aa:bb', /unknown kind "bluetooth:"/],
  ])('%s', (input, why) => {
    let err: unknown;
    try {
      parseAddress(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('ADDRESS_INVALID');
    expect((err as TransportError).address).toBe(input.trim());
    expect((err as TransportError).message).toMatch(why);
  });
});

describe('formatAddress', () => {
  it.each([
    ['serial:/dev/ttyUSB0', 'serial:/dev/ttyUSB0?baud=9600'],
    ['serial:///dev/ttyS1?parity=even&baud=19200&stopBits=2&dataBits=7&rtscts=yes', 'serial:/dev/ttyS1?baud=19200&parity=even&dataBits=7&stopBits=2&rtscts=1'],
    ['tcp://10.0.0.5:9100?noDelay=1', 'tcp://10.0.0.5:9100'],
    ['tcp://[::1]:4001?keepAliveMs=0', 'tcp://[::1]:4001?keepAliveMs=0'],
    ['usb://04B8:0E15?detach=1', 'usb://04b8:0e15'],
    ['usb://0416:5011?interface=0&read=0', 'usb://0416:5011?interface=0&read=0'],
    ['hid://1A2C:2124?path=/dev/hidraw3', 'hid://1a2c:2124?path=/dev/hidraw3'],
    ['file:///dev/usb/lp0?read=yes', 'file:/dev/usb/lp0?read=1'],
    ['usb://0416:5011?serial=A%26B%2BC', 'usb://0416:5011?serial=A%26B%2BC'],
    ['hid://1a2c:2124?path=1-1.4%3A1.0', 'hid://1a2c:2124?path=1-1.4:1.0'],
  ])('%s → %s, and back', (input, canonical) => {
    const a = parseAddress(input);
    expect(formatAddress(a)).toBe(canonical);
    expect(parseAddress(canonical)).toEqual(a);
  });
});

describe('address helpers', () => {
  it('safeParseAddress returns the error instead of throwing', () => {
    const r = safeParseAddress('usb://nope');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ADDRESS_INVALID');
    expect(safeParseAddress('tcp://127.0.0.1:9100')).toMatchObject({ ok: true, address: { kind: 'tcp', port: 9100 } });
  });

  it('deviceAddressSchema reports a bad address at its path inside a larger schema', () => {
    const schema = z.object({ devices: z.array(z.object({ id: z.string(), address: deviceAddressSchema })) });
    const r = schema.safeParse({ devices: [{ id: 'p1', address: 'usb://0416:5011' }, { id: 'p2', address: 'tcp://printer' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0]!.path).toEqual(['devices', 1, 'address']);
    expect(r.error!.issues[0]!.message).toMatch(/tcp:\/\/HOST:PORT/);
  });

  it('the factory makes the transport of each kind, and refuses a bad address at once', () => {
    expect(createTransport('serial:/dev/ttyUSB0').kind).toBe('serial');
    expect(createTransport('tcp://127.0.0.1:9100').kind).toBe('tcp');
    expect(createTransport('usb://0416:5011').kind).toBe('usb');
    expect(createTransport('hid://1a2c:2124').kind).toBe('hid');
    expect(createTransport('file:/dev/usb/lp0').address).toBe('file:/dev/usb/lp0');
    expect(() => transportFactory('serial:dev/ttyUSB0')).toThrow(/absolute device path/);
  });
});
