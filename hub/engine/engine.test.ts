// Issuing, numbering, the business day and the purity of `decide`. Calling order is in calling.test.ts,
// handling a ticket at a counter in handling.test.ts.
import { describe, expect, it } from 'vitest';
import type { Command } from './engine.js';
import type { DayEvent, HallEvent, TicketEvent } from './types.js';
import { EngineHarness, MONDAY_10AM, local, makeConfig, refusal } from './test-fixture.js';

const issued = (events: HallEvent[]) => events.filter((e): e is TicketEvent => e.type === 'ticket.issued').map((e) => e.ticket);

describe('numbering', () => {
  it('keeps a daily sequence per service, with its prefix', () => {
    const hall = new EngineHarness();
    const numbers = ['household', 'household', 'tax', 'household', 'social', 'tax'].map((s) => hall.issue(s).number);
    expect(numbers).toEqual(['A001', 'A002', 'B001', 'A003', 'D001', 'B002']);
    expect(hall.state.sequences).toEqual(new Map([['household', 3], ['tax', 2], ['social', 1]]));
  });

  it('fills in an issued ticket', () => {
    const hall = new EngineHarness();
    const t = hall.issue('social');
    expect(t).toMatchObject({
      id: 't1',
      number: 'D001',
      serviceId: 'social',
      zone: 'z2',
      businessDay: '2026-11-23',
      seq: 1,
      priority: 'normal',
      channel: 'kiosk',
      state: 'waiting',
      sortKey: MONDAY_10AM,
      issuedAt: MONDAY_10AM,
      calledAt: null,
      counterId: null,
      targetCounterId: null,
      appointment: null,
    });
    expect(hall.ticket('t1')).toEqual(t);
    expect(hall.issue('household', { priority: 'appointment', appointment: { code: 'X1', slotAt: MONDAY_10AM } }).channel).toBe('appointment');
    expect(hall.issue('household', { priority: 'green', channel: 'phone' }).channel).toBe('phone');
  });

  it.each([
    [2, 0, 'A01'],
    [3, 0, 'A001'],
    [4, 0, 'A0001'],
    [5, 0, 'A00001'],
    [2, 41, 'A42'],
    [3, 98, 'A099'],
  ])('pads to %i digits (after %i issued: %s)', (digits, before, number) => {
    const hall = new EngineHarness(
      makeConfig((c) => {
        c.services[0]!.digits = digits;
      }),
    );
    if (before) hall.state.sequences.set('household', before);
    expect(hall.issue('household').number).toBe(number);
  });

  it("widens past the last number with 'widen' (the default): A999 then A1000, A1001", () => {
    const hall = new EngineHarness();
    hall.state.sequences.set('household', 998);
    expect([hall.issue('household'), hall.issue('household'), hall.issue('household')].map((t) => [t.number, t.seq])).toEqual([
      ['A999', 999],
      ['A1000', 1000],
      ['A1001', 1001],
    ]);
  });

  it("refuses past the last number with 'refuse'", () => {
    const hall = new EngineHarness(
      makeConfig((c) => {
        c.services[0]!.onOverflow = 'refuse';
      }),
    );
    hall.state.sequences.set('household', 998);
    expect(hall.issue('household').number).toBe('A999');
    const err = refusal(() => hall.run({ type: 'issue', serviceId: 'household' }));
    expect(err.code).toBe('QUOTA_REACHED');
    expect(err.params).toMatchObject({ service: 'household', quota: 999 });
    expect(hall.state.tickets.size).toBe(1);
  });

  it("starts again at 01 with 'wrap', skipping numbers still open", () => {
    const hall = new EngineHarness();
    hall.login('3', '1001');
    const [c1, , c3] = [hall.issue('permit'), hall.issue('permit'), hall.issue('permit')];
    // C02 is served and done; C01 and C03 still wait.
    hall.run({ type: 'call-number', counterId: '3', number: 'C02' });
    hall.run({ type: 'finish', counterId: '3' });
    hall.state.sequences.set('permit', 99);
    const wrapped = [hall.issue('permit'), hall.issue('permit'), hall.issue('permit')];
    expect(wrapped.map((t) => t.number)).toEqual(['C02', 'C04', 'C05']);
    // The sequence itself never repeats within the day.
    expect(wrapped.map((t) => t.seq)).toEqual([101, 103, 104]);
    expect(c1!.number).toBe('C01');
    expect(c3!.number).toBe('C03');
    // Calling "C02" by number now means the open one, not the finished one.
    const called = hall.run({ type: 'call-number', counterId: '3', number: 'C02' }).find((e) => e.type === 'ticket.called');
    expect(called?.type === 'ticket.called' && called.ticket.id).toBe(wrapped[0]!.id);
  });

  it("refuses with 'wrap' when every number is still open", () => {
    const hall = new EngineHarness();
    for (let i = 0; i < 99; i++) hall.issue('permit');
    expect(hall.byNumber('C99').state).toBe('waiting');
    const err = refusal(() => hall.run({ type: 'issue', serviceId: 'permit' }));
    expect(err.code).toBe('QUOTA_REACHED');
    expect(err.params).toMatchObject({ service: 'permit', quota: 99 });
  });

  it('ids come from the injected source, numbers never repeat across services', () => {
    const hall = new EngineHarness();
    const ts = ['household', 'tax', 'household'].map((s) => hall.issue(s));
    expect(ts.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
  });
});

describe('refusals when issuing', () => {
  const cases: {
    name: string;
    at?: string;
    config?: Parameters<typeof makeConfig>[0];
    command?: Partial<Extract<Command, { type: 'issue' }>>;
    code: string;
    params: Record<string, unknown>;
  }[] = [
    { name: 'an unknown service', command: { serviceId: 'passport' }, code: 'SERVICE_UNKNOWN', params: { service: 'passport' } },
    {
      name: 'a disabled service',
      config: (c) => {
        c.services[0]!.enabled = false;
      },
      code: 'SERVICE_DISABLED',
      params: { service: 'household' },
    },
    { name: 'a Saturday', at: '2026-11-28 10:00', code: 'SERVICE_CLOSED', params: { until: null } },
    { name: 'a Sunday', at: '2026-11-29 10:00', code: 'SERVICE_CLOSED', params: { until: null } },
    { name: 'a holiday on a Monday', config: { calendar: { holidays: ['2026-11-23'] } }, code: 'SERVICE_CLOSED', params: { until: null } },
    { name: 'before opening', at: '2026-11-23 08:59', code: 'SERVICE_CLOSED', params: { until: '09:00' } },
    { name: 'at closing', at: '2026-11-23 17:00', code: 'SERVICE_CLOSED', params: { until: null } },
    { name: 'after closing', at: '2026-11-23 20:00', code: 'SERVICE_CLOSED', params: { until: null } },
    { name: 'the start of lunch', at: '2026-11-23 12:00', code: 'LUNCH_BREAK', params: { until: '13:30' } },
    { name: 'the end of lunch', at: '2026-11-23 13:29', code: 'LUNCH_BREAK', params: { until: '13:30' } },
    { name: '30 min before closing', at: '2026-11-23 16:30', code: 'ISSUING_STOPPED', params: { until: null } },
    { name: '1 min before closing', at: '2026-11-23 16:59', code: 'ISSUING_STOPPED', params: { until: null } },
    {
      name: '60 min before closing with stopIssuingBeforeCloseMin 60',
      at: '2026-11-23 16:00',
      config: { hours: { stopIssuingBeforeCloseMin: 60 } },
      code: 'ISSUING_STOPPED',
      params: {},
    },
    { name: 'an appointment without its slot', command: { priority: 'appointment' }, code: 'APPOINTMENT_INVALID', params: { service: 'household' } },
    {
      name: 'a priority class the hall has switched off',
      config: { priorityClasses: [{ id: 'vip', name: { zh: '贵宾' }, enabled: false }] },
      command: { priority: 'vip' },
      code: 'PRIORITY_UNAVAILABLE',
      params: { priority: 'vip' },
    },
    {
      name: 'a priority class the hall does not list',
      config: { priorityClasses: [{ id: 'green', name: { zh: '绿色通道' } }] },
      command: { priority: 'vip' },
      code: 'PRIORITY_UNAVAILABLE',
      params: { priority: 'vip' },
    },
    {
      name: 'an appointment slot on a normal ticket',
      command: { appointment: { code: 'X', slotAt: MONDAY_10AM } },
      code: 'APPOINTMENT_INVALID',
      params: { service: 'household' },
    },
  ];

  it.each(cases)('refuses $name with $code', ({ at, config, command, code, params }) => {
    const hall = new EngineHarness(makeConfig(config), at ? local(at) : MONDAY_10AM);
    const err = refusal(() => hall.run({ type: 'issue', serviceId: 'household', ...command }));
    expect(err.code).toBe(code);
    expect(err.params).toMatchObject(params);
    expect(hall.state.tickets.size).toBe(0);
    expect(hall.state.sequences.size).toBe(0);
  });

  it.each<[string, string, Parameters<typeof makeConfig>[0]]>([
    ['09:00 opening', '2026-11-23 09:00', {}],
    ['11:59 before lunch', '2026-11-23 11:59', {}],
    ['13:30 after lunch', '2026-11-23 13:30', {}],
    ['16:29 before issuing stops', '2026-11-23 16:29', {}],
    ['16:59 when issuing never stops early', '2026-11-23 16:59', { hours: { stopIssuingBeforeCloseMin: 0 } }],
    ['12:30 in a hall without lunch', '2026-11-23 12:30', { hours: { lunch: null } }],
    ['a make-up Saturday', '2026-11-28 10:00', { calendar: { extraWorkdays: ['2026-11-28'] } }],
    ['a Saturday in a hall open on Saturdays', '2026-11-28 10:00', { hours: { days: [1, 2, 3, 4, 5, 6] } }],
  ])('issues at %s', (_name, at, config) => {
    const hall = new EngineHarness(makeConfig(config), local(at));
    expect(hall.issue('household').number).toBe('A001');
  });

  it('honours hours of the service itself', () => {
    const config = makeConfig((c) => {
      c.services[3]!.hours = { open: '08:00', close: '12:00', lunch: null, stopIssuingBeforeCloseMin: 0 };
    });
    const hall = new EngineHarness(config, local('2026-11-23 08:30'));
    expect(hall.issue('social').number).toBe('D001');
    expect(refusal(() => hall.issue('household')).code).toBe('SERVICE_CLOSED');
    hall.now = local('2026-11-23 12:10');
    expect(refusal(() => hall.issue('social')).params).toEqual({ service: 'social', until: null });
    expect(refusal(() => hall.issue('household')).code).toBe('LUNCH_BREAK');
  });

  it('stops at the daily quota (QUOTA_REACHED), and a cancellation does not give a place back', () => {
    const hall = new EngineHarness();
    const first = hall.issue('tax');
    hall.issue('tax');
    hall.issue('tax');
    const err = refusal(() => hall.issue('tax'));
    expect(err.code).toBe('QUOTA_REACHED');
    expect(err.params).toMatchObject({ service: 'tax', quota: 3 });
    hall.run({ type: 'cancel', ticketId: first.id, reason: 'left' });
    expect(refusal(() => hall.issue('tax')).code).toBe('QUOTA_REACHED');
    // Other services are not affected.
    expect(hall.issue('household').number).toBe('A001');
  });
});

describe('the business day', () => {
  function busyMonday(): EngineHarness {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.login('2', '1002');
    hall.issue('household'); // A001: called at counter 1, then held
    hall.issue('household'); // A002: done
    hall.issue('household'); // A003: no-show
    hall.issue('household'); // A004: waiting
    hall.issue('tax'); // B001: serving at counter 2
    hall.issue('tax'); // B002: waiting
    hall.run({ type: 'call-number', counterId: '1', number: 'A001' });
    hall.run({ type: 'hold', counterId: '1' });
    hall.run({ type: 'call-number', counterId: '1', number: 'A002' });
    hall.run({ type: 'finish', counterId: '1' });
    hall.run({ type: 'call-number', counterId: '1', number: 'A003' });
    hall.run({ type: 'skip', counterId: '1' });
    hall.run({ type: 'call-number', counterId: '2', number: 'B001' });
    hall.run({ type: 'start', counterId: '2' });
    hall.run({ type: 'pause', counterId: '1', reason: 'meeting' });
    return hall;
  }

  it.each(['2026-11-23 17:30', '2026-11-23 23:59', '2026-11-24 00:00', '2026-11-24 01:00', '2026-11-24 02:59'])(
    'a tick at %s (before the reset hour 03:00) changes nothing',
    (at) => {
      const hall = busyMonday();
      hall.now = local(at);
      expect(hall.run({ type: 'tick' })).toEqual([]);
      expect(hall.state.businessDay).toBe('2026-11-23');
    },
  );

  it('a tick at the reset hour ends the day: open tickets cancelled, counters closed, sequences reset', () => {
    const hall = busyMonday();
    hall.now = local('2026-11-24 03:00');
    const events = hall.run({ type: 'tick' });

    const cancelled = events.filter((e): e is TicketEvent => e.type === 'ticket.cancelled').map((e) => e.ticket);
    expect(cancelled.map((t) => t.number).sort()).toEqual(['A001', 'A004', 'B001', 'B002']);
    expect(cancelled.every((t) => t.state === 'cancelled' && t.cancelReason === 'day-ended')).toBe(true);

    const closed = events.filter((e) => e.type === 'counter.state');
    expect(closed.map((e) => e.type === 'counter.state' && [e.counter.id, e.counter.state, e.cause])).toEqual([
      ['1', 'closed', 'day'],
      ['2', 'closed', 'day'],
    ]);

    const rolled = events.at(-1) as DayEvent;
    expect(rolled).toMatchObject({ type: 'day.rolled', from: '2026-11-23', to: '2026-11-24' });
    expect(rolled.expired.sort()).toEqual(cancelled.map((t) => t.id).sort());

    expect(hall.state.businessDay).toBe('2026-11-24');
    expect(hall.state.tickets.size).toBe(0);
    expect(hall.state.sequences.size).toBe(0);
    expect(hall.state.issuedToday.size).toBe(0);
    expect([...hall.state.counters.values()].every((c) => c.state === 'closed' && c.staffNo === null && c.ticketId === null)).toBe(true);

    // A second tick the same day does nothing; the morning starts at 001 again.
    expect(hall.run({ type: 'tick' })).toEqual([]);
    hall.now = local('2026-11-24 09:00');
    expect([hall.issue('household').number, hall.issue('tax').number]).toEqual(['A001', 'B001']);
  });

  it.each([
    [0, '2026-11-23 23:59', '2026-11-24 00:00'],
    [5, '2026-11-24 04:59', '2026-11-24 05:00'],
  ])('with dayResetHour %i the day rolls at the hour, not before', (dayResetHour, before, after) => {
    const hall = new EngineHarness(
      makeConfig((c) => {
        c.hall.dayResetHour = dayResetHour;
      }),
    );
    hall.issue('household');
    hall.now = local(before);
    expect(hall.run({ type: 'tick' })).toEqual([]);
    hall.now = local(after);
    expect(hall.run({ type: 'tick' }).at(-1)).toMatchObject({ type: 'day.rolled', from: '2026-11-23', to: '2026-11-24' });
  });

  it('any command rolls the day first: the first ticket of a new day is 001 and the quota starts again', () => {
    const hall = new EngineHarness();
    for (let i = 0; i < 3; i++) hall.issue('tax');
    hall.issue('household');
    hall.now = local('2026-11-24 09:00');
    const events = hall.run({ type: 'issue', serviceId: 'tax' });
    expect(events.map((e) => e.type)).toEqual(['ticket.cancelled', 'ticket.cancelled', 'ticket.cancelled', 'ticket.cancelled', 'day.rolled', 'ticket.issued']);
    const [t] = issued(events);
    expect(t).toMatchObject({ number: 'B001', seq: 1, businessDay: '2026-11-24' });
    expect(hall.state.sequences.get('tax')).toBe(1);
    expect(hall.state.issuedToday.get('tax')).toBe(1);
    expect(hall.state.tickets.size).toBe(1);
    expect(hall.issue('household').number).toBe('A001');
  });

  it('a counter closed by the day roll must log in again', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.issue('household');
    hall.now = local('2026-11-24 09:00');
    expect(refusal(() => hall.run({ type: 'call-next', counterId: '1' })).code).toBe('COUNTER_CLOSED');
  });
});

