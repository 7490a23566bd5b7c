// A ticket at the counter (recall, skip, requeue, start, finish, transfer, hold, call by number, cancel)
// and the counter itself (login, logout, pause, resume).
import { describe, expect, it } from 'vitest';
import type { Command } from './engine.js';
import type { CounterEvent } from './types.js';
import { EngineHarness, MINUTE, makeConfig, refusal } from './test-fixture.js';

/** Counter 1 (household, tax) open with staff 1001; `n` household tickets issued a minute apart. */
function setup(n: number, config = makeConfig()): EngineHarness {
  const hall = new EngineHarness(config);
  hall.login('1', '1001');
  for (let i = 0; i < n; i++) {
    hall.issue('household');
    hall.advance(1);
  }
  return hall;
}

/** The code a command is refused with. */
const refused = (hall: EngineHarness, command: Command) => refusal(() => hall.run(command)).code;

describe('recall', () => {
  it.each([0, 1, 3, 5])('allows exactly maxRecalls=%i recalls, then RECALL_LIMIT', (maxRecalls) => {
    const hall = setup(1, makeConfig({ rules: { maxRecalls } }));
    hall.callNext('1');
    for (let i = 1; i <= maxRecalls; i++) {
      hall.advance(1);
      const [e] = hall.run({ type: 'recall', counterId: '1' });
      expect(e).toMatchObject({ type: 'ticket.recalled', ticket: { recalls: i, lastCalledAt: hall.now, state: 'called' } });
    }
    const err = refusal(() => hall.run({ type: 'recall', counterId: '1' }));
    expect(err.code).toBe('RECALL_LIMIT');
    expect(err.params).toEqual({ number: 'A001', max: maxRecalls });
  });

  it('keeps the first call time', () => {
    const hall = setup(1);
    hall.callNext('1');
    const calledAt = hall.byNumber('A001').calledAt;
    hall.advance(2);
    hall.run({ type: 'recall', counterId: '1' });
    expect(hall.byNumber('A001')).toMatchObject({ calledAt, lastCalledAt: hall.now });
  });

  it('refuses a recall with nothing in hand, or once service started', () => {
    const hall = setup(1);
    expect(refused(hall, { type: 'recall', counterId: '1' })).toBe('NO_CURRENT_TICKET');
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    expect(refused(hall, { type: 'recall', counterId: '1' })).toBe('TICKET_STATE');
  });
});

