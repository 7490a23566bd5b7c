// Appointments that are real: the booking system feeds them (JSON or CSV, a manager or its own device
// token), and a kiosk's check-in is honoured only for a booked code, for its service, today, within its
// window, once. An unknown or used code is refused with a code the kiosk shows, and is never served first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { MONDAY_10AM, removeDir, startTestHub, type TestHub } from '../support/hub.js';

const BOOKING = 'test-booking-system-token';
const MIN = 60_000;

describe('appointments', () => {
  let hub: TestHub;
  let manager: string;

  beforeAll(async () => {
    const config = demoHallConfig({ realHours: true });
    config.devices.push({ id: 'booking-1', kind: 'booking', name: '网上预约系统', token: BOOKING });
    hub = await startTestHub({ config });
    manager = await hub.managerToken();
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  const book = (token: string | undefined, appointments: unknown[]) => hub.api('POST', '/api/appointments', { ...(token ? { token } : {}), body: { appointments } });
  const checkIn = (code: string, serviceId = 'tax', extra: Record<string, unknown> = {}) =>
    hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId, priority: 'appointment', appointment: { code }, ...extra } });

  it('the booking system (its device token) or a manager feeds them; nobody else', async () => {
    const row = { code: 'feed-0001', service: 'tax', slot: '2026-11-23 10:30', name: '张*' };
    expect((await book(undefined, [row])).status).toBe(401);
    for (const device of ['demo-kiosk', 'demo-display', 'demo-pad']) expect((await book(device, [row])).status, device).toBe(403);
    const staff = await hub.login('1008', '8');
    expect((await book(staff, [row])).status).toBe(403);
    const fed = await book(BOOKING, [row]);
    expect(fed.status, JSON.stringify(fed.body)).toBe(201);
    expect(fed.body).toEqual({ added: 1, updated: 0, used: [] });
    // The same code again replaces the booking (a rescheduled slot).
    expect((await book(manager, [{ ...row, slot: '2026-11-23T10:45' }])).body).toEqual({ added: 0, updated: 1, used: [] });
    const listed = await hub.api('GET', '/api/appointments?date=2026-11-23', { token: manager });
    expect(listed.body.appointments).toContainEqual(
      expect.objectContaining({ code: 'FEED-0001', serviceId: 'tax', slotLocal: '2026-11-23T10:45', slotAt: MONDAY_10AM + 45 * MIN, nameMasked: '张*', usedAt: null }),
    );
    expect((await hub.api('GET', '/api/appointments', { token: BOOKING })).status, 'the list is for managers').toBe(403);
  });

  it('refuses a full name, an unknown service, a bad slot or code, naming the field', async () => {
    for (const [what, row, detail] of [
      ['a full name', { code: 'BAD-0001', service: 'tax', slot: '2026-11-23 10:30', name: '张三' }, /name/],
      ['an unknown service', { code: 'BAD-0002', service: 'passports', slot: '2026-11-23 10:30' }, /service/],
      ['a slot without time', { code: 'BAD-0003', service: 'tax', slot: '2026-11-23' }, /slot/],
      ['a code with spaces', { code: 'BAD 0004', service: 'tax', slot: '2026-11-23 10:30' }, /code/],
    ] as const) {
      const r = await book(manager, [row]);
      expect(r.status, what).toBe(400);
      expect(r.body.error.code, what).toBe('BAD_INPUT');
      expect(r.body.error.params.detail, what).toMatch(detail);
    }
  });

  it('imports a CSV export (UTF-8 with BOM, Chinese headers, quotes), all or nothing', async () => {
    const csv = '\uFEFF预约码,业务,预约时间,姓名\r\nCSV-0001,tax,2026-11-23 10:15,李*\r\n"CSV-0002","social-security","2026-11-23 11:00","欧阳**"\r\n';
    const r = await hub.api('POST', '/api/appointments/import', { token: BOOKING, raw: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({ added: 2, updated: 0, used: [] });
    const bad = 'code,service,slot\nCSV-0003,tax,2026-11-23 10:15\nCSV-0004,tax,tomorrow\n';
    const refused = await hub.api('POST', '/api/appointments/import', { token: BOOKING, raw: bad, headers: { 'content-type': 'text/csv' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.params.detail).toMatch(/^line 3: slot/);
    const listed = (await hub.api('GET', '/api/appointments?date=2026-11-23', { token: manager })).body.appointments as Array<{ code: string }>;
    expect(listed.map((a) => a.code)).not.toContain('CSV-0003');
    // The same rows as JSON.
    const json = await hub.api('POST', '/api/appointments/import', { token: manager, body: { appointments: [{ code: 'CSV-0005', service: 'tax', slot: '2026-11-23 10:00' }] } });
    expect(json.status).toBe(201);
  });

  it('a booked code checks in once, at the booked slot; again → 409 APPOINTMENT_USED; an unknown code → 404 APPOINTMENT_UNKNOWN', async () => {
    const before = hub.hall.lastSeq;
    const unknown = await checkIn('NOPE-0001');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'APPOINTMENT_UNKNOWN', message: expect.stringContaining('预约码') });
    expect(hub.hall.lastSeq, 'no ticket').toBe(before);

    expect((await book(BOOKING, [{ code: 'ONCE-0001', service: 'tax', slot: '2026-11-23 10:15' }])).status).toBe(201);
    const first = await checkIn('once-0001', 'tax', { requestId: 'press-once-0001', appointment: { code: 'ONCE-0001', slotAt: MONDAY_10AM + 200 * MIN } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ priority: 'appointment', channel: 'appointment', appointmentAt: MONDAY_10AM + 15 * MIN });
    // The same press again (a lost answer): the same ticket, not a refusal.
    const retry = await checkIn('ONCE-0001', 'tax', { requestId: 'press-once-0001' });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const again = await checkIn('ONCE-0001');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('APPOINTMENT_USED');
    const listed = (await hub.api('GET', '/api/appointments?date=2026-11-23', { token: manager })).body.appointments as any[];
    expect(listed.find((a) => a.code === 'ONCE-0001')).toMatchObject({ usedAt: MONDAY_10AM, ticketId: first.body.id });
    // A used booking is not re-fed by the booking system.
    expect((await book(BOOKING, [{ code: 'ONCE-0001', service: 'tax', slot: '2026-11-23 11:15' }])).body).toEqual({ added: 0, updated: 0, used: ['ONCE-0001'] });
  });

  it('another service, another day, too early or too late → 409 with its code', async () => {
    expect(
      (
        await book(manager, [
          { code: 'WRONG-SVC', service: 'social-security', slot: '2026-11-23 10:00' },
          { code: 'TOMORROW', service: 'tax', slot: '2026-11-24 10:00' },
          { code: 'TOO-EARLY', service: 'tax', slot: '2026-11-23 11:30' },
          { code: 'TOO-LATE', service: 'tax', slot: '2026-11-23 09:00' },
        ])
      ).status,
    ).toBe(201);
    const wrong = await checkIn('WRONG-SVC');
    expect(wrong.body.error).toMatchObject({ code: 'APPOINTMENT_WRONG_SERVICE', message: expect.stringContaining('社保业务') });
    expect((await checkIn('TOMORROW')).body.error.code).toBe('APPOINTMENT_NOT_TODAY');
    const early = await checkIn('TOO-EARLY');
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'APPOINTMENT_TOO_EARLY', message: expect.stringContaining('10:30') });
    expect((await checkIn('TOO-LATE')).body.error.code).toBe('APPOINTMENT_TOO_LATE');
    // None of them was used up.
    const listed = (await hub.api('GET', '/api/appointments?date=2026-11-23', { token: manager })).body.appointments as any[];
    expect(listed.filter((a) => ['WRONG-SVC', 'TOO-EARLY', 'TOO-LATE'].includes(a.code)).every((a) => a.usedAt === null)).toBe(true);
  });

  it('a checked-in booking is served before earlier normal tickets; a made-up code never is', async () => {
    const staff = await hub.login('1007', '7');
    const counter = (await hub.api('GET', '/api/counters/7', { token: staff })).body.counter;
    const service: string = counter.services[0].service;
    const normal = await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: service } });
    expect(normal.status).toBe(201);
    const madeUp = await checkIn('MADE-UP-1', service);
    expect(madeUp.status).toBe(404);
    await book(BOOKING, [{ code: 'SERVED-FIRST', service, slot: '2026-11-23 10:00' }]);
    const booked = await checkIn('SERVED-FIRST', service);
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const called = await hub.api('POST', '/api/counters/7/call', { token: staff });
    expect(called.body.ticket.id).toBe(booked.body.id);
  });
});
