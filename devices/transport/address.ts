// Device addresses: one URL-like string names a device and how to reach it, in the hall config and on
// the command line. Parsed and validated here (zod), with messages that say what to write instead:
//
//   serial:/dev/ttyUSB0?baud=9600&parity=none&dataBits=8&stopBits=1&rtscts=0   (also serial:COM3)
//   tcp://10.0.0.5:9100?connectTimeoutMs=5000&noDelay=1&keepAliveMs=10000     (also tcp://[fe80::1]:4001)
//   usb://0416:5011?interface=0&serial=ABC123&detach=1&read=1
//   hid://1a2c:2124?path=/dev/hidraw3&interface=0&driver=hidraw&reportId=0
//   file:/dev/usb/lp0?read=0&pollMs=50                                          (also file:///dev/usb/lp0)
//
// VID and PID are four hex digits each. Booleans are 1/0, true/false or yes/no.
import { isIP } from 'node:net';
import { z } from 'zod';
import { TransportError } from '../errors.js';

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export interface SerialAddress {
  kind: 'serial';
  path: string;
  baudRate: number;
  parity: Parity;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 1.5 | 2;
  /** RTS/CTS hardware flow control. */
  rtscts: boolean;
}

export interface TcpAddress {
  kind: 'tcp';
  host: string;
  port: number;
  connectTimeoutMs: number;
  noDelay: boolean;
  /** TCP keep-alive probe delay; 0 turns keep-alive off. Finds a dead converter on an idle bus. */
  keepAliveMs: number;
}

export interface UsbAddress {
  kind: 'usb';
  vendorId: number;
  productId: number;
  /** The interface to claim; default: the first printer-class (7) interface, else the first with a bulk OUT endpoint. */
  interfaceNumber?: number;
  /** Picks one of several devices with the same VID:PID. */
  serialNumber?: string;
  /** Detach a kernel driver (usblp, usbhid) that holds the interface before claiming it (Linux). */
  detachKernelDriver: boolean;
  /** Read the bulk IN endpoint (printer status back) when there is one. */
  read: boolean;
}

export interface HidAddress {
  kind: 'hid';
  vendorId: number;
  productId: number;
  /** The OS path of one HID interface (node-hid's `path`, /dev/hidrawN with the hidraw driver). */
  path?: string;
  interfaceNumber?: number;
  /** node-hid's backend on Linux: hidraw (the default) or libusb. One per process. */
  driver: 'hidraw' | 'libusb';
  /** The report ID put before every output report (0 for devices without numbered reports). */
  reportId: number;
}

export interface FileAddress {
  kind: 'file';
  path: string;
  /** Also read from the file (usblp supports reading the printer's status back). */
  read: boolean;
  /** How often to try reading again when nothing is there. */
  pollMs: number;
}

export type DeviceAddress = SerialAddress | TcpAddress | UsbAddress | HidAddress | FileAddress;
export type AddressKind = DeviceAddress['kind'];

const EXAMPLES: Record<AddressKind, string> = {
  serial: 'serial:/dev/ttyUSB0?baud=9600',
  tcp: 'tcp://192.168.1.50:9100',
  usb: 'usb://0416:5011',
  hid: 'hid://1a2c:2124',
  file: 'file:/dev/usb/lp0',
};

const bool = z
  .string()
  .regex(/^(1|0|true|false|yes|no)$/i, { error: 'expected 1/0, true/false or yes/no' })
  .transform((s) => /^(1|true|yes)$/i.test(s));
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: 'expected a whole number' })
    .transform(Number)
    .pipe(z.number().min(min, { error: `expected at least ${min}` }).max(max, { error: `expected at most ${max}` }));

const serialOptions = z.object({
  baud: int(50, 4_000_000).default(9600),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space'], { error: 'expected none, even, odd, mark or space' }).default('none'),
  dataBits: z
    .enum(['5', '6', '7', '8'], { error: 'expected 5, 6, 7 or 8' })
    .transform((s) => Number(s) as 5 | 6 | 7 | 8)
    .default(8),
  stopBits: z
    .enum(['1', '1.5', '2'], { error: 'expected 1, 1.5 or 2' })
    .transform((s) => Number(s) as 1 | 1.5 | 2)
    .default(1),
  rtscts: bool.default(false),
});

const tcpOptions = z.object({
  connectTimeoutMs: int(1, 600_000).default(5000),
  noDelay: bool.default(true),
  keepAliveMs: int(0, 3_600_000).default(10_000),
});

const usbOptions = z.object({
  interface: int(0, 255).optional(),
  serial: z.string().min(1, { error: 'expected a serial number' }).optional(),
  detach: bool.default(true),
  read: bool.default(true),
});

