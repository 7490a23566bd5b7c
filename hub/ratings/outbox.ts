// The outbox of ratings for the provincial 好差评 platform. A rating (or a "not rated") is written to
// the outbox in the same SQLite transaction as its outcome record, so nothing is lost when the hub
// stops; a sender POSTs the due rows one by one and marks them sent on a 2xx (or 409: the platform has
// it already), retrying with capped exponential backoff while the platform is down or refuses. Every
// row has a stable id sent as the Idempotency-Key (and in the body): delivery is at least once, and
// the platform drops a repeat by that id.
import type { Logger } from 'pino';
import { backoffDelay } from '../../devices/backoff.js';
import type { HallConfig } from '../config/schema.js';
import type { RatingsStore, UploadRow } from '../store/ratings-store.js';

export type UploadConfig = NonNullable<HallConfig['ratingUpload']>;

export interface OutboxStats {
  pending: number;
  sent: number;
  /** Failed delivery attempts so far (all rows). */
  failedAttempts: number;
  oldestPendingAt: number | null;
  lastError: string | null;
  /** Where they go, or null when no platform is configured (rows wait). */
  endpoint: string | null;
}

export class RatingOutbox {
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<void> | null = null;
  private stopped = false;
  private lastError: string | null = null;

  constructor(
    private readonly store: RatingsStore,
    private readonly deps: { log: Logger; config: () => UploadConfig | undefined; env?: NodeJS.ProcessEnv; random?: () => number },
  ) {}

  /** Adds a message (call inside the caller's transaction); a second one with the same id is ignored. */
  enqueue(id: string, payload: object): void {
    const now = Date.now();
    this.store.enqueueUpload(id, JSON.stringify(payload), now);
  }

  /** Sends what is due every `everyMs` (and at once). */
  start(everyMs = 1000): void {
    if (this.timer || this.stopped) return;
    const tick = () => void this.pump();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    tick();
  }

  /** Asks for a send round now (after an enqueue). */
  kick(): void {
    if (!this.stopped) void this.pump();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pumping;
  }

  stats(): OutboxStats {
    return {
      ...this.store.uploadCounts(),
      lastError: this.lastError,
      endpoint: this.deps.config()?.url ?? null,
    };
  }

  /** One send round over the due rows, one at a time (in order); overlapping calls share the round. */
  pump(): Promise<void> {
    this.pumping ??= this.round().finally(() => (this.pumping = null));
    return this.pumping;
  }

  private async round(): Promise<void> {
    const config = this.deps.config();
    if (!config) return;
    const rows = this.store.uploadsDue(Date.now());
    for (const row of rows) {
      if (this.stopped) return;
      const error = await this.post(config, row);
      if (error === null) {
        this.store.markUploadSent(row.id, Date.now());
        continue;
      }
      this.lastError = error;
      const delay = backoffDelay(row.attempts, { initialMs: config.retryBaseMs, maxMs: config.retryMaxMs, factor: 2, jitter: 0.2 }, this.deps.random);
      this.store.markUploadFailed(row.id, Date.now() + delay, error);
      this.deps.log.warn({ id: row.id, attempts: row.attempts + 1, retryInMs: delay, err: error }, 'rating upload failed; will retry');
      // The platform is down or refusing: the rest of the round would fail the same way.
      return;
    }
  }

  /** null when the platform took it. */
  private async post(config: UploadConfig, row: UploadRow): Promise<string | null> {
    const token = config.tokenEnv ? (this.deps.env ?? process.env)[config.tokenEnv] : undefined;
    try {
      const res = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': row.id, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: row.payload,
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok || res.status === 409) return null;
      return `HTTP ${res.status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      return cause?.code ?? (e instanceof Error ? e.message : String(e));
    }
  }
}
