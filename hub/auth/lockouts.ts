// Login failures and lockouts, kept in SQLite so a restart does not hand out fresh guesses, and keyed
// so that a stranger cannot lock staff out everywhere:
//
//   account+client  5 failures within 10 minutes lock this account *from this client* (a counter PC, or
//                   the real client behind a trusted proxy): 10 minutes, then 20, 40, … up to a day.
//                   A stranger at the kiosk corner locks 1001 out of the kiosk corner, not out of counter 1.
//   account         20 failures from anywhere lock the account against distributed guessing — but not
//                   from clients where it logged in successfully in the last 30 days, so the staff
//                   member's own counter PC still works while someone elsewhere tries their number.
//   client          20 failures from one client, whatever the accounts, lock that client (one PC trying
//                   every staff number).
//
// A success clears the account+client key (and its lockout history); a manager can lift any lockout.
// Nothing grows in memory: rows live in SQLite and are forgotten a day after their last failure (unless
// still locked); the only map in memory counts logins being checked right now (so parallel guesses
// cannot all slip in before the first failure is recorded) and empties as they finish.
import type { Clock } from '../clock.js';
import type { LoginFailuresStore } from '../store/login-failures-store.js';

export type LimitScope = 'account-client' | 'account' | 'client';

interface Rule {
  max: number;
  baseMs: number;
}

export const RULES: Record<LimitScope, Rule> = {
  'account-client': { max: 5, baseMs: 10 * 60_000 },
  account: { max: 20, baseMs: 10 * 60_000 },
  client: { max: 20, baseMs: 10 * 60_000 },
};
/** Failures further apart than this start a new count. */
export const WINDOW_MS = 10 * 60_000;
export const MAX_LOCK_MS = 24 * 3_600_000;
/** A key without failures for a day is forgotten (with its lockout history). */
export const FORGET_MS = 24 * 3_600_000;
/** A client with a successful login for an account in this time is exempt from that account's account-wide lock. */
export const KNOWN_CLIENT_MS = 30 * 24 * 3_600_000;

export interface Lockout {
  key: string;
  scope: LimitScope;
  account: string | null;
  client: string | null;
  failures: number;
  lockouts: number;
  lockedUntil: number;
  lastAt: number;
}

export interface LimitRow {
  key: string;
  scope: LimitScope;
  account: string | null;
  client: string | null;
  failures: number;
  lastAt: number;
  lockouts: number;
  lockedUntil: number | null;
}

