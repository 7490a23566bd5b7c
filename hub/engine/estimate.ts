// Waiting-ahead counts, estimated waits and live queue figures, computed from the state.
import { compareKeys, queueKey } from './policy.js';
import type { HallState, Ticket } from './types.js';

/** Average service minutes of a service: measured over the recent window, else the configured typical time. */
export function averageServiceMin(state: HallState, serviceId: string): number {
  const times = state.serviceTimes.get(serviceId);
  if (times && times.length > 0) return times.reduce((a, b) => a + b, 0) / times.length / 60_000;
  return state.config.services.find((s) => s.id === serviceId)?.typicalServiceMin ?? 10;
}

/** Counters configured for a service, and how many of them have someone logged in. */
export function counterCount(state: HallState, serviceId: string): { configured: number; open: number } {
  const configured = state.config.counters.filter((k) => k.services.some((s) => s.service === serviceId));
  const open = configured.filter((k) => (state.counters.get(k.id)?.state ?? 'closed') !== 'closed').length;
  return { configured: configured.length, open };
}

/** Counters that can serve a service now (staff logged in); if none, those configured for it. */
export function countersServing(state: HallState, serviceId: string): number {
  const { configured, open } = counterCount(state, serviceId);
  return Math.max(1, open || configured);
}

/** How many of the waiting tickets of its service will be called before this one. */
export function aheadOf(state: HallState, ticket: Ticket, now: number): number {
  if (ticket.state !== 'waiting') return 0;
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

export function estimatedWaitMin(state: HallState, serviceId: string, ahead: number): number {
  return Math.round((ahead * averageServiceMin(state, serviceId)) / countersServing(state, serviceId));
}

export interface ServiceQueue {
  serviceId: string;
  waiting: number;
  /** Minutes the longest-waiting ticket has waited. */
  longestWaitMin: number;
  /** Estimated wait for a ticket issued now. */
  estimatedWaitMin: number;
  countersOpen: number;
}

/** Per service: waiting count, longest wait and the estimate for a newcomer, in one pass over the tickets. */
export function serviceQueues(state: HallState, now: number): ServiceQueue[] {
  const waiting = new Map<string, { n: number; oldest: number }>();
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue;
    const w = waiting.get(t.serviceId) ?? { n: 0, oldest: Infinity };
    w.n++;
    w.oldest = Math.min(w.oldest, t.issuedAt);
    waiting.set(t.serviceId, w);
  }
  return state.config.services.map((s) => {
    const w = waiting.get(s.id);
    const { open } = counterCount(state, s.id);
    return {
      serviceId: s.id,
      waiting: w?.n ?? 0,
      longestWaitMin: w ? Math.max(0, Math.floor((now - w.oldest) / 60_000)) : 0,
      estimatedWaitMin: estimatedWaitMin(state, s.id, w?.n ?? 0),
      countersOpen: open,
    };
  });
}
