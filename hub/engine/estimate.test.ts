import { describe, expect, it } from 'vitest';
import { aheadOf, averageServiceMin, countersServing, estimatedWait, estimatedWaitMin, serviceQueues } from './estimate.js';
import { estimateWait, NO_COUNTER_OPEN, PRIOR_WEIGHT } from './wait-model.js';
import { EngineHarness, MINUTE, MONDAY_10AM, makeConfig } from './test-fixture.js';
import { withInputs } from './state.js';

describe('aheadOf', () => {
  function queue(): EngineHarness {
    const hall = new EngineHarness();
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
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.login('2', '1002');
    hall.login('4', '1003'); // open: a closed counter takes no transfer
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
  function served(minutes: number[], config = makeConfig()): EngineHarness {
    const hall = new EngineHarness(config);
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

  it('takes typicalServiceMin as the prior until something was measured', () => {
    const hall = new EngineHarness();
    expect(averageServiceMin(hall.state, 'household', hall.now)).toBe(10);
    expect(averageServiceMin(hall.state, 'tax', hall.now)).toBe(6);
    expect(averageServiceMin(hall.state, 'permit', hall.now)).toBe(10); // the schema default
  });

  it('takes the history of this half-hour as the prior when there is one', () => {
    const hall = new EngineHarness();
    const slots = Array.from({ length: 48 }, () => null as number | null);
    slots[20] = 4; // 10:00–10:30 local: MONDAY_10AM
    withInputs(hall.state, { serviceHistory: new Map([['household', slots]]) });
    expect(averageServiceMin(hall.state, 'household', hall.now)).toBe(4);
    expect(averageServiceMin(hall.state, 'household', hall.now + 30 * MINUTE)).toBe(10); // 10:30: no history, the config's
  });

  it('takes the prior as an input: events never change it, only withInputs does', () => {
    const hall = new EngineHarness();
    const slots = Array.from({ length: 48 }, () => null as number | null);
    slots[20] = 4;
    const inputs = { serviceHistory: new Map([['household', slots]]) };
    withInputs(hall.state, inputs);
    hall.login('1', '1001');
    hall.issue('household');
    hall.run({ type: 'call-next', counterId: '1' });
    expect(hall.state.inputs).toBe(inputs);
    expect(averageServiceMin(hall.state, 'household', hall.now)).toBe(4);
  });

  it('shrinks the measured times towards the prior (worth PRIOR_WEIGHT observations)', () => {
    const hall = served([4, 8]);
    expect(hall.state.serviceTimes.get('household')).toEqual([4 * MINUTE, 8 * MINUTE]);
    expect(averageServiceMin(hall.state, 'household', hall.now)).toBeCloseTo((4 + 8 + PRIOR_WEIGHT * 10) / (2 + PRIOR_WEIGHT), 9);
    expect(averageServiceMin(hall.state, 'tax', hall.now)).toBe(6); // still the typical time
  });

  it('keeps a burst of quick finishes from collapsing the estimate (the issue: 无需等候 with 26 ahead)', () => {
    const hall = served(Array.from({ length: 20 }, (_, i) => (0.3 + (i % 3) * 0.35) / 60)); // 0.3–1 s each
    // Five more minutes-long services at the same counter's history would be normal; here all are quick.
    const e = estimatedWait(hall.state, 'household', 26, hall.now);
    expect(e.waitReason).toBeNull();
    expect(e.estimatedWaitMin).toBeGreaterThanOrEqual(26 * ((PRIOR_WEIGHT * 10) / (15 + PRIOR_WEIGHT)));
  });

  it('is never 0 with someone ahead, whatever the service times and counters', () => {
    for (const minutes of [[], [0.001], Array.from({ length: 20 }, () => 0.001), [30, 40]])
      for (const ahead of [1, 2, 5, 26]) {
        const hall = served(minutes);
        hall.login('2', '1002');
        hall.login('3', '1003');
        expect(estimatedWaitMin(hall.state, 'household', ahead, hall.now)).toBeGreaterThanOrEqual(1);
      }
    expect(estimateWait({ ahead: 1, countersOpen: 50, busy: 0, serviceMin: 0.001 }).estimatedWaitMin).toBe(1);
    expect(estimateWait({ ahead: 3, countersOpen: 2, busy: 2, serviceMin: 0.01, inHandMin: [5, 9] }).estimatedWaitMin).toBe(1);
    expect(estimateWait({ ahead: 0, countersOpen: 2, busy: 0, serviceMin: 10 }).estimatedWaitMin).toBe(0);
  });

  it('has no number when no counter is open: null, countersOpen 0 and NO_COUNTER_OPEN', () => {
    const hall = new EngineHarness();
    expect(estimatedWait(hall.state, 'household', 3, hall.now)).toEqual({ estimatedWaitMin: null, countersOpen: 0, waitReason: NO_COUNTER_OPEN });
    hall.login('4', '1001'); // counter 4 does not serve household
    expect(estimatedWait(hall.state, 'household', 3, hall.now).waitReason).toBe(NO_COUNTER_OPEN);
  });

  it.each<[string[], number, number]>([
    [['1'], 1, 30], // the idle counter takes the first ahead: 3 departures × 10 min / 1 counter
    [['1', '2'], 2, 10], // 2 idle counters take the first two, then each is free again after 10 min
    [['1', '2', '3'], 3, 10], // 3 idle take the first three; the fourth call comes when one of them is done
  ])('with counters %j open and idle, %i serve household: 3 ahead wait %i min', (open, counters, wait) => {
    const hall = new EngineHarness();
    open.forEach((id, i) => hall.login(id, `100${i + 1}`));
    expect(countersServing(hall.state, 'household')).toBe(counters);
    expect(estimatedWaitMin(hall.state, 'household', 3, hall.now)).toBe(wait);
  });

  it('frees a busy counter when its ticket has had its time', () => {
    // Two counters, tickets in hand for 2 and 7 of 10 minutes: they free at 8 and 3; 3 ahead are called at 3, 8, 13, the 4th (this one) at 18.
    expect(estimateWait({ ahead: 3, countersOpen: 2, busy: 2, serviceMin: 10, inHandMin: [2, 7] }).estimatedWaitMin).toBe(18);
    // Without the times in hand: (3 + 1) departures × 10 / 2.
    expect(estimateWait({ ahead: 3, countersOpen: 2, busy: 2, serviceMin: 10 }).estimatedWaitMin).toBe(20);
  });

  it('counts the counters busy with a ticket: a newcomer waits for a departure', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.issue('household');
    hall.callNext('1'); // counter 1 busy, nobody waiting
    expect(estimatedWait(hall.state, 'household', 0, hall.now)).toEqual({ estimatedWaitMin: 10, countersOpen: 1, waitReason: null });
  });
});

describe('serviceQueues', () => {
  it('reports waiting, longest wait, estimate and open counters per service', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.issue('household'); // 10:00
    hall.advance(3);
    hall.issue('household'); // 10:03
    hall.issue('tax');
    hall.advance(2);
    hall.issue('household'); // 10:05
    hall.callNext('1'); // A001 leaves the queue; counter 1 is busy with it
    hall.now = MONDAY_10AM + 25 * MINUTE + 30_000;
    const queues = serviceQueues(hall.state, hall.now);
    expect(queues).toEqual([
      // A002 (10:03) is now the longest wait: 22.5 min → 22. Counter 1 has had A001 for 20.5 min, longer than
      // the 10 min a service takes: it is taken to need a quarter of one more (2.5), then 10 for each of
      // the two waiting: the newcomer is called at 22.5 → 23.
      { serviceId: 'household', waiting: 2, longestWaitMin: 22, estimatedWaitMin: 23, countersOpen: 1, waitReason: null },
      // Tax (6 min, counter 1 serves it too): 1.5 + 6 for the one waiting = 7.5 → 8.
      { serviceId: 'tax', waiting: 1, longestWaitMin: 22, estimatedWaitMin: 8, countersOpen: 1, waitReason: null },
      { serviceId: 'permit', waiting: 0, longestWaitMin: 0, estimatedWaitMin: null, countersOpen: 0, waitReason: NO_COUNTER_OPEN },
      { serviceId: 'social', waiting: 0, longestWaitMin: 0, estimatedWaitMin: null, countersOpen: 0, waitReason: NO_COUNTER_OPEN },
    ]);
  });
});
