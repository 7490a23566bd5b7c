// Who is calling: a device by its token, or staff and managers by the session they logged in to.
// Staff sessions are tied to the counter they logged in at and end when the counter closes
// (logout, a colleague taking over, the day's rollover).
import type { DeviceConfig, DeviceKind, HallConfig } from '../config/schema.js';
import { DEMO_MANAGER, DEMO_PIN, isDemoDeviceToken } from '../config/demo-hall.js';
import { DomainError } from '../domain-error.js';
import type { Hall } from '../hall.js';
import type { AuditLog } from '../security/audit.js';
import { LoginLimits, normalClient } from './lockouts.js';
import { dummySecretHash, newToken, sha256, verifySecretAsync } from './secrets.js';

export type Principal =
  | { kind: 'staff'; staffNo: string; name: string; counterId: string; tokenSha256: string }
  | { kind: 'manager'; username: string; name: string; tokenSha256: string }
  | { kind: 'device'; deviceId: string; deviceKind: DeviceKind; zone: string | null; counterId: string | null };

export const AUTH_ERROR_CODES = ['UNAUTHENTICATED', 'SESSION_ENDED', 'BAD_CREDENTIALS', 'DEMO_CREDENTIAL', 'TOO_MANY_ATTEMPTS', 'FORBIDDEN', 'WRONG_COUNTER', 'LOCKOUT_UNKNOWN'] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends DomainError<AuthErrorCode> {
  override readonly name = 'AuthError';
}

const SESSION_HOURS = 14;

export interface LoginResult {
  token: string;
  expiresAt: number;
  principal: Principal;
}

export class Auth {
  /** Failures and lockouts per account+client, account and client, in SQLite (hub/auth/lockouts.ts). */
  readonly limits: LoginLimits;

  private devices: { config: HallConfig; byHash: Map<string, DeviceConfig> } | undefined;

  constructor(
    private readonly hall: Hall,
    readonly audit: AuditLog,
  ) {
    this.limits = new LoginLimits(hall.store.loginFailures, hall.clock);
    // Made now, not at the first unknown account's try (whose answer would then take twice as long).
    dummySecretHash();
  }

  private deviceMap(): Map<string, DeviceConfig> {
    const config = this.hall.config;
    if (this.devices?.config !== config) {
      const byHash = new Map<string, DeviceConfig>();
      for (const d of config.devices) {
        const hash = d.tokenSha256 ?? (d.token ? sha256(d.token) : undefined);
        if (hash) byHash.set(hash, d);
      }
      this.devices = { config, byHash };
    }
    return this.devices.byHash;
  }

  /** The principal behind a bearer token, or an AuthError. */
  resolve(token: string | undefined): Principal {
    if (!token) throw new AuthError('UNAUTHENTICATED');
    const hash = sha256(token);
    const device = this.deviceMap().get(hash);
    if (device) {
      if (!this.hall.config.demo && isDemoDeviceToken(token)) throw new AuthError('DEMO_CREDENTIAL');
      return { kind: 'device', deviceId: device.id, deviceKind: device.kind, zone: device.zone ?? null, counterId: device.counter ?? null };
    }
    const session = this.hall.store.session(hash);
    if (!session) throw new AuthError('UNAUTHENTICATED');
    if (session.expiresAt <= this.hall.clock.now()) {
      this.hall.store.deleteSession(hash);
      throw new AuthError('SESSION_ENDED', { reason: 'expired' });
    }
    if (session.kind === 'manager') {
      const m = this.hall.config.managers.find((x) => x.username === session.subject);
      if (!m) throw new AuthError('SESSION_ENDED');
      return { kind: 'manager', username: m.username, name: m.name, tokenSha256: hash };
    }
    const staff = this.hall.config.staff.find((s) => s.no === session.subject);
    const counter = session.counterId ? this.hall.view.counters.get(session.counterId) : undefined;
    if (!staff || !counter || counter.staffNo !== staff.no) {
      this.hall.store.deleteSession(hash);
      throw new AuthError('SESSION_ENDED');
    }
    return { kind: 'staff', staffNo: staff.no, name: staff.name, counterId: counter.id, tokenSha256: hash };
  }

  private guard(account: string, client: string): void {
    const wait = this.limits.retryAfterMs(account, client);
    if (wait > 0) throw new AuthError('TOO_MANY_ATTEMPTS', { retryAfterS: Math.ceil(wait / 1000) });
  }

  /**
   * Checks `secret` against `hash` — or, for an unknown account, against a dummy hash: the same scrypt
   * work and time either way, so the answer's timing does not tell which staff numbers exist.
   */
  private async check(account: string, client: string, secret: string, hash: string | undefined): Promise<boolean> {
    this.guard(account, client);
    const done = this.limits.begin(account, client);
    try {
      const ok = await verifySecretAsync(secret, hash ?? dummySecretHash());
      return ok && hash !== undefined;
    } finally {
      done();
    }
  }

