// Bad input against every REST route of a real hub: malformed and oversized bodies, wrong types,
// missing and extra fields, bad path and query parameters, missing or wrong tokens and roles, state
// conflicts, and a seeded fuzz loop. Every refusal must be a 4xx with `{ error: { code, message } }`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONDAY_10AM, removeDir, startTestHub, type TestHub } from '../support/hub.js';
import { expectError, type Res } from '../support/refusal.js';
import { bookAppointment } from '../support/appointments.js';
// The fuzz's seeded PRNG (mulberry32) is the one the simulations draw from: a seed replays the same inputs.
import { random } from '../../hub/planning/simulate.js';

const HOUR = 3_600_000;
/** 10:00 Monday local is MONDAY_10AM; local HH:MM the same day. */
const mondayAt = (hh: number, mm = 0) => MONDAY_10AM + (hh - 10) * HOUR + mm * 60_000;

const CJK = /[\u4e00-\u9fff]/;

/** Any 4xx with the error shape. */
function expectClientError(r: Res, what = ''): void {
  const ctx = `${what} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`;
  expect(r.status, ctx).toBeGreaterThanOrEqual(400);
  expect(r.status, ctx).toBeLessThan(500);
  expect(r.body?.error?.code, ctx).toMatch(/^[A-Z_]+$/);
  expect(typeof r.body.error.message === 'string' && r.body.error.message.trim().length > 0, ctx).toBe(true);
}

const ACTIONS = ['call', 'recall', 'skip', 'start', 'finish', 'hold', 'transfer', 'call-number', 'resume-held', 'pause', 'resume'] as const;
type ActionName = (typeof ACTIONS)[number];

/** A body each action accepts, so that one added mistake is the only thing wrong. */
const VALID_BODY: Record<ActionName, Record<string, unknown>> = {
  call: {},
  recall: {},
  skip: {},
  start: {},
  finish: {},
  hold: {},
  resume: {},
  transfer: { toService: 'medical-insurance' },
  'call-number': { number: 'A001' },
  'resume-held': { ticketId: 'unknownTicket0001' },
  pause: { reason: '整理材料' },
};

/** Bodies of the wrong shape per action: wrong types, missing fields, bad values. */
const BAD_BODIES: Record<ActionName, unknown[]> = {
  call: [[], { counter: '1' }],
  recall: [[1], { times: 2 }],
  skip: [['x'], { reason: 'gone' }],
  start: [[], { at: 1 }],
  finish: [[], { note: 'ok' }],
  hold: [[], { minutes: 5 }],
  resume: [[], { reason: 'back' }],
  transfer: [{}, { toService: 5 }, { toService: '' }, { toCounter: 3 }, { toCounter: '0' }, { toCounter: '99999' }, { toService: 'x'.repeat(41) }, []],
  'call-number': [{}, { number: 5 }, { number: 'A' }, { number: 'ABC1' }, { number: 'A123456' }, { number: null }],
  'resume-held': [{}, { ticketId: 'short' }, { ticketId: 'has spaces in it' }, { ticketId: 'x'.repeat(65) }, { ticketId: 12345678 }],
  pause: [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(101) }, { reason: ['午休'] }, { reason: 7 }],
};

const MALFORMED = ['{', '{"serviceId":}', "{'serviceId':'tax'}", '{"serviceId":"tax",}', 'nul', '[1,2', '{"a":"\\x"}', '"just a string"', '42', 'true', 'null'];

/** Over express.json's 256 kb limit. */
const HUGE = JSON.stringify({ serviceId: 'tax', padding: 'x'.repeat(300 * 1024) });

const BODY_ROUTES: [method: string, path: string][] = [
  ['POST', '/api/tickets'],
  ['POST', '/api/tickets/unknownTicket0001/requeue'],
  ['POST', '/api/tickets/unknownTicket0001/cancel'],
  ['POST', '/api/sessions'],
  ['DELETE', '/api/sessions/current'],
  ['PUT', '/api/config'],
  ...ACTIONS.map((a): [string, string] => ['POST', `/api/counters/1/${a}`]),
  ['POST', '/api/no-such-route'],
];

type Who = 'none' | 'manager' | 'staff1' | 'staff2' | 'kiosk' | 'display' | 'pad' | 'bogus';

