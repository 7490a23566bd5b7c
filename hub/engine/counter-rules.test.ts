// The counter's rules as the console gets them: what is allowed (allowed-actions.ts) must be what the
// engine's commands accept, and the call order (call-order.ts) must be what call-next calls — checked
// after every step of seeded random days, and on the cases the hall reported.
import { describe, expect, it } from 'vitest';
import { allowedActions, COUNTER_ACTIONS, transferCounters, type CounterAction } from './allowed-actions.js';
import { callOrder } from './call-order.js';
import type { Command } from './engine.js';
import { EngineError } from './errors.js';
import { EngineHarness, MINUTE, makeConfig, seededRandom } from './test-fixture.js';
import type { Ticket } from './types.js';

const COUNTERS = ['1', '2', '3', '4'];
const SERVICES = ['household', 'tax', 'permit', 'social'];

function randomHall(): EngineHarness {
  // Long-wait at counter 4 so both policies are exercised; no quota on tax, so queues grow; two recalls.
  return new EngineHarness(
    makeConfig((c) => {
      c.services[1]!.dailyQuota = undefined;
      c.counters[3]!.policy = 'longest-wait';
      c.rules = { ...c.rules, maxRecalls: 2, maxRequeues: 5, requeueBack: 2 };
    }),
  );
}

/**
 * The command for an action at a counter, with a chosen ticket or target that is itself fine (so that
 * only the counter's own rule can refuse it); undefined when no such ticket exists now.
 */
function commandFor(hall: EngineHarness, action: CounterAction, counterId: string): Command | undefined {
  const served = new Set(hall.state.config.counters.find((k) => k.id === counterId)!.services.map((s) => s.service));
  const today = [...hall.state.tickets.values()];
  switch (action) {
    case 'call-next':
      return { type: 'call-next', counterId };
    case 'call-number': {
      const t = today.find((x) => (x.state === 'waiting' || x.state === 'no-show') && (x.targetCounterId === null ? served.has(x.serviceId) : x.targetCounterId === counterId));
      return t && { type: 'call-number', counterId, number: t.number };
    }
    case 'resume-held': {
      const t = today.find((x) => x.state === 'held' && x.counterId === counterId);
      return t && { type: 'resume-held', counterId, ticketId: t.id };
    }
    case 'transfer': {
      const c = hall.counter(counterId);
      const t = c.ticketId ? hall.state.tickets.get(c.ticketId) : undefined;
      return { type: 'transfer', counterId, toService: SERVICES.find((s) => s !== t?.serviceId)! };
    }
    case 'pause':
      return { type: 'pause', counterId, reason: 'break' };
    default:
      return { type: action, counterId };
  }
}

/** What the engine says to a command, without applying it: null, or its refusal. */
function verdict(hall: EngineHarness, command: Command): { code: string; params: unknown } | null {
  try {
    hall.decide(command);
    return null;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { code: e.code, params: e.params };
  }
}