describe('skip and requeue (过号顺延)', () => {
  it('skip marks the called ticket a no-show, frees the counter, and call-next does not call it again', () => {
    const hall = setup(2);
    hall.callNext('1');
    const events = hall.run({ type: 'skip', counterId: '1' });
    expect(events.map((e) => e.type)).toEqual(['ticket.no-show', 'counter.state']);
    expect(hall.byNumber('A001').state).toBe('no-show');
    expect(hall.counter('1')).toMatchObject({ state: 'idle', ticketId: null });
    expect(hall.drain('1')).toEqual(['A002']);
  });

  it('skip is only for a called ticket', () => {
    const hall = setup(1);
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    expect(refused(hall, { type: 'skip', counterId: '1' })).toBe('TICKET_STATE');
  });

  // A001 is called and skipped; A002…A006 wait; A001 comes back and is re-queued K places back.
  it.each([
    [0, ['A001', 'A002', 'A003', 'A004', 'A005', 'A006']],
    [1, ['A002', 'A001', 'A003', 'A004', 'A005', 'A006']],
    [3, ['A002', 'A003', 'A004', 'A001', 'A005', 'A006']],
    [4, ['A002', 'A003', 'A004', 'A005', 'A001', 'A006']],
    [5, ['A002', 'A003', 'A004', 'A005', 'A006', 'A001']],
    [10, ['A002', 'A003', 'A004', 'A005', 'A006', 'A001']],
  ])('with requeueBack %i a returning no-show is called in its new place', (requeueBack, order) => {
    const hall = setup(6, makeConfig({ rules: { requeueBack } }));
    hall.callNext('1');
    hall.run({ type: 'recall', counterId: '1' });
    hall.run({ type: 'skip', counterId: '1' });
    hall.advance(5);
    const [e] = hall.run({ type: 'requeue', ticketId: hall.byNumber('A001').id });
    expect(e).toMatchObject({
      type: 'ticket.requeued',
      ticket: { number: 'A001', state: 'waiting', requeues: 1, recalls: 0, counterId: null, staffNo: null },
    });
    expect(hall.drain('1')).toEqual(order);
  });

  it('with nobody waiting a re-queued ticket is next', () => {
    const hall = setup(1);
    hall.callNext('1');
    hall.run({ type: 'skip', counterId: '1' });
    hall.run({ type: 'requeue', ticketId: hall.byNumber('A001').id });
    hall.issue('household');
    expect(hall.drain('1')).toEqual(['A001', 'A002']);
  });

  it('counts places among its own service only', () => {
    const hall = setup(0, makeConfig({ rules: { requeueBack: 1 } }));
    for (const s of ['household', 'tax', 'tax', 'household', 'household']) {
      hall.issue(s);
      hall.advance(1);
    }
    hall.callNext('1'); // A001
    hall.run({ type: 'skip', counterId: '1' });
    hall.run({ type: 'requeue', ticketId: hall.byNumber('A001').id });
    // One household ticket (A002) goes before it; the tax tickets are not counted.
    expect(hall.drain('1')).toEqual(['A002', 'A001', 'A003', 'B001', 'B002']);
  });

  it.each([0, 1, 2])('allows maxRequeues=%i re-queues, then REQUEUE_LIMIT', (maxRequeues) => {
    const hall = setup(1, makeConfig({ rules: { maxRequeues } }));
    const id = hall.byNumber('A001').id;
    for (let i = 0; i < maxRequeues; i++) {
      expect(hall.callNext('1')).toBe('A001');
      hall.run({ type: 'skip', counterId: '1' });
      hall.run({ type: 'requeue', ticketId: id });
    }
    hall.callNext('1');
    hall.run({ type: 'skip', counterId: '1' });
    const err = refusal(() => hall.run({ type: 'requeue', ticketId: id }));
    expect(err.code).toBe('REQUEUE_LIMIT');
    expect(err.params).toEqual({ number: 'A001', max: maxRequeues });
    expect(hall.ticket(id)).toMatchObject({ state: 'no-show', requeues: maxRequeues });
  });

  it('re-queues only a no-show of today', () => {
    const hall = setup(1);
    expect(refused(hall, { type: 'requeue', ticketId: hall.byNumber('A001').id })).toBe('TICKET_STATE');
    expect(refused(hall, { type: 'requeue', ticketId: 'nope' })).toBe('TICKET_UNKNOWN');
  });
});

describe('start and finish', () => {
  it('start moves the called ticket to serving', () => {
    const hall = setup(1);
    hall.callNext('1');
    hall.advance(2);
    const events = hall.run({ type: 'start', counterId: '1' });
    expect(events.map((e) => e.type)).toEqual(['ticket.started', 'counter.state']);
    expect(hall.byNumber('A001')).toMatchObject({ state: 'serving', startedAt: hall.now });
    expect(hall.counter('1')).toMatchObject({ state: 'serving', since: hall.now });
    expect(refused(hall, { type: 'start', counterId: '1' })).toBe('TICKET_STATE');
  });

  it('finish from serving records the service time from start to finish', () => {
    const hall = setup(1);
    hall.callNext('1');
    hall.advance(2);
    hall.run({ type: 'start', counterId: '1' });
    const startedAt = hall.now;
    hall.advance(9);
    hall.run({ type: 'finish', counterId: '1' });
    expect(hall.byNumber('A001')).toMatchObject({ state: 'done', startedAt, finishedAt: hall.now });
    expect(hall.counter('1')).toMatchObject({ state: 'idle', ticketId: null });
    expect(hall.state.serviceTimes.get('household')).toEqual([9 * MINUTE]);
  });

  it('finish straight from called counts the service from the (latest) call', () => {
    const hall = setup(1);
    hall.callNext('1');
    hall.advance(1);
    hall.run({ type: 'recall', counterId: '1' });
    const recalledAt = hall.now;
    hall.advance(4);
    hall.run({ type: 'finish', counterId: '1' });
    expect(hall.byNumber('A001')).toMatchObject({ state: 'done', startedAt: recalledAt, finishedAt: hall.now });
    expect(hall.state.serviceTimes.get('household')).toEqual([4 * MINUTE]);
  });

  it('finish with nothing in hand is NO_CURRENT_TICKET', () => {
    const hall = setup(0);
    expect(refused(hall, { type: 'finish', counterId: '1' })).toBe('NO_CURRENT_TICKET');
  });
});

