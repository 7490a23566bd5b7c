// Logging in and out, sessions tied to counters, the login rate limit, device tokens, and the demo
// hall's well-known credentials being refused everywhere else. Real hubs, real HTTP.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../hub/auth/secrets.js';
import { demoHallInput } from '../../hub/config/demo-hall.js';
import { ConfigError, validateHallConfig } from '../../hub/config/load.js';
import { hallConfigSchema } from '../../hub/config/schema.js';
import { MONDAY_10AM, removeDir, startTestHub, type TestHub, useTestHub } from '../support/hub.js';
import { expectError, type Res } from '../support/refusal.js';

const staffLogin = (hub: TestHub, staffNo: string, pin: string, counter: string | number, headers?: Record<string, string>) =>
  hub.api('POST', '/api/sessions', { body: { staffNo, pin, counter }, ...(headers ? { headers } : {}) });
const managerLogin = (hub: TestHub, username: string, password: string) => hub.api('POST', '/api/sessions', { body: { username, password } });
const whoAmI = (hub: TestHub, token: string) => hub.api('GET', '/api/sessions/current', { token });

const SESSION_MS = 14 * 3_600_000;

describe('sessions in the demo hall', () => {
  const hub = useTestHub();
  let manager: string;

  beforeAll(async () => {
    manager = await hub.managerToken();
  });

  it('staff log in at a counter: 201 with a token, the principal and the opened counter', async () => {
    const r = await staffLogin(hub, '1001', '1234', '1');
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(r.body.expiresAt).toBe(MONDAY_10AM + SESSION_MS);
    expect(r.body.principal).toEqual({ kind: 'staff', staffNo: '1001', name: '王芳', counterId: '1' });
    expect(r.body.counter).toMatchObject({ id: '1', state: 'idle', staff: { no: '1001', name: '王芳' }, ticket: null });
    expect(JSON.stringify(r.body)).not.toContain('tokenSha256');
    const me = await whoAmI(hub, r.body.token);
    expect(me.status).toBe(200);
    expect(me.body.principal).toEqual(r.body.principal);
  });

  it('a counter given as a number works too', async () => {
    const r = await staffLogin(hub, '1002', '1234', 2);
    expect(r.status).toBe(201);
    expect(r.body.principal.counterId).toBe('2');
  });

  it('a manager logs in with a user name and password; no counter', async () => {
    const r = await managerLogin(hub, 'admin', 'admin1234');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ principal: { kind: 'manager', username: 'admin', name: '大厅管理员' }, counter: null });
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await hub.api('GET', '/api/config', { token: r.body.token })).status).toBe(200);
    // Two logins, two different tokens.
    expect(r.body.token).not.toBe(manager);
  });

  it('staff act at their own counter; at another one they get 403 WRONG_COUNTER', async () => {
    const token = await hub.login('1004', '4');
    const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
    expect(t.status).toBe(201);
    const own = await hub.api('POST', '/api/counters/4/call', { token, body: {} });
    expect(own.status).toBe(200);
    expect(own.body.ticket).toMatchObject({ id: t.body.id, state: 'called', counterId: '4' });
    expect(own.body.counter).toMatchObject({ id: '4', state: 'calling' });

    const other = await hub.api('POST', '/api/counters/5/call', { token, body: {} });
    expectError(other, 403, 'WRONG_COUNTER');
    expect(other.body.error.params).toEqual({ counter: '4' });
    // A manager may act anywhere.
    expect((await hub.api('POST', '/api/counters/4/finish', { token: manager, body: {} })).status).toBe(200);
  });

  it('staff may issue tickets (channel "staff"); a ticket they issue is theirs to cancel', async () => {
    const token = await hub.login('1009', '9');
    const t = await hub.api('POST', '/api/tickets', { token, body: { serviceId: 'housing-fund' } });
    expect(t.status).toBe(201);
    expect(t.body.channel).toBe('staff');
    expect((await hub.api('POST', `/api/tickets/${t.body.id}/cancel`, { token, body: { reason: '取错号' } })).status).toBe(200);
  });

  it('logout closes the counter and ends the token', async () => {
    const token = await hub.login('1006', '6');
    expect((await hub.api('GET', '/api/counters/6', { token: manager })).body.counter.state).toBe('idle');
    const out = await hub.api('DELETE', '/api/sessions/current', { token });
    expect(out.status).toBe(204);
    expect(out.body).toBeNull();
    const counter = await hub.api('GET', '/api/counters/6', { token: manager });
    expect(counter.body.counter).toMatchObject({ id: '6', state: 'closed', staff: null });
    expectError(await whoAmI(hub, token), 401, 'UNAUTHENTICATED', 'after logout');
    expectError(await hub.api('POST', '/api/counters/6/call', { token, body: {} }), 401, 'UNAUTHENTICATED', 'act after logout');
    expectError(await hub.api('DELETE', '/api/sessions/current', { token }), 401, 'UNAUTHENTICATED', 'logout twice');
  });

  it('a manager logout ends only that token', async () => {
    const a = await hub.managerToken();
    const b = await hub.managerToken();
    expect((await hub.api('DELETE', '/api/sessions/current', { token: a })).status).toBe(204);
    expectError(await whoAmI(hub, a), 401, 'UNAUTHENTICATED');
    expect((await whoAmI(hub, b)).status).toBe(200);
  });

  it('a colleague logging in at the same idle counter ends the first session: 401 SESSION_ENDED', async () => {
    const first = await hub.login('1003', '3');
    const second = await hub.login('1005', '3');
    expectError(await whoAmI(hub, first), 401, 'SESSION_ENDED', 'first');
    // Said once; the ended session is then forgotten, and the token is just unknown.
    expectError(await hub.api('POST', '/api/counters/3/call', { token: first, body: {} }), 401, 'UNAUTHENTICATED', 'first acts');
    expect((await whoAmI(hub, second)).body.principal).toMatchObject({ staffNo: '1005', counterId: '3' });
    expect((await hub.api('GET', '/api/counters/3', { token: manager })).body.counter.staff.no).toBe('1005');
  });

  it('but not while a ticket is in hand there: 409 COUNTER_OCCUPIED, and the first session lives on', async () => {
    const first = await hub.login('1007', '7');
    await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'real-estate' } });
    expect((await hub.api('POST', '/api/counters/7/call', { token: first, body: {} })).body.ticket).not.toBeNull();
    expectError(await staffLogin(hub, '1008', '1234', '7'), 409, 'COUNTER_OCCUPIED');
    expect((await whoAmI(hub, first)).status).toBe(200);
    expect((await hub.api('POST', '/api/counters/7/finish', { token: first, body: {} })).status).toBe(200);
  });

  it('moving to another counter closes the old one and ends its sessions', async () => {
    const at11 = await hub.login('1011', '11');
    const at12 = await hub.login('1011', '12');
    // A fresh login drops the staff member's earlier sessions at once (see the next tests), so the old
    // token is unknown rather than "ended".
    expectError(await whoAmI(hub, at11), 401, 'UNAUTHENTICATED');
    expect((await hub.api('GET', '/api/counters/11', { token: manager })).body.counter.state).toBe('closed');
    expect((await whoAmI(hub, at12)).body.principal.counterId).toBe('12');
  });

  it('logging in again at the same counter (a page reload) keeps the earlier token', async () => {
    const a = await hub.login('1013', '13');
    const b = await hub.login('1013', '13');
    expect(a).not.toBe(b);
    expect((await whoAmI(hub, a)).status).toBe(200);
    expect((await whoAmI(hub, b)).status).toBe(200);
  });

  it('an ended session does not come back when its staff member returns to the counter', async () => {
    // Ended by a colleague; not used since, so still in the store.
    const old = await hub.login('1014', '14');
    const colleague = await hub.login('1015', '14');
    expect((await hub.api('DELETE', '/api/sessions/current', { token: colleague })).status).toBe(204);
    const fresh = await hub.login('1014', '14');
    expectError(await whoAmI(hub, old), 401, 'UNAUTHENTICATED', 'ended by a colleague');
    expect((await whoAmI(hub, fresh)).status).toBe(200);

    // Ended by a logout in another tab.
    const tab1 = await hub.login('1016', '16');
    const tab2 = await hub.login('1016', '16');
    expect((await hub.api('DELETE', '/api/sessions/current', { token: tab1 })).status).toBe(204);
    await hub.login('1016', '16');
    expectError(await whoAmI(hub, tab2), 401, 'UNAUTHENTICATED', 'ended by a logout');
  });

  it('devices: the kiosk issues (201), a display or pad may not (403 FORBIDDEN), all may read the live view', async () => {
    const kiosk = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } });
    expect(kiosk.status).toBe(201);
    expect(kiosk.body).toMatchObject({ serviceId: 'tax', channel: 'kiosk', state: 'waiting' });
    expectError(await hub.api('POST', '/api/tickets', { token: 'demo-display', body: { serviceId: 'tax' } }), 403, 'FORBIDDEN', 'display');
    expectError(await hub.api('POST', '/api/tickets', { token: 'demo-pad', body: { serviceId: 'tax' } }), 403, 'FORBIDDEN', 'pad');
    for (const token of ['demo-kiosk', 'demo-display', 'demo-pad']) {
      const live = await hub.api('GET', '/api/live', { token });
      expect(live.status, token).toBe(200);
      expect(live.body.hall).toMatchObject({ id: 'demo-county', demo: true });
    }
    expect((await whoAmI(hub, 'demo-pad')).body.principal).toEqual({ kind: 'device', deviceId: 'pad-1', deviceKind: 'pad', zone: 'F1', counterId: '1' });
    expectError(await hub.api('POST', '/api/counters/1/call', { token: 'demo-kiosk', body: {} }), 403, 'FORBIDDEN', 'kiosk calls');
  });

  it('secrets never leave the hub: not in GET /api/config, not in the event log', async () => {
    const config = await hub.api('GET', '/api/config', { token: manager });
    const events = await hub.api('GET', '/api/events?limit=5000', { token: manager });
    expect(events.status).toBe(200);
    const configChanged = events.body.events.filter((e: any) => e.type === 'config.changed');
    expect(configChanged.length).toBeGreaterThan(0);
    expect(configChanged[0].config.hall.id).toBe('demo-county');
    expect(configChanged[0].config.devices.map((d: any) => d.id)).toEqual(['kiosk-1', 'display-1', 'pad-1']);
    for (const [what, body] of [
      ['config', config.body],
      ['events', events.body],
    ] as const) {
      const text = JSON.stringify(body);
      expect(text, what).not.toContain('scrypt$');
      expect(text, what).not.toMatch(/pinHash|passwordHash|tokenSha256|"token"/);
      for (const token of ['demo-kiosk', 'demo-display', 'demo-pad']) expect(text, what).not.toContain(token);
    }
  });

  it('PUT /api/config of the config read back keeps the secrets: logins and device tokens still work', async () => {
    const config = (await hub.api('GET', '/api/config', { token: manager })).body;
    expect((await hub.api('PUT', '/api/config', { token: manager, body: config })).status).toBe(200);
    expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } })).status).toBe(201);
    expect((await managerLogin(hub, 'admin', 'admin1234')).status).toBe(201);
    expect((await staffLogin(hub, '1010', '1234', '10')).status).toBe(201);
  });

  it('a session ends 14 hours after login: 401 SESSION_ENDED', async () => {
    const token = await hub.managerToken();
    hub.clock.advance(SESSION_MS - 1);
    expect((await whoAmI(hub, token)).status).toBe(200);
    hub.clock.advance(1);
    expectError(await whoAmI(hub, token), 401, 'SESSION_ENDED');
    expectError(await whoAmI(hub, token), 401, 'UNAUTHENTICATED', 'and it is gone');
  });
});

