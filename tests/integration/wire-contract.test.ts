// The terminals' wire contract (shared/wire.ts) against a real hub: the hello, the snapshot of each
// audience (manager, staff, a board, a pad), GET /api/live and the phone's ticket update, with a ticket
// in hand, a waiting one and a recent call so every nullable part is filled at least once. Schemas are
// strict: a field the hub sends that the contract does not declare fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { counterDeskSchema, helloSchema, liveViewSchema, ticketViewSchema, WIRE_VERSION } from '../../shared/wire.js';
import { next, useTestHub } from '../support/hub.js';

let staff: string;
let manager: string;
let waitingId: string;

const hub = useTestHub();
beforeAll(async () => {
  staff = await hub.login('1003', '3');
  manager = await hub.managerToken();
  for (let i = 0; i < 2; i++) {
    const r = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    expect(r.status).toBe(201);
    waitingId = r.body.id;
  }
  expect((await hub.api('POST', '/api/counters/3/call', { token: staff, body: {} })).status).toBe(200);
});

/** Parses strictly, failing with zod's account of what differs. */
function conforms<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) expect.fail(JSON.stringify(r.error.issues, null, 1));
  return r.data;
}

describe('the wire contract, checked on real payloads', () => {
  it.each([
    ['a manager', () => ({ token: manager }), 'manager'],
    ['staff', () => ({ token: staff }), 'staff'],
    ['a hall board', () => ({ token: 'demo-display' }), 'device'],
    ['a rating pad', () => ({ token: 'demo-pad' }), 'device'],
  ] as const)('%s gets a hello and a snapshot of the declared shape and version', async (_, auth, kind) => {
    const socket = hub.socket(auth());
    try {
      const [hello, snapshot] = await Promise.all([next(socket, 'hello'), next(socket, 'snapshot')]);
      expect(conforms(helloSchema, hello)).toMatchObject({ wire: WIRE_VERSION, principal: { kind } });
      const view = conforms(liveViewSchema, snapshot);
      expect(view.wire).toBe(WIRE_VERSION);
      expect(view.seq).toBe(hub.hall.lastSeq);
      // The parts the nullable fields hang on are really there.
      const c3 = view.counters.find((c) => c.id === '3')!;
      expect(c3.ticket).not.toBeNull();
      expect(c3.staff).not.toBeNull();
      expect(view.recentCalls.length).toBeGreaterThan(0);
      if (kind === 'manager') expect(view.devices.length).toBeGreaterThan(0);
      else expect(view.devices).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('GET /api/live answers the same contract', async () => {
    const r = await hub.api('GET', '/api/live', { token: manager });
    expect(r.status).toBe(200);
    expect(conforms(liveViewSchema, r.body).wire).toBe(WIRE_VERSION);
  });

  it("a citizen's phone gets its ticket in the declared shape, waiting and called", async () => {
    const phone = hub.socket({ ticketId: waitingId });
    try {
      const waiting = conforms(ticketViewSchema, await next(phone, 'ticket.update'));
      expect(waiting).toMatchObject({ state: 'waiting', ahead: 0 });
    } finally {
      phone.close();
    }
    const called = await hub.api('GET', `/api/tickets/${hub.hall.view.counters.get('3')!.ticketId}`);
    expect(conforms(ticketViewSchema, called.body).state).toBe('called');
  });

  it("a counter's staff get its desk: the ticket in hand with what they may do, and only their own counter's", async () => {
    const other = await hub.login('1001', '1');
    const at3 = hub.socket({ token: staff });
    const at1 = hub.socket({ token: other });
    const seenAt1: unknown[] = [];
    at1.on('counter.desk', (d) => seenAt1.push(d));
    try {
      const desk = conforms(counterDeskSchema, await next(at3, 'counter.desk'));
      expect(desk.counterId).toBe('3');
      expect(desk.view.ticket?.state).toBe('called');
      // The engine's answer for a called ticket: transfer and recall allowed, no second call, worded in both languages.
      expect(desk.allowed.transfer).toBeNull();
      expect(desk.allowed.recall).toBeNull();
      expect(desk.allowed['call-next']).toMatchObject({ code: 'TICKET_IN_HAND', message: { zh: expect.any(String), en: expect.any(String) } });
      expect(desk.transferCounters.map((k) => k.id)).toContain('1');
      // A recall at counter 3 pushes its desk (one more recall) to counter 3 and to nobody else.
      const recalled = next(at3, 'counter.desk');
      expect((await hub.api('POST', '/api/counters/3/recall', { token: staff, body: {} })).status).toBe(200);
      expect(conforms(counterDeskSchema, await recalled).view.ticket?.recalls).toBe(1);
      // A pause at counter 1 is counter 1's own desk; pushes keep their order, so anything of counter 3's would be here first.
      const paused = new Promise<void>((resolve) => at1.on('counter.desk', (d: { view: { state: string } }) => d.view.state === 'paused' && resolve()));
      expect((await hub.api('POST', '/api/counters/1/pause', { token: other, body: { reason: 'meeting' } })).status).toBe(200);
      await paused;
      expect(seenAt1.length).toBeGreaterThan(0);
      for (const d of seenAt1) expect(conforms(counterDeskSchema, d).counterId).toBe('1');
    } finally {
      at3.close();
      at1.close();
    }
  });
});