describe('transfer', () => {
  it('to another service keeps the number and its arrival place', () => {
    const hall = setup(0);
    hall.login('4', '1002'); // social only
    const a1 = hall.issue('household'); // 10:00
    hall.advance(5);
    hall.issue('social'); // D001, 10:05
    hall.advance(5);
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    hall.advance(5);
    hall.issue('social'); // D002, 10:15
    const [e, c] = hall.run({ type: 'transfer', counterId: '1', toService: 'social' });
    expect(e).toMatchObject({
      type: 'ticket.transferred',
      from: { serviceId: 'household', counterId: '1' },
      ticket: { number: 'A001', serviceId: 'social', zone: 'z2', state: 'waiting', sortKey: a1.sortKey, transfers: 1, startedAt: null, targetCounterId: null },
    });
    expect(c).toMatchObject({ type: 'counter.state', cause: 'transfer', counter: { state: 'idle', ticketId: null } });
    // It arrived at 10:00, before D001 (10:05): called first at the social counter.
    expect(hall.drain('4')).toEqual(['A001', 'D001', 'D002']);
  });

  it('to a counter: only that counter calls it, and first, even for a service it does not serve', () => {
    const hall = setup(0);
    hall.login('3', '1002'); // permit, social, household (rank 3)
    hall.login('4', '1003'); // social only
    hall.issue('social'); // D001, arrived first
    hall.advance(1);
    hall.issue('household'); // A001
    hall.advance(1);
    hall.issue('household'); // A002
    hall.callNext('1'); // A001
    hall.run({ type: 'transfer', counterId: '1', toCounter: '4' });
    expect(hall.byNumber('A001')).toMatchObject({ state: 'waiting', targetCounterId: '4', serviceId: 'household', zone: 'z2' });
    // Counters 1 and 3 serve household but may not call it.
    expect(hall.callNext('1')).toBe('A002');
    expect(hall.callNext('3')).toBe('D001');
    hall.issue('social', { priority: 'green' }); // D002: would beat a normal ticket on class
    hall.issue('social'); // D003
    expect(hall.drain('4')).toEqual(['A001', 'D002', 'D003']);
    expect(hall.byNumber('A001')).toMatchObject({ state: 'done', counterId: '4', targetCounterId: null });
  });

  it('to a service at a given counter', () => {
    const hall = setup(1);
    hall.login('3', '1002');
    hall.callNext('1');
    hall.run({ type: 'transfer', counterId: '1', toService: 'permit', toCounter: '3' });
    expect(hall.byNumber('A001')).toMatchObject({ serviceId: 'permit', targetCounterId: '3' });
    expect(hall.callNext('3')).toBe('A001');
  });

  it.each<[string, Partial<Extract<Command, { type: 'transfer' }>>, string, Record<string, unknown>]>([
    ['no target', {}, 'TRANSFER_TARGET', { reason: 'none' }],
    ['the same counter', { toCounter: '1' }, 'TRANSFER_TARGET', { reason: 'same-counter' }],
    ['the same service', { toService: 'household' }, 'TRANSFER_TARGET', { reason: 'same-service' }],
    ['an unknown service', { toService: 'passport' }, 'SERVICE_UNKNOWN', { service: 'passport' }],
    ['an unknown counter', { toCounter: '99' }, 'COUNTER_UNKNOWN', { counter: '99' }],
  ])('refuses a transfer to %s', (_name, target, code, params) => {
    const hall = setup(1);
    hall.callNext('1');
    const err = refusal(() => hall.run({ type: 'transfer', counterId: '1', ...target }));
    expect(err.code).toBe(code);
    expect(err.params).toMatchObject(params);
    expect(hall.byNumber('A001').state).toBe('called');
  });

  it('refuses a transfer to a disabled service, and with nothing in hand', () => {
    const hall = setup(
      1,
      makeConfig((c) => {
        c.services[3]!.enabled = false;
      }),
    );
    expect(refused(hall, { type: 'transfer', counterId: '1', toService: 'tax' })).toBe('NO_CURRENT_TICKET');
    hall.callNext('1');
    expect(refused(hall, { type: 'transfer', counterId: '1', toService: 'social' })).toBe('SERVICE_DISABLED');
  });
});