describe('bad credentials and the rate limit (a fresh hub each)', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await startTestHub();
  });
  afterEach(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  it('a wrong PIN, an unknown staff number, an unknown counter, a wrong password → 401 BAD_CREDENTIALS', async () => {
    const en = { 'accept-language': 'en' };
    const answers = [
      await staffLogin(hub, '1001', '9999', '1', en),
      await staffLogin(hub, '9999', '1234', '1', en),
      await staffLogin(hub, '1001', '1234', '99', en),
      await hub.api('POST', '/api/sessions', { body: { username: 'admin', password: 'wrong' }, headers: en }),
    ];
    for (const r of answers) expectError(r, 401, 'BAD_CREDENTIALS');
    // The same answer whatever was wrong: it does not tell which staff numbers exist.
    for (const r of answers) expect(r.body).toEqual({ error: { code: 'BAD_CREDENTIALS', message: 'Wrong staff number, PIN, password or counter' } });
    // Nothing opened.
    const live = await hub.api('GET', '/api/live', { token: 'demo-display' });
    expect(live.body.counters.every((c: any) => c.state === 'closed')).toBe(true);
  });

  it('five failures → 429 TOO_MANY_ATTEMPTS with Retry-After, even for the right PIN; the window passes', async () => {
    for (let i = 0; i < 5; i++) expectError(await staffLogin(hub, '1001', `000${i}`, '1'), 401, 'BAD_CREDENTIALS', `attempt ${i + 1}`);

    const res = await fetch(`${hub.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ staffNo: '1001', pin: '1234', counter: '1' }),
    });
    const body = await res.json();
    expectError({ status: res.status, body }, 429, 'TOO_MANY_ATTEMPTS');
    expect(res.headers.get('retry-after')).toBe('600');
    expect(body.error.params).toEqual({ retryAfterS: 600 });
    expect(body.error.message).toBe('Too many attempts: try again in 600 s');

    // The lock is on the account: a colleague at the next PC (same address here) still logs in.
    expect((await staffLogin(hub, '1002', '1234', '2')).status).toBe(201);

    hub.clock.advance(6 * 60_000);
    const later = await fetch(`${hub.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffNo: '1001', pin: '1234', counter: '1' }),
    });
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('240');

    hub.clock.advance(4 * 60_000);
    const ok = await staffLogin(hub, '1001', '1234', '1');
    expect(ok.status).toBe(201);
    expect((await whoAmI(hub, ok.body.token)).status).toBe(200);
  });

  it('twenty failures from one address lock the address, whatever the accounts', async () => {
    for (let i = 0; i < 20; i++) {
      const staffNo = String(1001 + (i % 16));
      expectError(await staffLogin(hub, staffNo, '0000', String((i % 16) + 1)), 401, 'BAD_CREDENTIALS', `attempt ${i + 1}`);
      if (i % 4 === 3) hub.clock.advance(1000); // spread out: no single account reaches five
    }
    expectError(await managerLogin(hub, 'admin', 'admin1234'), 429, 'TOO_MANY_ATTEMPTS', 'manager from the same address');
    hub.clock.advance(10 * 60_000);
    expect((await managerLogin(hub, 'admin', 'admin1234')).status).toBe(201);
  });

  it('four failures are not yet a lock-out', async () => {
    for (let i = 0; i < 4; i++) expectError(await managerLogin(hub, 'admin', `nope${i}`), 401, 'BAD_CREDENTIALS');
    expect((await managerLogin(hub, 'admin', 'admin1234')).status).toBe(201);
  });

  it('failures older than ten minutes no longer count', async () => {
    for (let i = 0; i < 4; i++) expectError(await staffLogin(hub, '1001', `000${i}`, '1'), 401, 'BAD_CREDENTIALS');
    hub.clock.advance(10 * 60_000 + 1);
    expectError(await staffLogin(hub, '1001', '0009', '1'), 401, 'BAD_CREDENTIALS', 'fifth, but the others expired');
    expect((await staffLogin(hub, '1001', '1234', '1')).status).toBe(201);
  });
});

