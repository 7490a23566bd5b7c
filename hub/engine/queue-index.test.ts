// The queue index against the walk over the day it replaces: a seeded random day of every kind of
// command, and after each step "people ahead", the next call, the last calls and the index itself
// must equal what walking every ticket gives.
import { describe, expect, it } from 'vitest';
import { recentCalls } from '../views.js';
import { EngineError } from './errors.js';
import { compareKeys, policies, queueKey, type Candidate } from './policy.js';
import { buildIndex, counterLists } from './queue-index.js';
import { byArrival, countWhile, firstTicket, headTickets, insertTicket, removeTicket, sortedTickets } from './sorted-list.js';
import { aheadOf } from './estimate.js';
import { EngineHarness, MINUTE, makeConfig, seededRandom } from './test-fixture.js';
import type { Command } from './engine.js';
import type { HallState, Ticket } from './types.js';

/** Deterministic: a failure replays. */
const random = seededRandom;

function bruteAhead(state: HallState, ticket: Ticket, now: number): number {
  const rules = state.config.rules;
  const mine = queueKey(ticket, now, rules);
  let ahead = 0;
  for (const t of state.tickets.values()) {
    if (t.id === ticket.id || t.state !== 'waiting') continue;
    if (ticket.targetCounterId !== null) {
      if (t.targetCounterId === ticket.targetCounterId && t.sortKey < ticket.sortKey) ahead++;
      continue;
    }
    if (t.serviceId !== ticket.serviceId || t.targetCounterId !== null) continue;
    if (compareKeys(queueKey(t, now, rules), mine) < 0) ahead++;
  }
  return ahead;
}

function bruteCandidates(state: HallState, counterId: string): Candidate[] {
  const ranks = new Map(state.config.counters.find((k) => k.id === counterId)!.services.map((s) => [s.service, s.rank]));
  const list: Candidate[] = [];
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue;
    if (t.targetCounterId !== null) {
      if (t.targetCounterId === counterId) list.push({ ticket: t, rank: 0, targeted: true });
      continue;
    }
    const rank = ranks.get(t.serviceId);
    if (rank !== undefined) list.push({ ticket: t, rank, targeted: false });
  }
  return list;
}

function bruteRecent(state: HallState, limit = 10) {
  return [...state.tickets.values()]
    .filter((t) => t.lastCalledAt !== null && t.counterId !== null)
    .sort((a, b) => b.lastCalledAt! - a.lastCalledAt!)
    .slice(0, limit)
    .map((t) => t.id);
}

/** What GET /api/counters/:id listed by walking the day (before the index). */
function bruteCounterLists(state: HallState, id: string, served: Set<string>) {
  const tickets = [...state.tickets.values()];
  return {
    waiting: tickets
      .filter((t) => t.state === 'waiting' && (t.targetCounterId === id || (t.targetCounterId === null && served.has(t.serviceId))))
      .sort((a, b) => a.sortKey - b.sortKey || a.issuedAt - b.issuedAt || a.seq - b.seq),
    held: tickets.filter((t) => t.state === 'held' && t.counterId === id),
    noShow: tickets.filter((t) => t.state === 'no-show' && served.has(t.serviceId)),
  };
}

const ids = (list: { ticket: Ticket }[] | Ticket[]) => list.map((x) => ('ticket' in x ? x.ticket.id : x.id));

