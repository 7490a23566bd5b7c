// What is plugged in: serial ports (serialport's list, with a sysfs fallback where udevadm is
// missing), USB devices (usb), HID devices (node-hid), each matched against the fingerprint table and
// given a suggested address. A section that cannot be listed (no USB subsystem in a container, a
// binding that fails to load) reports why instead of failing the others.
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FingerprintMatch } from './fingerprints.js';
import { USB_CLASS, matchFingerprint } from './fingerprints.js';
import { hex4, queryValue } from './transport/address.js';
import type { HidApi, Loader, UsbApi, UsbDeviceLike } from './transport/native.js';
import { hidLoader, loadSerialPort, loadUsb } from './transport/native.js';

export interface SerialPortInfoLike {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface DiscoveredSerial {
  path: string;
  vendorId?: number;
  productId?: number;
  manufacturer?: string;
  serialNumber?: string;
  /** Where it came from: the OS list, or a path given by hand (a pty, a /dev/serial/by-id link). */
  origin: 'list' | 'given';
  /** For a given path: what it points at, and whether it is there. */
  realPath?: string;
  present?: boolean;
  kind?: 'pty' | 'tty' | 'other';
  fingerprint?: FingerprintMatch;
  address: string;
}

export interface DiscoveredUsb {
  vendorId: number;
  productId: number;
  deviceClass: number;
  interfaceClasses: number[];
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  bus?: string;
  fingerprint?: FingerprintMatch;
  address: string;
}

export interface DiscoveredHid {
  vendorId: number;
  productId: number;
  path?: string;
  interface: number;
  usagePage?: number;
  usage?: number;
  manufacturer?: string;
  product?: string;
  fingerprint?: FingerprintMatch;
  address: string;
}

export interface Section<T> {
  devices: T[];
  /** Why the list is empty or partial: a missing subsystem, a module that failed to load. */
  note?: string;
}

export interface Discovery {
  serial: Section<DiscoveredSerial>;
  usb: Section<DiscoveredUsb>;
  hid: Section<DiscoveredHid>;
}

export interface DiscoveryOptions {
  /** Extra serial paths to report (ptys and by-id links are not in serialport's list). */
  serialPaths?: string[];
  listSerial?: () => Promise<SerialPortInfoLike[]>;
  usb?: Loader<UsbApi>;
  hid?: Loader<HidApi>;
  /** The sysfs root (tests point it at a fixture). */
  sysfs?: string;
}

const hexId = (s: string | undefined): number | undefined => (s && /^[0-9a-fA-F]{1,4}$/.test(s) ? parseInt(s, 16) : undefined);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Serial ports from sysfs (/sys/class/tty/*\/device), for machines without udevadm. */
export function listSerialFromSysfs(sysfs = '/sys'): SerialPortInfoLike[] {
  const base = join(sysfs, 'class', 'tty');
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  const out: SerialPortInfoLike[] = [];
  for (const name of names.sort()) {
    if (!/^(tty(S|WCH|ACM|USB|AMA|MFD|O|XRUSB)\d+|rfcomm\d+)$/.test(name)) continue;
    let dev: string;
    try {
      dev = realpathSync(join(base, name, 'device'));
    } catch {
      continue; // a virtual tty
    }
    // Legacy 8250 ports exist for every slot; type 0 means no UART behind it.
    if (name.startsWith('ttyS') && readText(join(base, name, 'type')) === '0') continue;
    const info: SerialPortInfoLike = { path: `/dev/${name}` };
    // Walk up to the USB device (the directory with idVendor) for USB adapters.
    for (let d = dev; d.startsWith(sysfs) && d !== sysfs; d = dirname(d)) {
      const vid = readText(join(d, 'idVendor'));
      if (vid) {
        info.vendorId = vid;
        info.productId = readText(join(d, 'idProduct'));
        info.manufacturer = readText(join(d, 'manufacturer'));
        info.serialNumber = readText(join(d, 'serial'));
        break;
      }
    }
    out.push(info);
  }
  return out;
}

async function listSerial(opts: DiscoveryOptions): Promise<Section<DiscoveredSerial>> {
  let ports: SerialPortInfoLike[] = [];
  let note: string | undefined;
  try {
    ports = await (opts.listSerial ?? (() => loadSerialPort().SerialPort.list()))();
  } catch (e) {
    ports = listSerialFromSysfs(opts.sysfs);
    note = `serialport's list failed (${message(e)}); listed from sysfs instead`;
  }
  const devices: DiscoveredSerial[] = ports.map((p) => {
    const d: DiscoveredSerial = { path: p.path, origin: 'list', address: `serial:${p.path}?baud=9600` };
    const vendorId = hexId(p.vendorId);
    const productId = hexId(p.productId);
    if (vendorId !== undefined) d.vendorId = vendorId;
    if (productId !== undefined) d.productId = productId;
    if (p.manufacturer) d.manufacturer = p.manufacturer;
    if (p.serialNumber) d.serialNumber = p.serialNumber;
    const fp = matchFingerprint({ vendorId, productId });
    if (fp) d.fingerprint = fp;
    return d;
  });
  for (const path of opts.serialPaths ?? []) {
    const d: DiscoveredSerial = { path, origin: 'given', address: `serial:${path}?baud=9600`, present: false };
    try {
      const real = realpathSync(path);
      d.realPath = real;
      const st = statSync(real);
      d.present = true;
      d.kind = /^\/dev\/pts\/\d+$/.test(real) ? 'pty' : st.isCharacterDevice() ? 'tty' : 'other';
    } catch {
      d.present = false;
    }
    devices.push(d);
  }
  return note ? { devices, note } : { devices };
}

function usbInterfaceInfo(d: UsbDeviceLike): { classes: number[]; bootKeyboard: boolean } {
  const classes = new Set<number>();
  let bootKeyboard = false;
  try {
    for (const cfg of d.configurations ?? (d.configuration ? [d.configuration] : [])) {
      for (const i of cfg.interfaces) {
        for (const alt of i.alternates ?? [i.alternate]) {
          classes.add(alt.interfaceClass);
          if (alt.interfaceClass === USB_CLASS.HID && alt.interfaceSubclass === 1 && alt.interfaceProtocol === 1) bootKeyboard = true;
        }
      }
    }
  } catch {
    // descriptors unreadable without permission: classes stay unknown
  }
  return { classes: [...classes].sort((a, b) => a - b), bootKeyboard };
}

async function listUsb(opts: DiscoveryOptions): Promise<Section<DiscoveredUsb>> {
  let api: UsbApi;
  let list: UsbDeviceLike[];
  try {
    api = await (opts.usb ?? loadUsb)();
  } catch (e) {
    return { devices: [], note: message(e) };
  }
  try {
    list = await api.getDevices();
  } catch (e) {
    const m = message(e);
    return { devices: [], note: /not found|no such file/i.test(m) ? `no USB subsystem on this machine (${m})` : `cannot list USB devices: ${m}` };
  }
  const str = (get: () => string | null | undefined): string | undefined => {
    try {
      return get() ?? undefined;
    } catch {
      return undefined;
    }
  };
  const devices = list.map((d) => {
    const { classes, bootKeyboard } = usbInterfaceInfo(d);
    const out: DiscoveredUsb = {
      vendorId: d.vendorId,
      productId: d.productId,
      deviceClass: d.deviceClass,
      interfaceClasses: classes,
      address: `usb://${hex4(d.vendorId)}:${hex4(d.productId)}`,
    };
    const manufacturer = str(() => d.manufacturerName);
    const product = str(() => d.productName);
    const serialNumber = str(() => d.serialNumber);
    if (manufacturer) out.manufacturer = manufacturer;
    if (product) out.product = product;
    if (serialNumber) out.serialNumber = serialNumber;
    if (d.bus !== undefined) out.bus = d.bus;
    const fp = matchFingerprint({ vendorId: d.vendorId, productId: d.productId, interfaceClasses: classes, bootKeyboard });
    if (fp) out.fingerprint = fp;
    // A recognised printer: its ESC/POS driver family (ticket-printer/).
    if (fp?.family === 'printer') out.address += '?family=escpos';
    return out;
  });
  devices.sort((a, b) => a.vendorId - b.vendorId || a.productId - b.productId);
  return { devices };
}

async function listHid(opts: DiscoveryOptions): Promise<Section<DiscoveredHid>> {
  let list;
  try {
    const api = await (opts.hid ?? hidLoader('hidraw'))();
    list = await api.devicesAsync();
  } catch (e) {
    return { devices: [], note: `cannot list HID devices: ${message(e)}` };
  }
  const devices = list.map((h) => {
    const out: DiscoveredHid = {
      vendorId: h.vendorId,
      productId: h.productId,
      interface: h.interface,
      address: `hid://${hex4(h.vendorId)}:${hex4(h.productId)}${h.path ? `?path=${queryValue(h.path)}` : ''}`,
    };
    if (h.path) out.path = h.path;
    if (h.usagePage !== undefined) out.usagePage = h.usagePage;
    if (h.usage !== undefined) out.usage = h.usage;
    if (h.manufacturer) out.manufacturer = h.manufacturer;
    if (h.product) out.product = h.product;
    const fp = matchFingerprint({ vendorId: h.vendorId, productId: h.productId, interfaceClasses: [USB_CLASS.HID], usagePage: h.usagePage, usage: h.usage });
    if (fp) out.fingerprint = fp;
    // A keyboard-style pad or keypad: opened through libusb, which takes it from the kernel so its keys
    // stop typing into the PC, and read by the keyboard-report family (counter-pads/). hidraw paths mean
    // nothing to the libusb backend, so the suggestion names the device by VID:PID only.
    if (fp?.family === 'keypad') out.address = `hid://${hex4(h.vendorId)}:${hex4(h.productId)}?driver=libusb&family=hid-keyboard`;
    return out;
  });
  return { devices };
}

/** Lists the three kinds of devices; never throws for a missing subsystem or module. */
export async function discoverDevices(opts: DiscoveryOptions = {}): Promise<Discovery> {
  const [serial, usb, hid] = await Promise.all([listSerial(opts), listUsb(opts), listHid(opts)]);
  return { serial, usb, hid };
}

