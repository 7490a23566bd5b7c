// The bus scheduler: many LED screens on one RS-485 bus (one Link), each by its bus address. It keeps,
// per screen, the content the screen should show now and at most one unsent frame:
//
// - a call goes before routine refreshes (a citizen is walking to the counter; an idle text can wait);
// - newer content for a screen replaces its unsent older one (a burst of state changes sends one frame);
// - resendAll() queues every screen's current content (after a reconnect, a hub restart, a resync);
// - a screen that does not answer (where the protocol answers) is reported and tried again later;
// - content whose frame cannot be made (too long for the protocol: content.ts fits it first, so this
//   is a last defence) is dropped, never queued again: the screen is reported until its next content
//   goes out.
//
// It writes one frame at a time and waits for it (the Link's answer, or the frame handed to the OS)
// before choosing the next, so that the choice is made as late as possible: frames never pile up in
// the Link's queue where they could no longer be replaced or reordered.
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../devices/backoff.js';
import { EventEmitter } from 'node:events';
import type { ScreenContent } from './codecs/types.js';
import type { DeviceLogger } from '../devices/logger.js';
import { silentLogger } from '../devices/logger.js';

export type Priority = 'call' | 'routine';

/** 'ok': shown (answered, or handed over on a protocol without answers); 'no-answer': the screen stayed silent. */
export type DeliveryResult = 'ok' | 'no-answer';

