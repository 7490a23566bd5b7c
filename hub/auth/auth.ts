// Who is calling: a device by its token, or staff and managers by the session they logged in to.
// Staff sessions are tied to the counter they logged in at and end when the counter closes
// (logout, a colleague taking over, the day's rollover).
import type { DeviceConfig, DeviceKind, HallConfig } from '../config/schema.js';
import { DEMO_DEVICE_TOKENS, DEMO_MANAGER, DEMO_PIN } from '../config/demo-hall.js';
import type { Hall } from '../hall.js';
import { FailureLimiter } from './rate-limit.js';
import { newToken, sha256, verifySecret } from './secrets.js';

export type Principal =
  | { kind: 'staff'; staffNo: string; name: string; counterId: string; tokenSha256: string }
  | { kind: 'manager'; username: string; name: string; tokenSha256: string }
  | { kind: 'device'; deviceId: string; deviceKind: DeviceKind; zone: string | null; counterId: string | null };

export class AuthError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'SESSION_ENDED' | 'BAD_CREDENTIALS' | 'DEMO_CREDENTIAL' | 'TOO_MANY_ATTEMPTS' | 'FORBIDDEN' | 'WRONG_COUNTER',
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AuthError';
  }
}

const SESSION_HOURS = 14;

export interface LoginResult {
  token: string;
  expiresAt: number;
  principal: Principal;
}

export class Auth {
  /** 5 failures in 10 minutes lock an account (staff number or user name)… */
  private readonly accounts: FailureLimiter;
  /** …and 20 lock a client address, which may be shared by a few counter PCs behind one gateway. */
  private readonly clients: FailureLimiter;
  private devices: { config: HallConfig; byHash: Map<string, DeviceConfig> } | undefined;

  constructor(private readonly hall: Hall) {
    this.accounts = new FailureLimiter(hall.clock, 5);
    this.clients = new FailureLimiter(hall.clock, 20);
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
      if (!this.hall.config.demo && (Object.values(DEMO_DEVICE_TOKENS) as string[]).includes(token)) throw new AuthError('DEMO_CREDENTIAL');
      return { kind: 'device', deviceId: device.id, deviceKind: device.kind, zone: device.zone ?? null, counterId: device.counter ?? null };
    }
    const session = this.hall.store.session(hash);
    if (!session) throw new AuthError('UNAUTHENTICATED');
    if (session.expiresAt <= this.hall.clock.now()) {
      this.hall.store.deleteSession(hash);
      throw new AuthError('SESSION_ENDED');
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

  private guard([account, client]: [string, string]): void {
    const wait = Math.max(this.accounts.retryAfterMs(account), this.clients.retryAfterMs(client));
    if (wait > 0) throw new AuthError('TOO_MANY_ATTEMPTS', { retryAfterS: Math.ceil(wait / 1000) });
  }

  private failed(keys: [string, string]): never {
    this.accounts.fail(keys[0]);
    this.clients.fail(keys[1]);
    this.hall.log.warn({ keys }, 'login failed');
    throw new AuthError('BAD_CREDENTIALS');
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
  loginStaff(staffNo: string, pin: string, counterId: string, client: string): LoginResult {
    const keys: [string, string] = [`staff:${staffNo}`, `client:${client}`];
    this.guard(keys);
    const staff = this.hall.config.staff.find((s) => s.no === staffNo);
    if (!staff || !verifySecret(pin, staff.pinHash)) this.failed(keys);
    if (!this.hall.config.demo && pin === DEMO_PIN) throw new AuthError('DEMO_CREDENTIAL');
    if (!this.hall.view.counters.has(counterId)) this.failed(keys);
    const fresh = this.hall.view.counters.get(counterId)!.staffNo !== staffNo;
    let s: { token: string; hash: string; expiresAt: number } | undefined;
    // The counter opens and the session exists together, or neither does.
    this.hall.execute({ type: 'login', counterId, staffNo }, { kind: 'staff', id: staffNo }, () => {
      // A new stint at a counter: tokens of an earlier one (ended by a logout, a colleague or the day's
      // rollover) must not come back to life now that this staff member sits at a counter again.
      if (fresh) this.hall.store.deleteSessionsOf('staff', staffNo);
      s = this.newSession('staff', staffNo, counterId);
    });
    this.accounts.clear(keys[0]);
    if (!s) throw new Error('login committed without a session');
    return { token: s.token, expiresAt: s.expiresAt, principal: { kind: 'staff', staffNo, name: staff!.name, counterId, tokenSha256: s.hash } };
  }

  loginManager(username: string, password: string, client: string): LoginResult {
    const keys: [string, string] = [`manager:${username}`, `client:${client}`];
    this.guard(keys);
    const m = this.hall.config.managers.find((x) => x.username === username);
    if (!m || !verifySecret(password, m.passwordHash)) this.failed(keys);
    if (!this.hall.config.demo && username === DEMO_MANAGER.username && password === DEMO_MANAGER.password) throw new AuthError('DEMO_CREDENTIAL');
    this.accounts.clear(keys[0]);
    const s = this.newSession('manager', username, null);
    return { token: s.token, expiresAt: s.expiresAt, principal: { kind: 'manager', username, name: m!.name, tokenSha256: s.hash } };
  }

  /** Ends a session; for staff the counter closes (the engine refuses while a ticket is in hand). */
  logout(p: Principal): void {
    if (p.kind === 'device') return;
    if (p.kind === 'staff') this.hall.execute({ type: 'logout', counterId: p.counterId }, { kind: 'staff', id: p.staffNo });
    this.hall.store.deleteSession(p.tokenSha256);
  }
}
