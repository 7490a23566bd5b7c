// Typed errors of the device layer, one class per layer (after zigbee-herdsman): a TransportError
// comes from opening, reading or writing one transport; a LinkError from the link above it (queue,
// request/response, close). Both carry a stable `code` that callers switch on and the `address` of
// the device, so a log line or the dashboard can say which device failed and why.

export type TransportErrorCode =
  /** The address string is not a valid device address (the message says what is wrong). */
  | 'ADDRESS_INVALID'
  /** Nothing at that address: no such device file, no USB/HID device with that VID:PID. */
  | 'NOT_FOUND'
  /** The OS refused access (EACCES/EPERM): a udev rule or group membership is missing. */
  | 'PERMISSION_DENIED'
  /** Someone else holds the device (EBUSY, a locked serial port, a claimed USB interface). */
  | 'BUSY'
  /** Opening failed for another reason (connection refused, an unsupported setting, …). */
  | 'OPEN_FAILED'
  /** The device went away while open (unplugged, peer closed the connection, pty hung up). */
  | 'DISCONNECTED'
  /** A write failed before it was handed to the OS whole. */
  | 'WRITE_FAILED'
  /** Reading failed without a clear sign of a disconnect. */
  | 'READ_FAILED'
  /** write() on a transport that is not open. */
  | 'NOT_OPEN'
  /** Something did not happen in time: a TCP connect, an answer to a request. */
  | 'TIMEOUT'
  /** The native module (usb, node-hid, serialport's binding) could not be loaded on this machine. */
  | 'MODULE_UNAVAILABLE'
  /** The transport cannot do that here (e.g. two HID drivers in one process). */
  | 'UNSUPPORTED'
  /** Link: the link was closed while the frame or request waited. */
  | 'CLOSED'
  /** Link: the write queue is full (the device has been away for long). */
  | 'QUEUE_FULL';

export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    readonly address: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${address}: ${message}`, options);
  }

  /** A plain object for logs and for the dashboard (no stack, no cause chain). */
  toJSON(): { code: TransportErrorCode; address: string; message: string } {
    return { code: this.code, address: this.address, message: this.message };
  }
}

/** Errors of the link layer (queue, request/response); `instanceof TransportError` holds too. */
export class LinkError extends TransportError {
  override readonly name: string = 'LinkError';
}

export function isTransportError(e: unknown, code?: TransportErrorCode): e is TransportError {
  return e instanceof TransportError && (code === undefined || e.code === code);
}

/** The errno-style code of a Node or native error, if it has one. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Maps an OS error met while opening to a code. `ENOENT` and friends mean nothing is there;
 * `EACCES` a permission problem; `EBUSY` someone else has it.
 */
export function openError(address: string, e: unknown, what = 'cannot open'): TransportError {
  if (e instanceof TransportError) return e;
  const code = errnoCode(e);
  const msg = errorMessage(e);
  let mapped: TransportErrorCode = 'OPEN_FAILED';
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO' || code === 'ENOTDIR') mapped = 'NOT_FOUND';
  else if (code === 'EACCES' || code === 'EPERM') mapped = 'PERMISSION_DENIED';
  else if (code === 'EBUSY' || /cannot lock port|resource busy|busy/i.test(msg)) mapped = 'BUSY';
  else if (code === 'ETIMEDOUT') mapped = 'TIMEOUT';
  else if (/permission denied|access denied/i.test(msg)) mapped = 'PERMISSION_DENIED';
  else if (/no such file|not found/i.test(msg)) mapped = 'NOT_FOUND';
  const hint = mapped === 'PERMISSION_DENIED' ? ' (add a udev rule or put the hub user in the device group, e.g. dialout or lp)' : '';
  return new TransportError(mapped, address, `${what}: ${msg}${hint}`, { cause: e });
}

/** Maps an error met while open (read/write) to DISCONNECTED when it looks like the device went away. */
export function ioError(address: string, e: unknown, fallback: 'WRITE_FAILED' | 'READ_FAILED'): TransportError {
  if (e instanceof TransportError) return e;
  const code = errnoCode(e);
  const msg = errorMessage(e);
  const gone =
    (code !== undefined && ['EIO', 'ENODEV', 'ENXIO', 'EPIPE', 'ECONNRESET', 'ECONNABORTED', 'EBADF', 'ENOTCONN', 'ESHUTDOWN', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'EPROTO'].includes(code)) ||
    (e as { disconnect?: boolean; disconnected?: boolean } | null)?.disconnect === true ||
    /disconnect|no such device|not open|closed|hang ?up|broken pipe|ended by the other party/i.test(msg);
  const what = gone ? 'disconnected' : fallback === 'WRITE_FAILED' ? 'write failed' : 'read failed';
  return new TransportError(gone ? 'DISCONNECTED' : fallback, address, `${what}: ${msg}`, { cause: e });
}
