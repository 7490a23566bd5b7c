// Which ticket a counter calls next: ordering policies, the priority ratio, ranks, appointments and
// the one-ticket-in-hand rule.
import { describe, expect, it } from 'vitest';
import type { PriorityClass } from '../config/schema.js';
import { EngineHarness, MINUTE, MONDAY_10AM, makeConfig, refusal } from './test-fixture.js';

/** A hall with counter 1 (household rank 1, tax rank 2) open. */
function hallWithCounter1(config = makeConfig()): EngineHarness {
  const hall = new EngineHarness(config);
  hall.login('1', '1001');
  return hall;
}

/** Issues tickets one minute apart. */
function issueAll(hall: EngineHarness, list: [string, PriorityClass?][]): string[] {
  return list.map(([service, priority]) => {
    const t = hall.issue(service, priority ? { priority } : {});
    hall.advance(1);
    return t.number;
  });
}

const cls = (hall: EngineHarness, numbers: string[]) => numbers.map((n) => (['green', 'vip'].includes(hall.byNumber(n).priority) ? 'P' : 'N')).join(' ');

describe('standard policy: priority ratio', () => {
  it('calls 2 priority : 1 normal while both wait, then the rest', () => {
    const hall = hallWithCounter1();
    // Normal tickets arrive first, so arrival alone would call them first.
    issueAll(hall, [['household'], ['household'], ['household'], ['household'], ['household'], ['household']]);
    issueAll(hall, [['household', 'green'], ['household', 'vip'], ['household', 'green'], ['household', 'green'], ['household', 'vip'], ['household', 'green']]);
    const order = hall.drain('1');
    expect(cls(hall, order)).toBe('P P N P P N P P N N N N');
    // Within each class: arrival order.
    expect(order).toEqual(['A007', 'A008', 'A001', 'A009', 'A010', 'A002', 'A011', 'A012', 'A003', 'A004', 'A005', 'A006']);
  });

  it.each([
    [{ priority: 1, normal: 1 }, 'P N P N P N P N'],
    [{ priority: 3, normal: 1 }, 'P P P N P N N N'],
    [{ priority: 1, normal: 2 }, 'P N N P N N P P'],
  ])('follows priorityRatio %o', (priorityRatio, expected) => {
    const hall = hallWithCounter1(makeConfig({ rules: { priorityRatio } }));
    issueAll(hall, [['household'], ['household'], ['household'], ['household'], ['household', 'green'], ['household', 'green'], ['household', 'green'], ['household', 'green']]);
    expect(cls(hall, hall.drain('1'))).toBe(expected);
  });

  it('does not starve normal tickets under a steady stream of priority tickets', () => {
    const hall = hallWithCounter1();
    hall.issue('household'); // A001, normal
    const calls: string[] = [];
    for (let i = 0; i < 9; i++) {
      hall.issue('household', { priority: 'green' });
      hall.advance(1);
      calls.push(hall.callNext('1')!);
      hall.run({ type: 'finish', counterId: '1' });
    }
    expect(calls.indexOf('A001')).toBe(2);
  });

  it('counts the ratio only when both classes wait', () => {
    const hall = hallWithCounter1();
    issueAll(hall, [['household', 'green'], ['household', 'green'], ['household', 'green']]);
    expect(cls(hall, hall.drain('1'))).toBe('P P P');
    expect(hall.counter('1').cycle).toEqual({ priority: 0, normal: 0 });
    issueAll(hall, [['household'], ['household'], ['household', 'green'], ['household', 'green'], ['household', 'green']]);
    // Had the uncontested calls counted, the normal ticket would come first now.
    expect(cls(hall, hall.drain('1'))).toBe('P P N P N');
  });

  it('keeps the cycle per counter', () => {
    const hall = hallWithCounter1();
    hall.login('2', '1002');
    issueAll(hall, [['household'], ['household'], ['household', 'green'], ['household', 'green'], ['household', 'green'], ['household', 'green']]);
    const c1 = [hall.callNext('1')!, hall.callNext('2')!];
    expect(cls(hall, c1)).toBe('P P');
    expect(hall.counter('1').cycle).toEqual({ priority: 1, normal: 0 });
    expect(hall.counter('2').cycle).toEqual({ priority: 1, normal: 0 });
  });
});