/** The same client however it connected: IPv4-mapped IPv6 ("::ffff:10.0.0.5") as plain IPv4. */
export function normalClient(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export interface LimitKey {
  key: string;
  scope: LimitScope;
  account: string | null;
  client: string | null;
}

/** The keys one login attempt counts against, account+client first. */
export function keysOf(account: string, client: string): LimitKey[] {
  return [
    { key: `account-client:${account}@${client}`, scope: 'account-client', account, client },
    { key: `account:${account}`, scope: 'account', account, client: null },
    { key: `client:${client}`, scope: 'client', account: null, client },
  ];
}

// The rule, whatever the store keeps the rows in (SQLite here, PostgreSQL on the city's central:
// central/login-limits.ts): pure functions of the stored rows and the time.

/**
 * How long `account` must wait from `client` now (0: it may try): the longest lockout in force on its
 * keys (`rows` in keysOf order), an account-wide one not counting from a client it logged in from lately.
 * Guesses already being checked (`inFlight` for the account+client key) count as failures until they
 * are known not to be, so parallel guesses cannot all slip in before the first failure is recorded.
 */
export function lockWaitMs(rows: Array<LimitRow | undefined>, knownClient: boolean, inFlight: number, now: number): number {
  let wait = 0;
  for (const r of rows) {
    if (!r?.lockedUntil || r.lockedUntil <= now) continue;
    if (r.scope === 'account' && knownClient) continue;
    wait = Math.max(wait, r.lockedUntil - now);
  }
  if (wait === 0) {
    const r = rows[0];
    const recent = r && r.lastAt > now - WINDOW_MS ? r.failures : 0;
    if (recent + inFlight >= RULES['account-client'].max) wait = 1000;
  }
  return wait;
}

/** One more failure on key `k` (stored as `old`): the row to store, and the lockout it starts if any. */
export function afterFailure(k: LimitKey, old: LimitRow | undefined, now: number): { row: LimitRow; started: Lockout | null } {
  const fresh = !old || old.lastAt <= now - WINDOW_MS;
  const r: LimitRow = old ? { ...old } : { ...k, failures: 0, lastAt: now, lockouts: 0, lockedUntil: null };
  r.failures = (fresh ? 0 : r.failures) + 1;
  r.lastAt = now;
  const rule = RULES[k.scope];
  let started: Lockout | null = null;
  if (r.failures >= rule.max && !(r.lockedUntil && r.lockedUntil > now)) {
    // Progressive: each lockout of this key lasts twice as long as the one before, up to a day.
    r.lockedUntil = now + Math.min(MAX_LOCK_MS, rule.baseMs * 2 ** r.lockouts);
    r.lockouts += 1;
    r.failures = 0;
    started = { key: r.key, scope: r.scope, account: r.account, client: r.client, failures: rule.max, lockouts: r.lockouts, lockedUntil: r.lockedUntil, lastAt: now };
  }
  return { row: r, started };
}

/** Logins being checked now, per account+client key: bounded by the requests in flight. */
export class InFlightLogins {
  private readonly counts = new Map<string, number>();

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Marks a login as being checked; call the returned function when it is decided. */
  begin(key: string): () => void {
    this.counts.set(key, this.count(key) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = this.count(key) - 1;
      if (n <= 0) this.counts.delete(key);
      else this.counts.set(key, n);
    };
  }
}

export class LoginLimits {
  private readonly inFlight = new InFlightLogins();

  constructor(
    private readonly store: LoginFailuresStore,
    private readonly clock: Clock,
  ) {}

  private row(key: string): LimitRow | undefined {
    return this.store.row(key);
  }

  /** 0 when `account` may try from `client` now; else the milliseconds until it may. */
  retryAfterMs(account: string, client: string): number {
    const now = this.clock.now();
    const keys = keysOf(account, client);
    const known = this.store.isKnownClient(account, client, now - KNOWN_CLIENT_MS);
    return lockWaitMs(keys.map((k) => this.row(k.key)), known, this.inFlight.count(keys[0]!.key), now);
  }

  /** Marks a login as being checked; call the returned function when it is decided. */
  begin(account: string, client: string): () => void {
    return this.inFlight.begin(keysOf(account, client)[0]!.key);
  }

  /** Records a failure on every key; returns the lockouts it started (for the audit log). */
  failed(account: string, client: string): Lockout[] {
    const now = this.clock.now();
    const started: Lockout[] = [];
    this.store.transaction(() => {
      for (const k of keysOf(account, client)) {
        const { row, started: lockout } = afterFailure(k, this.row(k.key), now);
        if (lockout) started.push(lockout);
        this.store.put(row);
      }
    });
    return started;
  }

  /** A successful login: this account+client starts afresh and the client is known for the account. */
  succeeded(account: string, client: string): void {
    this.store.transaction(() => {
      this.store.delete(keysOf(account, client)[0]!.key);
      this.store.markKnownClient(account, client, this.clock.now());
    });
  }

  /** The lockouts in force now. */
  locked(): Lockout[] {
    return this.store.lockedAfter(this.clock.now()).map((r) => ({ ...r, lockedUntil: r.lockedUntil! }));
  }

  /** Lifts a lockout (and forgets its failures and history); false if there was none. */
  lift(key: string): Lockout | undefined {
    const r = this.row(key);
    if (!r?.lockedUntil || r.lockedUntil <= this.clock.now()) return undefined;
    this.store.delete(key);
    return { ...r, lockedUntil: r.lockedUntil };
  }

  /** Forgets keys idle for a day and clients not seen for 30 days (run by the hall's periodic timer). */
  prune(): void {
    const now = this.clock.now();
    this.store.prune(now - FORGET_MS, now);
    this.store.pruneKnownClients(now - KNOWN_CLIENT_MS);
  }

  /** How many keys are stored (for tests of the bound). */
  size(): number {
    return this.store.count();
  }
}
