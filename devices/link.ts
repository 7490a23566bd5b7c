// A Link keeps one device (or one RS-485 bus) reachable over a transport factory: it connects,
// reconnects with backoff after every drop, writes frames from one queue with a gap between them,
// matches answers to requests, counts what it does, and says how healthy it is.
//
// DELIVERY GUARANTEE (what `send` and `request` promise about a frame's bytes):
// 1. Whole and in order. Frames are written one at a time, in the order send()/request() were called,
//    each with a single transport.write() of the whole frame; nothing else is written in between.
// 2. Never twice once handed over. A frame counts as delivered when transport.write() resolved,
//    i.e. the OS took all of its bytes (write(2) returned, the socket's write callback fired, the USB
//    transfer completed). Such a frame is never written again — not after a drop, not after a request
//    for it timed out.
// 3. Not lost while the link is down. A frame not yet handed over waits in the queue through any
//    number of drops and reconnects (bounded only by `maxQueue`, its `queueTimeoutMs`, or close()).
// 4. The frame being written when the link drops is written again, once. If its write() did not
//    resolve (it failed, or the device went away first), the same frame is the first one written after
//    the reconnect; if that second write fails too, its promise rejects (WRITE_FAILED) and the queue
//    moves on, so one poisonous frame cannot block a bus forever.
// What this cannot promise: bytes the OS took may still die in a kernel or socket buffer, in socat,
// in a USB-serial adapter's FIFO or in the device when the link drops at that moment (nothing tells
// the host). A frame whose first write failed part-way may leave a partial frame on the wire before
// its retry — the peer's parser drops it as garbage. Where end-to-end delivery matters, use request()
// with an answer from the device; a protocol with sequence numbers lets the device drop a repeat.
//
// A request's frame follows the same rules; its answer is the first incoming frame that `match`
// accepts within `timeoutMs` of the frame being handed over. While a request (exclusive, the default)
// waits for its answer no other frame is written: one outstanding question per half-duplex bus.
// If the link drops while waiting, the request rejects with DISCONNECTED and is not written again.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { BackoffOptions } from './backoff.js';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff.js';
import { LinkError, TransportError } from './errors.js';
import type { FrameParser } from './framing.js';
import { FrameReader } from './framing.js';
import type { DeviceLogger } from './logger.js';
import { silentLogger } from './logger.js';
import type { TransportDeps } from './transport/factory.js';
import { transportFactory } from './transport/factory.js';
import type { HealthReason } from './health-reason.js';
import { healthReason, sameReason } from './health-reason.js';
import type { DeviceAddress } from './transport/address.js';
import type { Transport, TransportCloseInfo, TransportFactory } from './transport/types.js';

export type HealthState = 'online' | 'offline' | 'degraded';

export interface LinkHealth {
  state: HealthState;
  /** Why it is offline or degraded (put into words where shown: ./health-reason.ts). */
  reason?: HealthReason;
  /** When this state began (epoch ms). */
  since: number;
}

export interface LinkStats {
  txBytes: number;
  rxBytes: number;
  txFrames: number;
  rxFrames: number;
  /** Incoming bytes the parser threw away as garbage (or partial frames at a reconnect). */
  rxDropped: number;
  /** Transport errors: failed opens, drops, failed writes. */
  errors: number;
  /** Requests that got no answer in time. */
  timeouts: number;
  /** Successful re-opens after a drop (the first open is not one). */
  reconnects: number;
  /** Frames written a second time because the first write did not complete. */
  writeRetries: number;
  lastError: { code: string; message: string; at: number } | null;
  /** When counting began (epoch ms). */
  since: number;
  queued: number;
  inFlight: boolean;
  connected: boolean;
}

export interface LinkEvents {
  /** Health changed: the new value and the one before. */
  health: [health: LinkHealth, previous: LinkHealth];
  online: [];
  offline: [error: TransportError | undefined];
  /** A parsed incoming frame that no pending request took. */
  frame: [frame: Buffer];
  /** Every incoming chunk, before parsing. */
  data: [chunk: Buffer];
  /** Every error met (for logs). Not named 'error', so a link nobody listens to never crashes the hub. */
  fault: [error: TransportError];
}