/** One random step of a busy day. */
function randomCommand(hall: EngineHarness, rnd: () => number, step: number): Command {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const counterId = pick(COUNTERS);
  const open = [...hall.state.tickets.values()];
  const r = rnd();
  if (r < 0.35) {
    const cls = rnd();
    return cls < 0.1
      ? { type: 'issue', serviceId: pick(SERVICES), priority: 'appointment', appointment: { code: `ap${step}`, slotAt: hall.now + Math.floor(rnd() * 60 - 20) * MINUTE } }
      : { type: 'issue', serviceId: pick(SERVICES), ...(cls < 0.25 ? { priority: 'green' as const } : cls < 0.3 ? { priority: 'vip' as const } : {}) };
  }
  if (r < 0.5) return { type: 'call-next', counterId };
  if (r < 0.58) return { type: 'finish', counterId };
  if (r < 0.62) return { type: 'skip', counterId };
  if (r < 0.66) return { type: 'start', counterId };
  if (r < 0.7) return { type: 'recall', counterId };
  if (r < 0.74) return { type: 'transfer', counterId, ...(rnd() < 0.5 ? { toService: pick(SERVICES) } : { toCounter: pick(COUNTERS) }) };
  if (r < 0.77) return { type: 'hold', counterId };
  if (r < 0.8) {
    const held = open.filter((t) => t.state === 'held' && t.counterId === counterId);
    return held.length ? { type: 'resume-held', counterId, ticketId: held[0]!.id } : { type: 'call-next', counterId };
  }
  if (r < 0.84) {
    const noShow = open.filter((t) => t.state === 'no-show');
    return noShow.length ? { type: 'requeue', ticketId: pick(noShow).id } : { type: 'call-next', counterId };
  }
  if (r < 0.87) return { type: 'pause', counterId, reason: 'break' };
  if (r < 0.91) return { type: 'resume', counterId };
  if (r < 0.93) return { type: 'logout', counterId };
  if (r < 0.96) return { type: 'login', counterId, staffNo: pick(['1001', '1002', '1003']) };
  const waiting = open.filter((t) => t.state === 'waiting' || t.state === 'no-show');
  return waiting.length ? { type: 'call-number', counterId, number: pick(waiting).number } : { type: 'call-next', counterId };
}

function runQuietly(hall: EngineHarness, command: Command): void {
  try {
    hall.run(command);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
  }
}

describe('allowed actions: the engine and the console agree', () => {
  it.each([1, 2, 3, 4, 5])('every command at every counter gets the answer allowedActions gave, over a random day (seed %i)', (seed) => {
    const rnd = seededRandom(seed);
    const hall = randomHall();
    ['1', '2', '3'].forEach((c, i) => hall.login(c, String(1001 + i)));
    const seen = new Map<CounterAction, { allowed: number; refused: number }>(COUNTER_ACTIONS.map((a) => [a, { allowed: 0, refused: 0 }]));
    for (let step = 0; step < 300; step++) {
      // Once, late at night: the business day ends, and every counter's next command closes it first.
      hall.advance(step === 200 ? 18 * 60 : rnd() < 0.3 ? 1 : 0);
      for (const counterId of COUNTERS) {
        const allowed = allowedActions(hall.state, counterId, hall.now);
        for (const action of COUNTER_ACTIONS) {
          const command = commandFor(hall, action, counterId);
          if (!command) continue;
          const expected = allowed[action];
          expect(verdict(hall, command), `${action} at ${counterId}, step ${step}`).toEqual(expected && { code: expected.code, params: expected.params });
          seen.get(action)![expected ? 'refused' : 'allowed']++;
        }
      }
      runQuietly(hall, randomCommand(hall, rnd, step));
    }
    // The day went through every case: each action was both allowed and refused at some point.
    for (const [action, n] of seen) {
      expect(n.allowed, `${action} allowed`).toBeGreaterThan(0);
      expect(n.refused, `${action} refused`).toBeGreaterThan(0);
    }
  });

  it('refuses a recall past the limit with the limit, as the engine does', () => {
    const hall = new EngineHarness(makeConfig({ rules: { maxRecalls: 1 } }));
    hall.login('1', '1001');
    hall.issue('household');
    hall.callNext('1');
    expect(allowedActions(hall.state, '1', hall.now).recall).toBeNull();
    hall.run({ type: 'recall', counterId: '1' });
    expect(allowedActions(hall.state, '1', hall.now).recall).toEqual({ code: 'RECALL_LIMIT', params: { number: 'A001', max: 1 } });
  });

  it('closes everything once the business day has ended, before any command has rolled it', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.advance(18 * 60);
    const allowed = allowedActions(hall.state, '1', hall.now);
    expect(allowed['call-next']).toEqual({ code: 'COUNTER_CLOSED', params: { counter: '1' } });
    expect(allowed.pause).toEqual({ code: 'COUNTER_CLOSED', params: { counter: '1' } });
    expect(allowed.logout).toBeNull();
  });

  it('offers a transfer only to open counters, and the engine refuses a closed one', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001');
    hall.login('3', '1002');
    hall.issue('household');
    hall.callNext('1');
    expect(transferCounters(hall.state, '1')).toEqual([{ id: '3', services: ['permit', 'social', 'household'] }]);
    expect(verdict(hall, { type: 'transfer', counterId: '1', toCounter: '4' })).toEqual({ code: 'TRANSFER_TARGET', params: { reason: 'counter-closed', counter: '4' } });
    expect(verdict(hall, { type: 'transfer', counterId: '1', toCounter: '3' })).toBeNull();
    // Nothing in hand: nowhere to transfer to.
    expect(transferCounters(hall.state, '3')).toEqual([]);
  });
});

