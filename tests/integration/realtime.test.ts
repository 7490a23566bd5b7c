// HTTP + socket.io against a real hub: what terminals see when a citizen takes a number and staff
// call it, resync after a gap, the citizen's tracking link, and dead-terminal detection.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../devices/testing/wait.js';
import { next, record, useTestHub } from '../support/hub.js';

const hub = useTestHub();

describe('a number taken, called and finished, as the display sees it', () => {
  it('pushes every change with consecutive seqs after a snapshot', async () => {
    const display = hub.socket({ token: 'demo-display' });
    const snapshot = await next(display, 'snapshot');
    expect(snapshot.seq).toBe(hub.hall.lastSeq);
    expect(snapshot.counters).toHaveLength(16);
    const got = record(display);

    const issued = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'medical-insurance' } });
    expect(issued.status).toBe(201);
    expect(issued.body.number).toMatch(/^B\d{3}$/);
    const staff = await hub.login('1003', '3');
    const called = await hub.api('POST', '/api/counters/3/call', { token: staff, body: {} });
    expect(called.body.ticket.number).toBe(issued.body.number);
    for (const action of ['recall', 'start', 'finish']) {
      const r = await hub.api('POST', `/api/counters/3/${action}`, { token: staff, body: {} });
      expect(r.status, action).toBe(200);
    }

    await waitFor(() => got.some((e) => e.type === 'ticket.finished') && got[got.length - 1]!.type === 'queues', 'the pushes');
    // After each command, the queues as they now stand, tagged with the command's last seq.
    const queues = got.filter((e) => e.type === 'queues');
    expect(queues.length).toBeGreaterThanOrEqual(5);
    const lastQueues = queues[queues.length - 1]!.data;
    expect(lastQueues.seq).toBe(hub.hall.lastSeq);
    expect(lastQueues.services.find((s: any) => s.id === 'medical-insurance')).toMatchObject({ waiting: 0, countersOpen: 1 });
    const events = got.filter((e) => e.type !== 'queues');
    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'ticket.issued',
      'counter.state', // login
      'ticket.called',
      'counter.state',
      'ticket.recalled',
      'ticket.started',
      'counter.state',
      'ticket.finished',
      'counter.state',
    ]);
    const seqs = events.map((e) => e.data.seq);
    seqs.forEach((s, i) => expect(s).toBe(snapshot.seq + 1 + i));
    const call = events.find((e) => e.type === 'ticket.called')!.data;
    expect(call.ticket).toMatchObject({ number: issued.body.number, counterId: '3', state: 'called' });
    expect(call.how).toBe('next');
    expect(call.actor).toBeUndefined();
    expect(events[1]!.data).toMatchObject({ cause: 'login', counter: { id: '3', staffNo: '1003', state: 'idle' } });
    // Counter changes carry the counter as terminals draw it.
    expect(events[3]!.data.view).toMatchObject({ id: '3', state: 'calling', staff: { no: '1003', name: '张伟' }, ticket: { number: issued.body.number } });
    display.disconnect();
  });

  it('answers "resync" with a snapshot that reflects what happened while a board was away', async () => {
    const board = hub.socket({ token: 'demo-display' });
    const first = await next(board, 'snapshot');
    board.disconnect();
    const t = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'household' } });
    const again = hub.socket({ token: 'demo-display' });
    const fresh = await next(again, 'snapshot');
    expect(fresh.seq).toBeGreaterThan(first.seq);
    expect(fresh.services.find((s: any) => s.id === 'household').waiting).toBe(1);
    const viaAck = await new Promise<any>((resolve) => again.emit('resync', resolve));
    expect(viaAck.seq).toBe(hub.hall.lastSeq);
    expect(viaAck.recentCalls.length).toBeGreaterThan(0);
    again.disconnect();
    expect(t.status).toBe(201);
  });
});

describe("the citizen's tracking link", () => {
  it('follows one ticket: people ahead go down, then the call names the counter', async () => {
    const first = (await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } })).body;
    const mine = (await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'tax' } })).body;
    expect(mine.ahead).toBe(1);
    const phone = hub.socket({ ticketId: mine.id });
    const initial = await next(phone, 'ticket.update');
    expect(initial).toMatchObject({ number: mine.number, state: 'waiting', ahead: 1 });

    const staff = await hub.login('1009', '9');
    let update = next(phone, 'ticket.update');
    const c1 = await hub.api('POST', '/api/counters/9/call', { token: staff, body: {} });
    expect(c1.body.ticket.id).toBe(first.id);
    expect(await update).toMatchObject({ number: mine.number, ahead: 0, state: 'waiting' });

    await hub.api('POST', '/api/counters/9/finish', { token: staff, body: {} });
    update = next(phone, 'ticket.update');
    await hub.api('POST', '/api/counters/9/call', { token: staff, body: {} });
    // Finishing the first ticket also moves the queue; wait for the call itself.
    let view = await update;
    while (view.state !== 'called') view = await next(phone, 'ticket.update');
    expect(view).toMatchObject({ state: 'called', counterId: '9', counterName: { zh: '9号窗口 公积金' } });
    expect(view).not.toHaveProperty('staffNo');
    phone.disconnect();
  });

  it('refuses a socket with neither token nor a real ticket id', async () => {
    for (const auth of [{}, { token: 'not-a-token' }, { ticketId: 'AAAAAAAAAAAAAAAAAAAAAA' }, { ticketId: '../../etc' }]) {
      const s = hub.socket(auth);
      const err = await next<Error & { data?: any }>(s, 'connect_error');
      expect(err.data.code, JSON.stringify(auth)).toBe('UNAUTHENTICATED');
      expect(err.data.message).toBeTruthy();
    }
  });
});

describe('staff sessions on sockets', () => {
  it('ends a staff socket when its session ends', async () => {
    const token = await hub.login('1011', '11');
    const console_ = hub.socket({ token });
    await next(console_, 'snapshot');
    const ended = next(console_, 'session.ended');
    const r = await hub.api('DELETE', '/api/sessions/current', { token });
    expect(r.status).toBe(204);
    expect((await ended).code).toBe('SESSION_ENDED');
    await waitFor(() => console_.disconnected, 'the pushes');
  });
});

describe('dead terminals', () => {
  it('notices a board that stops answering pings within ~10 s', async () => {
    const board = hub.socket({ token: 'demo-display' });
    await next(board, 'snapshot');
    const serverSide = [...hub.io.of('/').sockets.values()].find((s) => s.id === board.id)!;
    expect(serverSide).toBeDefined();
    const gone = new Promise<{ reason: string; afterMs: number }>((resolve) => {
      const t0 = Date.now();
      serverSide.once('disconnect', (reason) => resolve({ reason, afterMs: Date.now() - t0 }));
    });
    // The board "hangs": it stops answering the hub's pings.
    const engine = board.io.engine as unknown as { sendPacket: () => void; _sendPacket: () => void };
    engine.sendPacket = engine._sendPacket = () => {};
    const { reason, afterMs } = await gone;
    expect(reason).toBe('ping timeout');
    expect(afterMs).toBeLessThanOrEqual(10_500);
    board.disconnect();
  }, 15_000);
});