export interface LinkOptions {
  /** Makes a fresh transport per connection attempt (transportFactory(address) does). */
  transport: TransportFactory;
  /** For logs and errors; default: the first transport's address. */
  name?: string;
  /** Turns incoming bytes into frames; without one, each chunk is a frame. */
  parser?: FrameParser;
  /** Quiet time between two frames on the wire, counted from when the previous one was handed over. */
  interFrameGapMs?: number;
  /** Count the gap from when the previous frame left the host (serial: tcdrain) instead. */
  drainBeforeGap?: boolean;
  reconnect?: Partial<BackoffOptions> & {
    /** A connection that lasted this long resets the backoff to its first delay. */
    stableAfterMs?: number;
  };
  /** Frames waiting at most; more are refused with QUEUE_FULL. */
  maxQueue?: number;
  /** This many requests in a row without an answer make the link degraded. */
  degradeAfterTimeouts?: number;
  /** A write not handed over after this long makes the link degraded (printer out of paper, peer not reading). */
  stallAfterMs?: number;
  /** The answer timeout of request() when none is given. */
  requestTimeoutMs?: number;
  logger?: DeviceLogger;
  /** For tests: the jitter's random source. */
  random?: () => number;
}

export interface SendOptions {
  /** Give up (TIMEOUT) if the frame has not started being written within this long. */
  queueTimeoutMs?: number;
}

export interface RequestOptions extends SendOptions {
  /** Is this incoming frame the answer? */
  match: (frame: Buffer) => boolean;
  /** How long to wait for the answer once the frame was handed over. */
  timeoutMs?: number;
  /** Hold the queue until the answer or the timeout (default true: half-duplex buses). */
  exclusive?: boolean;
}

interface Item {
  bytes: Buffer;
  attempts: number;
  resolve: (v: Buffer | undefined) => void;
  reject: (e: TransportError) => void;
  request?: RequestOptions;
  queueTimer?: NodeJS.Timeout;
}

interface Awaiting {
  item: Item;
  match: (frame: Buffer) => boolean;
  timer?: NodeJS.Timeout;
  exclusive: boolean;
  /** The answer came (possibly while the frame was still being written). */
  answered?: boolean;
}

const now = () => Date.now();

export class Link extends EventEmitter<LinkEvents> {
  readonly name: string;
  private readonly factory: TransportFactory;
  private readonly log: DeviceLogger;
  private readonly gapMs: number;
  private readonly drainBeforeGap: boolean;
  private readonly backoff: BackoffOptions;
  private readonly stableAfterMs: number;
  private readonly maxQueue: number;
  private readonly degradeAfterTimeouts: number;
  private readonly stallAfterMs: number;
  private readonly requestTimeoutMs: number;
  private readonly random: () => number;
  private readonly reader: FrameReader;

  private started = false;
  private closed = false;
  private transport: Transport | null = null;
  private connected = false;
  private everConnected = false;
  private openedAt = 0;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly queue: Item[] = [];
  private inFlight: Item | null = null;
  private pumping = false;
  private readonly awaiting: Awaiting[] = [];
  private holding: Awaiting | null = null;
  private lastWriteEnd = -Infinity;
  private consecutiveTimeouts = 0;
  private stallTimer: NodeJS.Timeout | null = null;
  private readonly degraded = new Map<'timeouts' | 'stall', HealthReason>();
  /** Why it is offline: in words for error messages and logs, and as the health's code. */
  private offlineReason = 'not connected yet';
  private offlineCode: HealthReason = healthReason('CONNECTING');
  private current: LinkHealth;
  private readonly counters = {
    txBytes: 0,
    rxBytes: 0,
    txFrames: 0,
    rxFrames: 0,
    rxDropped: 0,
    errors: 0,
    timeouts: 0,
    reconnects: 0,
    writeRetries: 0,
    lastError: null as LinkStats['lastError'],
    since: now(),
  };

  constructor(options: LinkOptions) {
    super();
    this.factory = options.transport;
    this.name = options.name ?? 'link';
    this.log = options.logger ?? silentLogger;
    this.gapMs = Math.max(0, options.interFrameGapMs ?? 0);
    this.drainBeforeGap = options.drainBeforeGap ?? false;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.stableAfterMs = options.reconnect?.stableAfterMs ?? 5000;
    this.maxQueue = options.maxQueue ?? 1000;
    this.degradeAfterTimeouts = Math.max(1, options.degradeAfterTimeouts ?? 3);
    this.stallAfterMs = options.stallAfterMs ?? 5000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 1000;
    this.random = options.random ?? Math.random;
    this.reader = new FrameReader(
      options.parser,
      (f) => this.onFrame(f),
      (n) => (this.counters.rxDropped += n),
    );
    this.current = { state: 'offline', reason: this.offlineCode, since: now() };
  }