describe('bad input on every route (one hub)', () => {
  let hub: TestHub;
  const tokens = {} as Record<Who, string | undefined>;
  let waitingTicket: string;

  const call = (who: Who, method: string, path: string, o: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}) =>
    hub.api(method, path, { ...o, ...(tokens[who] ? { token: tokens[who] } : {}) });

  beforeAll(async () => {
    hub = await startTestHub();
    tokens.none = undefined;
    tokens.manager = await hub.managerToken();
    tokens.staff1 = await hub.login('1001', '1');
    tokens.staff2 = await hub.login('1002', '2');
    tokens.kiosk = 'demo-kiosk';
    tokens.display = 'demo-display';
    tokens.pad = 'demo-pad';
    tokens.bogus = 'this-is-not-a-token-at-all';
    const t = await call('kiosk', 'POST', '/api/tickets', { body: { serviceId: 'household' } });
    expect(t.status).toBe(201);
    waitingTicket = t.body.id;
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  describe('malformed JSON → 400 BAD_JSON', () => {
    it('every variant on POST /api/tickets', async () => {
      for (const raw of MALFORMED) expectError(await call('kiosk', 'POST', '/api/tickets', { raw }), 400, 'BAD_JSON', raw);
    });
    it('on every route that takes a body, before auth is even looked at', async () => {
      for (const [method, path] of BODY_ROUTES) {
        for (const raw of ['{"a":', 'null']) {
          expectError(await call('manager', method, path, { raw }), 400, 'BAD_JSON', `${method} ${path} ${raw}`);
          expectError(await call('none', method, path, { raw }), 400, 'BAD_JSON', `${method} ${path} ${raw} (no token)`);
        }
      }
    });
    it('a body that is valid JSON is not refused as BAD_JSON (control)', async () => {
      const r = await call('kiosk', 'POST', '/api/tickets', { raw: '{"serviceId":"tax"}' });
      expect(r.status).toBe(201);
    });
  });

  describe('bodies over 256 kb → 413 PAYLOAD_TOO_LARGE', () => {
    it('on every route that takes a body', async () => {
      for (const [method, path] of BODY_ROUTES) expectError(await call('manager', method, path, { raw: HUGE }), 413, 'PAYLOAD_TOO_LARGE', `${method} ${path}`);
    });
    it('just under the limit is read (and then judged on its content)', async () => {
      const raw = JSON.stringify({ serviceId: 'tax', padding: 'x'.repeat(200 * 1024) });
      expectError(await call('kiosk', 'POST', '/api/tickets', { raw }), 400, 'BAD_INPUT', 'extra padding field');
    });
  });

  describe('other body-parser refusals stay 4xx', () => {
    it('an unsupported charset or content encoding, or a broken gzip stream', async () => {
      const charset = await call('kiosk', 'POST', '/api/tickets', { raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } });
      expectError(charset, 415, 'BAD_INPUT', 'charset');
      const enc = await call('kiosk', 'POST', '/api/tickets', { raw: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'snappy' } });
      expectError(enc, 415, 'BAD_INPUT', 'encoding');
      const gzip = await call('kiosk', 'POST', '/api/tickets', { raw: 'not gzip at all', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
      expectError(gzip, 400, 'BAD_INPUT', 'gzip');
    });
    it('JSON nested 100 000 deep', async () => {
      const raw = '['.repeat(100_000) + ']'.repeat(100_000);
      expectError(await call('kiosk', 'POST', '/api/tickets', { raw }), 400, 'BAD_INPUT', 'deep array');
      const deepObj = '{"hall":' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) + '}';
      expectError(await call('manager', 'PUT', '/api/config', { raw: deepObj }), 400, 'BAD_INPUT', 'deep object');
    });
  });

  describe('GET /api/health, /api/openapi.json, /api/services (public)', () => {
    it('answer without a token and ignore stray query strings', async () => {
      for (const path of ['/api/health?x=1', '/api/openapi.json?format=yaml', '/api/services?zone=F9']) {
        const r = await call('none', 'GET', path);
        expect(r.status, path).toBe(200);
        expect(r.body, path).not.toHaveProperty('error');
      }
    });
    it('other methods on them → 404 NOT_FOUND', async () => {
      for (const [method, path] of [
        ['POST', '/api/health'],
        ['DELETE', '/api/health'],
        ['PUT', '/api/openapi.json'],
        ['POST', '/api/services'],
        ['PATCH', '/api/services'],
      ] as const)
        expectError(await call('manager', method, path, { body: {} }), 404, 'NOT_FOUND', `${method} ${path}`);
    });
  });

  describe('tokens', () => {
    const authed: [string, string][] = [
      ['GET', '/api/live'],
      ['GET', '/api/events'],
      ['POST', '/api/tickets'],
      ['GET', '/api/tickets/unknownTicket0001/events'],
      ['POST', '/api/tickets/unknownTicket0001/requeue'],
      ['POST', '/api/tickets/unknownTicket0001/cancel'],
      ['GET', '/api/sessions/current'],
      ['DELETE', '/api/sessions/current'],
      ['GET', '/api/counters/1'],
      ...ACTIONS.map((a): [string, string] => ['POST', `/api/counters/1/${a}`]),
      ['GET', '/api/config'],
      ['PUT', '/api/config'],
    ];
    const badAuthHeaders: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: 'Bearer two tokens' },
      { authorization: 'Basic YWRtaW46YWRtaW4xMjM0' },
      { authorization: 'demo-kiosk' },
      { authorization: 'Bearer not-a-token' },
      { authorization: `Bearer ${'A'.repeat(5000)}` },
    ];
    it('missing, malformed or unknown → 401 UNAUTHENTICATED on every route that needs one', async () => {
      for (const [method, path] of authed) {
        for (const headers of badAuthHeaders) {
          const r = await hub.api(method, path, { ...(method === 'GET' ? {} : { body: {} }), ...(headers ? { headers } : {}) });
          expectError(r, 401, 'UNAUTHENTICATED', `${method} ${path} ${JSON.stringify(headers)?.slice(0, 60)}`);
        }
      }
    });
    it('the scheme is case-insensitive (control: a good token works)', async () => {
      const r = await hub.api('GET', '/api/sessions/current', { headers: { authorization: `bearer ${tokens.manager}` } });
      expect(r.status).toBe(200);
      expect(r.body.principal).toMatchObject({ kind: 'manager', username: 'admin' });
    });
  });

  describe('roles → 403', () => {
    it('a pad or a display cannot issue a ticket; the kiosk can', async () => {
      expectError(await call('pad', 'POST', '/api/tickets', { body: { serviceId: 'tax' } }), 403, 'FORBIDDEN', 'pad');
      expectError(await call('display', 'POST', '/api/tickets', { body: { serviceId: 'tax' } }), 403, 'FORBIDDEN', 'display');
      expect((await call('kiosk', 'POST', '/api/tickets', { body: { serviceId: 'tax' } })).status).toBe(201);
    });
    it('a role is checked before the body: a pad with a bad body is still 403', async () => {
      expectError(await call('pad', 'POST', '/api/tickets', { body: { serviceId: 5 } }), 403, 'FORBIDDEN');
    });
    it('devices cannot act at a counter, not even the pad of that counter', async () => {
      for (const action of ACTIONS)
        for (const who of ['kiosk', 'display', 'pad'] as const)
          expectError(await call(who, 'POST', `/api/counters/1/${action}`, { body: VALID_BODY[action] }), 403, 'FORBIDDEN', `${who} ${action}`);
    });
    it('staff acting at another counter → 403 WRONG_COUNTER naming their own', async () => {
      for (const action of ACTIONS) {
        const r = await call('staff1', 'POST', `/api/counters/2/${action}`, { body: VALID_BODY[action] });
        expectError(r, 403, 'WRONG_COUNTER', action);
        expect(r.body.error.params).toEqual({ counter: '1' });
        expect(r.body.error.message).toContain('1');
      }
    });
    it('the event log, a ticket log and the config for managers', async () => {
      expectError(await call('staff1', 'GET', '/api/events'), 403, 'FORBIDDEN', 'staff events');
      expectError(await call('display', 'GET', '/api/events?limit=1'), 403, 'FORBIDDEN', 'the event log is for managers');
      for (const who of ['staff1', 'kiosk', 'display', 'pad'] as const) {
        expectError(await call(who, 'GET', `/api/tickets/${waitingTicket}/events`), 403, 'FORBIDDEN', `${who} ticket events`);
        expectError(await call(who, 'GET', '/api/config'), 403, 'FORBIDDEN', `${who} GET config`);
        expectError(await call(who, 'PUT', '/api/config', { body: {} }), 403, 'FORBIDDEN', `${who} PUT config`);
      }
    });
    it('devices cannot requeue or cancel tickets', async () => {
      for (const who of ['kiosk', 'display', 'pad'] as const) {
        expectError(await call(who, 'POST', `/api/tickets/${waitingTicket}/requeue`, { body: {} }), 403, 'FORBIDDEN', `${who} requeue`);
        expectError(await call(who, 'POST', `/api/tickets/${waitingTicket}/cancel`, { body: { reason: 'x' } }), 403, 'FORBIDDEN', `${who} cancel`);
      }
    });
  });

  describe('GET /api/events query', () => {
    it('rejects bad after/limit and unknown parameters with 400 BAD_INPUT', async () => {
      for (const q of ['after=-1', 'after=abc', 'after=1.5', 'after=1&after=2', 'limit=abc', 'limit=0', 'limit=-5', 'limit=5001', 'limit=1e400', 'foo=1', 'after[x]=1']) {
        const r = await call('manager', 'GET', `/api/events?${q}`);
        expectError(r, 400, 'BAD_INPUT', q);
        expect(r.body.error.params.detail, q).toBeTypeOf('string');
      }
    });
    it('names the parameter that is wrong', async () => {
      expect((await call('manager', 'GET', '/api/events?after=-1')).body.error.params.detail).toMatch(/^after:/);
      expect((await call('manager', 'GET', '/api/events?limit=abc')).body.error.params.detail).toMatch(/^limit:/);
    });
    it('accepts good values (control)', async () => {
      const r = await call('manager', 'GET', '/api/events?after=0&limit=2');
      expect(r.status).toBe(200);
      expect(r.body.events).toHaveLength(2);
      expect(r.body.events[0].seq).toBe(1);
      expect(r.body.lastSeq).toBe(hub.hall.lastSeq);
    });
  });

  describe('POST /api/tickets body', () => {
    const bad: [string, unknown, RegExp][] = [
      ['missing serviceId', {}, /serviceId/],
      ['serviceId a number', { serviceId: 5 }, /serviceId/],
      ['serviceId empty', { serviceId: '' }, /serviceId/],
      ['serviceId too long', { serviceId: 'x'.repeat(41) }, /serviceId/],
      ['serviceId null', { serviceId: null }, /serviceId/],
      ['extra field', { serviceId: 'tax', name: '张三' }, /name/],
      ['unknown priority', { serviceId: 'tax', priority: 'king' }, /priority/],
      ['unknown channel', { serviceId: 'tax', channel: 'web' }, /channel/],
      ['appointment without code', { serviceId: 'tax', priority: 'appointment', appointment: { slotAt: MONDAY_10AM } }, /appointment\.code/],
      ['appointment slot not a time', { serviceId: 'tax', priority: 'appointment', appointment: { code: 'X1', slotAt: 'tomorrow' } }, /appointment\.slotAt/],
      ['appointment slot negative', { serviceId: 'tax', priority: 'appointment', appointment: { code: 'X1', slotAt: -5 } }, /appointment\.slotAt/],
      ['appointment extra field', { serviceId: 'tax', priority: 'appointment', appointment: { code: 'X1', slotAt: MONDAY_10AM, who: 'me' } }, /appointment/],
      ['an array', [{ serviceId: 'tax' }], /object/],
    ];
    it('wrong types, missing and extra fields → 400 BAD_INPUT naming the field', async () => {
      for (const [what, body, detail] of bad) {
        const r = await call('kiosk', 'POST', '/api/tickets', { body });
        expectError(r, 400, 'BAD_INPUT', what);
        expect(r.body.error.params.detail, what).toMatch(detail);
      }
    });
    it('an unknown service → 404 SERVICE_UNKNOWN', async () => {
      const r = await call('kiosk', 'POST', '/api/tickets', { body: { serviceId: 'passport-renewal' } });
      expectError(r, 404, 'SERVICE_UNKNOWN');
      expect(r.body.error.params.service).toBe('passport-renewal');
    });
    it('priority and appointment must go together → 400 APPOINTMENT_INVALID', async () => {
      expectError(await call('kiosk', 'POST', '/api/tickets', { body: { serviceId: 'tax', priority: 'appointment' } }), 400, 'APPOINTMENT_INVALID', 'no booking');
      expectError(
        await call('kiosk', 'POST', '/api/tickets', { body: { serviceId: 'tax', appointment: { code: 'X1', slotAt: MONDAY_10AM } } }),
        400,
        'APPOINTMENT_INVALID',
        'booking without priority',
      );
      // A booked code checks in; the slot is the booking's, not the one the kiosk sent.
      await bookAppointment(hub, tokens.manager!, { code: 'X1BAD', service: 'tax', slot: '2026-11-23 10:05' });
      const ok = await call('kiosk', 'POST', '/api/tickets', {
        body: { serviceId: 'tax', priority: 'appointment', appointment: { code: 'X1BAD', slotAt: '2026-11-23T11:55:00+08:00' } },
      });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ priority: 'appointment', channel: 'appointment', appointmentAt: MONDAY_10AM + 5 * 60_000 });
    });
  });

  describe('ticket ids in the path', () => {
    const badIds = ['abc', 'abcdefg', 'abcdefg!', 'abc%20defgh', 'abc%2Fdefghij', '%ZZabcdefgh', 'a'.repeat(65), '..%2F..%2Fetc%2Fpasswd', '%00abcdefgh'];
    it('GET /api/tickets/:id → 400 BAD_INPUT for a malformed id, 404 TICKET_UNKNOWN for an unknown one', async () => {
      for (const id of badIds) expectError(await call('none', 'GET', `/api/tickets/${id}`), 400, 'BAD_INPUT', id);
      expectError(await call('none', 'GET', '/api/tickets/unknownTicket0001'), 404, 'TICKET_UNKNOWN');
      const ok = await call('none', 'GET', `/api/tickets/${waitingTicket}`);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: waitingTicket, state: 'waiting', serviceId: 'household' });
    });
    it('GET /api/tickets/:id/events (manager) → 400 BAD_INPUT for a malformed id', async () => {
      for (const id of badIds) expectError(await call('manager', 'GET', `/api/tickets/${id}/events`), 400, 'BAD_INPUT', id);
      const ok = await call('manager', 'GET', `/api/tickets/${waitingTicket}/events`);
      expect(ok.status).toBe(200);
      expect(ok.body.events.map((e: any) => e.type)).toEqual(['ticket.issued']);
    });
    it('requeue and cancel → 400 BAD_INPUT for a malformed id, 404 TICKET_UNKNOWN for an unknown one', async () => {
      for (const id of badIds) {
        expectError(await call('manager', 'POST', `/api/tickets/${id}/requeue`, { body: {} }), 400, 'BAD_INPUT', `requeue ${id}`);
        expectError(await call('staff1', 'POST', `/api/tickets/${id}/cancel`, { body: { reason: 'x' } }), 400, 'BAD_INPUT', `cancel ${id}`);
      }
      expectError(await call('manager', 'POST', '/api/tickets/unknownTicket0001/requeue', { body: {} }), 404, 'TICKET_UNKNOWN', 'requeue');
      expectError(await call('manager', 'POST', '/api/tickets/unknownTicket0001/cancel', { body: { reason: 'x' } }), 404, 'TICKET_UNKNOWN', 'cancel');
    });
    it('requeue takes no body fields; cancel needs a reason of 1–100 characters', async () => {
      expectError(await call('manager', 'POST', `/api/tickets/${waitingTicket}/requeue`, { body: { places: 3 } }), 400, 'BAD_INPUT', 'requeue extra');
      for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 5 }, { reason: 'x'.repeat(101) }, { reason: 'x', extra: 1 }, ['x']])
        expectError(await call('manager', 'POST', `/api/tickets/${waitingTicket}/cancel`, { body }), 400, 'BAD_INPUT', JSON.stringify(body).slice(0, 40));
      // Still waiting: none of that touched it.
      expect((await call('none', 'GET', `/api/tickets/${waitingTicket}`)).body.state).toBe('waiting');
    });
  });

  describe('POST /api/sessions body', () => {
    const bad: [string, unknown][] = [
      ['empty', {}],
      ['staffNo a number', { staffNo: 1001, pin: '1234', counter: '1' }],
      ['staffNo too short', { staffNo: '12', pin: '1234', counter: '1' }],
      ['staffNo letters', { staffNo: 'abcd', pin: '1234', counter: '1' }],
      ['pin missing', { staffNo: '1001', counter: '1' }],
      ['pin empty', { staffNo: '1001', pin: '', counter: '1' }],
      ['pin a number', { staffNo: '1001', pin: 1234, counter: '1' }],
      ['counter missing', { staffNo: '1001', pin: '1234' }],
      ['counter abc', { staffNo: '1001', pin: '1234', counter: 'abc' }],
      ['counter 0', { staffNo: '1001', pin: '1234', counter: 0 }],
      ['counter 99999', { staffNo: '1001', pin: '1234', counter: '99999' }],
      ['counter 1.5', { staffNo: '1001', pin: '1234', counter: 1.5 }],
      ['counter negative', { staffNo: '1001', pin: '1234', counter: -1 }],
      ['extra field', { staffNo: '1001', pin: '1234', counter: '1', remember: true }],
      ['staff and manager mixed', { staffNo: '1001', pin: '1234', counter: '1', username: 'admin', password: 'admin1234' }],
      ['username empty', { username: '', password: 'admin1234' }],
      ['password missing', { username: 'admin' }],
      ['password too long', { username: 'admin', password: 'x'.repeat(129) }],
      ['an array', [{ username: 'admin', password: 'admin1234' }]],
    ];
    it('wrong types, missing and extra fields → 400 BAD_INPUT (and no login attempt is counted)', async () => {
      for (const [what, body] of bad) expectError(await call('none', 'POST', '/api/sessions', { body }), 400, 'BAD_INPUT', what);
      // 19 refusals and yet no lock-out: the rate limiter only counts real attempts.
      const r = await call('none', 'POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } });
      expect(r.status).toBe(201);
    });
  });

  describe('GET /api/sessions/current and DELETE it', () => {
    it('answers the principal for a good token (control)', async () => {
      const r = await call('staff2', 'GET', '/api/sessions/current');
      expect(r.status).toBe(200);
      expect(r.body.principal).toEqual({ kind: 'staff', staffNo: '1002', name: '李娜', counterId: '2' });
      const d = await call('display', 'GET', '/api/sessions/current');
      expect(d.body.principal).toMatchObject({ kind: 'device', deviceId: 'display-1', deviceKind: 'display' });
    });
  });

  describe('counter numbers in the path', () => {
    const malformed = ['abc', '0', '99999', '-1', '1.5', '01', '%20', '1e3', '%ZZ'];
    it('GET /api/counters/:counter → 400 BAD_INPUT for a malformed number, 404 COUNTER_UNKNOWN for a missing counter', async () => {
      for (const c of malformed) expectError(await call('manager', 'GET', `/api/counters/${c}`), 400, 'BAD_INPUT', c);
      for (const c of ['17', '99', '9999']) {
        const r = await call('manager', 'GET', `/api/counters/${c}`);
        expectError(r, 404, 'COUNTER_UNKNOWN', c);
        expect(r.body.error.params).toEqual({ counter: c });
      }
      const ok = await call('staff1', 'GET', '/api/counters/1');
      expect(ok.status).toBe(200);
      expect(ok.body.counter).toMatchObject({ id: '1', state: 'idle', staff: { no: '1001' } });
    });
    it('POST /api/counters/:counter/<action> likewise, for every action', async () => {
      for (const action of ACTIONS) {
        for (const c of malformed)
          expectError(await call('manager', 'POST', `/api/counters/${c}/${action}`, { body: VALID_BODY[action] }), 400, 'BAD_INPUT', `${c}/${action}`);
        for (const c of ['17', '9999'])
          expectError(await call('manager', 'POST', `/api/counters/${c}/${action}`, { body: VALID_BODY[action] }), 404, 'COUNTER_UNKNOWN', `${c}/${action}`);
      }
    });
  });

  describe('counter action bodies', () => {
    it('wrong types and missing fields → 400 BAD_INPUT, for every action', async () => {
      for (const action of ACTIONS)
        for (const body of BAD_BODIES[action])
          expectError(await call('staff1', 'POST', `/api/counters/1/${action}`, { body }), 400, 'BAD_INPUT', `${action} ${JSON.stringify(body).slice(0, 50)}`);
    });
    it('an extra field next to a valid body → 400 BAD_INPUT naming it, for every action', async () => {
      for (const action of ACTIONS) {
        const r = await call('staff1', 'POST', `/api/counters/1/${action}`, { body: { ...VALID_BODY[action], sneaky: true } });
        expectError(r, 400, 'BAD_INPUT', action);
        expect(r.body.error.params.detail, action).toContain('sneaky');
      }
    });
    it('nothing changed at the counter through all of that', async () => {
      const r = await call('staff1', 'GET', '/api/counters/1');
      expect(r.body.counter).toMatchObject({ state: 'idle', ticket: null, pauseReason: null });
    });
    it('unknown actions and sub-paths → 404 NOT_FOUND, even without a token', async () => {
      for (const path of ['/api/counters/1/dance', '/api/counters/1/CALL', '/api/counters/1/call/now', '/api/counters/abc/dance', '/api/counters/1/constructor', '/api/counters/1/__proto__', '/api/counters/1/toString'])
        for (const who of ['staff1', 'none'] as const) expectError(await call(who, 'POST', path, { body: {} }), 404, 'NOT_FOUND', `${who} ${path}`);
    });
  });

  describe('PUT /api/config', () => {
    let config: any;
    beforeAll(async () => {
      config = (await call('manager', 'GET', '/api/config')).body;
    });
    it('rejects non-configs, wrong types and broken references with 400 BAD_INPUT', async () => {
      const cases: [string, unknown, RegExp][] = [
        ['empty', {}, /hall/],
        ['array', [config], /not valid/],
        ['hall a number', { ...config, hall: 5 }, /hall/],
        ['no services', { ...config, services: [] }, /services/],
        ['duplicate service', { ...config, services: [...config.services, config.services[0]] }, /appears twice/],
        ['unknown zone', { ...config, counters: [{ ...config.counters[0], zone: 'F9' }, ...config.counters.slice(1)] }, /unknown zone "F9"/],
        ['bad clock', { ...config, hours: { ...config.hours, open: '9am' } }, /hours\.open/],
        ['unknown time zone', { ...config, hall: { ...config.hall, timezone: 'Mars/Olympus_Mons' } }, /time zone/],
        ['new staff without a PIN', { ...config, staff: [...config.staff, { no: '2001', name: '新人' }] }, /pinHash/],
        ['demo switched off', { ...config, demo: false }, /demo/],
      ];
      for (const [what, body, detail] of cases) {
        const r = await call('manager', 'PUT', '/api/config', { body });
        expectError(r, 400, 'BAD_INPUT', what);
        expect(r.body.error.params.detail, what).toMatch(detail);
      }
    });
    it('a config that strands an open ticket → 409 CONFIG_CONFLICT', async () => {
      const withoutHousehold = {
        ...config,
        services: config.services.filter((s: any) => s.id !== 'household'),
        counters: config.counters.map((k: any) => ({ ...k, services: k.services.filter((x: any) => x.service !== 'household') })).filter((k: any) => k.services.length > 0),
      };
      expectError(await call('manager', 'PUT', '/api/config', { body: withoutHousehold }), 409, 'CONFIG_CONFLICT');
    });
    it('the config read back is accepted as it is (control: secrets left out are kept)', async () => {
      const r = await call('manager', 'PUT', '/api/config', { body: config });
      expect(r.status).toBe(200);
      expect(await call('kiosk', 'POST', '/api/tickets', { body: { serviceId: 'tax' } })).toMatchObject({ status: 201 });
    });
  });

  describe('unknown paths → 404 NOT_FOUND', () => {
    it('under /api, with any method, with or without a token', async () => {
      const cases: [string, string][] = [
        ['GET', '/api'],
        ['GET', '/api/'],
        ['GET', '/api/nope'],
        ['GET', '/api/tickets'],
        ['PUT', '/api/tickets'],
        ['POST', `/api/tickets/${'a'.repeat(22)}`],
        ['GET', `/api/tickets/${'a'.repeat(22)}/history`],
        ['GET', '/api/counters'],
        ['POST', '/api/counters/1'],
        ['GET', '/api/counters/1/call'],
        ['DELETE', '/api/counters/1/call'],
        ['GET', '/api/sessions'],
        ['PUT', '/api/sessions/current'],
        ['PATCH', '/api/config'],
        ['DELETE', '/api/config'],
        ['GET', '/api/%ZZ'],
        ['GET', `/api/${'x'.repeat(4000)}`],
      ];
      for (const [method, path] of cases) {
        expectError(await call('manager', method, path, method === 'GET' ? {} : { body: {} }), 404, 'NOT_FOUND', `${method} ${path}`);
        expectError(await call('none', method, path, method === 'GET' ? {} : { body: {} }), 404, 'NOT_FOUND', `${method} ${path} (no token)`);
      }
    });
  });

  describe('the language of messages', () => {
    it('is Chinese by default and for zh, English for Accept-Language: en…', async () => {
      const zh = await call('none', 'GET', '/api/nope');
      expectError(zh, 404, 'NOT_FOUND');
      expect(zh.body.error.message).toMatch(CJK);
      const zhCn = await call('none', 'GET', '/api/nope', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
      expect(zhCn.body.error.message).toBe(zh.body.error.message);
      const fr = await call('none', 'GET', '/api/nope', { headers: { 'accept-language': 'fr-FR' } });
      expect(fr.body.error.message).toBe(zh.body.error.message);
      for (const lang of ['en', 'en-GB,en;q=0.8', ' EN-us']) {
        const en = await call('none', 'GET', '/api/nope', { headers: { 'accept-language': lang } });
        expectError(en, 404, 'NOT_FOUND', lang);
        expect(en.body.error.message, lang).toBe('No such endpoint');
      }
    });
    it('fills parameters in both languages', async () => {
      const zh = await call('staff1', 'POST', '/api/counters/3/call', { body: {} });
      expectError(zh, 403, 'WRONG_COUNTER');
      expect(zh.body.error.message).toBe('您只能操作登录的 1 号窗口');
      const en = await call('staff1', 'POST', '/api/counters/3/call', { body: {}, headers: { 'accept-language': 'en' } });
      expect(en.body.error.message).toBe('You can act only at counter 1, where you are logged in');
      const bad = await call('staff1', 'POST', '/api/counters/1/pause', { body: {}, headers: { 'accept-language': 'en' } });
      expectError(bad, 400, 'BAD_INPUT');
      expect(bad.body.error.message).toMatch(/^Bad input: reason: /);
      expect(bad.body.error.message).not.toMatch(CJK);
    });
    it('covers body-parser and auth refusals too', async () => {
      const en = { 'accept-language': 'en' };
      expect((await call('none', 'POST', '/api/tickets', { raw: '{', headers: en })).body.error.message).toBe('The request body is not valid JSON');
      expect((await call('none', 'POST', '/api/tickets', { raw: HUGE, headers: en })).body.error.message).toBe('The request body is too large');
      expect((await call('none', 'GET', '/api/live', { headers: en })).body.error.message).toBe('Log in or present a device token');
      expect((await call('pad', 'POST', '/api/tickets', { body: { serviceId: 'tax' }, headers: en })).body.error.message).toBe('You may not do this');
      expect((await call('none', 'POST', '/api/tickets', { raw: '{' })).body.error.message).toMatch(CJK);
      expect((await call('none', 'GET', '/api/live')).body.error.message).toMatch(CJK);
    });
  });
});

