import { describe, expect, it } from 'vitest';
import { aheadOf, averageServiceMin, countersServing, estimatedWaitMin, serviceQueues } from './estimate.js';
import { Hall, MINUTE, MONDAY_10AM, makeConfig } from './test-fixture.js';

describe('aheadOf', () => {
  function queue(): Hall {
    const hall = new Hall();
    for (const [service, priority] of [
      ['household', 'normal'], // A001
      ['household', 'normal'], // A002
      ['household', 'green'], // A003
      ['household', 'normal'], // A004
      ['tax', 'normal'], // B001
    ] as const) {
      hall.issue(service, { priority });
      hall.advance(1);
    }
    hall.issue('household', { priority: 'appointment', appointment: { code: 'R1', slotAt: hall.now } }); // A005, due
    hall.issue('household', { priority: 'appointment', appointment: { code: 'R2', slotAt: hall.now + 60 * MINUTE } }); // A006, not due
    return hall;
  }

  it.each([
    ['A005', 0, 'a due appointment goes before everyone'],
    ['A003', 1, 'a priority ticket has only the due appointment ahead'],
    ['A001', 2, 'the first normal ticket has the appointment and the priority ticket ahead'],
    ['A004', 4, 'a later normal ticket counts every earlier one and the priority one'],
    ['A006', 5, 'an appointment not due yet queues as a normal ticket'],
    ['B001', 0, 'other services do not count'],
  ])('%s has %i ahead (%s)', (number, ahead, _why) => {
    const hall = queue();
    expect(aheadOf(hall.state, hall.byNumber(number), hall.now)).toBe(ahead);
  });

  it('is 0 for a ticket that no longer waits', () => {
    const hall = queue();
    hall.login('1', '1001');
    hall.callNext('1');
    expect(aheadOf(hall.state, hall.byNumber('A005'), hall.now)).toBe(0);
    expect(aheadOf(hall.state, hall.byNumber('A004'), hall.now)).toBe(3);
  });

  it('counts a ticket transferred to a counter only among tickets sent to that counter', () => {
    const hall = new Hall();
    hall.login('1', '1001');
    hall.login('2', '1002');
    hall.issue('household'); // A001
    hall.advance(1);
    hall.issue('household'); // A002
    hall.advance(1);
    hall.issue('household'); // A003
    hall.callNext('1');
    hall.callNext('2');
    hall.run({ type: 'transfer', counterId: '1', toCounter: '4' });
    hall.run({ type: 'transfer', counterId: '2', toCounter: '4' });
    expect(aheadOf(hall.state, hall.byNumber('A001'), hall.now)).toBe(0);
    expect(aheadOf(hall.state, hall.byNumber('A002'), hall.now)).toBe(1);
    // The targeted tickets are not in the household queue any more.
    expect(aheadOf(hall.state, hall.byNumber('A003'), hall.now)).toBe(0);
  });
});

describe('estimated wait', () => {
  /** Serves household tickets at counter 1 for the given minutes each. */
  function served(minutes: number[], config = makeConfig()): Hall {
    const hall = new Hall(config);
    hall.login('1', '1001');
    for (const m of minutes) {
      hall.issue('household');
      hall.callNext('1');
      hall.run({ type: 'start', counterId: '1' });
      hall.advance(m);
      hall.run({ type: 'finish', counterId: '1' });
    }
    return hall;
  }

  it('falls back to typicalServiceMin until something was measured', () => {
    const hall = new Hall();
    expect(averageServiceMin(hall.state, 'household')).toBe(10);
    expect(averageServiceMin(hall.state, 'tax')).toBe(6);
    expect(averageServiceMin(hall.state, 'permit')).toBe(10); // the schema default
  });

  it('averages measured service times per service', () => {
    const hall = served([4, 8]);
    expect(hall.state.serviceTimes.get('household')).toEqual([4 * MINUTE, 8 * MINUTE]);
    expect(averageServiceMin(hall.state, 'household')).toBe(6);
    expect(averageServiceMin(hall.state, 'tax')).toBe(6); // still the typical time
    // Counter 1 is the only open counter for household.
    expect(estimatedWaitMin(hall.state, 'household', 2)).toBe(12);
    expect(estimatedWaitMin(hall.state, 'household', 0)).toBe(0);
  });

  it('averages over the last estimateWindow times only', () => {
    const hall = served([4, 8, 12], makeConfig({ rules: { estimateWindow: 2 } }));
    expect(hall.state.serviceTimes.get('household')).toEqual([8 * MINUTE, 12 * MINUTE]);
    expect(averageServiceMin(hall.state, 'household')).toBe(10);
  });

  it.each<[string[], number, number]>([
    [[], 3, 10], // nobody logged in: the three counters configured for household
    [['1'], 1, 30],
    [['1', '2'], 2, 15],
    [['1', '2', '3'], 3, 10],
    [['4'], 3, 10], // counter 4 does not serve household
  ])('with counters %j open, %i serve household: 3 ahead wait %i min', (open, counters, wait) => {
    const hall = new Hall();
    open.forEach((id, i) => hall.login(id, `100${i + 1}`));
    expect(countersServing(hall.state, 'household')).toBe(counters);
    expect(estimatedWaitMin(hall.state, 'household', 3)).toBe(wait);
  });

  it('rounds to whole minutes', () => {
    const hall = new Hall();
    hall.login('1', '1001');
    hall.login('2', '1002');
    expect(estimatedWaitMin(hall.state, 'tax', 1)).toBe(3); // 6 / 2
    expect(estimatedWaitMin(hall.state, 'social', 1)).toBe(6); // 12 / 2 configured (3, 4), none open
    expect(estimatedWaitMin(hall.state, 'household', 1)).toBe(5); // 10 / 2
  });
});

describe('serviceQueues', () => {
  it('reports waiting, longest wait, estimate and open counters per service', () => {
    const hall = new Hall();
    hall.login('1', '1001');
    hall.issue('household'); // 10:00
    hall.advance(3);
    hall.issue('household'); // 10:03
    hall.issue('tax');
    hall.advance(2);
    hall.issue('household'); // 10:05
    hall.callNext('1'); // A001 leaves the queue
    hall.now = MONDAY_10AM + 25 * MINUTE + 30_000;
    const queues = serviceQueues(hall.state, hall.now);
    expect(queues).toEqual([
      // A002 (10:03) is now the longest wait: 22.5 min → 22; 2 waiting × 10 min / 1 open counter.
      { serviceId: 'household', waiting: 2, longestWaitMin: 22, estimatedWaitMin: 20, countersOpen: 1 },
      // Tax: 1 waiting × 6 min; counter 1 serves tax too.
      { serviceId: 'tax', waiting: 1, longestWaitMin: 22, estimatedWaitMin: 6, countersOpen: 1 },
      { serviceId: 'permit', waiting: 0, longestWaitMin: 0, estimatedWaitMin: 0, countersOpen: 0 },
      { serviceId: 'social', waiting: 0, longestWaitMin: 0, estimatedWaitMin: 0, countersOpen: 0 },
    ]);
  });
});