describe('demo credentials in a hall of its own (demo: false)', () => {
  const OWN_KIOSK_TOKEN = 'kiosk-token-of-this-hall-0123456789';
  const hub = useTestHub(() => {
    const input = demoHallInput();
    const config = hallConfigSchema.parse({
      ...input,
      demo: false,
      staff: [...(input.staff ?? []), { no: '2001', name: '韩梅', pinHash: hashSecret('8642') }],
      managers: [...(input.managers ?? []), { username: 'director', name: '主任', passwordHash: hashSecret('correct horse battery') }],
      devices: [{ id: 'kiosk-own', kind: 'kiosk', zone: 'F1', token: OWN_KIOSK_TOKEN }],
    });
    return { config };
  });

  it('is a non-demo hall', async () => {
    expect((await hub.api('GET', '/api/health')).body).toMatchObject({ status: 'ok', demo: false });
  });

  it('refuses staff with the demo PIN: 403 DEMO_CREDENTIAL, and opens no counter', async () => {
    const r = await staffLogin(hub, '1001', '1234', '1', { 'accept-language': 'en' });
    expectError(r, 403, 'DEMO_CREDENTIAL');
    expect(r.body.error.message).toBe('Demo credentials work only in the demo hall');
    const live = await hub.api('GET', '/api/live', { token: OWN_KIOSK_TOKEN });
    expect(live.body.counters.find((c: any) => c.id === '1').state).toBe('closed');
  });

  it('refuses the demo manager: 403 DEMO_CREDENTIAL', async () => {
    expectError(await managerLogin(hub, 'admin', 'admin1234'), 403, 'DEMO_CREDENTIAL');
  });

  it("refuses the demo kiosk's token: 401", async () => {
    for (const token of ['demo-kiosk', 'demo-display', 'demo-pad']) {
      expectError(await hub.api('POST', '/api/tickets', { token, body: { serviceId: 'tax' } }), 401, 'UNAUTHENTICATED', token);
      expectError(await hub.api('GET', '/api/live', { token }), 401, 'UNAUTHENTICATED', token);
    }
  });

  it('accepts its own credentials (control)', async () => {
    const staff = await staffLogin(hub, '2001', '8642', '1');
    expect(staff.status).toBe(201);
    expect(staff.body.principal).toMatchObject({ staffNo: '2001', counterId: '1' });
    const manager = await managerLogin(hub, 'director', 'correct horse battery');
    expect(manager.status).toBe(201);
    const t = await hub.api('POST', '/api/tickets', { token: OWN_KIOSK_TOKEN, body: { serviceId: 'tax' } });
    expect(t.status).toBe(201);
    expect(t.body.channel).toBe('kiosk');
  });

  it('validateHallConfig rejects a non-demo config whose device uses a demo token', () => {
    const leaky = { ...demoHallInput(), demo: false, devices: [{ id: 'kiosk-9', kind: 'kiosk', token: 'demo-kiosk' }] };
    expect(() => validateHallConfig(leaky)).toThrow(ConfigError);
    expect(() => validateHallConfig(leaky)).toThrow(/devices\.kiosk-9: uses a demo token/);
    // Controls: its own token is fine, and the demo hall may use the demo tokens.
    expect(validateHallConfig({ ...leaky, devices: [{ id: 'kiosk-9', kind: 'kiosk', token: OWN_KIOSK_TOKEN }] }).devices).toHaveLength(1);
    expect(validateHallConfig({ ...leaky, demo: true }).demo).toBe(true);
  });
});