describe('state conflicts → 409 (and their 404/400 neighbours)', () => {
  let hub: TestHub;
  let manager: string;
  let staff: string;
  const en = { 'accept-language': 'en' };

  beforeAll(async () => {
    hub = await startTestHub();
    manager = await hub.managerToken();
    staff = await hub.login('1010', '10');
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  const act = (action: string, body: unknown = {}, token = staff, counter = '10') => hub.api('POST', `/api/counters/${counter}/${action}`, { token, body, headers: en });
  const issue = async (serviceId: string) => {
    const r = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; number: string };
  };

  it('acting at a closed counter → 409 COUNTER_CLOSED', async () => {
    for (const action of ['call', 'recall', 'pause', 'call-number', 'resume-held'] as const) {
      const r = await act(action, VALID_BODY[action], manager, '16');
      expectError(r, 409, 'COUNTER_CLOSED', action);
      expect(r.body.error.message).toBe('Nobody is logged in at counter 16');
    }
    expectError(await act('resume', {}, manager, '16'), 409, 'NOT_PAUSED');
  });

  it('with nothing in hand: recall, skip, start, finish, hold, transfer → 409 NO_CURRENT_TICKET', async () => {
    for (const action of ['recall', 'skip', 'start', 'finish', 'hold', 'transfer'] as const) {
      const r = await act(action, VALID_BODY[action]);
      expectError(r, 409, 'NO_CURRENT_TICKET', action);
      expect(r.body.error.message).toBe('Counter 10 has no ticket in hand');
    }
    expectError(await act('resume'), 409, 'NOT_PAUSED');
    expectError(await act('call-number', { number: 'J999' }), 404, 'TICKET_UNKNOWN');
    expectError(await act('resume-held', { ticketId: 'unknownTicket0001' }), 404, 'TICKET_UNKNOWN');
    // Control: calling with nobody waiting is no conflict, just no ticket.
    const r = await act('call');
    expect(r.status).toBe(200);
    expect(r.body.ticket).toBeNull();
  });

  it('with a ticket in hand: a second call, a pause, a logout, a takeover → 409', async () => {
    const t = await issue('comprehensive');
    const called = await act('call');
    expect(called.status).toBe(200);
    expect(called.body.ticket).toMatchObject({ id: t.id, state: 'called', counterId: '10' });

    const again = await act('call');
    expectError(again, 409, 'TICKET_IN_HAND');
    expect(again.body.error.message).toBe(`Ticket ${t.number} is still in hand: start, skip or finish it first`);
    expectError(await act('pause', { reason: 'break' }), 409, 'COUNTER_BUSY');
    expectError(await hub.api('DELETE', '/api/sessions/current', { token: staff }), 409, 'COUNTER_BUSY', 'logout');
    expectError(await hub.api('POST', '/api/sessions', { body: { staffNo: '1011', pin: '1234', counter: '10' } }), 409, 'COUNTER_OCCUPIED', 'takeover');
    expectError(await hub.api('POST', `/api/tickets/${t.id}/cancel`, { token: manager, body: { reason: 'x' } }), 409, 'TICKET_STATE', 'cancel called');
    expectError(await hub.api('POST', `/api/tickets/${t.id}/requeue`, { token: manager, body: {} }), 409, 'TICKET_STATE', 'requeue called');

    expectError(await act('transfer', { toCounter: '10' }), 400, 'TRANSFER_TARGET', 'same counter');
    expectError(await act('transfer', { toService: 'comprehensive' }), 400, 'TRANSFER_TARGET', 'same service');
    expectError(await act('transfer', { toService: 'passport-renewal' }), 404, 'SERVICE_UNKNOWN', 'unknown service');
    expectError(await act('transfer', { toCounter: '99' }), 404, 'COUNTER_UNKNOWN', 'unknown counter');

    expect((await act('start')).status).toBe(200);
    expectError(await act('start'), 409, 'TICKET_STATE', 'start twice');
    expectError(await act('recall'), 409, 'TICKET_STATE', 'recall while serving');
    expectError(await act('skip'), 409, 'TICKET_STATE', 'skip while serving');
    expect((await act('finish')).status).toBe(200);

    // The counter is free again: the session still works and nothing is in hand.
    const counter = await hub.api('GET', '/api/counters/10', { token: staff });
    expect(counter.body.counter).toMatchObject({ state: 'idle', ticket: null });
  });

  it('paused: calling → 409 COUNTER_PAUSED until resumed', async () => {
    expect((await act('pause', { reason: '  整理材料 ' })).status).toBe(200);
    const r = await act('call');
    expectError(r, 409, 'COUNTER_PAUSED');
    expect(r.body.error.params).toEqual({ counter: '10', reason: '整理材料' });
    expectError(await act('pause', { reason: 'again' }), 409, 'COUNTER_PAUSED');
    expect((await act('resume')).status).toBe(200);
    expectError(await act('resume'), 409, 'NOT_PAUSED');
  });

  it('recall limit and requeue limit → 409 RECALL_LIMIT, REQUEUE_LIMIT', async () => {
    const t = await issue('civil-affairs');
    expect((await act('call')).body.ticket.id).toBe(t.id);
    for (let i = 0; i < 3; i++) expect((await act('recall')).status).toBe(200);
    expectError(await act('recall'), 409, 'RECALL_LIMIT');
    expect((await act('skip')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await hub.api('POST', `/api/tickets/${t.id}/requeue`, { token: staff, body: {} })).status).toBe(200);
      expect((await act('call-number', { number: t.number.toLowerCase() })).body.ticket.id).toBe(t.id);
      expect((await act('skip')).status).toBe(200);
    }
    expectError(await hub.api('POST', `/api/tickets/${t.id}/requeue`, { token: staff, body: {} }), 409, 'REQUEUE_LIMIT');
    expect((await hub.api('POST', `/api/tickets/${t.id}/cancel`, { token: staff, body: { reason: '未到场' } })).status).toBe(200);
    expectError(await hub.api('POST', `/api/tickets/${t.id}/cancel`, { token: staff, body: { reason: 'again' } }), 409, 'TICKET_STATE');
  });

  it('a call-number for a service the counter does not serve → 409 SERVICE_NOT_SERVED', async () => {
    const t = await issue('business-start');
    expectError(await act('call-number', { number: t.number }), 409, 'SERVICE_NOT_SERVED');
  });

  it('quota: the 121st exit-entry ticket of the day → 409 QUOTA_REACHED', async () => {
    const before = (await hub.api('GET', '/api/services')).body.services.find((s: any) => s.id === 'exit-entry');
    expect(before).toMatchObject({ dailyQuota: 120, availability: { open: true, remaining: 120 } });
    const numbers: string[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const got = await Promise.all(Array.from({ length: 20 }, () => issue('exit-entry')));
      numbers.push(...got.map((t) => t.number));
    }
    expect(new Set(numbers).size).toBe(120);
    const r = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'exit-entry' }, headers: en });
    expectError(r, 409, 'QUOTA_REACHED');
    expect(r.body.error.params).toMatchObject({ service: 'exit-entry', quota: 120 });
    expect(r.body.error.message).toBe("Today's tickets for this service are all taken");
    const after = (await hub.api('GET', '/api/services')).body.services.find((s: any) => s.id === 'exit-entry');
    expect(after.availability).toMatchObject({ open: false, code: 'QUOTA_REACHED', remaining: 0 });
    // Other services still issue.
    await issue('household');
  });

  it('lunch break → 409 LUNCH_BREAK; near closing → ISSUING_STOPPED; after hours → SERVICE_CLOSED', async () => {
    hub.clock.set(mondayAt(12, 30));
    const lunch = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' }, headers: en });
    expectError(lunch, 409, 'LUNCH_BREAK');
    expect(lunch.body.error.message).toBe('Lunch break: tickets again from 13:30');
    const lunchZh = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } });
    expect(lunchZh.body.error.message).toBe('午间休息，13:30 后恢复取号');

    hub.clock.set(mondayAt(13, 30));
    expect((await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } })).status).toBe(201);

    hub.clock.set(mondayAt(16, 45));
    expectError(await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } }), 409, 'ISSUING_STOPPED');

    hub.clock.set(mondayAt(17, 30));
    const closed = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' }, headers: en });
    expectError(closed, 409, 'SERVICE_CLOSED');
    expect(closed.body.error.message).toBe('This service is closed now');

    // Next morning before opening: a new day (the quota is back) that opens at 09:00.
    hub.clock.set(mondayAt(24 + 8));
    const early = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'exit-entry' }, headers: en });
    expectError(early, 409, 'SERVICE_CLOSED');
    expect(early.body.error.message).toBe('This service is closed now: opens at 09:00');
    hub.clock.set(mondayAt(24 + 9));
    expect((await issue('exit-entry')).number).toBe('K001');
  });
});

