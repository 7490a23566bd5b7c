// file:/dev/usb/lp0 — a printer through the kernel's usblp driver (or any device file, FIFO or plain
// file). Opened without O_CREAT (an unplugged printer is NOT_FOUND, never a new plain file) and
// O_NONBLOCK (a printer out of paper never pins a libuv thread: EAGAIN is retried on a timer).
// With ?read=1 the file is also read (usblp hands back what the printer sends, e.g. DLE EOT status).
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransportError, errnoCode, ioError } from '../errors.js';
import type { DeviceLogger } from '../logger.js';
import type { FileAddress } from './address.js';
import { formatAddress } from './address.js';
import { BaseTransport } from './base.js';

export class FileTransport extends BaseTransport {
  private fh: FileHandle | null = null;
  private stopped = false;
  private reading: Promise<void> | null = null;
  /** Plain files are read from an offset of our own (our appends move the shared one). */
  private readPos: number | null = null;

  constructor(
    readonly target: FileAddress,
    log?: DeviceLogger,
  ) {
    super(formatAddress(target), 'file', log);
  }

  protected async doOpen(): Promise<void> {
    const { path, read } = this.target;
    const flags = (read ? constants.O_RDWR : constants.O_WRONLY) | constants.O_APPEND | constants.O_NONBLOCK | constants.O_NOCTTY;
    this.fh = await open(path, flags);
    const st = await this.fh.stat();
    if (st.isDirectory()) throw new TransportError('OPEN_FAILED', this.address, `${path} is a directory`);
    if (st.isFile()) this.readPos = st.size;
    if (read) this.reading = this.readLoop(this.fh);
  }

  private async readLoop(fh: FileHandle): Promise<void> {
    const buf = Buffer.alloc(4096);
    while (!this.stopped) {
      let n = 0;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, buf.length, this.readPos));
      } catch (e) {
        if (this.stopped) return;
        const code = errnoCode(e);
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') {
          await sleep(this.target.pollMs);
          continue;
        }
        void this.lost(ioError(this.address, e, 'READ_FAILED'));
        return;
      }
      if (n > 0) {
        if (this.readPos !== null) this.readPos += n;
        this.emitData(Buffer.from(buf.subarray(0, n)));
      } else {
        await sleep(this.target.pollMs);
      }
    }
  }

  protected async doWrite(bytes: Buffer): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new TransportError('DISCONNECTED', this.address, 'the file is closed');
    let off = 0;
    while (off < bytes.length) {
      try {
        const { bytesWritten } = await fh.write(bytes, off, bytes.length - off, null);
        off += bytesWritten;
      } catch (e) {
        const code = errnoCode(e);
        if ((code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') && !this.stopped) {
          // The printer is busy (usblp's previous transfer is still running): try again shortly.
          await sleep(Math.max(5, Math.min(this.target.pollMs, 50)));
          continue;
        }
        throw e;
      }
    }
  }

  protected async doClose(): Promise<void> {
    this.stopped = true;
    await this.reading?.catch(() => {});
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => {});
  }
}
