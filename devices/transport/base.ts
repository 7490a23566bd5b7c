// The state machine shared by every transport: open once, serialised writes that settle before
// 'close', self-close on loss. A subclass implements doOpen, doWrite and doClose and calls
// emitData(chunk) and lost(error).
import { EventEmitter } from 'node:events';
import { TransportError, ioError, openError } from '../errors.js';
import type { DeviceLogger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { AddressKind } from './address.js';
import type { Transport, TransportEvents } from './types.js';

type State = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

interface PendingWrite {
  bytes: Buffer;
  resolve: () => void;
  reject: (e: TransportError) => void;
  /** Set once the caller's promise was settled: later reports from the binding are ignored. */
  done?: boolean;
}

/**
 * How long close waits for a write that is inside the OS/native call to report how it ended, once
 * the device is gone. Past this, the write is reported as failed (it is retried by the Link); in
 * practice every binding used here reports within milliseconds after its handle is closed.
 */
export const IN_FLIGHT_SETTLE_MS = 2000;

export abstract class BaseTransport extends EventEmitter<TransportEvents> implements Transport {
  private state: State = 'idle';
  private readonly queue: PendingWrite[] = [];
  private writing: { write: PendingWrite; settled: Promise<void> } | null = null;
  private closing: Promise<void> | null = null;
  private closeWhileOpening = false;

  protected constructor(
    readonly address: string,
    readonly kind: AddressKind,
    protected readonly log: DeviceLogger = silentLogger,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  protected abstract doOpen(): Promise<void>;
  /** Resolves when all of `bytes` was handed to the OS. */
  protected abstract doWrite(bytes: Buffer): Promise<void>;
  /** Releases the handle; must make a doWrite in progress settle soon after. Never throws. */
  protected abstract doClose(): Promise<void>;

  drain(): Promise<void> {
    return Promise.resolve();
  }

  async open(): Promise<void> {
    if (this.state !== 'idle') {
      throw new TransportError('OPEN_FAILED', this.address, 'this transport was already opened; make a new one for a new connection');
    }
    this.state = 'opening';
    try {
      await this.doOpen();
    } catch (e) {
      this.state = 'closed';
      await this.doClose().catch(() => {});
      throw openError(this.address, e);
    }
    if (this.closeWhileOpening) {
      this.state = 'closed';
      await this.doClose().catch(() => {});
      throw new TransportError('CLOSED', this.address, 'closed while opening');
    }
    this.state = 'open';
    this.log.debug({ address: this.address }, 'transport open');
    this.emit('open');
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      return Promise.reject(new TransportError('NOT_OPEN', this.address, 'not open'));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes: Buffer.from(bytes), resolve, reject });
      if (!this.writing) this.pumpWrites();
    });
  }

  private pumpWrites(): void {
    const next = this.queue.shift();
    if (!next) {
      this.writing = null;
      return;
    }
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const current = { write: next, settled };
    this.writing = current;
    this.doWrite(next.bytes).then(
      () => {
        settle();
        if (next.done) return;
        next.done = true;
        next.resolve();
        if (this.writing === current) this.writing = null;
        if (this.state === 'open') this.pumpWrites();
      },
      (e: unknown) => {
        settle();
        if (next.done) return;
        next.done = true;
        const err = ioError(this.address, e, 'WRITE_FAILED');
        next.reject(err);
        if (this.writing === current) this.writing = null;
        // A failed write leaves the stream in an unknown state: this connection is over.
        if (this.state === 'open') void this.lost(err);
      },
    );
  }

  protected emitData(chunk: Buffer): void {
    if (this.state === 'open' && chunk.length > 0) this.emit('data', chunk);
  }

  /** The device went away: close, settle writes, then 'error' (if listened to) and 'close'. */
  protected lost(error: TransportError): Promise<void> {
    if (this.state === 'opening') {
      this.closeWhileOpening = true;
      return Promise.resolve();
    }
    if (this.state !== 'open') return this.closing ?? Promise.resolve();
    this.log.warn({ address: this.address, code: error.code, err: error.message }, 'transport lost');
    return this.shutdown(false, error);
  }

  async close(): Promise<void> {
    if (this.state === 'idle') {
      this.state = 'closed';
      return;
    }
    if (this.state === 'opening') {
      this.closeWhileOpening = true;
      return;
    }
    if (this.state !== 'open') return this.closing ?? undefined;
    return this.shutdown(true);
  }

  private shutdown(requested: boolean, error?: TransportError): Promise<void> {
    this.state = 'closing';
    this.closing = (async () => {
      await this.doClose().catch(() => {});
      // A write inside the OS call reports how it really ended: resolved means handed over whole.
      const inFlight = this.writing;
      if (inFlight) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([inFlight.settled, new Promise<void>((r) => (timer = setTimeout(r, IN_FLIGHT_SETTLE_MS)))]);
        clearTimeout(timer);
        // No report in time: it counts as not handed over (a late report is ignored).
        if (!inFlight.write.done) {
          inFlight.write.done = true;
          inFlight.write.reject(new TransportError('DISCONNECTED', this.address, 'the device went away during a write'));
        }
      }
      const reason = error ?? new TransportError('NOT_OPEN', this.address, 'closed');
      for (const w of this.queue.splice(0)) {
        w.done = true;
        w.reject(reason);
      }
      this.writing = null;
      this.state = 'closed';
      if (error && this.listenerCount('error') > 0) this.emit('error', error);
      this.emit('close', error ? { requested, error } : { requested });
    })();
    return this.closing;
  }
}