describe('hold and resume-held', () => {
  it('a held called ticket leaves the hand, and comes back as called', () => {
    const hall = setup(2);
    hall.callNext('1');
    const events = hall.run({ type: 'hold', counterId: '1' });
    expect(events.map((e) => e.type)).toEqual(['ticket.held', 'counter.state']);
    expect(hall.byNumber('A001')).toMatchObject({ state: 'held', counterId: '1' });
    expect(hall.counter('1')).toMatchObject({ state: 'idle', ticketId: null });
    // Meanwhile the counter serves someone else; held tickets are not called by call-next.
    expect(hall.drain('1')).toEqual(['A002']);
    const [called] = hall.run({ type: 'resume-held', counterId: '1', ticketId: hall.byNumber('A001').id });
    expect(called).toMatchObject({ type: 'ticket.called', how: 'resume', ticket: { state: 'called' } });
    expect(hall.counter('1')).toMatchObject({ state: 'calling', ticketId: hall.byNumber('A001').id });
  });

  it('a ticket held while being served comes back as serving, start time kept', () => {
    const hall = setup(1);
    hall.callNext('1');
    hall.run({ type: 'start', counterId: '1' });
    const startedAt = hall.now;
    hall.run({ type: 'hold', counterId: '1' });
    hall.advance(20);
    hall.run({ type: 'resume-held', counterId: '1', ticketId: hall.byNumber('A001').id });
    expect(hall.byNumber('A001')).toMatchObject({ state: 'serving', startedAt });
    expect(hall.counter('1').state).toBe('serving');
  });

  it('resumes only at its own counter, and only with free hands', () => {
    const hall = setup(2);
    hall.login('2', '1002');
    hall.callNext('1');
    hall.run({ type: 'hold', counterId: '1' });
    const id = hall.byNumber('A001').id;
    expect(refused(hall, { type: 'resume-held', counterId: '2', ticketId: id })).toBe('TICKET_STATE');
    hall.callNext('1'); // A002 called
    expect(refused(hall, { type: 'resume-held', counterId: '1', ticketId: id })).toBe('TICKET_IN_HAND');
    hall.run({ type: 'start', counterId: '1' });
    // Serving and callNextFinishesServing: A002 is finished, A001 is back in hand.
    hall.run({ type: 'resume-held', counterId: '1', ticketId: id });
    expect(hall.byNumber('A002').state).toBe('done');
    expect(hall.counter('1').ticketId).toBe(id);
    expect(refused(hall, { type: 'resume-held', counterId: '1', ticketId: 'nope' })).toBe('TICKET_UNKNOWN');
  });

  it('hold with nothing in hand is NO_CURRENT_TICKET', () => {
    expect(refused(setup(0), { type: 'hold', counterId: '1' })).toBe('NO_CURRENT_TICKET');
  });
});