  private failed(account: string, client: string, reason: string): never {
    const now = this.hall.clock.now();
    // The failure, any lockout it starts and their audit lines: one transaction, one write to disk.
    const lockouts = this.hall.store.transaction(() => {
      const started = this.limits.failed(account, client);
      this.audit.record('auth.login-failed', { kind: 'anonymous', id: null }, now, { account, reason }, client);
      for (const l of started) this.audit.record('auth.lockout', { kind: 'system', id: 'hub' }, now, { key: l.key, scope: l.scope, account: l.account, lockedUntil: l.lockedUntil, lockouts: l.lockouts }, client);
      return started;
    });
    for (const l of lockouts) this.hall.log.warn({ key: l.key, until: l.lockedUntil }, 'login locked out');
    this.hall.log.warn({ account, client }, 'login failed');
    throw new AuthError('BAD_CREDENTIALS');
  }

  private succeeded(account: string, client: string, actor: { kind: 'staff' | 'manager'; id: string }, detail: Record<string, unknown>): void {
    this.hall.store.transaction(() => {
      this.limits.succeeded(account, client);
      this.audit.record('auth.login', actor, this.hall.clock.now(), detail, client);
    });
  }

  private newSession(kind: 'staff' | 'manager', subject: string, counterId: string | null): { token: string; hash: string; expiresAt: number } {
    const token = newToken();
    const hash = sha256(token);
    const now = this.hall.clock.now();
    const expiresAt = now + SESSION_HOURS * 3_600_000;
    this.hall.store.insertSession(hash, { kind, subject, counterId, createdAt: now, expiresAt });
    return { token, hash, expiresAt };
  }

  /** Staff log in at a counter: checks the PIN, then the engine opens the counter for them. */
  async loginStaff(staffNo: string, pin: string, counterId: string, address: string): Promise<LoginResult> {
    const account = `staff:${staffNo}`;
    const client = normalClient(address);
    const ok = await this.check(account, client, pin, this.hall.config.staff.find((s) => s.no === staffNo)?.pinHash);
    // The config may have changed while scrypt ran: look the staff member up again.
    const staff = this.hall.config.staff.find((s) => s.no === staffNo);
    if (!ok || !staff) this.failed(account, client, 'bad-secret');
    if (!this.hall.config.demo && pin === DEMO_PIN) throw new AuthError('DEMO_CREDENTIAL');
    if (!this.hall.view.counters.has(counterId)) this.failed(account, client, 'unknown-counter');
    const fresh = this.hall.view.counters.get(counterId)!.staffNo !== staffNo;
    let s: { token: string; hash: string; expiresAt: number } | undefined;
    // The counter opens and the session exists together, or neither does.
    this.hall.execute({ type: 'login', counterId, staffNo }, { kind: 'staff', id: staffNo }, () => {
      // A new stint at a counter: tokens of an earlier one (ended by a logout, a colleague or the day's
      // rollover) must not come back to life now that this staff member sits at a counter again.
      if (fresh) this.hall.store.deleteSessionsOf('staff', staffNo);
      s = this.newSession('staff', staffNo, counterId);
    });
    if (!s) throw new Error('login committed without a session');
    this.succeeded(account, client, { kind: 'staff', id: staffNo }, { counter: counterId });
    return { token: s.token, expiresAt: s.expiresAt, principal: { kind: 'staff', staffNo, name: staff!.name, counterId, tokenSha256: s.hash } };
  }

  async loginManager(username: string, password: string, address: string): Promise<LoginResult> {
    const account = `manager:${username}`;
    const client = normalClient(address);
    const ok = await this.check(account, client, password, this.hall.config.managers.find((x) => x.username === username)?.passwordHash);
    const m = this.hall.config.managers.find((x) => x.username === username);
    if (!ok || !m) this.failed(account, client, 'bad-secret');
    if (!this.hall.config.demo && username === DEMO_MANAGER.username && password === DEMO_MANAGER.password) throw new AuthError('DEMO_CREDENTIAL');
    this.succeeded(account, client, { kind: 'manager', id: username }, {});
    const s = this.newSession('manager', username, null);
    return { token: s.token, expiresAt: s.expiresAt, principal: { kind: 'manager', username, name: m!.name, tokenSha256: s.hash } };
  }

  /** Ends a session; for staff the counter closes (the engine refuses while a ticket is in hand). */
  logout(p: Principal): void {
    if (p.kind === 'device') return;
    if (p.kind === 'staff') this.hall.execute({ type: 'logout', counterId: p.counterId }, { kind: 'staff', id: p.staffNo });
    this.hall.store.deleteSession(p.tokenSha256);
    this.audit.record('auth.logout', p.kind === 'staff' ? { kind: 'staff', id: p.staffNo } : { kind: 'manager', id: p.username }, this.hall.clock.now(), p.kind === 'staff' ? { counter: p.counterId } : {});
  }
}