// ---- fuzz ---------------------------------------------------------------------------------------------

const KEYS = [
  'serviceId', 'priority', 'appointment', 'channel', 'code', 'slotAt', 'staffNo', 'pin', 'counter', 'username', 'password',
  'reason', 'number', 'ticketId', 'toService', 'toCounter', 'hall', 'zones', 'services', 'counters', 'staff', 'devices', 'demo',
  '__proto__', 'constructor', 'toString', '', '0',
];
const STRINGS = [
  '', ' ', 'tax', 'social-security', 'exit-entry', 'A001', 'K120', '1', '10', '99', '0', '1001', '1234', 'admin', 'admin1234',
  'vip', 'appointment', 'kiosk', 'unknownTicket0001', '2026-11-23T10:00:00+08:00', '../../etc/passwd', '<script>alert(1)</script>',
  "' OR 1=1 --", '\u0000', '号', '💥', 'null', 'NaN', '{"a":1}',
];

function fuzzValue(rand: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const k = rand();
  if (depth > 3 || k < 0.3) {
    const p = rand();
    if (p < 0.1) return null;
    if (p < 0.2) return rand() < 0.5;
    if (p < 0.45) return pick([0, -1, 1, 1.5, 42, 1e21, -1e308, 2 ** 53 + 1, Date.UTC(2026, 10, 23, 2, 5)]);
    if (p < 0.9) return pick(STRINGS);
    return 'x'.repeat(Math.floor(rand() * 300));
  }
  if (k < 0.45) return Array.from({ length: Math.floor(rand() * 4) }, () => fuzzValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) o[rand() < 0.85 ? pick(KEYS) : `k${Math.floor(rand() * 1000)}`] = fuzzValue(rand, depth + 1);
  return o;
}