describe('standard policy: appointments', () => {
  it.each([
    [5, true],
    [10, true], // the earliest moment: appointmentEarlyMin 10
    [11, false],
    [0, true],
    [-15, true], // the latest moment: appointmentLateMin 15
    [-16, false],
  ])('an appointment with its slot %i min from now is due: %s', (slotInMin, due) => {
    const hall = hallWithCounter1();
    const callAt = MONDAY_10AM + 2 * MINUTE;
    issueAll(hall, [['household']]); // A001 normal, earlier
    const appt = hall.issue('household', { priority: 'appointment', appointment: { code: 'R1', slotAt: callAt + slotInMin * MINUTE } });
    hall.advance(1);
    hall.issue('household', { priority: 'green' }); // A003, priority
    expect(hall.now).toBe(callAt);
    // A due appointment beats everything; otherwise it queues as a normal ticket (after A001, after the green one).
    expect(hall.drain('1')).toEqual(due ? [appt.number, 'A003', 'A001'] : ['A003', 'A001', appt.number]);
  });

  it('calls due appointments by slot, and an early one once it becomes due', () => {
    const hall = hallWithCounter1();
    const late = hall.issue('household', { priority: 'appointment', appointment: { code: 'R1', slotAt: MONDAY_10AM + 8 * MINUTE } });
    const early = hall.issue('household', { priority: 'appointment', appointment: { code: 'R2', slotAt: MONDAY_10AM + 2 * MINUTE } });
    const notYet = hall.issue('household', { priority: 'appointment', appointment: { code: 'R3', slotAt: MONDAY_10AM + 40 * MINUTE } });
    hall.issue('household', { priority: 'green' }); // A004
    const next = () => {
      const n = hall.callNext('1');
      hall.run({ type: 'finish', counterId: '1' });
      return n;
    };
    expect(next()).toBe(early.number);
    expect(next()).toBe(late.number);
    expect(next()).toBe('A004');
    hall.now = MONDAY_10AM + 30 * MINUTE;
    hall.issue('household', { priority: 'green' }); // A005
    expect(next()).toBe(notYet.number);
    expect(next()).toBe('A005');
  });
});

describe('standard policy: ranks and arrival', () => {
  it.each([
    ['1', ['A001', 'A002', 'B001', 'B002']],
    ['2', ['B001', 'B002', 'A001', 'A002']],
  ])('counter %s serves its main service first, then by arrival', (counterId, expected) => {
    const hall = new EngineHarness();
    hall.login(counterId, '1001');
    issueAll(hall, [['tax'], ['household'], ['tax'], ['household']]);
    expect(hall.drain(counterId)).toEqual(expected);
  });

  it('ranks apply within the priority class', () => {
    const hall = hallWithCounter1();
    issueAll(hall, [['tax', 'green'], ['household', 'green'], ['household']]);
    expect(hall.drain('1')).toEqual(['A001', 'B001', 'A002']);
  });

  it('a counter never calls a ticket of a service it does not serve', () => {
    const hall = new EngineHarness();
    hall.login('4', '1001'); // social only
    hall.login('1', '1002'); // household, tax
    issueAll(hall, [['household'], ['tax'], ['permit']]);
    expect(hall.run({ type: 'call-next', counterId: '4' })).toEqual([]);
    expect(hall.counter('4').state).toBe('idle');
    hall.issue('social');
    expect(hall.drain('4')).toEqual(['D001']);
    expect(hall.drain('1')).toEqual(['A001', 'B001']);
    expect(hall.byNumber('C01').state).toBe('waiting');
  });
});

describe('longest-wait policy', () => {
  function mixed(hall: EngineHarness): void {
    hall.login('1', '1001');
    issueAll(hall, [['tax'], ['household'], ['household', 'green']]);
    hall.issue('household', { priority: 'appointment', appointment: { code: 'R', slotAt: hall.now } }); // A003
  }

  it('standard, for comparison: due appointment, priority, rank, arrival', () => {
    const hall = new EngineHarness();
    mixed(hall);
    expect(hall.drain('1')).toEqual(['A003', 'A002', 'A001', 'B001']);
  });

  it.each([
    ['the hall rules', makeConfig({ rules: { policy: 'longest-wait' } })],
    [
      'the counter',
      makeConfig((c) => {
        c.counters[0]!.policy = 'longest-wait';
      }),
    ],
  ])('set by %s: pure arrival order, whatever the class or rank', (_by, config) => {
    const hall = new EngineHarness(config);
    mixed(hall);
    expect(hall.drain('1')).toEqual(['B001', 'A001', 'A002', 'A003']);
  });

  it('a counter policy overrides only that counter', () => {
    const hall = new EngineHarness(
      makeConfig((c) => {
        c.counters[1]!.policy = 'longest-wait';
      }),
    );
    hall.login('1', '1001');
    hall.login('2', '1002');
    issueAll(hall, [['household'], ['tax'], ['household', 'green'], ['tax', 'green']]);
    expect(hall.callNext('2')).toBe('A001'); // longest-wait, though tax is its main service
    expect(hall.callNext('1')).toBe('A002'); // standard: priority first
  });
});

