// Ships the hall's event log to the city's central service (central/), in order and in batches, from the
// central's high-water mark. At least once on the wire (a batch whose answer was lost is sent again),
// exactly once in PostgreSQL (the central keys events by hall and seq and ignores ones it has).
//
// The hall never waits for it: nothing here runs inside a command. It wakes when the hall commits
// events (or every heartbeatMs), reads at most one batch from the store (a bounded, indexed read of the
// append-only log: better-sqlite3 has no asynchronous reads, so the batch size bounds the pause), sends
// it, and backs off (capped, jittered) while the WAN or the central is down. After either side restarts
// it asks the central for its high-water mark again and goes on from there.
import type { Logger } from 'pino';
import type { Hall } from '../hall.js';
import { shippedEvent } from './sanitize.js';

export interface UpstreamSettings {
  url: string;
  token: string;
}

export interface ShipperTuning {
  batchSize?: number;
  /** An idle hub still reports (its last seq, follow-ups, devices) this often: the central's "is it alive". */
  heartbeatMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  timeoutMs?: number;
}

/** Hall-side facts that are not in the event log, sent with every batch. */
export interface HallStatus {
  followupsOverdue: number;
  devicesFaulty: number;
}

export type ShipperState = 'connecting' | 'shipping' | 'idle' | 'backoff' | 'refused' | 'stopped';

export interface ShipperStatus {
  state: ShipperState;
  url: string;
  /** The central's high-water mark as last heard. */
  centralSeq: number | null;
  hallSeq: number;
  lastError: string | null;
  batches: number;
  events: number;
}

/** Why the last exchange with the central failed, as a code (no URL, no text): /api/health shows it. */
export type UpstreamErrorCode = 'REFUSED' | 'TIMEOUT' | 'UNREACHABLE' | `HTTP_${number}`;

/** The shipper as the hall's health reports it (GET /api/health, the dashboard's overview). */
export interface UpstreamHealth {
  state: ShipperState;
  /** The last exchange with the central succeeded. */
  connected: boolean;
  /** Events the hall has that the central has not acknowledged (null before the first answer). */
  backlog: number | null;
  /** The central's high-water mark as last acknowledged (kept through outages). */
  lastShippedSeq: number | null;
  /** When the central last acknowledged anything (hall clock, ms). */
  lastContactAt: number | null;
  /** How old the oldest event not yet shipped is, in seconds (0 when caught up). */
  lagSeconds: number;
  lastErrorCode: UpstreamErrorCode | null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
  ) {
    super(`central answered ${status}: ${JSON.stringify(body?.error?.code ?? body)}`);
  }
}

export class Shipper {
  private state: ShipperState = 'connecting';
  private centralSeq: number | null = null;
  private lastError: string | null = null;
  private lastErrorCode: UpstreamErrorCode | null = null;
  private acked: number | null = null;
  private ackedAt: number | null = null;
  private batches = 0;
  private shippedEvents = 0;
  private failures = 0;
  private stopped = false;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();
  private readonly t: Required<ShipperTuning>;
  private readonly base: string;

  constructor(
    private readonly hall: Hall,
    private readonly settings: UpstreamSettings,
    private readonly log: Logger,
    private readonly hallStatus: () => HallStatus = () => ({ followupsOverdue: 0, devicesFaulty: 0 }),
    tuning: ShipperTuning = {},
  ) {
    this.t = { batchSize: 500, heartbeatMs: 15_000, retryBaseMs: 1_000, retryMaxMs: 60_000, timeoutMs: 15_000, ...tuning };
    this.base = settings.url.replace(/\/+$/, '');
  }

  start(): void {
    this.unsubscribe = this.hall.subscribe(() => this.wake?.());
    this.loop = this.run();
  }

  status(): ShipperStatus {
    return { state: this.state, url: this.base, centralSeq: this.centralSeq, hallSeq: this.hall.lastSeq, lastError: this.lastError, batches: this.batches, events: this.shippedEvents };
  }