describe('queue index', () => {
  it.each([1, 2, 3, 4])('agrees with a walk over the day after every step of a random day (seed %i)', (seed) => {
    const rnd = random(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    // Long-wait at counter 4 so both policies are exercised; no quota on tax, so queues grow.
    const hall = new EngineHarness(
      makeConfig((c) => {
        c.services[1]!.dailyQuota = undefined;
        c.counters[3]!.policy = 'longest-wait';
        c.rules = { ...c.rules, maxRecalls: 5, maxRequeues: 5, requeueBack: 2 };
      }),
    );
    const counters = ['1', '2', '3', '4'];
    counters.forEach((c, i) => hall.login(c, String(1001 + (i % 3))));
    hall.run({ type: 'logout', counterId: '4' });
    hall.login('4', '1003');
    const services = ['household', 'tax', 'permit', 'social'];
    for (let step = 0; step < 400; step++) {
      hall.advance(rnd() < 0.3 ? 1 : 0);
      const counterId = pick(counters);
      const open = [...hall.state.tickets.values()];
      const r = rnd();
      let command: Command;
      if (r < 0.35) {
        const cls = rnd();
        command =
          cls < 0.1
            ? { type: 'issue', serviceId: pick(services), priority: 'appointment', appointment: { code: `ap${step}`, slotAt: hall.now + Math.floor(rnd() * 60 - 20) * MINUTE } }
            : { type: 'issue', serviceId: pick(services), ...(cls < 0.25 ? { priority: 'green' as const } : cls < 0.3 ? { priority: 'vip' as const } : {}) };
      } else if (r < 0.55) command = { type: 'call-next', counterId };
      else if (r < 0.65) command = { type: 'finish', counterId };
      else if (r < 0.7) command = { type: 'skip', counterId };
      else if (r < 0.75) command = { type: 'transfer', counterId, ...(rnd() < 0.5 ? { toService: pick(services) } : { toCounter: pick(counters) }) };
      else if (r < 0.8) command = { type: 'hold', counterId };
      else if (r < 0.85) {
        const held = open.filter((t) => t.state === 'held');
        command = held.length ? { type: 'resume-held', counterId: held[0]!.counterId!, ticketId: held[0]!.id } : { type: 'recall', counterId };
      } else if (r < 0.92) {
        const noShow = open.filter((t) => t.state === 'no-show');
        command = noShow.length ? { type: 'requeue', ticketId: pick(noShow).id } : { type: 'recall', counterId };
      } else if (r < 0.95) {
        const waiting = open.filter((t) => t.state === 'waiting');
        command = waiting.length ? { type: 'cancel', ticketId: pick(waiting).id, reason: 'left' } : { type: 'start', counterId };
      } else if (r < 0.97) {
        const waiting = open.filter((t) => t.state === 'waiting' || t.state === 'no-show');
        command = waiting.length ? { type: 'call-number', counterId, number: pick(waiting).number } : { type: 'start', counterId };
      } else command = { type: 'start', counterId };

      // What a call would pick by walking the day, before the engine (reading the index) decides.
      let expected: string | null | undefined;
      if (command.type === 'call-next') {
        const c = hall.counter(counterId);
        if (c.state !== 'closed' && c.state !== 'paused' && !c.ticketId) {
          const policy = hall.state.config.counters.find((k) => k.id === counterId)?.policy ?? hall.state.config.rules.policy;
          expected = policies[policy](bruteCandidates(hall.state, counterId), c, { now: hall.now, rules: hall.state.config.rules })?.ticket.id ?? null;
        }
      }
      try {
        const events = hall.run(command);
        const called = events.find((e) => e.type === 'ticket.called');
        if (expected !== undefined) expect(called && 'ticket' in called ? called.ticket.id : null).toBe(expected);
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
      }

      for (const t of hall.state.tickets.values()) {
        if (t.state === 'waiting') expect(aheadOf(hall.state, t, hall.now), `${t.number} at step ${step}`).toBe(bruteAhead(hall.state, t, hall.now));
      }
      expect(recentCalls(hall.state).map((c) => c.ticketId)).toEqual(bruteRecent(hall.state));
      // Kept step by step, the index is what building it afresh gives (but for the ring's history).
      const fresh = buildIndex(hall.state.tickets.values());
      for (const [id, s] of fresh.services) {
        const kept = hall.state.index.services.get(id)!;
        expect(ids(headTickets(kept.priority, 1e9))).toEqual(ids(headTickets(s.priority, 1e9)));
        expect(ids(headTickets(kept.normal, 1e9))).toEqual(ids(headTickets(s.normal, 1e9)));
        expect(ids(headTickets(kept.all, 1e9))).toEqual(ids(headTickets(s.all, 1e9)));
        expect([...kept.appointments.keys()].sort()).toEqual([...s.appointments.keys()].sort());
      }
      for (const [id, l] of hall.state.index.targeted) expect(ids(headTickets(l, 1e9))).toEqual(ids(headTickets(fresh.targeted.get(id) ?? sortedTickets('arrival'), 1e9)));
      const finished = (m: Map<string, Ticket>) => [...m].map(([k, t]) => `${k}:${t.id}`).sort();
      expect(finished(hall.state.index.lastFinished)).toEqual(finished(fresh.lastFinished));
      // A counter's console lists (GET /api/counters/:id) as the walk over the day gave them.
      for (const counterId of counters) {
        const served = new Set(hall.state.config.counters.find((k) => k.id === counterId)!.services.map((x) => x.service));
        const lists = counterLists(hall.state.index, counterId, served);
        expect(ids(lists.waiting), `waiting for ${counterId} at step ${step}`).toEqual(ids(bruteCounterLists(hall.state, counterId, served).waiting));
        expect(ids(lists.held)).toEqual(ids(bruteCounterLists(hall.state, counterId, served).held));
        expect(ids(lists.noShow)).toEqual(ids(bruteCounterLists(hall.state, counterId, served).noShow));
      }
    }
  });

  it('keeps a sorted list of 5,000 in order through inserts and removes across many chunks', () => {
    const rnd = random(7);
    const list = sortedTickets('arrival');
    const mirror: Ticket[] = [];
    const make = (i: number) => ({ id: `t${i}`, sortKey: Math.floor(rnd() * 1000), seq: i }) as Ticket;
    for (let i = 0; i < 5000; i++) {
      const t = make(i);
      insertTicket(list, t);
      mirror.push(t);
      if (rnd() < 0.3) {
        const gone = mirror.splice(Math.floor(rnd() * mirror.length), 1)[0]!;
        expect(removeTicket(list, gone)).toBe(true);
      }
    }
    mirror.sort(byArrival);
    expect(list.size).toBe(mirror.length);
    expect(ids(headTickets(list, 1e9))).toEqual(ids(mirror));
    expect(firstTicket(list)?.id).toBe(mirror[0]!.id);
    const probe = mirror[Math.floor(mirror.length / 2)]!;
    expect(countWhile(list, (e) => byArrival(e, probe) < 0)).toBe(Math.floor(mirror.length / 2));
    expect(removeTicket(list, make(99_999))).toBe(false);
  });
});
