// The business day ends at the reset hour (03:00 in Asia/Shanghai for the demo hall): what was still
// open is cancelled ('day-ended'), counters close, numbering starts again at 001. The new day, its
// numbering and the ended day's tickets are what a restart finds — also when the hub was down over
// the reset hour.
import { describe, expect, it } from 'vitest';
import { demoHallConfig, DEMO_DEVICE_TOKENS } from '../../hub/config/demo-hall.js';
import { MONDAY_10AM, type TestHub, useHubsPerTest } from '../support/hub.js';

const KIOSK = DEMO_DEVICE_TOKENS.kiosk;
const HOUR = 3_600_000;
/** Tuesday 2026-11-24 03:05 in Asia/Shanghai: five minutes into the next business day. */
const TUESDAY_0305 = Date.UTC(2026, 10, 23, 19, 5);
/** Tuesday 02:55: still Monday's business day. */
const TUESDAY_0255 = Date.UTC(2026, 10, 23, 18, 55);
/** Wednesday 2026-11-25 03:30. */
const WEDNESDAY_0330 = Date.UTC(2026, 10, 24, 19, 30);

// The round-the-clock demo hall (what `hall start` runs), so tickets can be issued at 03:05.
const hubs = useHubsPerTest({ config: demoHallConfig() });
const { start, stop } = hubs;

