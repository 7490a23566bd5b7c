// The central's login failures and lockouts, in PostgreSQL: the hub's rule (hub/auth/lockouts.ts: per
// account+client, account and client, doubling lockouts up to a day, known clients exempt from the
// account-wide lock) with PostgreSQL for its store, so a restart of the central (or a second central
// behind the proxy) does not hand out fresh guesses at a manager's password.
import type { Clock } from '../hub/clock.js';
import {
  afterFailure,
  FORGET_MS,
  InFlightLogins,
  keysOf,
  KNOWN_CLIENT_MS,
  lockWaitMs,
  normalClient,
  type LimitRow,
  type Lockout,
} from '../hub/auth/lockouts.js';
import { inTransaction, type Pool, type PoolClient } from './db.js';

const COLS = `key, scope, account, client, failures, last_at AS "lastAt", lockouts, locked_until AS "lockedUntil"`;

export class PgLoginLimits {
  private readonly inFlight = new InFlightLogins();

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  private async rows(q: Pool | PoolClient, account: string, client: string, lock = false): Promise<Array<LimitRow | undefined>> {
    const keys = keysOf(account, client).map((k) => k.key);
    const r = await q.query<LimitRow>(`SELECT ${COLS} FROM central_login_failures WHERE key = ANY($1)${lock ? ' FOR UPDATE' : ''}`, [keys]);
    return keys.map((k) => r.rows.find((x) => x.key === k));
  }

  /** 0 when `account` may try from `client` now; else the milliseconds until it may. */
  async retryAfterMs(account: string, address: string): Promise<number> {
    const client = normalClient(address);
    const now = this.clock.now();
    const [rows, known] = await Promise.all([
      this.rows(this.pool, account, client),
      this.pool.query('SELECT 1 FROM central_login_known_clients WHERE account = $1 AND client = $2 AND last_ok_at > $3', [account, client, now - KNOWN_CLIENT_MS]),
    ]);
    return lockWaitMs(rows, known.rowCount! > 0, this.inFlight.count(keysOf(account, client)[0]!.key), now);
  }

  /** Marks a login as being checked; call the returned function when it is decided. */
  begin(account: string, address: string): () => void {
    return this.inFlight.begin(keysOf(account, normalClient(address))[0]!.key);
  }

  /** Records a failure on every key (one transaction, rows locked: two centrals count each failure once). */
  async failed(account: string, address: string): Promise<Lockout[]> {
    const client = normalClient(address);
    const now = this.clock.now();
    return inTransaction(this.pool, async (c) => {
      const keys = keysOf(account, client);
      // Rows that do not exist yet cannot be locked: create them empty first (no-op when present).
      await c.query(
        `INSERT INTO central_login_failures (key, scope, account, client, failures, last_at) SELECT k, s, a, cl, 0, 0
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(k, s, a, cl) ON CONFLICT (key) DO NOTHING`,
        [keys.map((k) => k.key), keys.map((k) => k.scope), keys.map((k) => k.account), keys.map((k) => k.client)],
      );
      const old = await this.rows(c, account, client, true);
      const started: Lockout[] = [];
      for (const [i, k] of keys.entries()) {
        const { row, started: lockout } = afterFailure(k, old[i]?.lastAt ? old[i] : undefined, now);
        if (lockout) started.push(lockout);
        await c.query('UPDATE central_login_failures SET failures = $2, last_at = $3, lockouts = $4, locked_until = $5 WHERE key = $1', [row.key, row.failures, row.lastAt, row.lockouts, row.lockedUntil]);
      }
      // Forget keys idle for a day (unless still locked) on the way: nothing grows without bound.
      await c.query('DELETE FROM central_login_failures WHERE last_at < $1 AND (locked_until IS NULL OR locked_until <= $2)', [now - FORGET_MS, now]);
      return started;
    });
  }

  /** A successful login: this account+client starts afresh and the client is known for the account. */
  async succeeded(account: string, address: string): Promise<void> {
    const client = normalClient(address);
    const now = this.clock.now();
    await inTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM central_login_failures WHERE key = $1', [keysOf(account, client)[0]!.key]);
      await c.query(
        `INSERT INTO central_login_known_clients (account, client, last_ok_at) VALUES ($1, $2, $3)
         ON CONFLICT (account, client) DO UPDATE SET last_ok_at = excluded.last_ok_at`,
        [account, client, now],
      );
      await c.query('DELETE FROM central_login_known_clients WHERE last_ok_at <= $1', [now - KNOWN_CLIENT_MS]);
    });
  }
}
