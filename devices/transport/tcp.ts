// tcp://host:port — network printers (raw port 9100), RS-485-to-Ethernet converters and ser2net.
import { Socket } from 'node:net';
import { TransportError, errnoCode, ioError } from '../errors.js';
import type { DeviceLogger } from '../logger.js';
import type { TcpAddress } from './address.js';
import { formatAddress } from './address.js';
import { BaseTransport } from './base.js';

export class TcpTransport extends BaseTransport {
  private socket: Socket | null = null;

  constructor(
    readonly target: TcpAddress,
    log?: DeviceLogger,
  ) {
    super(formatAddress(target), 'tcp', log);
  }

  protected doOpen(): Promise<void> {
    const { host, port, connectTimeoutMs, noDelay, keepAliveMs } = this.target;
    return new Promise<void>((resolve, reject) => {
      const socket = new Socket();
      this.socket = socket;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError('TIMEOUT', this.address, `no connection within ${connectTimeoutMs} ms (is the device on, and the address right?)`));
      }, connectTimeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        const code = errnoCode(e);
        if (code === 'ECONNREFUSED') {
          reject(new TransportError('OPEN_FAILED', this.address, `connection refused: nothing listens on port ${port} (device off, or another port?)`, { cause: e }));
        } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
          reject(new TransportError('NOT_FOUND', this.address, `host "${host}" not found`, { cause: e }));
        } else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
          reject(new TransportError('NOT_FOUND', this.address, `host ${host} unreachable`, { cause: e }));
        } else {
          reject(e);
        }
      };
      socket.once('error', fail);
      socket.connect({ host, port }, () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.setNoDelay(noDelay);
        if (keepAliveMs > 0) socket.setKeepAlive(true, keepAliveMs);
        socket.on('data', (chunk: Buffer) => this.emitData(chunk));
        // The peer closed (rebooted, converter reset): with allowHalfOpen off Node ends our side too.
        socket.on('end', () => void this.lost(new TransportError('DISCONNECTED', this.address, 'the peer closed the connection')));
        socket.on('error', (e) => void this.lost(ioError(this.address, e, 'READ_FAILED')));
        socket.on('close', () => void this.lost(new TransportError('DISCONNECTED', this.address, 'connection closed')));
        resolve();
      });
    });
  }

  protected doWrite(bytes: Buffer): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed || !socket.writable) {
      return Promise.reject(new TransportError('DISCONNECTED', this.address, 'connection closed'));
    }
    // The callback fires once libuv handed every byte to the kernel, or with an error. But Node calls
    // it *without* an error for a write that the socket's destruction cancelled (stream_base_commons
    // onWriteComplete: `if (stream.destroyed) callback(null)`), so a callback on a destroyed socket
    // counts as not handed over. (A write that did complete but whose report Node delivers only after
    // a destroy in the same loop turn would then be written twice; libuv reports completions at once,
    // so that window is a fraction of one loop turn.)
    return new Promise<void>((resolve, reject) =>
      socket.write(bytes, (e) => {
        if (e) reject(e);
        else if (socket.destroyed) reject(new TransportError('DISCONNECTED', this.address, 'the connection was torn down before the write completed'));
        else resolve();
      }),
    );
  }

  protected doClose(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }
}
