// Address → transport (after zwave-js's transport factory): the Link calls a factory for every
// connection attempt and gets a fresh, unopened transport. Native modules and the serialport class
// can be swapped for tests through `deps`.
import type { DeviceLogger } from '../logger.js';
import type { DeviceAddress } from './address.js';
import { parseAddress } from './address.js';
import { FileTransport } from './file.js';
import { HidTransport } from './hid.js';
import type { HidApi, Loader, SerialPortApi, UsbApi } from './native.js';
import type { SerialPortConstructor } from './serial.js';
import { SerialTransport } from './serial.js';
import { TcpTransport } from './tcp.js';
import type { Transport, TransportFactory } from './types.js';
import { UsbTransport } from './usb.js';

export interface TransportDeps {
  log?: DeviceLogger;
  /** serialport's SerialPort class by default; serialport's SerialPortMock or a test double. */
  SerialPort?: SerialPortConstructor;
  /** Loads serialport when the default class is used (default: the real one, on first use). */
  serialport?: () => SerialPortApi;
  /** Loads the `usb` module (default: the real one, on first use). */
  usb?: Loader<UsbApi>;
  /** Loads node-hid (default: the real one, on first use, with the address's driver). */
  hid?: Loader<HidApi>;
}

/** A fresh, unopened transport for an address (a string is parsed: ADDRESS_INVALID if it is bad). */
export function createTransport(address: string | DeviceAddress, deps: TransportDeps = {}): Transport {
  const a = typeof address === 'string' ? parseAddress(address) : address;
  switch (a.kind) {
    case 'serial':
      return new SerialTransport(a, deps.SerialPort, deps.log, deps.serialport);
    case 'tcp':
      return new TcpTransport(a, deps.log);
    case 'usb':
      return new UsbTransport(a, deps.usb, deps.log);
    case 'hid':
      return new HidTransport(a, deps.hid, deps.log);
    case 'file':
      return new FileTransport(a, deps.log);
  }
}

/** Parses the address once (throwing ADDRESS_INVALID now, not at the first connection) and returns a factory. */
export function transportFactory(address: string | DeviceAddress, deps: TransportDeps = {}): TransportFactory {
  const a = typeof address === 'string' ? parseAddress(address) : address;
  return () => createTransport(a, deps);
}
