// The manager's hall administration against a real hub: notices (公告) saved with PUT /api/config and
// pushed in the live view; staff added with a PIN, PINs reset, a logged-in member not removable; devices
// registered with a token made by the hub, tokens replaced (the old one dead at once, its socket
// dropped), edited and removed with PUT /api/config. Who may do it, bad input, and no secret ever in an
// answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, sha256 } from '../../hub/auth/secrets.js';
import { demoHallInput } from '../../hub/config/demo-hall.js';
import { hallConfigSchema } from '../../hub/config/schema.js';
import { next, type TestHub, useTestHub } from '../support/hub.js';
import { expectError, type Res } from '../support/refusal.js';

/** 400 BAD_INPUT whose detail names the path of the problem. */
function expectBadInput(r: Res, path: RegExp | string, what = ''): void {
  expectError(r, 400, 'BAD_INPUT', what);
  const detail = String(r.body.error.params?.detail ?? '');
  if (typeof path === 'string') expect(detail, what).toContain(path);
  else expect(detail, what).toMatch(path);
}

/** No hash or plain device token anywhere in an answer. */
function expectNoSecrets(body: unknown, what = ''): void {
  const text = JSON.stringify(body) ?? '';
  expect(text, what).not.toMatch(/scrypt\$/);
  expect(text, what).not.toMatch(/pinHash|passwordHash|tokenSha256|"token":"demo-/);
  expect(text, what).not.toMatch(/\b[0-9a-f]{64}\b/);
}

const staffLogin = (hub: TestHub, staffNo: string, pin: string, counter: string) => hub.api('POST', '/api/sessions', { body: { staffNo, pin, counter } });

describe('hall administration (demo hall)', () => {
  const hub = useTestHub();
  let manager: string;
  const put = (config: unknown) => hub.api('PUT', '/api/config', { token: manager, body: config });
  const config = async () => (await hub.api('GET', '/api/config', { token: manager })).body;

  beforeAll(async () => {
    manager = await hub.managerToken();
  });

  describe('notices', () => {
    const NOTICES = [
      { id: 'power', text: { zh: '今日下午停电检修', en: 'Power maintenance this afternoon' }, enabled: true },
      { id: 'f2-only', text: { zh: '二楼企业开办请先取号' }, zones: ['F2'], enabled: true },
      { id: 'old', text: { zh: '已过期的公告' }, enabled: false },
    ];

    it('starts with none: the live view has notices [] and notice null', async () => {
      const live = await hub.api('GET', '/api/live', { token: 'demo-display' });
      expect(live.body.notices).toEqual([]);
      expect(live.body.notice).toBeNull();
      expect((await config()).notices).toEqual([]);
    });

    it('saved with PUT /api/config, they appear in GET /api/live and in the pushed snapshot', async () => {
      const board = hub.socket({ token: 'demo-display' });
      await next(board, 'snapshot');
      const pushed = next(board, 'snapshot');
      const c = await config();
      const r = await put({ ...c, notices: NOTICES });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.notices).toEqual(NOTICES);

      const expected = {
        notices: [
          { id: 'power', text: NOTICES[0]!.text, zones: [] },
          { id: 'f2-only', text: NOTICES[1]!.text, zones: ['F2'] },
        ],
        notice: { zh: '今日下午停电检修\u3000\u3000二楼企业开办请先取号', en: 'Power maintenance this afternoon\u3000\u3000二楼企业开办请先取号' },
      };
      const snapshot = await pushed;
      expect(snapshot).toMatchObject(expected);
      expect((await hub.api('GET', '/api/live', { token: 'demo-kiosk' })).body).toMatchObject(expected);
      // A board that connects now has them in its first snapshot.
      const late = hub.socket({ token: 'demo-display' });
      expect(await next(late, 'snapshot')).toMatchObject(expected);
    });

    it('disabling and deleting take them off the boards', async () => {
      const c = await config();
      c.notices = c.notices.filter((n: any) => n.id !== 'f2-only').map((n: any) => ({ ...n, enabled: n.id === 'old' }));
      expect((await put(c)).status).toBe(200);
      const live = (await hub.api('GET', '/api/live', { token: 'demo-display' })).body;
      expect(live.notices).toEqual([{ id: 'old', text: { zh: '已过期的公告' }, zones: [] }]);
      expect(live.notice).toEqual({ zh: '已过期的公告', en: '已过期的公告' });
      expect((await put({ ...c, notices: [] })).status).toBe(200);
      expect((await hub.api('GET', '/api/live', { token: 'demo-display' })).body).toMatchObject({ notices: [], notice: null });
    });

    it('refuses bad notices with the path of each problem', async () => {
      const c = await config();
      const note = { id: 'a', text: { zh: '公告' }, enabled: true };
      expectBadInput(await put({ ...c, notices: [{ ...note, zones: ['F9'] }] }), 'notices.0.zones.0: unknown zone "F9"');
      expectBadInput(await put({ ...c, notices: [note, note] }), 'notices.1.id: "a" appears twice');
      expectBadInput(await put({ ...c, notices: [{ ...note, text: { zh: '' } }] }), 'notices.0.text.zh');
      expectBadInput(await put({ ...c, notices: [{ ...note, id: 'has space' }] }), 'notices.0.id');
      expect((await config()).notices).toEqual([]);
    });
  });

  describe('staff', () => {
    it('adds a staff member with a PIN; the answer and the config carry no hash; they can log in', async () => {
      const r = await hub.api('POST', '/api/staff', { token: manager, body: { no: '2001', name: ' 韩梅 ', pin: '4821', backup: '1001' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toEqual({ staff: { no: '2001', name: '韩梅', backup: '1001' } });
      const c = await config();
      expect(c.staff.at(-1)).toEqual({ no: '2001', name: '韩梅', backup: '1001' });
      expectNoSecrets(c, 'GET /api/config');
      const events = await hub.api('GET', '/api/events?after=0&limit=5000', { token: manager });
      expect(events.body.events.at(-1)).toMatchObject({ type: 'config.changed', source: 'api', actor: { kind: 'manager', id: 'admin' } });
      expectNoSecrets(events.body, 'GET /api/events');

      const login = await staffLogin(hub, '2001', '4821', '5');
      expect(login.status, JSON.stringify(login.body)).toBe(201);
      expect(login.body.principal).toMatchObject({ kind: 'staff', staffNo: '2001', name: '韩梅', counterId: '5' });
    });

    it('resets a PIN: 204 with no body, the old PIN is refused and the new one works', async () => {
      const r = await hub.api('POST', '/api/staff/2001/pin', { token: manager, body: { pin: '975310' } });
      expect(r.status).toBe(204);
      expect(r.body).toBeNull();
      expectError(await staffLogin(hub, '2001', '4821', '5'), 401, 'BAD_CREDENTIALS', 'old PIN');
      expect((await staffLogin(hub, '2001', '975310', '5')).status).toBe(201);
    });

    it('edits name and backup with PUT /api/config, keeping the PIN', async () => {
      const c = await config();
      const i = c.staff.findIndex((s: any) => s.no === '1002');
      c.staff[i] = { ...c.staff[i], name: '李娜（新）', backup: '2001' };
      const r = await put(c);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.staff[i]).toEqual({ no: '1002', name: '李娜（新）', backup: '2001' });
      const login = await staffLogin(hub, '1002', '1234', '2');
      expect(login.status).toBe(201);
      expect(login.body.principal.name).toBe('李娜（新）');
      await hub.api('DELETE', '/api/sessions/current', { token: login.body.token });
    });

    it('a new member through PUT /api/config needs a pinHash', async () => {
      const c = await config();
      expectBadInput(await put({ ...c, staff: [...c.staff, { no: '2002', name: '没密码' }] }), /staff\.\d+\.pinHash/);
    });

    it('refuses to remove a staff member logged in at a counter (409 CONFIG_CONFLICT), and removes them after logout', async () => {
      const token = (await staffLogin(hub, '2001', '975310', '5')).body.token as string;
      // 1002 names 2001 as backup: drop that first, or the backup check would refuse the config (400).
      const c = await config();
      c.staff = c.staff.map((s: any) => (s.no === '1002' ? { no: s.no, name: s.name } : s));
      expect((await put(c)).status).toBe(200);
      const without = { ...c, staff: c.staff.filter((s: any) => s.no !== '2001') };
      const r = await put(without);
      expectError(r, 409, 'CONFIG_CONFLICT');
      expect(r.body.error.params).toMatchObject({ staff: '2001', counter: '5' });
      expect((await config()).staff.some((s: any) => s.no === '2001')).toBe(true);

      expect((await hub.api('DELETE', '/api/sessions/current', { token })).status).toBe(204);
      expect((await put(without)).status).toBe(200);
      expect((await config()).staff.some((s: any) => s.no === '2001')).toBe(false);
      expectError(await staffLogin(hub, '2001', '975310', '5'), 401, 'BAD_CREDENTIALS');
    });

    it('refuses bad input: 400 BAD_INPUT, with the path for what the config check finds', async () => {
      const add = (body: unknown) => hub.api('POST', '/api/staff', { token: manager, body });
      const n = (await config()).staff.length;
      for (const pin of ['123', '12ab', '1234567890123', '', 4821])
        expectError(await add({ no: '2003', name: '王', pin }), 400, 'BAD_INPUT', `pin ${JSON.stringify(pin)}`);
      expectError(await add({ no: '12', name: '王', pin: '4821' }), 400, 'BAD_INPUT', 'short number');
      expectError(await add({ no: '2003', name: '  ', pin: '4821' }), 400, 'BAD_INPUT', 'blank name');
      expectError(await add({ no: '2003', name: '王', pin: '4821', pinHash: hashSecret('4821') }), 400, 'BAD_INPUT', 'extra field');
      expectBadInput(await add({ no: '1001', name: '重号', pin: '4821' }), `staff.${n}.no: "1001" appears twice`);
      expectBadInput(await add({ no: '2003', name: '王', pin: '4821', backup: '9999' }), `staff.${n}.backup`);
      expect((await config()).staff).toHaveLength(n);

      const pin = (no: string, body: unknown) => hub.api('POST', `/api/staff/${no}/pin`, { token: manager, body });
      expectError(await pin('1001', { pin: '12' }), 400, 'BAD_INPUT');
      expectError(await pin('1001', {}), 400, 'BAD_INPUT');
      expectError(await pin('abc', { pin: '4821' }), 400, 'BAD_INPUT');
      expectError(await pin('9999', { pin: '4821' }), 404, 'STAFF_UNKNOWN');
      // Nothing changed: 1001 still logs in with the demo PIN.
      const login = await staffLogin(hub, '1001', '1234', '1');
      expect(login.status).toBe(201);
      await hub.api('DELETE', '/api/sessions/current', { token: login.body.token });
    });

    it('the demo PIN is allowed in the demo hall', async () => {
      const r = await hub.api('POST', '/api/staff', { token: manager, body: { no: '2004', name: '演示', pin: '1234' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    });
  });

  describe('devices', () => {
    let kioskToken: string;

    it('registers a kiosk: 201 {device, token}; the token issues tickets, only its sha256 is kept', async () => {
      const r = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'kiosk-2', kind: 'kiosk', name: '二楼取号机', zone: 'F2' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.device).toEqual({ id: 'kiosk-2', kind: 'kiosk', name: '二楼取号机', zone: 'F2' });
      expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      kioskToken = r.body.token;
      expect(hub.hall.config.devices.find((d) => d.id === 'kiosk-2')).toMatchObject({ tokenSha256: sha256(kioskToken) });
      expect(hub.hall.config.devices.find((d) => d.id === 'kiosk-2')?.token).toBeUndefined();
      expectNoSecrets(await config(), 'GET /api/config');

      const ticket = await hub.api('POST', '/api/tickets', { token: kioskToken, body: { serviceId: 'social-security' } });
      expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
      expect((await hub.api('GET', '/api/sessions/current', { token: kioskToken })).body.principal).toMatchObject({ kind: 'device', deviceId: 'kiosk-2', deviceKind: 'kiosk', zone: 'F2' });
    });

    it("a display's and a pad's tokens are good for what their kind may do", async () => {
      const display = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'display-f2', kind: 'display', zone: 'F2' } });
      expect(display.status).toBe(201);
      expect((await hub.api('GET', '/api/live', { token: display.body.token })).status).toBe(200);
      expectError(await hub.api('POST', '/api/tickets', { token: display.body.token, body: { serviceId: 'social-security' } }), 403, 'FORBIDDEN');

      const pad = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'pad-5', kind: 'pad', counter: '5', zone: 'F1' } });
      expect(pad.status).toBe(201);
      expect((await hub.api('GET', '/api/sessions/current', { token: pad.body.token })).body.principal).toMatchObject({ deviceKind: 'pad', counterId: '5' });
    });

    it('a printer does not connect in: no token, and none to replace', async () => {
      const r = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'printer-1', kind: 'printer', zone: 'F1', address: 'tcp://10.0.0.5:9100' } });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ device: { id: 'printer-1', kind: 'printer', zone: 'F1', address: 'tcp://10.0.0.5:9100' }, token: null });
      expectError(await hub.api('POST', '/api/devices/printer-1/token', { token: manager, body: {} }), 409, 'DEVICE_NO_TOKEN');
    });

    it('a printer on an agent for a kiosk, and a hardware pad at an address (no token); a kiosk only for printers', async () => {
      const agent = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'agent-k1', kind: 'agent', name: '取号机电脑' } });
      expect(agent.status).toBe(201);
      expect(agent.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const printer = await hub.api('POST', '/api/devices', {
        token: manager,
        body: { id: 'printer-k1', kind: 'printer', address: 'usb://0416:5011', agent: 'agent-k1', kiosk: 'kiosk-1' },
      });
      expect(printer.status, JSON.stringify(printer.body)).toBe(201);
      expect(printer.body).toEqual({ device: { id: 'printer-k1', kind: 'printer', address: 'usb://0416:5011', agent: 'agent-k1', kiosk: 'kiosk-1' }, token: null });
      const pad = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'pad-hid-6', kind: 'pad', counter: '6', address: 'hid://1a86:e026', agent: 'agent-k1' } });
      expect(pad.status, JSON.stringify(pad.body)).toBe(201);
      expect(pad.body.token).toBeNull();
      expectError(await hub.api('POST', '/api/devices/pad-hid-6/token', { token: manager, body: {} }), 409, 'DEVICE_NO_TOKEN');
      const wrong = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'board-x', kind: 'board', address: 'tcp://10.0.0.9:5005', kiosk: 'kiosk-1' } });
      expectError(wrong, 400, 'BAD_INPUT');
      expect(wrong.body.error.message).toMatch(/only a printer prints for a kiosk/);
      const noAgent = await hub.api('POST', '/api/devices', { token: manager, body: { id: 'printer-y', kind: 'printer', address: 'tcp://10.0.0.9:9100', agent: 'nobody' } });
      expectError(noAgent, 400, 'BAD_INPUT');
      expect(noAgent.body.error.message).toMatch(/"nobody" is not a device of kind "agent"/);
    });

    it('replacing a token: the old one is refused at once and its socket dropped, the new one works', async () => {
      const socket = hub.socket({ token: kioskToken });
      await next(socket, 'snapshot');
      const ended = next(socket, 'session.ended');
      const dropped = next(socket, 'disconnect');

      const r = await hub.api('POST', '/api/devices/kiosk-2/token', { token: manager, body: {} });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.device).toEqual({ id: 'kiosk-2', kind: 'kiosk', name: '二楼取号机', zone: 'F2' });
      expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(r.body.token).not.toBe(kioskToken);

      expectError(await hub.api('POST', '/api/tickets', { token: kioskToken, body: { serviceId: 'social-security' } }), 401, 'UNAUTHENTICATED', 'old token');
      expect((await ended).code).toBe('UNAUTHENTICATED');
      await dropped;
      expect((await hub.api('POST', '/api/tickets', { token: r.body.token, body: { serviceId: 'social-security' } })).status).toBe(201);
      kioskToken = r.body.token;
    });

    it('edits name, zone and counter with PUT /api/config, keeping the token; removing the device kills it', async () => {
      const c = await config();
      const i = c.devices.findIndex((d: any) => d.id === 'kiosk-2');
      c.devices[i] = { ...c.devices[i], name: '一楼2号取号机', zone: 'F1' };
      const r = await put(c);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.devices[i]).toEqual({ id: 'kiosk-2', kind: 'kiosk', name: '一楼2号取号机', zone: 'F1' });
      expectNoSecrets(r.body, 'PUT /api/config');
      expect((await hub.api('GET', '/api/sessions/current', { token: kioskToken })).body.principal).toMatchObject({ deviceId: 'kiosk-2', zone: 'F1' });

      const j = c.devices.findIndex((d: any) => d.id === 'pad-5');
      c.devices[j] = { ...c.devices[j], counter: '6' };
      expect((await put(c)).status).toBe(200);

      expect((await put({ ...c, devices: c.devices.filter((d: any) => d.id !== 'kiosk-2') })).status).toBe(200);
      expectError(await hub.api('POST', '/api/tickets', { token: kioskToken, body: { serviceId: 'social-security' } }), 401, 'UNAUTHENTICATED');
    });

    it('refuses bad input: 400 BAD_INPUT with the path', async () => {
      const add = (body: unknown) => hub.api('POST', '/api/devices', { token: manager, body });
      const n = (await config()).devices.length;
      expectBadInput(await add({ id: 'kiosk-1', kind: 'kiosk' }), `devices.${n}.id: "kiosk-1" appears twice`);
      expectBadInput(await add({ id: 'kiosk-9', kind: 'kiosk', zone: 'F9' }), `devices.${n}.zone: unknown zone "F9"`);
      expectBadInput(await add({ id: 'pad-9', kind: 'pad', counter: '99' }), `devices.${n}.counter: unknown counter "99"`);
      expectBadInput(await add({ id: 'pad-9', kind: 'pad' }), `devices.${n}.counter`);
      expectError(await add({ id: 'toaster-1', kind: 'toaster' }), 400, 'BAD_INPUT', 'unknown kind');
      expectError(await add({ id: 'bad id', kind: 'kiosk' }), 400, 'BAD_INPUT', 'bad id');
      expectError(await add({ kind: 'kiosk' }), 400, 'BAD_INPUT', 'no id');
      expectError(await add({ id: 'kiosk-9', kind: 'kiosk', tokenSha256: sha256('x') }), 400, 'BAD_INPUT', 'a hash of its own');
      expectError(await add({ id: 'kiosk-9', kind: 'kiosk', token: 'my-own-token-123' }), 400, 'BAD_INPUT', 'a token of its own');
      expect((await config()).devices).toHaveLength(n);
      expectError(await hub.api('POST', '/api/devices/nope/token', { token: manager, body: {} }), 404, 'DEVICE_UNKNOWN');
      expectError(await hub.api('POST', '/api/devices/bad%20id/token', { token: manager, body: {} }), 400, 'BAD_INPUT');
      expectError(await hub.api('POST', '/api/devices/kiosk-1/token', { token: manager, body: { token: 'mine-mine-mine' } }), 400, 'BAD_INPUT');
    });

    it('replacing a plain (demo) token drops it: demo-kiosk stops working', async () => {
      const r = await hub.api('POST', '/api/devices/kiosk-1/token', { token: manager, body: {} });
      expect(r.status).toBe(200);
      expect(hub.hall.config.devices.find((d) => d.id === 'kiosk-1')).toEqual(expect.objectContaining({ tokenSha256: sha256(r.body.token) }));
      expect(hub.hall.config.devices.find((d) => d.id === 'kiosk-1')?.token).toBeUndefined();
      expectError(await hub.api('GET', '/api/live', { token: 'demo-kiosk' }), 401, 'UNAUTHENTICATED');
      expect((await hub.api('GET', '/api/live', { token: r.body.token })).status).toBe(200);
    });
  });

  describe('who may', () => {
    const ROUTES: [string, unknown][] = [
      ['/api/staff', { no: '2009', name: '某', pin: '4821' }],
      ['/api/staff/1003/pin', { pin: '4821' }],
      ['/api/devices', { id: 'kiosk-7', kind: 'kiosk' }],
      ['/api/devices/display-1/token', {}],
    ];

    it('no token: 401; a bad token: 401', async () => {
      for (const [path, body] of ROUTES) {
        expectError(await hub.api('POST', path, { body }), 401, 'UNAUTHENTICATED', path);
        expectError(await hub.api('POST', path, { body, token: 'not-a-token-at-all' }), 401, 'UNAUTHENTICATED', path);
      }
    });

    it('staff and devices: 403, and nothing changes', async () => {
      const before = JSON.stringify(hub.hall.config);
      const staff = await hub.login('1003', '3');
      for (const token of [staff, 'demo-display', 'demo-pad'])
        for (const [path, body] of ROUTES) expectError(await hub.api('POST', path, { body, token }), 403, 'FORBIDDEN', `${path} as ${token.slice(0, 12)}`);
      expect(JSON.stringify(hub.hall.config)).toBe(before);
      await hub.api('DELETE', '/api/sessions/current', { token: staff });
    });
  });
});