describe('call-number (特呼)', () => {
  it('calls a waiting ticket out of turn', () => {
    const hall = setup(3);
    const [called] = hall.run({ type: 'call-number', counterId: '1', number: 'A003' });
    expect(called).toMatchObject({ type: 'ticket.called', how: 'number', ticket: { number: 'A003', state: 'called', counterId: '1' } });
    hall.run({ type: 'finish', counterId: '1' });
    expect(hall.drain('1')).toEqual(['A001', 'A002']);
  });

  it('calls a no-show back', () => {
    const hall = setup(2);
    hall.callNext('1');
    hall.run({ type: 'skip', counterId: '1' });
    hall.run({ type: 'call-number', counterId: '1', number: 'A001' });
    expect(hall.byNumber('A001')).toMatchObject({ state: 'called', counterId: '1' });
  });

  it('reads the number leniently (spaces, lower case)', () => {
    const hall = setup(2);
    hall.run({ type: 'call-number', counterId: '1', number: ' a002 ' });
    expect(hall.counter('1').ticketId).toBe(hall.byNumber('A002').id);
  });

  it.each<[string, string, string, string]>([
    ['an unknown number', '1', 'A999', 'TICKET_UNKNOWN'],
    ['a finished ticket', '1', 'A001', 'TICKET_STATE'],
    ['a service the counter does not serve', '4', 'A002', 'SERVICE_NOT_SERVED'],
    ['while holding a called ticket', '1', 'A003', 'TICKET_IN_HAND'],
  ])('refuses %s', (name, counterId, number, code) => {
    const hall = setup(3);
    hall.login('4', '1002');
    hall.callNext('1');
    hall.run({ type: 'finish', counterId: '1' });
    if (name.startsWith('while')) hall.callNext('1'); // A002 in hand
    expect(refused(hall, { type: 'call-number', counterId, number })).toBe(code);
  });
  it('keeps a ticket transferred to one counter out of the other counters, even by number', () => {
    const hall = setup(2);
    hall.login('2', '1002');
    hall.login('3', '1003'); // open: a closed counter takes no transfer
    hall.callNext('1');
    hall.run({ type: 'transfer', counterId: '1', toCounter: '3' });
    expect(refused(hall, { type: 'call-number', counterId: '2', number: 'A001' })).toBe('SERVICE_NOT_SERVED');
    expect(refused(hall, { type: 'call-number', counterId: '1', number: 'A001' })).toBe('SERVICE_NOT_SERVED');
  });
});

describe('pause and resume', () => {
  it('pauses with a reason; a paused counter calls nobody until it resumes', () => {
    const hall = setup(1);
    const [e] = hall.run({ type: 'pause', counterId: '1', reason: 'lunch' }) as CounterEvent[];
    expect(e).toMatchObject({ cause: 'pause', counter: { state: 'paused', pauseReason: 'lunch', since: hall.now } });
    const err = refusal(() => hall.run({ type: 'call-next', counterId: '1' }));
    expect(err.code).toBe('COUNTER_PAUSED');
    expect(err.params).toEqual({ counter: '1', reason: 'lunch' });
    expect(refused(hall, { type: 'pause', counterId: '1', reason: 'again' })).toBe('COUNTER_PAUSED');
    hall.run({ type: 'resume', counterId: '1' });
    expect(hall.counter('1')).toMatchObject({ state: 'idle', pauseReason: null });
    expect(hall.callNext('1')).toBe('A001');
  });

  it('refuses to pause while a ticket is in hand (COUNTER_BUSY)', () => {
    const hall = setup(1);
    hall.callNext('1');
    expect(refused(hall, { type: 'pause', counterId: '1', reason: 'x' })).toBe('COUNTER_BUSY');
  });

  it('refuses to resume a counter that is not paused (NOT_PAUSED)', () => {
    expect(refused(setup(0), { type: 'resume', counterId: '1' })).toBe('NOT_PAUSED');
  });
});