  health(): UpstreamHealth {
    const hallSeq = this.hall.lastSeq;
    const backlog = this.acked === null ? null : Math.max(0, hallSeq - this.acked);
    // The oldest unshipped event's age: one indexed read of the log, only when behind.
    const oldest = backlog ? this.hall.store.eventsAfter(this.acked!, 1)[0] : undefined;
    return {
      state: this.state,
      connected: this.state === 'shipping' || this.state === 'idle',
      backlog,
      lastShippedSeq: this.acked,
      lastContactAt: this.ackedAt,
      lagSeconds: oldest ? Math.max(0, Math.round((this.hall.clock.now() - oldest.at) / 1000)) : 0,
      lastErrorCode: this.lastErrorCode,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    this.unsubscribe?.();
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let lastSent = 0;
    while (!this.stopped) {
      try {
        if (this.centralSeq === null) {
          // A retry after a refusal is still refused until the central takes the hall again: the health
          // says "refused" all along, not "connecting" between two refusals.
          this.state = this.lastErrorCode === 'REFUSED' ? 'refused' : 'connecting';
          const hw = await this.request('GET', '/api/ingest/high-water');
          this.centralSeq = Number(hw.lastSeq);
          this.ack(this.centralSeq);
          this.log.info({ central: this.base, centralSeq: this.centralSeq, hallSeq: this.hall.lastSeq }, 'upstream: connected to the central');
          // The central has more of this hall than the hall: its data was reset or another hub uses this
          // token. New events up to the central's mark would be taken for ones it has: say so loudly.
          if (this.centralSeq > this.hall.lastSeq)
            this.log.error({ centralSeq: this.centralSeq, hallSeq: this.hall.lastSeq }, 'upstream: the central holds more events of this hall than the hall itself (data reset, or a token shared by two hubs)');
        }
        const events = this.centralSeq < this.hall.lastSeq ? this.hall.store.eventsAfter(this.centralSeq, this.t.batchSize) : [];
        if (events.length === 0 && Date.now() - lastSent < this.t.heartbeatMs) {
          this.state = 'idle';
          await this.sleep(this.t.heartbeatMs - (Date.now() - lastSent), true);
          continue;
        }
        this.state = 'shipping';
        const hallId = this.hall.config.hall.id;
        const body = { hub: { lastSeq: this.hall.lastSeq, now: this.hall.clock.now(), ...this.hallStatus() }, events: events.map((e) => shippedEvent(hallId, e)) };
        const r = await this.request('POST', '/api/ingest/events', body);
        lastSent = Date.now();
        this.centralSeq = Number(r.lastSeq);
        this.ack(this.centralSeq);
        this.batches++;
        this.shippedEvents += Number(r.inserted ?? 0);
        if (this.failures > 0 || this.lastError) this.log.info({ centralSeq: this.centralSeq }, 'upstream: shipping again');
        this.failures = 0;
        this.lastError = null;
        this.lastErrorCode = null;
      } catch (e) {
        if (this.stopped) break;
        if (e instanceof HttpError && e.status === 409 && typeof e.body?.error?.params?.lastSeq === 'number') {
          // The central has less (or more) than we thought: go on from its mark.
          this.centralSeq = e.body.error.params.lastSeq;
          continue;
        }
        this.failures++;
        const refused = e instanceof HttpError && (e.status === 401 || e.status === 403);
        this.state = refused ? 'refused' : 'backoff';
        const message = (e as Error).message;
        if (message !== this.lastError) (refused ? this.log.error : this.log.warn).call(this.log, { central: this.base, err: message, failures: this.failures }, refused ? 'upstream: the central refuses this hall (token revoked or wrong)' : 'upstream: central unreachable, will retry');
        this.lastError = message;
        this.lastErrorCode = refused ? 'REFUSED' : e instanceof HttpError ? `HTTP_${e.status}` : (e as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'UNREACHABLE';
        // Whatever happened to the last batch, ask the central where it stands before sending again.
        this.centralSeq = null;
        const cap = refused ? this.t.retryMaxMs : Math.min(this.t.retryMaxMs, this.t.retryBaseMs * 2 ** Math.min(this.failures - 1, 16));
        await this.sleep(cap / 2 + Math.random() * (cap / 2), false);
      }
    }
    this.state = 'stopped';
  }

  private ack(seq: number): void {
    this.acked = seq;
    this.ackedAt = this.hall.clock.now();
  }

  /** Waits `ms`, or less when the hall commits events (if wakeOnEvents) or the shipper stops. */
  private sleep(ms: number, wakeOnEvents: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = wakeOnEvents ? done : () => this.stopped && done();
    });
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.settings.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.t.timeoutMs)]),
    });
    const text = await res.text();
    let parsed: any = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text.slice(0, 200);
    }
    if (!res.ok) throw new HttpError(res.status, parsed);
    return parsed;
  }
}

/** The central to ship to: HALL_CENTRAL_URL / HALL_CENTRAL_TOKEN, else the config's `central`. */
export function upstreamSettings(config: Hall['config'], env: NodeJS.ProcessEnv = process.env): UpstreamSettings | undefined {
  const url = env.HALL_CENTRAL_URL || config.central?.url;
  const token = env.HALL_CENTRAL_TOKEN || config.central?.token;
  return url && token ? { url, token } : undefined;
}
