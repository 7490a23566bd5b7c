// The native modules behind the USB, HID and serial transports. usb and node-hid are seen through the
// few members used here; the shapes follow the real modules (usb 3.x, which follows WebUSB; node-hid
// 3.x), so a test can pass a fake with the same shape. serialport is used as it is (serial.ts). Each
// real module is loaded only when first needed: a hub without USB printers never loads
// libusb-dependent code, a hall with only network devices never loads serialport's C++ binding, and a
// machine where a binding fails to load still runs every other transport (the failing one's addresses
// get MODULE_UNAVAILABLE, at open, never at import: devices/fleet.test.ts runs usb, hid and serial
// devices whose modules fail beside a TCP one that comes online).
import { createRequire } from 'node:module';
import type * as SerialPortModule from 'serialport';
import { TransportError } from '../errors.js';

// ---- usb (node-usb 3.x: WebUSB API over the nusb crate) ----

export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize: number;
}

export interface UsbAlternateLike {
  alternateSetting: number;
  interfaceClass: number;
  interfaceSubclass: number;
  interfaceProtocol: number;
  endpoints: UsbEndpointLike[];
}

export interface UsbInterfaceLike {
  interfaceNumber: number;
  claimed: boolean;
  alternate: UsbAlternateLike;
  alternates?: UsbAlternateLike[];
}

export interface UsbConfigurationLike {
  configurationValue: number;
  interfaces: UsbInterfaceLike[];
}

export interface UsbTransferOutResult {
  bytesWritten: number;
  status: 'ok' | 'stall' | 'babble';
}

export interface UsbTransferInResult {
  data?: DataView;
  status: 'ok' | 'stall' | 'babble';
}

export interface UsbDeviceLike {
  vendorId: number;
  productId: number;
  deviceClass: number;
  deviceSubclass: number;
  deviceProtocol: number;
  manufacturerName?: string | null;
  productName?: string | null;
  serialNumber?: string | null;
  /** usb 3.x extras (Linux bus id like "1-1.4", device address). */
  bus?: string;
  address?: number;
  readonly opened: boolean;
  readonly configuration?: UsbConfigurationLike | null;
  readonly configurations?: UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array, timeout?: number): Promise<UsbTransferOutResult>;
  transferIn(endpointNumber: number, length: number, timeout?: number): Promise<UsbTransferInResult>;
  clearHalt?(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
  attachKernelDriver?(interfaceNumber: number): Promise<void>;
}

/** usb's `usb` export (a WebUSB object that sees every device). */
export interface UsbApi {
  getDevices(): Promise<UsbDeviceLike[]>;
}

// ---- node-hid 3.x ----

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  release: number;
  interface: number;
  usagePage?: number;
  usage?: number;
}

export interface HidHandleLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidHandleLike> };
  setDriverType?(type: 'hidraw' | 'libusb'): void;
}

// ---- lazy loaders ----

const require = createRequire(import.meta.url);

export type Loader<T> = () => Promise<T>;

let usbModule: UsbApi | undefined;
/** Loads `usb` on first use (its Rust binding comes as @node-usb/usb-<platform> from the registry). */
export const loadUsb: Loader<UsbApi> = async () => {
  if (!usbModule) {
    try {
      usbModule = (require('usb') as { usb: UsbApi }).usb;
    } catch (e) {
      throw new TransportError('MODULE_UNAVAILABLE', 'usb://', `the usb module cannot be loaded here: ${(e as Error).message}`, { cause: e });
    }
  }
  return usbModule;
};

let hidModule: HidApi | undefined;
let hidDriver: 'hidraw' | 'libusb' | undefined;
/**
 * Loads node-hid on first use with the given backend. node-hid picks its binding once per process,
 * so asking for the other backend later fails with UNSUPPORTED.
 */
export function hidLoader(driver: 'hidraw' | 'libusb' = 'hidraw'): Loader<HidApi> {
  return async () => {
    if (!hidModule) {
      try {
        const m = require('node-hid') as HidApi;
        m.setDriverType?.(driver);
        hidModule = m;
        hidDriver = driver;
      } catch (e) {
        throw new TransportError('MODULE_UNAVAILABLE', 'hid://', `node-hid cannot be loaded here: ${(e as Error).message}`, { cause: e });
      }
    } else if (hidDriver !== driver) {
      throw new TransportError('UNSUPPORTED', 'hid://', `node-hid already runs with the ${hidDriver} driver in this process; use one driver for every hid:// address`);
    }
    return hidModule;
  };
}

// ---- serialport 13 (its binding, @serialport/bindings-cpp, is loaded when the module is) ----

export type SerialPortApi = typeof SerialPortModule;

/**
 * A loader of serialport through `req` (the real require by default; a test passes one that fails as a
 * missing binding does). Synchronous, unlike usb's and node-hid's: serialport's classes are constructed
 * synchronously (serial.ts, the printer emulator), and require is.
 */
export function serialPortLoader(req: (id: string) => unknown = require): () => SerialPortApi {
  let loaded: SerialPortApi | undefined;
  return () => {
    if (!loaded) {
      try {
        loaded = req('serialport') as SerialPortApi;
      } catch (e) {
        throw new TransportError('MODULE_UNAVAILABLE', 'serial:', `serialport cannot be loaded here: ${(e as Error).message}`, { cause: e });
      }
    }
    return loaded;
  };
}

/** The real serialport, loaded on first use. */
export const loadSerialPort = serialPortLoader();
