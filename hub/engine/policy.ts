// Ordering policies: which waiting ticket a counter calls next. A policy is a pure function of the
// candidates (waiting tickets this counter may call), the counter and the time; new ones are added to
// `policies` and chosen by name in the hall rules or per counter.
import type { PolicyName, Rules } from './domain.js';
import type { CounterState, Ticket } from './types.js';

export interface Candidate {
  ticket: Ticket;
  /** The counter's rank for the ticket's service (1 = main service); targeted tickets rank 0. */
  rank: number;
  /** Transferred to this very counter. */
  targeted: boolean;
}

export interface Pick {
  ticket: Ticket;
  /** Set when both classes were waiting and the ratio decided: the class that got the call. */
  contested: 'priority' | 'normal' | null;
}

export interface PolicyContext {
  now: number;
  rules: Rules;
}

/**
 * `candidates` are not every waiting ticket: the engine reads them off the queue index and passes,
 * for each service the counter serves, the first waiting ticket of each class (priority, normal) by
 * arrival and every due appointment, and the first ticket transferred to this counter. A policy picks
 * among those by class, rank, slot and arrival; one that needs another ticket must say so there.
 */
export type OrderingPolicy = (candidates: readonly Candidate[], counter: CounterState, ctx: PolicyContext) => Pick | null;

export function isDueAppointment(t: Ticket, now: number, rules: Rules): boolean {
  if (t.priority !== 'appointment' || !t.appointment) return false;
  const { slotAt } = t.appointment;
  return now >= slotAt - rules.appointmentEarlyMin * 60_000 && now <= slotAt + rules.appointmentLateMin * 60_000;
}

/** Green channel (绿色通道) and VIP tickets; an appointment outside its window queues as normal. */
export function isPriority(t: Ticket): boolean {
  return t.priority === 'green' || t.priority === 'vip';
}

function byArrival(a: Candidate, b: Candidate): number {
  return a.ticket.sortKey - b.ticket.sortKey || a.ticket.seq - b.ticket.seq;
}

function byRankThenArrival(a: Candidate, b: Candidate): number {
  return a.rank - b.rank || byArrival(a, b);
}

function first(list: readonly Candidate[], order: (a: Candidate, b: Candidate) => number): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of list) if (!best || order(c, best) < 0) best = c;
  return best;
}

/**
 * Due appointments first (earliest slot), then priority and normal tickets in the configured ratio
 * (2 priority : 1 normal by default, counted only when both wait, so neither class starves), and within
 * the class the counter's service rank, then arrival.
 */
export const standardPolicy: OrderingPolicy = (candidates, counter, { now, rules }) => {
  if (candidates.length === 0) return null;
  const targeted = first(
    candidates.filter((c) => c.targeted),
    byArrival,
  );
  if (targeted) return { ticket: targeted.ticket, contested: null };
  const due = first(
    candidates.filter((c) => isDueAppointment(c.ticket, now, rules)),
    (a, b) => a.ticket.appointment!.slotAt - b.ticket.appointment!.slotAt || byArrival(a, b),
  );
  if (due) return { ticket: due.ticket, contested: null };
  const priority = candidates.filter((c) => isPriority(c.ticket));
  const normal = candidates.filter((c) => !isPriority(c.ticket));
  if (priority.length === 0 || normal.length === 0) {
    return { ticket: first(candidates, byRankThenArrival)!.ticket, contested: null };
  }
  const takePriority = counter.cycle.priority < rules.priorityRatio.priority;
  const pool = takePriority ? priority : normal;
  return { ticket: first(pool, byRankThenArrival)!.ticket, contested: takePriority ? 'priority' : 'normal' };
};

/** Whoever has waited longest, whatever the service or class (tickets transferred to the counter first). */
export const longestWaitPolicy: OrderingPolicy = (candidates) => {
  const targeted = first(
    candidates.filter((c) => c.targeted),
    byArrival,
  );
  const pick = targeted ?? first(candidates, byArrival);
  return pick ? { ticket: pick.ticket, contested: null } : null;
};

export const policies: Record<PolicyName, OrderingPolicy> = {
  standard: standardPolicy,
  'longest-wait': longestWaitPolicy,
};

/** The ratio cycle after a call: counts contested calls and starts again once both shares are used. */
export function nextCycle(cycle: CounterState['cycle'], contested: Pick['contested'], rules: Rules): CounterState['cycle'] {
  if (!contested) return cycle;
  const next = { ...cycle, [contested]: cycle[contested] + 1 };
  if (next.priority >= rules.priorityRatio.priority && next.normal >= rules.priorityRatio.normal) return { priority: 0, normal: 0 };
  return next;
}

/**
 * A ticket's place within its own service's queue, for "people ahead": due appointments, then
 * priority, then arrival. (The ratio lets some normal tickets pass priority ones; this counts them as
 * ahead, so the estimate errs on the long side.)
 */
export type QueueKey = [dueAppointment: number, priority: number, sortKey: number, seq: number];

export function queueKey(t: Ticket, now: number, rules: Rules): QueueKey {
  return [isDueAppointment(t, now, rules) ? 0 : 1, isPriority(t) ? 0 : 1, t.sortKey, t.seq];
}

export function compareKeys(a: QueueKey, b: QueueKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}
