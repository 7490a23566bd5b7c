// One interface for every way a device is reached (serial, TCP, USB, HID, a device file): a byte duplex
// that opens, writes frames, emits what it reads, and closes — with typed errors (../errors.ts).
//
// The contract every implementation keeps (BaseTransport in ./base.ts enforces it):
// - One instance, one connection: open() once; after 'close' make a new one (the Link does, through
//   its factory). A failed open() rejects and emits nothing.
// - write(bytes) resolves once the whole of `bytes` has been handed to the OS (write(2) returned for all
//   of it, the socket's write callback fired, the USB bulk transfer completed, the HID report was
//   written). It rejects when that did not happen; it never resolves after a rejection or late.
//   Writes are done one at a time in call order.
// - 'data' carries chunks as the OS delivered them: no framing here (that is the Link's parser).
// - When the device goes away (unplug, peer closed, pty hung up, read error) the transport closes
//   itself: it settles every pending write first, emits 'error' (only if someone listens, so an
//   unattended transport never crashes the process), then 'close' with the error. close() asked for by
//   the owner emits 'close' with `requested: true`. 'close' comes exactly once per successful open.
import type { EventEmitter } from 'node:events';
import type { TransportError } from '../errors.js';
import type { AddressKind } from './address.js';

export interface TransportCloseInfo {
  /** true when close() was called; false when the device went away. */
  requested: boolean;
  /** Why it closed, when it was not asked to. */
  error?: TransportError;
}

export interface TransportEvents {
  open: [];
  data: [chunk: Buffer];
  error: [error: TransportError];
  close: [info: TransportCloseInfo];
}

export interface Transport extends EventEmitter<TransportEvents> {
  /** The canonical address string (formatAddress), used in errors and logs. */
  readonly address: string;
  readonly kind: AddressKind;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves once all of `bytes` was handed to the OS; see the contract above. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Waits until what was written has left the host (serial: tcdrain, the last bit is on the wire).
   * Transports without such a notion resolve at once.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Makes a fresh, unopened transport: one per connection attempt. */
export type TransportFactory = () => Transport;