describe('call order: the console lists what call-next will call', () => {
  it.each([1, 2, 3, 4, 5])('the head of the list is what call-next calls, after every step of a random day (seed %i)', (seed) => {
    const rnd = seededRandom(100 + seed);
    const hall = randomHall();
    COUNTERS.forEach((c, i) => hall.login(c, String(1001 + (i % 3))));
    hall.run({ type: 'logout', counterId: '4' });
    hall.login('4', '1003');
    let compared = 0;
    for (let step = 0; step < 300; step++) {
      hall.advance(rnd() < 0.3 ? 1 : 0);
      for (const counterId of COUNTERS) {
        if (allowedActions(hall.state, counterId, hall.now)['call-next']) continue;
        const head = callOrder(hall.state, counterId, hall.now, 1)[0] ?? null;
        const called = hall.decide({ type: 'call-next', counterId }).find((e) => e.type === 'ticket.called');
        expect(called && 'ticket' in called ? called.ticket.number : null, `counter ${counterId}, step ${step}`).toBe(head?.number ?? null);
        if (head) compared++;
      }
      runQuietly(hall, randomCommand(hall, rnd, step));
    }
    expect(compared).toBeGreaterThan(100);
  });

  it.each([1, 2, 3])('the whole list is the order calling again and again takes (seed %i)', (seed) => {
    const rnd = seededRandom(200 + seed);
    const hall = randomHall();
    ['1', '2', '3'].forEach((c, i) => hall.login(c, String(1001 + i)));
    for (let step = 0; step < 150; step++) {
      hall.advance(rnd() < 0.3 ? 1 : 0);
      const command = randomCommand(hall, rnd, step);
      // The counters stay staffed and working, so that queues grow with every kind of ticket in them.
      if (command.type !== 'login' && command.type !== 'logout' && command.type !== 'pause') runQuietly(hall, command);
    }
    const counterId = ['1', '2', '3'][seed % 3]!;
    // Hands free, so that the drain starts calling at once.
    runQuietly(hall, { type: 'finish', counterId });
    runQuietly(hall, { type: 'resume', counterId });
    const listed = callOrder(hall.state, counterId, hall.now).map((t: Ticket) => t.number);
    expect(listed.length).toBeGreaterThan(5);
    expect(callOrder(hall.state, counterId, hall.now, 3).map((t) => t.number)).toEqual(listed.slice(0, 3));
    expect(hall.drain(counterId)).toEqual(listed);
  });

  it('lists A before an earlier B at a counter whose main service is A (F1 calls A002, not B001)', () => {
    const hall = new EngineHarness();
    hall.login('1', '1001'); // household rank 1, tax rank 2
    hall.issue('household'); // A001
    hall.callNext('1');
    hall.run({ type: 'finish', counterId: '1' });
    hall.issue('tax'); // B001
    hall.advance(1);
    hall.issue('household'); // A002
    hall.advance(1);
    hall.issue('household', { priority: 'green' }); // A003
    expect(callOrder(hall.state, '1', hall.now).map((t) => t.number)).toEqual(['A003', 'A002', 'B001']);
    expect(hall.drain('1')).toEqual(['A003', 'A002', 'B001']);
  });
});