const hidOptions = z.object({
  path: z.string().min(1, { error: 'expected a device path' }).optional(),
  interface: int(0, 255).optional(),
  driver: z.enum(['hidraw', 'libusb'], { error: 'expected hidraw or libusb' }).default('hidraw'),
  reportId: int(0, 255).default(0),
});

const fileOptions = z.object({
  read: bool.default(false),
  pollMs: int(5, 10_000).default(50),
});

const ALIASES: Record<string, string> = { baudRate: 'baud', baudrate: 'baud', databits: 'dataBits', stopbits: 'stopBits' };

function invalid(input: string, why: string): TransportError {
  return new TransportError('ADDRESS_INVALID', input, why);
}

function parseQuery(input: string, kind: AddressKind, query: string, schema: z.ZodObject): Record<string, unknown> {
  const known = Object.keys(schema.shape);
  const raw: Record<string, string> = {};
  for (const [k0, v] of new URLSearchParams(query)) {
    const k = ALIASES[k0] ?? k0;
    if (!known.includes(k)) {
      throw invalid(input, `unknown option "${k0}" for a ${kind} address (known: ${known.join(', ') || 'none'})`);
    }
    if (k in raw) throw invalid(input, `option "${k}" is given twice`);
    raw[k] = v;
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `option "${i.path.join('.')}": ${i.message}`);
    throw invalid(input, problems.join('; '));
  }
  return r.data as Record<string, unknown>;
}

