// What the counter console is told by a real hub: its allowed actions and waiting list in call order
// (GET /api/counters/:id), and, over a real socket.io client, why its session ended.
import { describe, expect, it } from 'vitest';
import { next, useTestHub } from '../support/hub.js';

const hub = useTestHub();

describe("the counter's snapshot carries the engine's answers", () => {
  it('lists the waiting tickets in call order, says what may be done, and the next call takes the head', async () => {
    const kiosk = { token: 'demo-kiosk' };
    // Counter 10 (the comprehensive window) serves several services with ranks: arrival order is not call order.
    const staff = await hub.login('1010', '10');
    const before = await hub.api('GET', '/api/counters/10', { token: staff });
    const services: string[] = before.body.counter.services.map((s: { service: string }) => s.service);
    expect(services.length).toBeGreaterThan(1);
    for (const serviceId of [...services].reverse()) {
      const r = await hub.api('POST', '/api/tickets', { ...kiosk, body: { serviceId } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      hub.clock.advance(60_000);
    }
    const snap = await hub.api('GET', '/api/counters/10', { token: staff });
    expect(snap.status).toBe(200);
    expect(snap.body.allowed['call-next']).toBeNull();
    expect(snap.body.allowed.recall).toMatchObject({ code: 'NO_CURRENT_TICKET' });
    expect(snap.body.allowed.resume).toMatchObject({ code: 'NOT_PAUSED' });
    expect(snap.body.transferCounters).toEqual([]);
    const listed: string[] = snap.body.waiting.map((t: { number: string }) => t.number);
    expect(listed.length).toBeGreaterThan(1);
    for (const number of listed) {
      const called = await hub.api('POST', '/api/counters/10/call', { token: staff, body: {} });
      expect(called.body.ticket.number).toBe(number);
      expect(called.body.allowed.recall).toBeNull();
      expect(called.body.allowed.pause).toMatchObject({ code: 'COUNTER_BUSY' });
      await hub.api('POST', '/api/counters/10/finish', { token: staff, body: {} });
    }
  });
});

describe('a staff session ended: the socket is told why', () => {
  const ended = async (token: string, cause: () => Promise<unknown>) => {
    const socket = hub.socket({ token });
    await next(socket, 'snapshot');
    const told = next(socket, 'session.ended');
    await cause();
    return told;
  };

  it('logged in at another counter', async () => {
    const token = await hub.login('1002', '2');
    expect(await ended(token, () => hub.login('1002', '3'))).toMatchObject({ code: 'SESSION_ENDED', reason: 'elsewhere' });
  });

  it('a colleague logged in at this counter', async () => {
    const token = await hub.login('1004', '4');
    expect(await ended(token, () => hub.login('1005', '4'))).toMatchObject({ code: 'SESSION_ENDED', reason: 'taken-over' });
  });

  it('logged out in another window', async () => {
    const token = await hub.login('1006', '6');
    const other = await hub.login('1006', '6');
    expect(await ended(token, () => hub.api('DELETE', '/api/sessions/current', { token: other }))).toMatchObject({ code: 'SESSION_ENDED', reason: 'logged-out' });
  });

  it('a manager set a new PIN', async () => {
    const token = await hub.login('1007', '7');
    const manager = await hub.managerToken();
    const told = await ended(token, async () => expect((await hub.api('POST', '/api/staff/1007/pin', { token: manager, body: { pin: '7391' } })).status).toBe(204));
    expect(told).toMatchObject({ code: 'SESSION_ENDED', reason: 'pin-changed' });
    expect((await hub.api('GET', '/api/counters/7', { token })).status).toBe(401);
  });

  it('the session ran out: the API and the socket handshake say so', async () => {
    const token = await hub.login('1008', '8');
    hub.clock.advance(15 * 3_600_000);
    const r = await hub.api('GET', '/api/sessions/current', { token });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'SESSION_ENDED', params: { reason: 'expired' } });
    const again = await hub.login('1009', '9');
    hub.clock.advance(15 * 3_600_000);
    const err = await next<Error & { data?: any }>(hub.socket({ token: again }), 'connect_error');
    expect(err.data).toMatchObject({ code: 'SESSION_ENDED', reason: 'expired' });
  });
});