/** A near-valid body: a good one with one key dropped, replaced or added (or, sometimes, left as it is). */
function mutate(rand: () => number, good: unknown): unknown {
  if (!good || typeof good !== 'object' || Array.isArray(good)) return good;
  const o: Record<string, unknown> = { ...(good as Record<string, unknown>) };
  const keys = Object.keys(o);
  const op = rand();
  const key = keys[Math.floor(rand() * keys.length)];
  if (op < 0.2) return o; // unchanged: valid, so the request reaches the engine
  if (op < 0.4 && key !== undefined) delete o[key];
  else if (op < 0.75 && key !== undefined) o[key] = rand() < 0.5 ? fuzzValue(rand, 2) : mutate(rand, o[key]);
  else o[KEYS[Math.floor(rand() * KEYS.length)]!] = fuzzValue(rand, 2);
  return o;
}

describe('seeded fuzz of every POST/PUT route', () => {
  let hub: TestHub;
  let tokens: (string | undefined)[];
  let config: unknown;
  const ticketIds = ['unknownTicket0001', 'abc', 'a%2Fb', '%ZZ', 'x'.repeat(70), 'AAAAAAAAAAAAAAAAAAAAAA'];

  beforeAll(async () => {
    hub = await startTestHub();
    const manager = await hub.managerToken();
    const staff = await hub.login('1001', '1');
    tokens = [undefined, manager, manager, manager, staff, staff, 'demo-kiosk', 'demo-display', 'demo-pad', 'garbage-token'];
    config = (await hub.api('GET', '/api/config', { token: manager })).body;
    for (const serviceId of ['social-security', 'social-security', 'medical-insurance', 'tax']) {
      const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId } });
      ticketIds.push(t.body.id, t.body.id);
    }
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  it('answers ~300 random requests with status < 500 and the error shape', async () => {
    const rand = random(0x5eed_2026);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const counters = ['1', '1', '1', '2', '16', '0', 'abc', '99999', '%00'];
    type Route = () => [method: string, path: string, good: unknown];
    const routes: Route[] = [
      () => ['POST', '/api/tickets', { serviceId: pick(['tax', 'social-security', 'exit-entry', 'nope']), priority: pick(['normal', 'green', 'vip']) }],
      () => ['POST', `/api/tickets/${pick(ticketIds)}/requeue`, {}],
      () => ['POST', `/api/tickets/${pick(ticketIds)}/cancel`, { reason: '取消' }],
      () => ['POST', '/api/sessions', pick([{ staffNo: '1001', pin: '1234', counter: '1' }, { staffNo: '1002', pin: '0000', counter: '2' }, { username: 'admin', password: 'admin1234' }])],
      () => ['PUT', '/api/config', config],
      ...ACTIONS.map((a): Route => () => ['POST', `/api/counters/${pick(counters)}/${a}`, a === 'resume-held' ? { ticketId: pick(ticketIds) } : VALID_BODY[a]]),
    ];
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    let requests = 0;
    for (let round = 0; round < 19; round++) {
      for (const route of routes) {
        const [method, path, good] = route();
        const token = pick(tokens);
        const r = rand();
        let raw: string;
        if (r < 0.08) raw = JSON.stringify(fuzzValue(rand)).slice(0, Math.floor(rand() * 20)); // cut short
        else if (r < 0.12) raw = pick(['', '{}', '[]', 'undefined', '{"a":1}{"b":2}', '\uFEFF{}']);
        else if (r < 0.45) raw = JSON.stringify(fuzzValue(rand, rand() < 0.7 ? 0 : 1) ?? null);
        else raw = JSON.stringify(mutate(rand, good));
        const res = await hub.api(method, path, { raw, ...(token ? { token } : {}), ...(rand() < 0.3 ? { headers: { 'accept-language': 'en' } } : {}) });
        requests++;
        const what = `#${requests} ${method} ${path} token=${token?.slice(0, 8)} body=${raw.slice(0, 120)}`;
        expect(res.status, what).toBeGreaterThanOrEqual(200);
        expect(res.status, `${what} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 400) {
          expectClientError(res, what);
          codes.set(res.body.error.code, (codes.get(res.body.error.code) ?? 0) + 1);
        }
      }
    }
    expect(requests).toBe(19 * 16);
    // The fuzz reaches past the parser and the auth checks: some requests succeed, some reach the engine.
    const seen = JSON.stringify({ statuses: [...statuses], codes: [...codes] });
    for (const code of ['BAD_JSON', 'BAD_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN']) expect(codes.get(code) ?? 0, `${code} in ${seen}`).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s < 300), seen).toBe(true);
    expect(statuses.get(409) ?? 0, seen).toBeGreaterThan(0);
    // And the hub is still well.
    const health = await hub.api('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });
});
