// POST /api/ratings over real HTTP: the pad of the counter that served the ticket rates it once;
// the ticket and the counter's day show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let staff: string;

beforeAll(async () => {
  hub = await startTestHub();
  staff = await hub.login('1001', '1');
});
afterAll(async () => {
  await hub.stop();
  removeDir(hub.dataDir);
});

async function finishedTicket(): Promise<string> {
  const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
  await hub.api('POST', '/api/counters/1/call', { token: staff, body: {} });
  await hub.api('POST', '/api/counters/1/start', { token: staff, body: {} });
  const f = await hub.api('POST', '/api/counters/1/finish', { token: staff, body: {} });
  expect(f.body.ticket.state).toBe('done');
  return t.body.id;
}

describe('ratings from the counter pad', () => {
  it('rates a finished ticket once; the ticket and the counter show it', async () => {
    const id = await finishedTicket();
    const r = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: id, score: 5, items: { attitude: 5 } } });
    expect(r.status).toBe(201);
    expect(r.body.ticket.rating).toMatchObject({ score: 5 });
    const again = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: id, score: 5, items: { attitude: 5 } } });
    expect(again.status).toBe(200);
    const other = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: id, score: 1, reasons: ['slow'] } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('ALREADY_RATED');
    expect((await hub.api('GET', `/api/tickets/${id}`)).body.rating).toMatchObject({ score: 5 });
    const counter = (await hub.api('GET', '/api/counters/1', { token: staff })).body.counter;
    expect(counter.today).toEqual({ served: 1, rated: 1, satisfied: 1 });
  });

  it.each([
    ['no reason for a 2', { score: 2 }, 400, 'REASON_REQUIRED'],
    ['an unknown reason', { score: 1, reasons: ['nope'] }, 400, 'REASON_UNKNOWN'],
    ['a score of 6', { score: 6 }, 400, 'BAD_INPUT'],
    ['a score of 0', { score: 0 }, 400, 'BAD_INPUT'],
    ['a fractional score', { score: 4.5 }, 400, 'BAD_INPUT'],
    ['a default "good" with no score', {}, 400, 'BAD_INPUT'],
  ])('answers %s with %i %s', async (_name, body, status, code) => {
    const id = await finishedTicket();
    const r = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: id, ...body } });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect((await hub.api('GET', `/api/tickets/${id}`)).body.rating).toBeNull();
  });

  it('lets only the pad of the serving counter rate, and nobody else', async () => {
    const id = await finishedTicket();
    for (const token of ['demo-kiosk', 'demo-display', staff, await hub.managerToken()]) {
      const r = await hub.api('POST', '/api/ratings', { token, body: { ticketId: id, score: 5 } });
      expect(r.status, token).toBe(403);
    }
    // A ticket served at counter 2 is not counter 1's pad's to rate.
    const colleague = await hub.login('1002', '2');
    const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    await hub.api('POST', '/api/counters/2/call', { token: colleague, body: {} });
    await hub.api('POST', '/api/counters/2/finish', { token: colleague, body: {} });
    const r = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: t.body.id, score: 5 } });
    expect(r.status).toBe(403);
  });

  it('closes the window after the configured minutes', async () => {
    const id = await finishedTicket();
    hub.clock.advance(11 * 60_000);
    const r = await hub.api('POST', '/api/ratings', { token: 'demo-pad', body: { ticketId: id, score: 4 } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('RATING_WINDOW_CLOSED');
  });
});

describe('a kiosk press retried after a lost answer', () => {
  it('gets the same ticket back (200), never a second one, also across a restart of the hub', async () => {
    const body = { serviceId: 'medical-insurance', requestId: 'kiosk-press-7f3a9c' };
    const first = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body });
    expect(first.status).toBe(201);
    const again = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, number: first.body.number });
    const other = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { ...body, requestId: 'kiosk-press-000002' } });
    expect(other.status).toBe(201);
    expect(other.body.number).not.toBe(first.body.number);
    const bad = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { ...body, requestId: 'x' } });
    expect(bad.status).toBe(400);

    const dataDir = hub.dataDir;
    await hub.stop();
    hub = await startTestHub({ dataDir });
    staff = await hub.login('1001', '1');
    const afterRestart = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body });
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body.id).toBe(first.body.id);
  });
});