describe('hall administration outside the demo hall', () => {
  const hub = useTestHub(() => {
    const input = demoHallInput();
    const config = hallConfigSchema.parse({
      ...input,
      demo: false,
      managers: [{ username: 'director', name: '主任', passwordHash: hashSecret('correct horse battery') }],
      devices: [],
    });
    return { config };
  });
  let manager: string;

  beforeAll(async () => {
    const r = await hub.api('POST', '/api/sessions', { body: { username: 'director', password: 'correct horse battery' } });
    manager = r.body.token;
  });

  it('refuses the demo PIN 1234 for a new member and for a reset: 403 DEMO_CREDENTIAL', async () => {
    expectError(await hub.api('POST', '/api/staff', { token: manager, body: { no: '3001', name: '新人', pin: '1234' } }), 403, 'DEMO_CREDENTIAL');
    expectError(await hub.api('POST', '/api/staff/1001/pin', { token: manager, body: { pin: '1234' } }), 403, 'DEMO_CREDENTIAL');
    expect(hub.hall.config.staff.some((s) => s.no === '3001')).toBe(false);
  });

  it('a PIN of its own works: the reset lets 1001 in, who could not log in with the demo PIN', async () => {
    expectError(await staffLogin(hub, '1001', '1234', '1'), 403, 'DEMO_CREDENTIAL');
    expect((await hub.api('POST', '/api/staff/1001/pin', { token: manager, body: { pin: '60517' } })).status).toBe(204);
    expect((await staffLogin(hub, '1001', '60517', '1')).status).toBe(201);
  });
});