  /** Starts connecting (and keeps reconnecting until close()). */
  start(): this {
    if (this.started || this.closed) return this;
    this.started = true;
    void this.connect();
    return this;
  }

  get health(): LinkHealth {
    return { ...this.current };
  }

  get isOnline(): boolean {
    return this.connected;
  }

  stats(): LinkStats {
    return { ...this.counters, queued: this.queue.length, inFlight: this.inFlight !== null, connected: this.connected };
  }

  /** Resolves when the link is connected (at once if it is); TIMEOUT after `timeoutMs`. */
  whenOnline(timeoutMs = 10_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('online', on);
        reject(new LinkError('TIMEOUT', this.name, `not online within ${timeoutMs} ms (${this.offlineReason})`));
      }, timeoutMs);
      const on = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('online', on);
    });
  }

  /** Queues a frame; resolves when it was handed to the OS whole (see the guarantee above). */
  send(frame: Uint8Array, options: SendOptions = {}): Promise<void> {
    return this.enqueue(frame, options).then(() => undefined);
  }

  /** Queues a frame and resolves with the first incoming frame that `match` accepts. */
  request(frame: Uint8Array, options: RequestOptions): Promise<Buffer> {
    return this.enqueue(frame, options, options).then((answer) => answer!);
  }

  private enqueue(frame: Uint8Array, options: SendOptions, request?: RequestOptions): Promise<Buffer | undefined> {
    if (this.closed) return Promise.reject(new LinkError('CLOSED', this.name, 'the link is closed'));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new LinkError('QUEUE_FULL', this.name, `${this.queue.length} frames are waiting already (${this.offlineReason})`));
    }
    return new Promise<Buffer | undefined>((resolve, reject) => {
      const item: Item = { bytes: Buffer.from(frame), attempts: 0, resolve, reject };
      if (request) item.request = request;
      if (options.queueTimeoutMs !== undefined) {
        item.queueTimer = setTimeout(() => {
          const i = this.queue.indexOf(item);
          if (i < 0 || this.inFlight === item) return;
          this.queue.splice(i, 1);
          reject(new LinkError('TIMEOUT', this.name, `not written within ${options.queueTimeoutMs} ms (${this.connected ? 'queue busy' : this.offlineReason})`));
        }, options.queueTimeoutMs);
      }
      this.queue.push(item);
      void this.pump();
    });
  }

  /**
   * Stops the link: waiting frames and requests reject with CLOSED, the transport closes, no more
   * reconnects. With `flushTimeoutMs`, first waits up to that long for the queue to empty.
   */
  async close(options: { flushTimeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    if (options.flushTimeoutMs && this.connected) {
      const until = performance.now() + options.flushTimeoutMs;
      while ((this.queue.length > 0 || this.holding) && this.connected && performance.now() < until) await sleep(5);
    }
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const closedError = () => new LinkError('CLOSED', this.name, 'the link was closed');
    for (const item of this.queue.splice(0)) {
      if (item === this.inFlight) {
        this.queue.push(item); // its write settles when the transport closes
        continue;
      }
      clearTimeout(item.queueTimer);
      item.reject(closedError());
    }
    for (const a of this.awaiting.splice(0)) {
      clearTimeout(a.timer);
      a.item.reject(closedError());
    }
    this.holding = null;
    this.offlineReason = 'closed';
    this.offlineCode = healthReason('CLOSED');
    const t = this.transport;
    if (t) await t.close();
    this.transport = null;
    this.connected = false;
    this.clearStall();
    this.reader.dispose();
    this.updateHealth();
  }

  // ---- connection ----

  private async connect(): Promise<void> {
    this.reconnectTimer = null;
    if (this.closed || this.transport) return;
    let t: Transport;
    try {
      t = this.factory();
    } catch (e) {
      const err = e instanceof TransportError ? e : new LinkError('OPEN_FAILED', this.name, String(e));
      this.fault(err);
      this.offlineFor(err);
      this.updateHealth();
      // A bad address does not get better by waiting.
      if (err.code !== 'ADDRESS_INVALID') this.scheduleReconnect();
      return;
    }
    this.transport = t;
    t.on('data', (chunk) => this.onData(t, chunk));
    t.on('error', () => {}); // reported through 'close'
    t.on('close', (info) => this.onTransportClose(t, info));
    try {
      await t.open();
    } catch (e) {
      if (this.transport === t) this.transport = null;
      if (this.closed) return;
      const err = e instanceof TransportError ? e : new LinkError('OPEN_FAILED', t.address, String(e));
      this.fault(err);
      this.offlineFor(err);
      this.updateHealth();
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await t.close();
      return;
    }
    this.connected = true;
    this.openedAt = performance.now();
    this.reader.reset();
    if (this.everConnected) this.counters.reconnects += 1;
    this.everConnected = true;
    this.log.info({ link: this.name, address: t.address, reconnects: this.counters.reconnects }, 'device link online');
    this.updateHealth();
    this.emit('online');
    void this.pump();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = backoffDelay(this.attempt, this.backoff, this.random);
    this.attempt += 1;
    this.log.debug({ link: this.name, delayMs: delay, attempt: this.attempt }, 'device link reconnecting');
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private onTransportClose(t: Transport, info: TransportCloseInfo): void {
    if (t !== this.transport) return;
    this.transport = null;
    const wasConnected = this.connected;
    this.connected = false;
    if (info.error) this.fault(info.error);
    if (info.error) this.offlineFor(info.error);
    else {
      this.offlineReason = this.closed ? 'closed' : 'connection closed';
      this.offlineCode = healthReason(this.closed ? 'CLOSED' : 'DISCONNECTED');
    }
    // Requests whose frame was handed over: it is not written again, so they fail now.
    for (const a of this.awaiting.splice(0)) {
      if (a.item === this.inFlight) {
        this.awaiting.push(a); // still being written: handled when its write settles
        continue;
      }
      clearTimeout(a.timer);
      a.item.reject(new LinkError('DISCONNECTED', this.name, `the link dropped before the answer came (${this.offlineReason})`));
    }
    this.holding = null;
    this.clearStall();
    this.reader.reset();
    if (wasConnected) this.log.warn({ link: this.name, address: t.address, err: this.offlineReason }, 'device link offline');
    this.updateHealth();
    if (wasConnected) this.emit('offline', info.error);
    if (!this.closed) {
      if (wasConnected && performance.now() - this.openedAt >= this.stableAfterMs) this.attempt = 0;
      this.scheduleReconnect();
    }
  }

  // ---- writing ----

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed && this.connected && this.queue.length > 0 && !this.holding) {
        // Timers may fire a fraction of a millisecond early (libuv's cached loop time): sleep again
        // until the gap has really passed.
        for (let wait = this.lastWriteEnd + this.gapMs - performance.now(); wait > 0; wait = this.lastWriteEnd + this.gapMs - performance.now()) {
          await sleep(Math.ceil(wait));
        }
        // One turn of the event loop: a drop that already happened (a peer's FIN, a hung-up pty) is
        // seen before the next frame is handed to a dead connection.
        await nextTurn();
        const t = this.transport;
        const item = this.queue[0];
        if (!t || !this.connected || this.closed || this.holding || !item) break;
        item.attempts += 1;
        if (item.attempts > 1) this.counters.writeRetries += 1;
        clearTimeout(item.queueTimer);
        this.inFlight = item;
        let awaiting: Awaiting | undefined;
        if (item.request) {
          // Listen before writing: a quick device may answer before the write callback runs.
          awaiting = { item, match: item.request.match, exclusive: item.request.exclusive ?? true };
          this.awaiting.push(awaiting);
        }
        this.startStall();
        let failure: TransportError | undefined;
        try {
          await t.write(item.bytes);
        } catch (e) {
          failure = e instanceof TransportError ? e : new LinkError('WRITE_FAILED', t.address, String(e));
        }
        this.clearStall();
        this.inFlight = null;
        if (!failure) {
          this.queue.shift();
          this.counters.txFrames += 1;
          this.counters.txBytes += item.bytes.length;
          if (this.drainBeforeGap) await t.drain().catch(() => {});
          this.lastWriteEnd = performance.now();
          if (awaiting) this.armRequest(awaiting);
          else item.resolve(undefined);
          continue;
        }
        if (awaiting) {
          const i = this.awaiting.indexOf(awaiting);
          if (i >= 0) this.awaiting.splice(i, 1);
        }
        if (failure.code !== 'NOT_OPEN') this.fault(failure);
        if (awaiting?.answered) {
          // The device answered, so it has the frame: it is not written again.
          this.queue.shift();
        } else if (this.closed) {
          this.queue.shift();
          item.reject(new LinkError('CLOSED', this.name, 'the link was closed during the write'));
        } else if (item.attempts >= 2) {
          this.queue.shift();
          item.reject(new LinkError('WRITE_FAILED', this.name, `not handed over after ${item.attempts} attempts: ${failure.message}`, { cause: failure }));
        }
        // Otherwise the frame stays first in the queue and is written again after the reconnect.
        // A failed write ends the connection (the transport closes itself; make sure).
        if (this.transport === t && t.isOpen) void t.close();
        break;
      }
    } finally {
      this.pumping = false;
    }
    // A frame may have been queued, or the hold released, while the loop was finishing.
    if (!this.closed && this.connected && this.queue.length > 0 && !this.holding) void this.pump();
  }

  private armRequest(a: Awaiting): void {
    if (!this.awaiting.includes(a)) return; // answered during the write
    const timeoutMs = a.item.request?.timeoutMs ?? this.requestTimeoutMs;
    if (a.exclusive) this.holding = a;
    a.timer = setTimeout(() => {
      const i = this.awaiting.indexOf(a);
      if (i < 0) return;
      this.awaiting.splice(i, 1);
      this.counters.timeouts += 1;
      this.consecutiveTimeouts += 1;
      const err = new LinkError('TIMEOUT', this.name, `no answer within ${timeoutMs} ms`);
      this.counters.lastError = { code: err.code, message: err.message, at: now() };
      this.emit('fault', err);
      if (this.consecutiveTimeouts >= this.degradeAfterTimeouts) {
        this.degraded.set('timeouts', healthReason('NO_ANSWER', { count: this.consecutiveTimeouts }));
        this.updateHealth();
      }
      if (this.holding === a) this.holding = null;
      a.item.reject(err);
      void this.pump();
    }, timeoutMs);
  }

  private startStall(): void {
    this.clearStall();
    if (this.stallAfterMs <= 0) return;
    this.stallTimer = setTimeout(() => {
      this.degraded.set('stall', healthReason('WRITE_STALLED', { ms: this.stallAfterMs }));
      this.updateHealth();
    }, this.stallAfterMs);
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (this.degraded.delete('stall')) this.updateHealth();
  }

  // ---- reading ----

  private onData(t: Transport, chunk: Buffer): void {
    if (t !== this.transport) return;
    this.counters.rxBytes += chunk.length;
    this.emit('data', chunk);
    this.reader.push(chunk);
  }

  private onFrame(frame: Buffer): void {
    this.counters.rxFrames += 1;
    for (let i = 0; i < this.awaiting.length; i++) {
      const a = this.awaiting[i]!;
      let ok = false;
      try {
        ok = a.match(frame);
      } catch {
        ok = false;
      }
      if (!ok) continue;
      this.awaiting.splice(i, 1);
      a.answered = true;
      clearTimeout(a.timer);
      this.consecutiveTimeouts = 0;
      if (this.degraded.delete('timeouts')) this.updateHealth();
      if (this.holding === a) this.holding = null;
      a.item.resolve(frame);
      void this.pump();
      return;
    }
    this.emit('frame', frame);
  }

  // ---- health and faults ----

  private fault(err: TransportError): void {
    this.counters.errors += 1;
    this.counters.lastError = { code: err.code, message: err.message, at: now() };
    this.emit('fault', err);
  }

  /** Offline because of this error: its code (and message, as the detail) is the health's reason. */
  private offlineFor(err: TransportError): void {
    this.offlineReason = err.message;
    this.offlineCode = healthReason(err.code, { detail: err.message });
  }

  private updateHealth(): void {
    let next: Omit<LinkHealth, 'since'>;
    if (!this.connected) next = { state: 'offline', reason: this.offlineCode };
    // The first degradation that began (a stalled write, or requests without answers) is the reason.
    else if (this.degraded.size > 0) next = { state: 'degraded', reason: [...this.degraded.values()][0]! };
    else next = { state: 'online' };
    if (next.state === this.current.state && sameReason(next.reason, this.current.reason)) return;
    const previous = this.current;
    this.current = { ...next, since: now() };
    this.emit('health', this.health, previous);
  }
}

/** A link to an address (parsed now: ADDRESS_INVALID throws here), started. */
export function openLink(address: string | DeviceAddress, options: Omit<LinkOptions, 'transport'> & { deps?: TransportDeps } = {}): Link {
  const { deps, ...rest } = options;
  const factory = transportFactory(address, { ...deps, ...(rest.logger && !deps?.log ? { log: rest.logger } : {}) });
  const name = rest.name ?? (typeof address === 'string' ? address : address.kind);
  return new Link({ ...rest, name, transport: factory }).start();
}
