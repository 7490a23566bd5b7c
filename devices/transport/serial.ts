// serial:/dev/ttyUSB0?baud=9600&parity=none&dataBits=8&stopBits=1 — RS-232, and RS-485 through USB
// adapters (CH340, CP210x, FTDI), through serialport and its C++ bindings. The serialport class is
// injectable: serialport's own SerialPortMock (bindings interface) or a test double fits. serialport
// itself is loaded when the first serial port opens (native.ts): where its binding cannot load, only
// serial addresses fail, with MODULE_UNAVAILABLE.
//
// One fix on top of serialport's Unix binding (through its bindings interface): when a tty hangs up
// (the USB adapter is pulled, the pty's other side goes away) read(2) returns 0 for ever, and the
// binding's read loops on that instead of reporting it — an unplugged adapter that is only read from
// would never be noticed. hangupAwareRead treats a 0-byte read as the disconnect it is.
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import type { SerialPort } from 'serialport';
import { TransportError, ioError } from '../errors.js';
import type { DeviceLogger } from '../logger.js';
import type { SerialAddress } from './address.js';
import { formatAddress } from './address.js';
import { BaseTransport } from './base.js';
import { loadSerialPort, type SerialPortApi } from './native.js';

/** What is used of serialport's SerialPort class. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  drain(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  on(event: 'data', cb: (chunk: Buffer) => void): this;
  on(event: 'error', cb: (err: Error) => void): this;
  on(event: 'close', cb: (err: (Error & { disconnected?: boolean }) | null) => void): this;
  removeAllListeners(): this;
}

export interface SerialPortOptionsLike {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 1.5 | 2;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  rtscts: boolean;
  autoOpen: false;
  lock: boolean;
}

export type SerialPortConstructor = new (options: SerialPortOptionsLike) => SerialPortLike;

const readAsync = promisify(fsRead);

/** What hangupAwareRead needs of a Unix port binding (bindings-cpp's LinuxPortBinding/DarwinPortBinding). */
export interface UnixPortBindingLike {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', cb: (err?: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
}

/**
 * A read for a Unix port binding: bindings-cpp's unixRead, except that read(2) returning 0 — a hung-up
 * tty — rejects with a disconnect error (serialport then closes the port) instead of reading again.
 */
export function hangupAwareRead(port: UnixPortBindingLike): UnixPortBindingLike['read'] {
  const canceled = () => Object.assign(new Error('Port is not open'), { canceled: true });
  return async (buffer, offset, length) => {
    for (;;) {
      if (!port.isOpen || port.fd === null) throw canceled();
      try {
        const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
        if (bytesRead === 0) {
          throw Object.assign(new Error('the line hung up (the device or its adapter went away)'), { disconnect: true, code: 'EHANGUP' });
        }
        return { buffer, bytesRead };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw e;
        if (!port.isOpen) throw canceled();
        await new Promise<void>((resolve, reject) => port.poller.once('readable', (err) => (err ? reject(err) : resolve())));
      }
    }
  };
}

type Binding = { list(): Promise<unknown[]>; open(options: unknown): Promise<unknown> };

/** serialport's detected binding, with hangupAwareRead on every port it opens (Unix only). */
function hangupAwareBinding(base: Binding): Binding {
  if (process.platform === 'win32') return base;
  return {
    list: () => base.list(),
    async open(options: unknown) {
      const port = (await base.open(options)) as UnixPortBindingLike;
      if (typeof port.fd === 'number' && port.poller) port.read = hangupAwareRead(port);
      return port;
    },
  };
}

export type HallSerialPort = SerialPort;
export type HallSerialPortClass = new (options: SerialPortOptionsLike) => SerialPort;

const hallClasses = new WeakMap<SerialPortApi, HallSerialPortClass>();

/**
 * serialport's SerialPort on the hangup-aware binding: the default class of the serial transport.
 * Loads serialport on first call; throws MODULE_UNAVAILABLE (a TransportError) where it cannot load.
 */
export function hallSerialPortClass(load: () => SerialPortApi = loadSerialPort): HallSerialPortClass {
  const api = load();
  let cls = hallClasses.get(api);
  if (!cls) {
    const binding = hangupAwareBinding(api.SerialPort.binding as unknown as Binding);
    cls = class HallSerialPort extends api.SerialPort {
      constructor(options: SerialPortOptionsLike) {
        super({ ...options, binding } as unknown as ConstructorParameters<typeof SerialPort>[0]);
      }
    };
    hallClasses.set(api, cls);
  }
  return cls;
}

export class SerialTransport extends BaseTransport {
  private port: SerialPortLike | null = null;
  private closingPort = false;

  constructor(
    readonly target: SerialAddress,
    private readonly SerialPortClass?: SerialPortConstructor,
    log?: DeviceLogger,
    private readonly load: () => SerialPortApi = loadSerialPort,
  ) {
    super(formatAddress(target), 'serial', log);
  }

  protected doOpen(): Promise<void> {
    const t = this.target;
    let Port: SerialPortConstructor;
    try {
      Port = this.SerialPortClass ?? (hallSerialPortClass(this.load) as unknown as SerialPortConstructor);
    } catch (e) {
      // serialport (its binding) cannot be loaded on this machine: MODULE_UNAVAILABLE, for this address only.
      const cause = e instanceof TransportError ? e.cause : e;
      return Promise.reject(new TransportError('MODULE_UNAVAILABLE', this.address, `serialport cannot be loaded here: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }));
    }
    let port: SerialPortLike;
    try {
      port = new Port({
        path: t.path,
        baudRate: t.baudRate,
        dataBits: t.dataBits,
        stopBits: t.stopBits,
        parity: t.parity,
        rtscts: t.rtscts,
        autoOpen: false,
        // An exclusive lock: a second program (or a second hub) cannot open the same bus.
        lock: true,
      });
    } catch (e) {
      // serialport validates the options in its constructor (e.g. an unsupported baud rate).
      return Promise.reject(new TransportError('OPEN_FAILED', this.address, (e as Error).message, { cause: e }));
    }
    this.port = port;
    return new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (err) {
          reject(err);
          return;
        }
        port.on('data', (chunk: Buffer) => this.emitData(chunk));
        port.on('error', (e: Error) => void this.lost(ioError(this.address, e, 'READ_FAILED')));
        // serialport closes the port itself when a read or write finds the device gone
        // (unplugged adapter, hung-up pty): `err.disconnected` is then set.
        port.on('close', (e) => {
          if (this.closingPort) return;
          void this.lost(new TransportError('DISCONNECTED', this.address, e ? `disconnected: ${e.message}` : 'the port was closed', e ? { cause: e } : undefined));
        });
        resolve();
      });
    });
  }

  protected doWrite(bytes: Buffer): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) return Promise.reject(new TransportError('DISCONNECTED', this.address, 'the port is closed'));
    // serialport calls back once its binding's write(2) calls took every byte.
    return new Promise<void>((resolve, reject) => {
      port.write(bytes, (e) => (e ? reject(e) : resolve()));
    });
  }

  override drain(): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen || !this.isOpen) return Promise.resolve();
    return new Promise<void>((resolve) => port.drain(() => resolve()));
  }

  protected doClose(): Promise<void> {
    const port = this.port;
    this.closingPort = true;
    if (!port || !port.isOpen) return Promise.resolve();
    return new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