describe('purity', () => {
  function busy(): EngineHarness {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.login('2', '1002');
    for (const s of ['household', 'household', 'tax', 'household', 'social']) {
      hall.issue(s);
      hall.advance(1);
    }
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    hall.callNext('2');
    hall.run({ type: 'skip', counterId: '2' });
    hall.advance(5);
    return hall;
  }

  const commands: [string, Command, number?][] = [
    ['issue', { type: 'issue', serviceId: 'household', priority: 'green' }],
    ['call-next finishing the served ticket', { type: 'call-next', counterId: '1' }],
    ['transfer', { type: 'transfer', counterId: '1', toService: 'social' }],
    ['hold', { type: 'hold', counterId: '1' }],
    ['requeue', { type: 'requeue', ticketId: 't3' }],
    ['login moving a staff member', { type: 'login', counterId: '3', staffNo: '1002' }],
    ['tick at the day roll', { type: 'tick' }, local('2026-11-24 03:00')],
  ];

  it.each(commands)('decide(%s) returns events and leaves the state alone', (_name, command, at) => {
    const hall = busy();
    if (at) hall.now = at;
    const before = structuredClone(hall.state);
    const events = hall.decide(command);
    expect(events.length).toBeGreaterThan(0);
    expect(hall.state).toStrictEqual(before);
    // The events carry the injected time.
    expect(events.every((e) => e.at === hall.now)).toBe(true);
  });

  it.each<[string, Command, string]>([
    ['call-next with a ticket called', { type: 'call-next', counterId: '2' }, 'TICKET_IN_HAND'],
    ['issue of an unknown service', { type: 'issue', serviceId: 'nope' }, 'SERVICE_UNKNOWN'],
    ['recall at a closed counter', { type: 'recall', counterId: '3' }, 'COUNTER_CLOSED'],
  ])('a refused command (%s) throws, so it yields no events and changes nothing', (_name, command, code) => {
    const hall = busy();
    hall.callNext('2');
    const before = structuredClone(hall.state);
    expect(refusal(() => hall.run(command)).code).toBe(code);
    expect(hall.state).toStrictEqual(before);
  });

  it('events carry the actor who asked', () => {
    const hall = new EngineHarness();
    const actor = { kind: 'device', id: 'kiosk-1' } as const;
    expect(hall.run({ type: 'issue', serviceId: 'household' }, actor)[0]?.actor).toEqual(actor);
  });
});

describe('a retried press (requestId)', () => {
  it('issues once per request id, even if the service closed in between', () => {
    const hall = new EngineHarness();
    const first = hall.run({ type: 'issue', serviceId: 'household', requestId: 'press-0001' });
    expect(first).toHaveLength(1);
    expect(hall.run({ type: 'issue', serviceId: 'household', requestId: 'press-0001' })).toEqual([]);
    hall.now = local('2026-11-23 20:00');
    expect(hall.run({ type: 'issue', serviceId: 'household', requestId: 'press-0001' })).toEqual([]);
    expect(hall.state.tickets.size).toBe(1);
    expect(hall.state.byRequestId.get('press-0001')).toBe(hall.byNumber('A001').id);
    hall.now = local('2026-11-23 10:30');
    expect(hall.issue('household', { requestId: 'press-0002' }).number).toBe('A002');
  });

  it('forgets request ids with the day', () => {
    const hall = new EngineHarness();
    hall.issue('household', { requestId: 'press-0001' });
    hall.now = local('2026-11-24 10:00');
    expect(hall.issue('household', { requestId: 'press-0001' }).number).toBe('A001');
    expect(hall.state.tickets.size).toBe(1);
  });
});
