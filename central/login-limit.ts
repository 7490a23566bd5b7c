// The central's login limiter (in memory: one process, and its managers are few). The hubs keep theirs in
// SQLite (hub/auth/lockouts.ts), where a restart must not hand out fresh guesses at a 4-digit PIN.
// Counts failed login attempts per key (a staff number, a user name, a client address) and locks the
// key out for the rest of the window once it reaches the limit. Successful logins clear their key.
import type { Clock } from '../hub/clock.js';

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly max = 5,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** 0 when the key may try; otherwise the milliseconds until it may. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.max) return 0;
    return recent[recent.length - this.max]! + this.windowMs - this.clock.now();
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now());
    this.failures.set(key, recent);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
