// The login failures and known clients tables behind named queries: hub/auth/lockouts.ts holds the
// rule (how many failures lock what, for how long), this file reads and writes the rows it keeps.
import type { LimitRow } from '../auth/lockouts.js';
import type { Db } from './database.js';

const COLUMNS = `key, scope, account, client, failures, last_at AS lastAt, lockouts, locked_until AS lockedUntil`;

export class LoginFailuresStore {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      get: db.prepare(`SELECT ${COLUMNS} FROM login_failures WHERE key = ?`),
      put: db.prepare(
        `INSERT INTO login_failures (key, scope, account, client, failures, last_at, lockouts, locked_until)
         VALUES (@key, @scope, @account, @client, @failures, @lastAt, @lockouts, @lockedUntil)
         ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at,
           lockouts = excluded.lockouts, locked_until = excluded.locked_until`,
      ),
      delete: db.prepare(`DELETE FROM login_failures WHERE key = ?`),
      locked: db.prepare(`SELECT ${COLUMNS} FROM login_failures WHERE locked_until > ? ORDER BY locked_until DESC LIMIT 500`),
      prune: db.prepare(`DELETE FROM login_failures WHERE last_at < ? AND (locked_until IS NULL OR locked_until <= ?)`),
      known: db.prepare(`SELECT 1 FROM login_known_clients WHERE account = ? AND client = ? AND last_ok_at > ?`).pluck(),
      putKnown: db.prepare(
        `INSERT INTO login_known_clients (account, client, last_ok_at) VALUES (?, ?, ?)
         ON CONFLICT(account, client) DO UPDATE SET last_ok_at = excluded.last_ok_at`,
      ),
      pruneKnown: db.prepare(`DELETE FROM login_known_clients WHERE last_ok_at <= ?`),
      count: db.prepare(`SELECT COUNT(*) FROM login_failures`).pluck(),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  row(key: string): LimitRow | undefined {
    return this.stmt.get.get(key) as LimitRow | undefined;
  }

  put(row: LimitRow): void {
    this.stmt.put.run(row);
  }

  delete(key: string): void {
    this.stmt.delete.run(key);
  }

  /** Keys locked past `now`, latest end first (at most 500). */
  lockedAfter(now: number): LimitRow[] {
    return this.stmt.locked.all(now) as LimitRow[];
  }

  /** Forgets keys with no failure since `idleBefore` and no lockout in force at `now`. */
  prune(idleBefore: number, now: number): void {
    this.stmt.prune.run(idleBefore, now);
  }

  /** Whether `account` logged in from `client` after `since`. */
  isKnownClient(account: string, client: string, since: number): boolean {
    return !!this.stmt.known.get(account, client, since);
  }

  markKnownClient(account: string, client: string, at: number): void {
    this.stmt.putKnown.run(account, client, at);
  }

  /** Forgets clients whose last login for an account is at or before `before`. */
  pruneKnownClients(before: number): void {
    this.stmt.pruneKnown.run(before);
  }

  count(): number {
    return this.stmt.count.get() as number;
  }
}
