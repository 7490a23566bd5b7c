// Logins: scrypt off the event loop for known and unknown accounts alike; failures
// and lockouts in SQLite, surviving a restart, growing progressively, keyed on account+client (a
// stranger locks an account out of their own PC only), with an account-wide lock that spares the
// clients the account logged in from; lifted by a manager; bounded; trustProxy decides whose address
// counts; and every login, failure, lockout, lift, token rotation, config change and export is in the
// audit log with who, when and from where.
import { afterEach, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import type { HallConfig } from '../../hub/config/schema.js';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

const behindProxy = (): HallConfig => ({ ...demoHallConfig({ realHours: true }), http: { trustProxy: ['loopback'], allowedOrigins: [] } });

let hubs: TestHub[] = [];
async function hubWith(config: HallConfig, dataDir?: string, now?: number): Promise<TestHub> {
  const hub = await startTestHub({ config, ...(dataDir ? { dataDir } : {}), ...(now ? { now } : {}) });
  hubs.push(hub);
  return hub;
}
afterEach(async () => {
  const dirs = new Set(hubs.map((h) => h.dataDir));
  for (const h of hubs) await h.stop().catch(() => {});
  for (const d of dirs) removeDir(d);
  hubs = [];
});

/** A staff login as a counter PC at `client` behind the proxy would send it. */
const staff = (hub: TestHub, staffNo: string, pin: string, counter: string, client?: string) =>
  hub.api('POST', '/api/sessions', { body: { staffNo, pin, counter }, ...(client ? { headers: { 'x-forwarded-for': client } } : {}) });

async function audit(hub: TestHub, manager: string, query = ''): Promise<any[]> {
  const r = await hub.api('GET', `/api/audit?limit=500${query}`, { token: manager });
  expect(r.status).toBe(200);
  return r.body.entries;
}

describe('the work of a login', () => {
  it('scrypt runs off the event loop, for a known and an unknown account alike', async () => {
    const hub = await hubWith(behindProxy());
    for (const [username, password] of [
      ['admin', 'wrong-password'],
      ['nobody-here', 'wrong-password'],
      ['admin', 'admin1234'],
    ] as const) {
      let turned = false;
      setImmediate(() => (turned = true));
      const pending = hub.auth.loginManager(username, password, '10.9.9.9');
      // The check is under way, and the event loop is free while scrypt runs in the thread pool.
      expect(pending).toBeInstanceOf(Promise);
      const outcome = await pending.then(
        () => 'ok',
        (e: Error) => e.message,
      );
      expect(turned, username).toBe(true);
      expect(outcome).toBe(password === 'admin1234' ? 'ok' : 'BAD_CREDENTIALS');
    }
  });
});

describe('lockouts', () => {
  it('five failures lock the account from that client only; the lock survives a restart and grows', async () => {
    const config = behindProxy();
    let hub = await hubWith(config);
    for (let i = 0; i < 5; i++) expect((await staff(hub, '1001', `000${i}`, '1', '10.0.0.1')).status).toBe(401);
    const locked = await staff(hub, '1001', '1234', '1', '10.0.0.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.params.retryAfterS).toBe(600);
    // The staff member's own PC is not locked out by a stranger elsewhere.
    expect((await staff(hub, '1001', '1234', '1', '10.0.0.2')).status).toBe(201);

    // A restart gives no fresh guesses.
    const { dataDir } = hub;
    const now = hub.clock.now();
    await hub.stop();
    hub = await hubWith(config, dataDir, now + 60_000);
    const after = await staff(hub, '1001', '1234', '1', '10.0.0.1');
    expect(after.status).toBe(429);
    expect(after.body.error.params.retryAfterS).toBe(540);

    // Progressive: once it ends, five more failures lock it for twice as long.
    hub.clock.advance(10 * 60_000);
    for (let i = 0; i < 5; i++) expect((await staff(hub, '1001', `001${i}`, '1', '10.0.0.1')).status).toBe(401);
    const again = await staff(hub, '1001', '1234', '1', '10.0.0.1');
    expect(again.status).toBe(429);
    expect(again.body.error.params.retryAfterS).toBe(1200);
  });

  it("twenty failures from several clients lock the account everywhere — except where it last logged in", async () => {
    const hub = await hubWith(behindProxy());
    // Staff 1005 works at the PC 10.0.0.5.
    const own = await staff(hub, '1005', '1234', '5', '10.0.0.5');
    expect(own.status).toBe(201);
    expect((await hub.api('DELETE', '/api/sessions/current', { token: own.body.token })).status).toBe(204);
    for (let c = 1; c <= 4; c++) for (let i = 0; i < 5; i++) expect((await staff(hub, '1005', `99${c}${i}`, '5', `10.0.1.${c}`)).status).toBe(401);
    expect((await staff(hub, '1005', '1234', '5', '10.0.2.1')).status).toBe(429);
    expect((await staff(hub, '1005', '1234', '5', '10.0.0.5')).status).toBe(201);
  });

  it('a manager lists lockouts and lifts one; staff may not', async () => {
    const hub = await hubWith(behindProxy());
    for (let i = 0; i < 5; i++) await staff(hub, '1002', `000${i}`, '2', '10.0.0.7');
    expect((await staff(hub, '1002', '1234', '2', '10.0.0.7')).status).toBe(429);
    const manager = (await hub.api('POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' }, headers: { 'x-forwarded-for': '10.0.0.99' } })).body.token;
    const list = await hub.api('GET', '/api/security/lockouts', { token: manager });
    expect(list.status).toBe(200);
    const key = 'account-client:staff:1002@10.0.0.7';
    const lockout = list.body.lockouts.find((l: any) => l.key === key);
    expect(lockout).toMatchObject({ scope: 'account-client', account: 'staff:1002', client: '10.0.0.7', lockouts: 1 });
    const staffToken = await hub.login('1003', '3');
    expect((await hub.api('DELETE', `/api/security/lockouts/${encodeURIComponent(key)}`, { token: staffToken })).status).toBe(403);
    expect((await hub.api('GET', '/api/audit', { token: staffToken })).status).toBe(403);
    expect((await hub.api('GET', '/api/security/lockouts', { token: 'demo-display' })).status).toBe(403);
    expect((await hub.api('DELETE', `/api/security/lockouts/${encodeURIComponent(key)}`, { token: manager, headers: { 'x-forwarded-for': '10.0.0.99' } })).status).toBe(204);
    expect((await hub.api('DELETE', `/api/security/lockouts/${encodeURIComponent(key)}`, { token: manager })).status).toBe(404);
    expect((await staff(hub, '1002', '1234', '2', '10.0.0.7')).status).toBe(201);
    const lifted = (await audit(hub, manager, '&type=auth.lockout-lifted'))[0];
    expect(lifted).toMatchObject({ type: 'auth.lockout-lifted', actor: { kind: 'manager', id: 'admin' }, client: '10.0.0.99', detail: { key } });
  });

  it('memory and storage stay bounded: a client trying hundreds of staff numbers is stopped, and idle keys are forgotten', async () => {
    const hub = await hubWith(behindProxy());
    const answers: number[] = [];
    for (let i = 0; i < 60; i++) answers.push((await staff(hub, String(200000 + i), '0000', '1', '10.6.6.6')).status);
    // The client is locked after 20, so the rest cost nothing and store nothing.
    expect(answers.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(answers.slice(20).every((s) => s === 429)).toBe(true);
    expect(hub.auth.limits.size()).toBeLessThanOrEqual(41);
    hub.clock.advance(25 * 3_600_000);
    hub.auth.limits.prune();
    expect(hub.auth.limits.size()).toBe(0);
  });
});

describe('trustProxy', () => {
  it('off (the default): X-Forwarded-For is ignored, every try counts against the connecting address', async () => {
    const hub = await hubWith(demoHallConfig({ realHours: true }));
    for (let i = 0; i < 5; i++) expect((await staff(hub, '1001', `000${i}`, '1', `10.0.3.${i}`)).status).toBe(401);
    expect((await staff(hub, '1001', '1234', '1', '10.0.3.200')).status).toBe(429);
    const manager = await hub.managerToken();
    const failed = await audit(hub, manager, '&type=auth.login-failed');
    expect(failed.every((e) => e.client === '127.0.0.1')).toBe(true);
  });

  it('on: each real client has its own limits, and the audit log names it', async () => {
    const hub = await hubWith(behindProxy());
    for (let i = 0; i < 5; i++) expect((await staff(hub, '1001', `000${i}`, '1', `10.0.4.${i}`)).status).toBe(401);
    expect((await staff(hub, '1001', '1234', '1', '10.0.4.200')).status).toBe(201);
    const manager = await hub.managerToken();
    const failed = await audit(hub, manager, '&type=auth.login-failed');
    expect(failed.map((e) => e.client).sort()).toEqual(['10.0.4.0', '10.0.4.1', '10.0.4.2', '10.0.4.3', '10.0.4.4']);
  });
});

describe('the audit log', () => {
  it('has logins, failures, lockouts, token rotations, PINs, config changes and exports with who, when and where', async () => {
    const hub = await hubWith(behindProxy());
    const t0 = hub.clock.now();
    const from = { 'x-forwarded-for': '10.0.5.1' };
    for (let i = 0; i < 5; i++) await staff(hub, '1004', `8${i}57`, '4', '10.0.5.9');
    const manager = (await hub.api('POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' }, headers: from })).body.token;
    expect((await hub.api('POST', '/api/devices/kiosk-1/token', { token: manager, body: {}, headers: from })).status).toBe(200);
    expect((await hub.api('POST', '/api/staff/1004/pin', { token: manager, body: { pin: '482913' }, headers: from })).status).toBe(204);
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    expect((await hub.api('PUT', '/api/config', { token: manager, body: { ...config, hall: { ...config.hall, name: { zh: '新名字' } } }, headers: from })).status).toBe(200);
    expect((await hub.api('GET', '/api/reports/export?format=csv', { token: manager, headers: from })).status).toBe(200);

    const entries = await audit(hub, manager);
    const byType = (type: string) => entries.filter((e) => e.type === type);
    expect(byType('auth.login-failed')).toHaveLength(5);
    expect(byType('auth.login-failed')[0]).toMatchObject({ actor: { kind: 'anonymous' }, client: '10.0.5.9', detail: { account: 'staff:1004', reason: 'bad-secret' } });
    expect(byType('auth.lockout')[0]).toMatchObject({ client: '10.0.5.9', detail: { key: 'account-client:staff:1004@10.0.5.9', scope: 'account-client' } });
    expect(byType('auth.login')[0]).toMatchObject({ actor: { kind: 'manager', id: 'admin' }, client: '10.0.5.1' });
    expect(byType('admin.token-rotated')[0]).toMatchObject({ actor: { kind: 'manager', id: 'admin' }, client: '10.0.5.1', detail: { device: 'kiosk-1', new: false } });
    expect(byType('admin.pin-set')[0]).toMatchObject({ actor: { kind: 'manager', id: 'admin' }, client: '10.0.5.1', detail: { staff: '1004' } });
    const changes = byType('admin.config-changed');
    // Three from the dashboard (newest first), and the config file the hub started with.
    expect(changes).toHaveLength(4);
    expect(changes.slice(0, 3).every((e) => e.client === '10.0.5.1' && e.actor.id === 'admin' && e.detail.source === 'api')).toBe(true);
    expect(changes[3]).toMatchObject({ actor: { kind: 'system', id: 'hub' }, client: null, detail: { source: 'file' } });
    expect(byType('admin.export')[0]).toMatchObject({ actor: { kind: 'manager', id: 'admin' }, client: '10.0.5.1', detail: { what: 'report', format: 'csv' } });
    for (const e of entries) expect(e.at).toBeGreaterThanOrEqual(t0 - 60_000);
    // No secret is ever in it.
    const text = JSON.stringify(entries);
    for (const secret of ['8057', '8157', '8457', 'admin1234', '482913', 'scrypt$']) expect(text).not.toContain(secret);
    // Newest first, a type prefix filters, and it pages.
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
    expect((await audit(hub, manager, '&type=admin.')).every((e) => e.type.startsWith('admin.'))).toBe(true);
    const page = await hub.api('GET', '/api/audit?limit=2', { token: manager });
    expect(page.body.entries).toHaveLength(2);
    const rest = await hub.api('GET', `/api/audit?limit=500&before=${page.body.nextBefore}`, { token: manager });
    expect(rest.body.entries.length).toBe(entries.length - 2);
  });

  it('is append-only in the database', async () => {
    const hub = await hubWith(behindProxy());
    await staff(hub, '1001', '0000', '1', '10.0.6.1');
    expect(() => hub.hall.store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => hub.hall.store.db.prepare("UPDATE audit_log SET client = 'x'").run()).toThrow(/append-only/);
  });
});