describe('one ticket in hand', () => {
  it('refuses call-next while a ticket is called (TICKET_IN_HAND)', () => {
    const hall = hallWithCounter1();
    issueAll(hall, [['household'], ['household']]);
    hall.callNext('1');
    const err = refusal(() => hall.run({ type: 'call-next', counterId: '1' }));
    expect(err.code).toBe('TICKET_IN_HAND');
    expect(err.params).toMatchObject({ counter: '1', number: 'A001' });
    expect(hall.byNumber('A002').state).toBe('waiting');
  });

  it('with callNextFinishesServing, call-next while serving finishes the served ticket and calls the next in one decision', () => {
    const hall = hallWithCounter1();
    issueAll(hall, [['household'], ['household']]);
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    hall.advance(7);
    const events = hall.run({ type: 'call-next', counterId: '1' });
    expect(events.map((e) => (e.type === 'counter.state' ? `${e.type}:${e.cause}` : e.type))).toEqual([
      'ticket.finished',
      'counter.state:finish',
      'ticket.called',
      'counter.state:call',
    ]);
    expect(hall.byNumber('A001')).toMatchObject({ state: 'done', finishedAt: hall.now });
    expect(hall.byNumber('A002').state).toBe('called');
    expect(hall.counter('1')).toMatchObject({ state: 'calling', ticketId: hall.byNumber('A002').id });
    expect(hall.state.serviceTimes.get('household')).toEqual([7 * MINUTE]);
  });

  it('with callNextFinishesServing and nobody waiting, the served ticket is still finished', () => {
    const hall = hallWithCounter1();
    hall.issue('household');
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    expect(hall.callNext('1')).toBeNull();
    expect(hall.byNumber('A001').state).toBe('done');
    expect(hall.counter('1')).toMatchObject({ state: 'idle', ticketId: null });
  });

  it('without callNextFinishesServing, call-next while serving is TICKET_IN_HAND', () => {
    const hall = hallWithCounter1(makeConfig({ rules: { callNextFinishesServing: false } }));
    issueAll(hall, [['household'], ['household']]);
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    expect(refusal(() => hall.run({ type: 'call-next', counterId: '1' })).code).toBe('TICKET_IN_HAND');
    expect(hall.byNumber('A001').state).toBe('serving');
  });

  it('counters calling in turn never get the same ticket', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.login('2', '1002');
    hall.login('3', '1003');
    issueAll(hall, Array.from({ length: 12 }, (): [string] => ['household']));
    const calledBy = new Map<string, string>();
    for (let round = 0; round < 5; round++) {
      for (const counterId of ['1', '2', '3']) {
        const n = hall.callNext(counterId);
        if (n === null) continue;
        expect(calledBy.has(n)).toBe(false);
        calledBy.set(n, counterId);
        // Everyone holds exactly the ticket just called.
        expect(hall.counter(counterId).ticketId).toBe(hall.byNumber(n).id);
        expect(hall.byNumber(n)).toMatchObject({ state: 'called', counterId, staffNo: hall.counter(counterId).staffNo });
        hall.run({ type: 'finish', counterId });
      }
    }
    expect([...calledBy.keys()].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
  });

  it('a call records the time and the counter', () => {
    const hall = hallWithCounter1();
    hall.issue('household');
    hall.advance(12);
    const [called, counter] = hall.run({ type: 'call-next', counterId: '1' });
    expect(called).toMatchObject({ type: 'ticket.called', how: 'next', ticket: { calledAt: hall.now, lastCalledAt: hall.now, counterId: '1', staffNo: '1001' } });
    expect(counter).toMatchObject({ type: 'counter.state', cause: 'call', counter: { state: 'calling', since: hall.now } });
  });
});