/** deliver() could not make a frame of the content (the codec refused it): sending it again cannot help. */
export class UnencodableContentError extends Error {
  override readonly name = 'UnencodableContentError';
  constructor(
    readonly address: number,
    override readonly cause: unknown,
  ) {
    super(`screen ${address}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** One macrotask turn: timers, I/O and other work run before the scheduler goes on. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface BusSchedulerOptions {
  /**
   * Encodes and writes one screen's content; rejects with UnencodableContentError when no frame can be
   * made of it (the content is dropped), with anything else on link errors (the frame is queued again).
   */
  deliver(address: number, content: ScreenContent): Promise<DeliveryResult>;
  /** Whether the bus is up; the scheduler waits for kick() while it is not. */
  isOnline(): boolean;
  /** A silent screen is tried again after this long (default 15 s). */
  retryMs?: number;
  log?: DeviceLogger;
}

export interface SchedulerEvents {
  /** A screen stopped or started answering. */
  answering: [address: number, answering: boolean];
  /** A frame went out: address, priority, result (for counters and tests). */
  sent: [address: number, priority: Priority, result: DeliveryResult];
  /** A screen's content could not be encoded (true; it was dropped), or its newer content went out (false). */
  unencodable: [address: number, unencodable: boolean, reason: string];
}

interface Pending {
  content: ScreenContent;
  priority: Priority;
  /** Order of arrival, for fairness within a priority. */
  order: number;
}

export class BusScheduler extends EventEmitter<SchedulerEvents> {
  private readonly current = new Map<number, ScreenContent>();
  private readonly pending = new Map<number, Pending>();
  private readonly silent = new Set<number>();
  /** Screens whose last content could not be encoded, with why. */
  private readonly tooLong = new Map<number, string>();
  private readonly retryTimers = new Map<number, NodeJS.Timeout>();
  /** Deliveries refused in a row while the bus said it was up (backs the pump off). */
  private failedInARow = 0;
  private readonly retryMs: number;
  private readonly log: DeviceLogger;
  private order = 0;
  private pumping = false;
  private stopped = false;
  readonly counts = { sent: 0, calls: 0, coalesced: 0, noAnswer: 0, failed: 0, unencodable: 0 };

  constructor(private readonly options: BusSchedulerOptions) {
    super();
    this.retryMs = options.retryMs ?? 15_000;
    this.log = options.log ?? silentLogger;
  }

  /** The content a screen should show now (what resendAll() sends). */
  contentOf(address: number): ScreenContent | undefined {
    return this.current.get(address);
  }

  /** Screens that did not answer their last frame. */
  get silentScreens(): number[] {
    return [...this.silent].sort((a, b) => a - b);
  }

  /** Screens whose last content could not be encoded (dropped), with the codec's reason. */
  get unencodableScreens(): Array<{ address: number; reason: string }> {
    return [...this.tooLong].sort(([a], [b]) => a - b).map(([address, reason]) => ({ address, reason }));
  }

  get queued(): number {
    return this.pending.size;
  }

  /**
   * Sets what a screen shows. Unchanged content is not sent again unless `force` (a recall shows the
   * same text but must flash again). A call keeps its priority when routine content replaces it before
   * it went out: the screen still changes because of a call.
   */
  set(address: number, content: ScreenContent, priority: Priority = 'routine', force = false): void {
    if (this.stopped) return;
    const same = JSON.stringify(this.current.get(address)) === JSON.stringify(content);
    this.current.set(address, content);
    if (same && !force) return; // already shown, or already waiting to be sent
    const old = this.pending.get(address);
    if (old) this.counts.coalesced += 1;
    const p: Priority = priority === 'call' || old?.priority === 'call' ? 'call' : 'routine';
    this.pending.set(address, { content, priority: p, order: old?.order ?? this.order++ });
    this.kick();
  }

  /** Queues every screen's current content again (routine), e.g. after a reconnect. */
  resendAll(): void {
    for (const [address, content] of this.current) {
      const old = this.pending.get(address);
      this.pending.set(address, { content, priority: old?.priority ?? 'routine', order: old?.order ?? this.order++ });
    }
    this.kick();
  }

  /** Starts writing if there is something to write and the bus is up (call it when the link comes online). */
  kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      // Something arrived while the last write finished.
      if (this.pending.size && this.options.isOnline() && !this.stopped) this.kick();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.retryTimers.values()) clearTimeout(t);
    this.retryTimers.clear();
    this.pending.clear();
  }

  private next(): [number, Pending] | undefined {
    let best: [number, Pending] | undefined;
    for (const entry of this.pending) {
      const [, p] = entry;
      if (!best) best = entry;
      else if (p.priority !== best[1].priority) {
        if (p.priority === 'call') best = entry;
      } else if (p.order < best[1].order) best = entry;
    }
    return best;
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.options.isOnline()) {
      const picked = this.next();
      if (!picked) return;
      const [address, item] = picked;
      this.pending.delete(address);
      let result: DeliveryResult;
      try {
        result = await this.options.deliver(address, item.content);
      } catch (err) {
        if (err instanceof UnencodableContentError) {
          // Sending it again would fail again: drop it (the screen keeps what it showed) and go on
          // with the other screens. Logged once, until newer content for this screen goes out.
          this.counts.unencodable += 1;
          if (!this.tooLong.has(address)) {
            const reason = err.cause instanceof Error ? err.cause.message : String(err.cause);
            this.tooLong.set(address, reason);
            this.log.error({ err: err.cause, address, lines: item.content.lines.length }, 'screen content cannot be encoded; dropped');
            this.emit('unencodable', address, true, reason);
          }
        } else {
          this.counts.failed += 1;
          this.log.warn({ err, address }, 'screen frame not delivered; it goes out again when the bus is back');
          // Unless something newer came meanwhile, the same content waits for the next chance.
          if (!this.pending.has(address) && !this.stopped) this.pending.set(address, item);
          if (!this.options.isOnline()) return;
          // The bus says it is up but refuses frames (a full queue, a stalled write): wait a little,
          // longer each time, rather than spin on it.
          this.failedInARow += 1;
          await sleep(backoffDelay(this.failedInARow - 1, { initialMs: 25, maxMs: 1000, factor: 2, jitter: 0 }));
          continue;
        }
        // Never go round again without letting the rest of the process run.
        await yieldToEventLoop();
        continue;
      }
      const was = this.tooLong.get(address);
      if (was !== undefined) {
        this.tooLong.delete(address);
        this.emit('unencodable', address, false, was);
      }
      this.failedInARow = 0;
      this.counts.sent += 1;
      if (item.priority === 'call') this.counts.calls += 1;
      this.emit('sent', address, item.priority, result);
      if (result === 'ok') {
        if (this.silent.delete(address)) this.emit('answering', address, true);
      } else {
        this.counts.noAnswer += 1;
        if (!this.silent.has(address)) {
          this.silent.add(address);
          this.emit('answering', address, false);
        }
        this.retryLater(address);
      }
    }
  }

  private retryLater(address: number): void {
    if (this.retryTimers.has(address)) return;
    const t = setTimeout(() => {
      this.retryTimers.delete(address);
      const content = this.current.get(address);
      if (content && !this.pending.has(address) && this.silent.has(address)) {
        this.pending.set(address, { content, priority: 'routine', order: this.order++ });
        this.kick();
      }
    }, this.retryMs);
    t.unref?.();
    this.retryTimers.set(address, t);
  }
}
