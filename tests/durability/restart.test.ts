// A hub stopped and started again on the same data directory comes back exactly as it was: tickets in
// every state, counters with their staff and the ticket in hand, sessions, the event log, the measured
// service times behind the estimates, and the day's numbering.
import { describe, expect, it } from 'vitest';
import { DEMO_DEVICE_TOKENS } from '../../hub/config/demo-hall.js';
import { MONDAY_10AM, type TestHub, useHubsPerTest } from '../support/hub.js';

const KIOSK = DEMO_DEVICE_TOKENS.kiosk;
const MIN = 60_000;

const hubs = useHubsPerTest();
const { start, stop } = hubs;

async function issue(hub: TestHub, serviceId: string): Promise<{ id: string; number: string }> {
  hub.clock.advance(1000); // citizens arrive one after another
  const r = await hub.api('POST', '/api/tickets', { token: KIOSK, body: { serviceId } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function act(hub: TestHub, token: string, counter: string, action: string, body: unknown = {}) {
  const r = await hub.api('POST', `/api/counters/${counter}/${action}`, { token, body });
  expect(r.status, `${action} at ${counter}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function events(hub: TestHub, token: string): Promise<{ events: any[]; lastSeq: number }> {
  const r = await hub.api('GET', '/api/events?after=0&limit=5000', { token });
  expect(r.status).toBe(200);
  return r.body;
}

function expectGapFree(seqs: number[]): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}

describe('restart on the same data directory (in process)', () => {
  it('brings back tickets, counters, sessions, the event log, estimates and numbering', async () => {
    const dir = hubs.dir('hall-restart-');
    let now = MONDAY_10AM;
    let hub = await start(dir, now);

    const manager = await hub.managerToken();
    const s1 = await hub.login('1001', '1');
    const s2 = await hub.login('1002', '2');
    const s3 = await hub.login('1003', '3');
    const s5 = await hub.login('1005', '5');

    const a = [];
    for (let i = 0; i < 5; i++) a.push(await issue(hub, 'social-security'));
    expect(a.map((t) => t.number)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
    const b1 = await issue(hub, 'medical-insurance');
    const b2 = await issue(hub, 'medical-insurance');
    expect([b1.number, b2.number]).toEqual(['B001', 'B002']);

    // Counter 1 serves A001 for 30 minutes (the typical time is 8): a measured time the estimates use.
    expect((await act(hub, s1, '1', 'call')).ticket.number).toBe('A001');
    await act(hub, s1, '1', 'start');
    hub.clock.advance(30 * MIN);
    // Calling the next finishes A001; A002 is then served at counter 1.
    expect((await act(hub, s1, '1', 'call')).ticket.number).toBe('A002');
    await act(hub, s1, '1', 'start');
    // Counter 2: A003 does not come (no-show), A004 is called and not yet here.
    expect((await act(hub, s2, '2', 'call')).ticket.number).toBe('A003');
    await act(hub, s2, '2', 'skip');
    expect((await act(hub, s2, '2', 'call')).ticket.number).toBe('A004');
    // Counter 3 serves medical insurance first: B001 is held (the citizen fetches a document).
    expect((await act(hub, s3, '3', 'call')).ticket.number).toBe('B001');
    await act(hub, s3, '3', 'hold');
    // Counter 5 is paused.
    await act(hub, s5, '5', 'pause', { reason: 'break' });

    const expectedStates: Record<string, string> = {
      A001: 'done',
      A002: 'serving',
      A003: 'no-show',
      A004: 'called',
      A005: 'waiting',
      B001: 'held',
      B002: 'waiting',
    };
    const all = [...a, b1, b2];
    const ticketsBefore = new Map<string, any>();
    for (const t of all) {
      const r = await hub.api('GET', `/api/tickets/${t.id}`);
      expect(r.status).toBe(200);
      expect(r.body.state).toBe(expectedStates[t.number]);
      ticketsBefore.set(t.id, r.body);
    }
    const countersBefore = new Map<string, any>();
    for (const c of ['1', '2', '3', '5', '10']) countersBefore.set(c, (await hub.api('GET', `/api/counters/${c}`, { token: manager })).body);
    expect(countersBefore.get('1').counter).toMatchObject({ state: 'serving', staff: { no: '1001' }, ticket: { number: 'A002', state: 'serving' } });
    expect(countersBefore.get('2').counter).toMatchObject({ state: 'calling', staff: { no: '1002' }, ticket: { number: 'A004', state: 'called' } });
    expect(countersBefore.get('3').counter).toMatchObject({ state: 'idle', staff: { no: '1003' }, ticket: null });
    expect(countersBefore.get('5').counter).toMatchObject({ state: 'paused', staff: { no: '1005' }, pauseReason: 'break' });
    expect(countersBefore.get('10').counter).toMatchObject({ state: 'closed', staff: null });
    const servicesBefore = (await hub.api('GET', '/api/services')).body.services;
    const socialBefore = servicesBefore.find((s: any) => s.id === 'social-security');
    // One waiting (A005), counters 1, 2 and 3 open for it: 1 and 2 have just called, 3 is idle. The service
    // time is the measured 30 minutes shrunk towards the typical 8 (worth 5): (30 + 40) / 6 = 11.7. A005
    // goes to counter 3 now, a newcomer to the first counter free again: 11.7 → 12 (8 if the measurement
    // were lost). hub/engine/wait-model.ts.
    expect(socialBefore).toMatchObject({ waiting: 1, countersOpen: 3, estimatedWaitMin: 12, waitReason: null });
    const stateBefore = structuredClone(hub.hall.view);
    expect(stateBefore.serviceTimes.get('social-security')).toEqual([30 * MIN]);
    const logBefore = await events(hub, manager);
    expectGapFree(logBefore.events.map((e) => e.seq));
    expect(logBefore.lastSeq).toBe(logBefore.events.length);

    now = hub.clock.now();
    await stop(hub);
    hub = await start(dir, now);

    // The engine state rebuilt from the store equals the state the hub had (maps compared entry by entry).
    const stateAfter = hub.hall.view;
    expect(stateAfter.businessDay).toBe(stateBefore.businessDay);
    expect(stateAfter.tickets).toEqual(stateBefore.tickets);
    // Counters nobody opened have no stored row: after a restart they are closed "since" the restart.
    // Every other field of every counter, and all of the counters staff used, come back exactly.
    const withoutSince = (m: ReadonlyMap<string, { since: number }>) => new Map([...m].map(([id, { since: _s, ...c }]) => [id, c]));
    expect(withoutSince(stateAfter.counters)).toEqual(withoutSince(stateBefore.counters));
    for (const id of ['1', '2', '3', '5']) expect(stateAfter.counters.get(id)).toEqual(stateBefore.counters.get(id));
    expect(stateAfter.sequences).toEqual(stateBefore.sequences);
    expect(stateAfter.issuedToday).toEqual(stateBefore.issuedToday);
    expect(stateAfter.serviceTimes).toEqual(stateBefore.serviceTimes);
    expect(stateAfter.config).toEqual(stateBefore.config);

    // …and so do the views terminals read.
    for (const t of all) {
      const r = await hub.api('GET', `/api/tickets/${t.id}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(ticketsBefore.get(t.id));
    }
    // The old tokens still work: the manager's and each staff member's, at their own counter.
    for (const c of ['1', '2', '3', '5']) expect((await hub.api('GET', `/api/counters/${c}`, { token: manager })).body).toEqual(countersBefore.get(c));
    const c10 = (await hub.api('GET', '/api/counters/10', { token: manager })).body;
    expect({ ...c10, counter: { ...c10.counter, since: 0 } }).toEqual({ ...countersBefore.get('10'), counter: { ...countersBefore.get('10').counter, since: 0 } });
    expect((await hub.api('GET', '/api/services')).body.services).toEqual(servicesBefore);
    for (const [token, no, counter] of [
      [s1, '1001', '1'],
      [s2, '1002', '2'],
      [s3, '1003', '3'],
      [s5, '1005', '5'],
    ] as const) {
      const r = await hub.api('GET', '/api/sessions/current', { token });
      expect(r.status).toBe(200);
      expect(r.body.principal).toMatchObject({ kind: 'staff', staffNo: no, counterId: counter });
    }
    expect((await hub.api('GET', '/api/sessions/current', { token: manager })).body.principal).toMatchObject({ kind: 'manager', username: 'admin' });

    // A restart with the same config adds nothing to the log.
    const logAfter = await events(hub, manager);
    expect(logAfter.lastSeq).toBe(logBefore.lastSeq);
    expect(logAfter.events).toEqual(logBefore.events);

    // The work goes on where it stopped: counter 1 finishes A002 with the old token, counter 2 starts A004, B001 resumes.
    const finished = await act(hub, s1, '1', 'finish');
    expect(finished.ticket).toMatchObject({ number: 'A002', state: 'done' });
    expect((await act(hub, s2, '2', 'start')).ticket).toMatchObject({ number: 'A004', state: 'serving' });
    expect((await act(hub, s3, '3', 'resume-held', { ticketId: b1.id })).ticket).toMatchObject({ number: 'B001', state: 'called' });
    expect((await hub.api('POST', `/api/tickets/${a[2]!.id}/requeue`, { token: s2 })).status).toBe(200);

    // Numbering continues: A006, never a number issued before the restart.
    const a6 = await issue(hub, 'social-security');
    expect(a6.number).toBe('A006');
    const b3 = await issue(hub, 'medical-insurance');
    expect(b3.number).toBe('B003');

    const log = await events(hub, manager);
    const seqs = log.events.map((e: any) => e.seq);
    expectGapFree(seqs);
    expect(seqs[logBefore.events.length]).toBe(logBefore.lastSeq + 1);
    const issued = log.events.filter((e: any) => e.type === 'ticket.issued').map((e: any) => e.ticket.number);
    expect(new Set(issued).size).toBe(issued.length);
    expect(issued).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'B001', 'B002', 'A006', 'B003']);
  });

  it('keeps the numbering and the log gap-free over several restarts', async () => {
    const dir = hubs.dir('hall-restart-');
    let now = MONDAY_10AM;
    const numbers: string[] = [];
    let lastSeq = 1; // the first start stores the config: seq 1
    for (let round = 0; round < 3; round++) {
      const hub = await start(dir, now);
      expect(hub.hall.lastSeq).toBe(lastSeq);
      for (let i = 0; i < 2; i++) numbers.push((await issue(hub, 'household')).number);
      now = hub.clock.now() + MIN;
      lastSeq = hub.hall.lastSeq;
      await stop(hub);
    }
    expect(numbers).toEqual(['C001', 'C002', 'C003', 'C004', 'C005', 'C006']);
    const hub = await start(dir, now);
    const log = await events(hub, await hub.managerToken());
    expectGapFree(log.events.map((e: any) => e.seq));
    expect(log.lastSeq).toBe(lastSeq);
    // The first start stored the config once; later starts with the same config did not.
    expect(log.events.filter((e: any) => e.type === 'config.changed')).toHaveLength(1);
  });
});