async function issue(hub: TestHub, serviceId: string): Promise<any> {
  hub.clock.advance(1000);
  const r = await hub.api('POST', '/api/tickets', { token: KIOSK, body: { serviceId } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function ticket(hub: TestHub, id: string): Promise<any> {
  const r = await hub.api('GET', `/api/tickets/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

async function log(hub: TestHub, token: string): Promise<any[]> {
  const r = await hub.api('GET', '/api/events?after=0&limit=5000', { token });
  expect(r.status).toBe(200);
  const seqs = r.body.events.map((e: any) => e.seq);
  expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
  expect(r.body.lastSeq).toBe(seqs.length);
  return r.body.events;
}

describe('business-day rollover (in process)', () => {
  it('cancels what was open, restarts numbering, and a restart keeps the new day', async () => {
    const dir = hubs.dir('hall-rollover-');
    let hub = await start(dir, MONDAY_10AM);
    const staff1 = await hub.login('1001', '1');
    const staff2 = await hub.login('1002', '2');

    const a1 = await issue(hub, 'social-security');
    const a2 = await issue(hub, 'social-security');
    const a3 = await issue(hub, 'social-security');
    const b1 = await issue(hub, 'medical-insurance');
    expect([a1.number, a2.number, a3.number, b1.number]).toEqual(['A001', 'A002', 'A003', 'B001']);
    expect(a1.businessDay).toBe('2026-11-23');
    // A001 is called at counter 1 (still in hand at the reset hour); A002 does not come (no-show).
    expect((await hub.api('POST', '/api/counters/1/call', { token: staff1, body: {} })).body.ticket.number).toBe('A001');
    expect((await hub.api('POST', '/api/counters/2/call', { token: staff2, body: {} })).body.ticket.number).toBe('A002');
    expect((await hub.api('POST', '/api/counters/2/skip', { token: staff2, body: {} })).status).toBe(200);

    // Just before the reset hour nothing changes; still Monday, numbering goes on.
    hub.clock.set(TUESDAY_0255);
    const a4 = await issue(hub, 'social-security');
    expect(a4).toMatchObject({ number: 'A004', businessDay: '2026-11-23' });

    // Past 03:00: the first request of the new day rolls it over.
    hub.clock.set(TUESDAY_0305);
    const newA1 = await issue(hub, 'social-security');
    expect(newA1).toMatchObject({ number: 'A001', businessDay: '2026-11-24', state: 'waiting', ahead: 0 });
    expect(hub.hall.view.businessDay).toBe('2026-11-24');
    expect((await hub.api('GET', '/api/health')).body.businessDay).toBe('2026-11-24');

    // Yesterday's open tickets (called or waiting) are cancelled as day-ended; the no-show stays a no-show.
    for (const t of [a1, a3, a4, b1]) expect(await ticket(hub, t.id)).toMatchObject({ number: t.number, businessDay: '2026-11-23', state: 'cancelled', cancelReason: 'day-ended' });
    expect(await ticket(hub, a2.id)).toMatchObject({ state: 'no-show', cancelReason: null });
    const manager = await hub.managerToken();
    const events = await log(hub, manager);
    const rolled = events.filter((e) => e.type === 'day.rolled');
    expect(rolled).toHaveLength(1);
    expect(rolled[0]).toMatchObject({ from: '2026-11-23', to: '2026-11-24' });
    expect([...rolled[0].expired].sort()).toEqual([a1.id, a3.id, a4.id, b1.id].sort());
    // Counters closed with the day: the staff sessions ended with them.
    expect((await hub.api('GET', '/api/counters/1', { token: manager })).body.counter).toMatchObject({ state: 'closed', staff: null, ticket: null });
    expect((await hub.api('GET', '/api/sessions/current', { token: staff1 })).status).toBe(401);
    // Each service starts again: B001 of the new day, beside B001 of the old.
    const newB1 = await issue(hub, 'medical-insurance');
    expect(newB1).toMatchObject({ number: 'B001', businessDay: '2026-11-24' });
    // Only the new day's tickets are in the queues.
    const social = (await hub.api('GET', '/api/services')).body.services.find((s: any) => s.id === 'social-security');
    expect(social.waiting).toBe(1);

    const seqBefore = hub.hall.lastSeq;
    const sequencesBefore = new Map(hub.hall.view.sequences);
    const now = hub.clock.now();
    await stop(hub);
    hub = await start(dir, now);

    // After the restart: the same business day, the same sequences, nothing rolled again.
    expect(hub.hall.view.businessDay).toBe('2026-11-24');
    expect(hub.hall.view.sequences).toEqual(sequencesBefore);
    expect(hub.hall.lastSeq).toBe(seqBefore);
    expect([...hub.hall.view.tickets.keys()].sort()).toEqual([newA1.id, newB1.id].sort());
    expect(await ticket(hub, newA1.id)).toMatchObject({ number: 'A001', businessDay: '2026-11-24', state: 'waiting' });
    expect(await ticket(hub, a3.id)).toMatchObject({ number: 'A003', state: 'cancelled', cancelReason: 'day-ended' });
    const a2new = await issue(hub, 'social-security');
    expect(a2new).toMatchObject({ number: 'A002', businessDay: '2026-11-24' });
    expect((await issue(hub, 'household')).number).toBe('C001');
    const after = await log(hub, manager);
    expect(after.filter((e) => e.type === 'day.rolled')).toHaveLength(1);
    // No number twice within a day, across both days and the restart.
    const keys = after.filter((e) => e.type === 'ticket.issued').map((e) => `${e.ticket.businessDay}/${e.ticket.number}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([
      '2026-11-23/A001',
      '2026-11-23/A002',
      '2026-11-23/A003',
      '2026-11-23/B001',
      '2026-11-23/A004',
      '2026-11-24/A001',
      '2026-11-24/B001',
      '2026-11-24/A002',
      '2026-11-24/C001',
    ]);
  });

  it('rolls the day over at start-up when the hub was down across the reset hour', async () => {
    const dir = hubs.dir('hall-rollover-');
    let hub = await start(dir, TUESDAY_0305);
    const yesterdaysManager = await hub.managerToken();
    const staff = await hub.login('1004', '4');
    const c1 = await issue(hub, 'household');
    const c2 = await issue(hub, 'household');
    expect([c1.number, c2.number]).toEqual(['C001', 'C002']);
    expect(c1.businessDay).toBe('2026-11-24');
    expect((await hub.api('POST', '/api/counters/4/call', { token: staff, body: {} })).body.ticket.number).toBe('C001');
    expect((await hub.api('POST', '/api/counters/4/start', { token: staff, body: {} })).status).toBe(200);
    hub.clock.advance(10 * 60_000);
    expect((await hub.api('POST', '/api/counters/4/finish', { token: staff, body: {} })).status).toBe(200);
    hub.clock.advance(HOUR);
    const timesBefore = hub.hall.view.serviceTimes.get('household');
    expect(timesBefore).toEqual([10 * 60_000]);
    const seqBefore = hub.hall.lastSeq;
    await stop(hub);

    // Down over night; started again on Wednesday at 03:30.
    hub = await start(dir, WEDNESDAY_0330);
    expect(hub.hall.view.businessDay).toBe('2026-11-25');
    // Sessions last 14 hours, restarts or not.
    expect((await hub.api('GET', '/api/sessions/current', { token: yesterdaysManager })).body.error.code).toBe('SESSION_ENDED');
    const events = await log(hub, await hub.managerToken());
    const fresh = events.filter((e) => e.seq > seqBefore);
    const rolled = fresh.filter((e) => e.type === 'day.rolled');
    expect(rolled).toHaveLength(1);
    expect(rolled[0]).toMatchObject({ from: '2026-11-24', to: '2026-11-25', expired: [c2.id] });
    expect(await ticket(hub, c2.id)).toMatchObject({ state: 'cancelled', cancelReason: 'day-ended' });
    expect(await ticket(hub, c1.id)).toMatchObject({ state: 'done' });
    // Counter 4 was closed with the day; numbering starts at C001 again.
    expect(hub.hall.view.counters.get('4')).toMatchObject({ state: 'closed', staffNo: null });
    expect((await issue(hub, 'household')).number).toBe('C001');
    // Measured service times are not a day's: the estimates keep them.
    expect(hub.hall.view.serviceTimes.get('household')).toEqual(timesBefore);

    // One more restart the same day: nothing rolls again.
    const seq = hub.hall.lastSeq;
    const now = hub.clock.now();
    await stop(hub);
    hub = await start(dir, now + 1000);
    expect(hub.hall.lastSeq).toBe(seq);
    expect((await issue(hub, 'household')).number).toBe('C002');
  });
});

describe('a refused command still ends the day', () => {
  it('commits the new day even when the request that noticed it is refused (office hours, 03:05)', async () => {
    const dir = hubs.dir();
    const hub = await start(dir, MONDAY_10AM, { config: demoHallConfig({ realHours: true }) });
    const t = await issue(hub, 'social-security');
    expect(t.number).toBe('A001');
    hub.clock.set(TUESDAY_0305);
    const refused = await hub.api('POST', '/api/tickets', { token: KIOSK, body: { serviceId: 'social-security' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SERVICE_CLOSED');
    expect((await hub.api('GET', '/api/health')).body.businessDay).toBe('2026-11-24');
    expect((await hub.api('GET', `/api/tickets/${t.id}`)).body).toMatchObject({ state: 'cancelled', cancelReason: 'day-ended' });
  });
});