function parseVidPid(input: string, kind: 'usb' | 'hid', body: string): { vendorId: number; productId: number } {
  const m = /^\/\/([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\/?$/.exec(body);
  if (!m) throw invalid(input, `a ${kind} address is ${kind}://VID:PID with four hex digits each, e.g. ${EXAMPLES[kind]}`);
  return { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
}

/** A device path for serial: and file:, accepting the URL forms `serial:///dev/x` and `file:///dev/x`. */
function parsePath(input: string, kind: 'serial' | 'file', body: string): string {
  let path = body;
  if (path.startsWith('///')) path = path.slice(2);
  else if (path.startsWith('//')) path = path.slice(2);
  path = decodeURIComponent(path);
  const windowsPort = kind === 'serial' && /^COM\d+$/i.test(path);
  const windowsDevice = /^\\\\\.\\/.test(path);
  if (!path.startsWith('/') && !windowsPort && !windowsDevice) {
    throw invalid(input, `a ${kind} address needs an absolute device path, e.g. ${EXAMPLES[kind]}${kind === 'serial' ? ' or serial:COM3' : ''}`);
  }
  if (/\0/.test(path)) throw invalid(input, 'the path has a NUL byte');
  return path;
}

const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*\.?$/;

function parseHostPort(input: string, body: string): { host: string; port: number } {
  const m = /^\/\/(\[[^\]]+\]|[^:/[\]]+):(\d{1,5})\/?$/.exec(body);
  if (!m) throw invalid(input, `a tcp address is tcp://HOST:PORT, e.g. ${EXAMPLES.tcp} (a network printer listens on 9100)`);
  let host = m[1]!;
  if (host.startsWith('[')) {
    host = host.slice(1, -1);
    if (isIP(host) !== 6) throw invalid(input, `"${host}" is not an IPv6 address`);
  } else if (isIP(host) === 0 && (!HOSTNAME.test(host) || /^[\d.]+$/.test(host))) {
    throw invalid(input, `"${host}" is neither an IP address nor a host name`);
  }
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw invalid(input, `port ${port} is out of range (1–65535)`);
  return { host, port };
}

/** Parses and validates an address; throws a TransportError with code ADDRESS_INVALID. */
export function parseAddress(input: string): DeviceAddress {
  const text = String(input ?? '').trim();
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(text);
  if (!m || /^[a-zA-Z]$/.test(m[1]!)) {
    throw invalid(text, `an address starts with its kind: ${Object.values(EXAMPLES).join(', ')}`);
  }
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const q = rest.indexOf('?');
  const body = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  switch (scheme) {
    case 'serial': {
      const path = parsePath(text, 'serial', body);
      const o = parseQuery(text, 'serial', query, serialOptions) as z.output<typeof serialOptions>;
      return { kind: 'serial', path, baudRate: o.baud, parity: o.parity, dataBits: o.dataBits, stopBits: o.stopBits, rtscts: o.rtscts };
    }
    case 'tcp': {
      const { host, port } = parseHostPort(text, body);
      const o = parseQuery(text, 'tcp', query, tcpOptions) as z.output<typeof tcpOptions>;
      return { kind: 'tcp', host, port, connectTimeoutMs: o.connectTimeoutMs, noDelay: o.noDelay, keepAliveMs: o.keepAliveMs };
    }
    case 'usb': {
      const ids = parseVidPid(text, 'usb', body);
      const o = parseQuery(text, 'usb', query, usbOptions) as z.output<typeof usbOptions>;
      const a: UsbAddress = { kind: 'usb', ...ids, detachKernelDriver: o.detach, read: o.read };
      if (o.interface !== undefined) a.interfaceNumber = o.interface;
      if (o.serial !== undefined) a.serialNumber = o.serial;
      return a;
    }
    case 'hid': {
      const ids = parseVidPid(text, 'hid', body);
      const o = parseQuery(text, 'hid', query, hidOptions) as z.output<typeof hidOptions>;
      const a: HidAddress = { kind: 'hid', ...ids, driver: o.driver, reportId: o.reportId };
      if (o.path !== undefined) a.path = o.path;
      if (o.interface !== undefined) a.interfaceNumber = o.interface;
      return a;
    }
    case 'file': {
      const path = parsePath(text, 'file', body);
      const o = parseQuery(text, 'file', query, fileOptions) as z.output<typeof fileOptions>;
      return { kind: 'file', path, read: o.read, pollMs: o.pollMs };
    }
    case 'http':
    case 'https':
    case 'ws':
      throw invalid(text, `${scheme}: is not a device address; a device on the network is tcp://HOST:PORT, e.g. ${EXAMPLES.tcp}`);
    default:
      throw invalid(text, `unknown kind "${scheme}:" (known: ${Object.values(EXAMPLES).join(', ')})`);
  }
}

export type AddressResult = { ok: true; address: DeviceAddress } | { ok: false; error: TransportError };

export function safeParseAddress(input: string): AddressResult {
  try {
    return { ok: true, address: parseAddress(input) };
  } catch (e) {
    if (e instanceof TransportError) return { ok: false, error: e };
    throw e;
  }
}

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** A query value kept readable (/dev/hidraw3 stays as is): only what a query would misread is escaped. */
export const queryValue = (v: string): string => encodeURI(v).replace(/[?&#+=]/g, (c) => encodeURIComponent(c));

/** Options as a query string, in insertion order, values escaped by queryValue. */
class Query {
  private readonly parts: string[] = [];
  set(k: string, v: string): void {
    this.parts.push(`${k}=${queryValue(v)}`);
  }
  toString(): string {
    return this.parts.join('&');
  }
}

/** The canonical string of an address: options at their defaults are left out (serial keeps its baud). */
export function formatAddress(a: DeviceAddress): string {
  const q = new Query();
  switch (a.kind) {
    case 'serial':
      q.set('baud', String(a.baudRate));
      if (a.parity !== 'none') q.set('parity', a.parity);
      if (a.dataBits !== 8) q.set('dataBits', String(a.dataBits));
      if (a.stopBits !== 1) q.set('stopBits', String(a.stopBits));
      if (a.rtscts) q.set('rtscts', '1');
      return `serial:${a.path}?${q}`;
    case 'tcp': {
      if (a.connectTimeoutMs !== 5000) q.set('connectTimeoutMs', String(a.connectTimeoutMs));
      if (!a.noDelay) q.set('noDelay', '0');
      if (a.keepAliveMs !== 10_000) q.set('keepAliveMs', String(a.keepAliveMs));
      const host = isIP(a.host) === 6 ? `[${a.host}]` : a.host;
      const s = q.toString();
      return `tcp://${host}:${a.port}${s ? `?${s}` : ''}`;
    }
    case 'usb': {
      if (a.interfaceNumber !== undefined) q.set('interface', String(a.interfaceNumber));
      if (a.serialNumber !== undefined) q.set('serial', a.serialNumber);
      if (!a.detachKernelDriver) q.set('detach', '0');
      if (!a.read) q.set('read', '0');
      const s = q.toString();
      return `usb://${hex4(a.vendorId)}:${hex4(a.productId)}${s ? `?${s}` : ''}`;
    }
    case 'hid': {
      if (a.path !== undefined) q.set('path', a.path);
      if (a.interfaceNumber !== undefined) q.set('interface', String(a.interfaceNumber));
      if (a.driver !== 'hidraw') q.set('driver', a.driver);
      if (a.reportId !== 0) q.set('reportId', String(a.reportId));
      const s = q.toString();
      return `hid://${hex4(a.vendorId)}:${hex4(a.productId)}${s ? `?${s}` : ''}`;
    }
    case 'file': {
      if (a.read) q.set('read', '1');
      if (a.pollMs !== 50) q.set('pollMs', String(a.pollMs));
      const s = q.toString();
      return `file:${a.path}${s ? `?${s}` : ''}`;
    }
  }
}

/**
 * A zod schema for a device address inside a larger schema (the hall config): the string is parsed
 * here, and a bad one becomes an issue at its path with the message above.
 */
export const deviceAddressSchema = z.string().transform((s, ctx) => {
  const r = safeParseAddress(s);
  if (r.ok) return r.address;
  ctx.addIssue({ code: 'custom', message: r.error.message });
  return z.NEVER;
});