describe('login and logout', () => {
  it('a counter nobody logged in to is closed', () => {
    const hall = new EngineHarness();
    hall.issue('household');
    expect(refused(hall, { type: 'call-next', counterId: '1' })).toBe('COUNTER_CLOSED');
    expect(refused(hall, { type: 'pause', counterId: '1', reason: 'x' })).toBe('COUNTER_CLOSED');
    expect(refused(hall, { type: 'call-next', counterId: '9' })).toBe('COUNTER_UNKNOWN');
    const [e] = hall.login('1', '1001') as CounterEvent[];
    expect(e).toMatchObject({ cause: 'login', counter: { state: 'idle', staffNo: '1001' } });
    expect(hall.callNext('1')).toBe('A001');
    expect(hall.byNumber('A001').staffNo).toBe('1001');
  });

  it('logging in again at the same counter changes nothing', () => {
    const hall = setup(1);
    hall.callNext('1');
    expect(hall.login('1', '1001')).toEqual([]);
    expect(hall.counter('1').ticketId).toBe(hall.byNumber('A001').id);
  });

  it('logging in at another counter moves the staff member', () => {
    const hall = setup(0);
    const events = hall.login('2', '1001') as CounterEvent[];
    expect(events.map((e) => [e.counter.id, e.cause, e.counter.state])).toEqual([
      ['1', 'logout', 'closed'],
      ['2', 'login', 'idle'],
    ]);
    expect(hall.counter('1')).toMatchObject({ state: 'closed', staffNo: null });
    expect(hall.counter('2').staffNo).toBe('1001');
  });

  it('refuses to move a staff member who holds a ticket (STAFF_BUSY_ELSEWHERE)', () => {
    const hall = setup(1);
    hall.callNext('1');
    const err = refusal(() => hall.login('2', '1001'));
    expect(err.code).toBe('STAFF_BUSY_ELSEWHERE');
    expect(err.params).toEqual({ staff: '1001', counter: '1' });
    expect(hall.counter('2').state).toBe('closed');
  });

  it('refuses a login at a counter where a ticket is in hand (COUNTER_OCCUPIED)', () => {
    const hall = setup(1);
    hall.callNext('1');
    const err = refusal(() => hall.login('1', '1002'));
    expect(err.code).toBe('COUNTER_OCCUPIED');
    expect(err.params).toEqual({ counter: '1', staff: '1001' });
  });

  it('refuses an unknown staff number (STAFF_UNKNOWN)', () => {
    const err = refusal(() => new EngineHarness().login('1', '9999'));
    expect(err.code).toBe('STAFF_UNKNOWN');
    expect(err.params).toEqual({ staff: '9999' });
  });

  it('logout closes the counter, not while a ticket is in hand', () => {
    const hall = setup(1);
    hall.callNext('1');
    expect(refused(hall, { type: 'logout', counterId: '1' })).toBe('COUNTER_BUSY');
    hall.run({ type: 'finish', counterId: '1' });
    const [e] = hall.run({ type: 'logout', counterId: '1' }) as CounterEvent[];
    expect(e).toMatchObject({ cause: 'logout', counter: { state: 'closed', staffNo: null } });
    expect(hall.run({ type: 'logout', counterId: '1' })).toEqual([]);
    expect(refused(hall, { type: 'call-next', counterId: '1' })).toBe('COUNTER_CLOSED');
  });
});

describe('cancel', () => {
  it.each(['waiting', 'no-show', 'held'] as const)('cancels a %s ticket, which is then never called', (state) => {
    const hall = setup(2);
    if (state !== 'waiting') {
      hall.callNext('1');
      hall.run({ type: state === 'held' ? 'hold' : 'skip', counterId: '1' });
    }
    const id = hall.byNumber('A001').id;
    expect(hall.ticket(id).state).toBe(state);
    const [e] = hall.run({ type: 'cancel', ticketId: id, reason: 'left the hall' });
    expect(e).toMatchObject({ type: 'ticket.cancelled', ticket: { state: 'cancelled', cancelReason: 'left the hall' } });
    expect(hall.drain('1')).toEqual(['A002']);
    expect(refused(hall, { type: 'call-number', counterId: '1', number: 'A001' })).toBe('TICKET_STATE');
  });

  it('refuses to cancel a ticket in hand, or an unknown one', () => {
    const hall = setup(1);
    hall.callNext('1');
    expect(refused(hall, { type: 'cancel', ticketId: hall.byNumber('A001').id, reason: 'x' })).toBe('TICKET_STATE');
    expect(refused(hall, { type: 'cancel', ticketId: 'nope', reason: 'x' })).toBe('TICKET_UNKNOWN');
  });
});
